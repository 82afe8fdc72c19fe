package genviral

// The JSON scanning of postsDecoder (posts_decode.go): objects of known
// keys, unknown values checked and skipped, literals, numbers and strings,
// each read exactly as encoding/json reads it, or reported as not handled.

import (
	"bytes"
	"strconv"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// object decodes the object at d.i: for each member whose key is keys[k]
// it calls member(k) with d.i at the value, which member decodes; the
// values of other keys are checked and skipped. It fails (see
// decodePostsEnvelope) on a key given twice, an escaped key, and a key that
// encoding/json would take for one of keys although it is not equal to it
// (it matches names without regard to case).
func (d *postsDecoder) object(keys []string, member func(k int) bool) bool {
	frame := len(d.unknown)
	ok := d.members(keys, member, frame)
	d.unknown = d.unknown[:frame]
	return ok
}

// members is object, the unknown keys of the object being recorded from
// d.unknown[frame] on.
func (d *postsDecoder) members(keys []string, member func(k int) bool, frame int) bool {
	if !d.consume('{') {
		return false
	}
	var seen uint32
	next := 0 // the key tried first: rows list their keys in the same order
	d.space()
	if d.consume('}') {
		return true
	}
	for {
		start := d.i + 1
		name, _, ok := d.scanString()
		if !ok || bytes.IndexByte(name, '\\') >= 0 {
			return false
		}
		d.space()
		if !d.consume(':') {
			return false
		}
		d.space()
		k := lookup(keys, name, next)
		switch {
		case k >= 0:
			if seen&(1<<k) != 0 || !member(k) {
				return false
			}
			seen |= 1 << k
			next = k + 1
		case !d.newUnknown(keys, frame, span{start, start + len(name)}) || !d.skip(maxSkipDepth):
			return false
		}
		d.space()
		if d.consume('}') {
			return true
		}
		if !d.consume(',') {
			return false
		}
		d.space()
	}
}

// lookup returns the index of name in keys, -1 when absent, trying
// keys[next] first.
func lookup(keys []string, name []byte, next int) int {
	if next < len(keys) && string(name) == keys[next] {
		return next
	}
	for k, key := range keys {
		if string(name) == key {
			return k
		}
	}
	return -1
}

// newUnknown records the unknown key at s of the object whose keys are keys
// and whose unknown keys start at d.unknown[frame]. It reports false when
// the key was already there, or encoding/json would take it for one of
// keys: it folds case as bytes.EqualFold does.
func (d *postsDecoder) newUnknown(keys []string, frame int, s span) bool {
	name := d.in[s.start:s.end]
	for _, k := range keys {
		if bytes.EqualFold(name, []byte(k)) {
			return false
		}
	}
	for _, u := range d.unknown[frame:] {
		if bytes.Equal(name, d.in[u.start:u.end]) {
			return false
		}
	}
	d.unknown = append(d.unknown, s)
	return true
}

// skip checks and skips the value at d.i, which may nest depth levels.
func (d *postsDecoder) skip(depth int) bool {
	if d.i >= len(d.in) {
		return false
	}
	switch d.in[d.i] {
	case '"':
		_, _, ok := d.scanString()
		return ok
	case 't':
		return d.literal("true")
	case 'f':
		return d.literal("false")
	case 'n':
		return d.literal("null")
	case '{', '[':
		if depth == 0 {
			return false
		}
		closing := byte('}')
		if d.in[d.i] == '[' {
			closing = ']'
		}
		d.i++
		d.space()
		if d.consume(closing) {
			return true
		}
		for {
			if closing == '}' {
				if _, _, ok := d.scanString(); !ok {
					return false
				}
				d.space()
				if !d.consume(':') {
					return false
				}
				d.space()
			}
			if !d.skip(depth - 1) {
				return false
			}
			d.space()
			if d.consume(closing) {
				return true
			}
			if !d.consume(',') {
				return false
			}
			d.space()
		}
	}
	_, _, ok := d.number()
	return ok
}

// space skips JSON white space.
func (d *postsDecoder) space() {
	for d.i < len(d.in) {
		switch d.in[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// consume skips c when it is next.
func (d *postsDecoder) consume(c byte) bool {
	if d.i < len(d.in) && d.in[d.i] == c {
		d.i++
		return true
	}
	return false
}

// literal skips lit (true, false or null) when it is next.
func (d *postsDecoder) literal(lit string) bool {
	if len(d.in)-d.i < len(lit) || string(d.in[d.i:d.i+len(lit)]) != lit {
		return false
	}
	d.i += len(lit)
	return true
}

// null skips a null when it is next: encoding/json leaves a field alone
// for null (a pointer nil, a string "", a number 0).
func (d *postsDecoder) null() bool { return d.literal("null") }

// bool decodes a boolean or null into b.
func (d *postsDecoder) bool(b *bool) bool {
	switch {
	case d.null():
	case d.literal("true"):
		*b = true
	case d.literal("false"):
		*b = false
	default:
		return false
	}
	return true
}

// int decodes an integer that fits an int, or null, into n.
func (d *postsDecoder) int(n *int) bool {
	if d.null() {
		return true
	}
	v, ok := d.int64()
	*n = int(v)
	return ok && int64(*n) == v
}

// int64 decodes an integer as strconv.ParseInt would: a number with a
// fraction or an exponent, or out of range, fails.
func (d *postsDecoder) int64() (int64, bool) {
	lit, integer, ok := d.number()
	if !ok || !integer {
		return 0, false
	}
	neg, u, ok := magnitude(lit)
	switch {
	case ok && neg && u <= 1<<63:
		return -int64(u), true
	case ok && !neg && u < 1<<63:
		return int64(u), true
	}
	return 0, false
}

// float decodes a number into f as strconv.ParseFloat would; out of range
// fails.
func (d *postsDecoder) float(f *float64) bool {
	lit, integer, ok := d.number()
	if !ok {
		return false
	}
	if neg, u, ok := magnitude(lit); integer && ok && u < 1<<53 {
		// Exact, as ParseFloat; -0 stays negative.
		*f = float64(u)
		if neg {
			*f = -*f
		}
		return true
	}
	v, err := strconv.ParseFloat(string(lit), 64)
	*f = v
	return err == nil
}

// magnitude returns the sign and the magnitude of lit, an integer by JSON's
// grammar; ok is false when it has more digits than a uint64 surely holds
// (then it is at least 1e19: JSON has no leading zeros).
func magnitude(lit []byte) (neg bool, u uint64, ok bool) {
	if neg = lit[0] == '-'; neg {
		lit = lit[1:]
	}
	if len(lit) > 19 {
		return neg, 0, false
	}
	for _, c := range lit {
		u = u*10 + uint64(c-'0')
	}
	return neg, u, true
}

// number scans the number at d.i by JSON's grammar and returns it, and
// whether it is an integer (no fraction or exponent).
func (d *postsDecoder) number() (lit []byte, integer, ok bool) {
	in, i := d.in, d.i
	digits := func() int {
		n := 0
		for i < len(in) && '0' <= in[i] && in[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(in) && in[i] == '-' {
		i++
	}
	switch {
	case i < len(in) && in[i] == '0':
		i++
	case digits() == 0:
		return nil, false, false
	}
	integer = true
	if i < len(in) && in[i] == '.' {
		i++
		if digits() == 0 {
			return nil, false, false
		}
		integer = false
	}
	if i < len(in) && (in[i] == 'e' || in[i] == 'E') {
		i++
		if i < len(in) && (in[i] == '+' || in[i] == '-') {
			i++
		}
		if digits() == 0 {
			return nil, false, false
		}
		integer = false
	}
	lit, d.i = in[d.i:i], i
	return lit, integer, true
}

// string decodes a string or null into s, a copy.
func (d *postsDecoder) string(s *string) bool {
	if d.null() {
		return true
	}
	var ok bool
	d.text, ok = d.appendString(d.text[:0])
	*s = string(d.text)
	return ok
}

// appendString appends the string at d.i to dst, unquoted as encoding/json
// unquotes it (see appendUnquoted).
func (d *postsDecoder) appendString(dst []byte) ([]byte, bool) {
	s, plain, ok := d.scanString()
	switch {
	case !ok:
		return dst, false
	case plain:
		return append(dst, s...), true
	}
	return appendUnquoted(dst, s), true
}

// stringBytes classifies the bytes of a JSON string: 0 for printable ASCII
// but the quote and the backslash, which stand for themselves; 1 for the
// other ASCII bytes, 2 for the others.
var stringBytes = func() (t [256]byte) {
	for c := range t {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = 2
		case c < ' ' || c == '"' || c == '\\':
			t[c] = 1
		}
	}
	return t
}()

// scanString checks the string at d.i by JSON's grammar, skips it and
// returns its contents; plain says that they are printable ASCII without
// escapes: the string itself.
func (d *postsDecoder) scanString() (s []byte, plain, ok bool) {
	in := d.in
	if d.i >= len(in) || in[d.i] != '"' {
		return nil, false, false
	}
	start := d.i + 1
	plain = true
	for i := start; i < len(in); i++ {
		switch stringBytes[in[i]] {
		case 0:
			continue
		case 2:
			plain = false
			continue
		}
		switch in[i] {
		case '"':
			d.i = i + 1
			return in[start:i], plain, true
		case '\\':
			plain = false
			if i+1 >= len(in) {
				return nil, false, false
			}
			switch in[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				if getu4(in[i:]) < 0 {
					return nil, false, false
				}
				i += 5
			default:
				return nil, false, false
			}
		default: // a control character
			return nil, false, false
		}
	}
	return nil, false, false
}

// appendUnquoted appends s, the contents of a string checked by
// scanString, unquoted exactly as encoding/json's unquoteBytes does:
// escapes decoded, a valid \u surrogate pair joined, any other surrogate
// escape and each byte of invalid UTF-8 replaced by U+FFFD.
func appendUnquoted(dst, s []byte) []byte {
	for r := 0; r < len(s); {
		switch c := s[r]; {
		case c == '\\':
			switch s[r+1] {
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			case 'u':
				rr := getu4(s[r:])
				r += 6
				if utf16.IsSurrogate(rr) {
					if dec := utf16.DecodeRune(rr, getu4(s[r:])); dec != unicode.ReplacementChar {
						dst = utf8.AppendRune(dst, dec)
						r += 6
						continue
					}
					rr = unicode.ReplacementChar
				}
				dst = utf8.AppendRune(dst, rr)
				continue
			default: // '"', '\\', '/'
				dst = append(dst, s[r+1])
			}
			r += 2
		case c < utf8.RuneSelf:
			dst = append(dst, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			dst = utf8.AppendRune(dst, rr)
			r += size
		}
	}
	return dst
}

// getu4 decodes the \uXXXX escape at the start of s, or returns -1.
func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}
