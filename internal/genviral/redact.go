package genviral

import (
	"bytes"
	"fmt"
	"html"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// The API key must never reach an error, a warning or a log, in any
// spelling a server, a proxy or a gateway may echo it in: as sent, cut
// short, JSON-escaped ("\/", "\u002b"), HTML-escaped ("&lt;", "&#43;",
// "&#x2F;"), percent-encoded (either hex case, also twice), form-decoded
// ("+" as a space), or several of these at once. The redactor therefore
// looks for the key in the text as written and in the text decoded by each
// family of escapes, and removes from the text as written every stretch
// whose decoding holds a run of redactRun or more characters of the secret.

// redactRun is the shortest run of the secret's characters that is
// redacted wherever it appears: a key cut short at either end still has
// its middle removed, and at most redactRun-1 characters of it can survive
// at each cut.
const redactRun = 8

// minRedactedSecret is the shortest secret redacted on its own; a shorter
// one is redacted only as part of the full key, or a short secret would
// blank out common words.
const minRedactedSecret = 4

// redactMark replaces every stretch of text that held the key.
const redactMark = "***"

// maxRedactedText bounds the text a redaction reads (and so its memory,
// a few times this): a longer text, such as a huge error page, is cut to
// it first. No message needs more of a server's answer.
const maxRedactedText = 64 << 10

// Escape families the redactor decodes.
const (
	famJSON = 1 << iota // \/ \\ \" \n … \uXXXX (surrogate pairs joined)
	famHTML             // &lt; &#43; &#x2F; and every HTML5 named entity
	famURL              // %2F %2f
	famAll  = famJSON | famHTML | famURL
)

// redactor finds one key in texts. It is built once per key (a Client
// holds one) and used on error and log paths, and on the data of answers
// in which mayHold finds a trace of the key.
type redactor struct {
	// key is the full key, folded (see fold).
	key []byte
	// width is the length of the runs in grams: redactRun, or the whole
	// secret when it is shorter; 0 when the secret is too short to be
	// redacted on its own.
	width int
	// grams holds every run of width bytes of the folded secret, packed
	// into a uint64 (width is at most 8).
	grams map[uint64]struct{}
	// maybe has the bit gramBit(g) of every gram g set: most windows of
	// a text are ruled out without a map lookup.
	maybe [1 << 10]uint64
	// escapes are the families whose escape character the key has.
	escapes int
	// filter finds the runs scan looks for as written (see mayHold).
	filter blockFilter
}

// gramBit is the bit of maybe that stands for the window h.
func gramBit(h uint64) (word int, bit uint64) {
	x := (h * 0x9E3779B97F4A7C15) >> 48 // the top 16 bits of a Fibonacci hash
	return int(x >> 6), 1 << (x & 63)
}

// newRedactor returns the redactor of key: the secret is the part after
// the first "." (contract §2: "<public_id>.<secret>"), or the whole key
// when it has none.
func newRedactor(key string) *redactor {
	r := &redactor{key: foldBytes([]byte(key))}
	r.escapes = escapesIn(r.key)
	secret := key
	if _, s, ok := strings.Cut(key, "."); ok {
		secret = s
	}
	if len(secret) < minRedactedSecret {
		r.filter = newBlockFilter(r.key, len(r.key))
		return r
	}
	r.width = min(len(secret), redactRun)
	r.grams = make(map[uint64]struct{}, len(secret))
	s := foldBytes([]byte(secret))
	for i := 0; i+r.width <= len(s); i++ {
		g := pack(s[i : i+r.width])
		r.grams[g] = struct{}{}
		w, bit := gramBit(g)
		r.maybe[w] |= bit
	}
	r.filter = newBlockFilter(s, r.width)
	return r
}

// redact removes the key from c's messages (see Redact).
func (c *Client) redact(s string) string {
	return c.redactor.redact(s)
}

// Redact replaces with "***" every stretch of s that holds key in any
// spelling: the full key, its secret (the part after the first "."), or any
// run of 8 or more consecutive characters of the secret, as written or
// JSON-, HTML- or percent-encoded, form-decoded ("+" as a space), or cut
// short. A text longer than 64 KiB is cut to its first 64 KiB, with a note
// of how much was left out. Build a Client once and let it redact when
// there are many texts: Redact prepares the key each time.
func Redact(s, key string) string {
	if key == "" {
		return s
	}
	return newRedactor(key).redact(s)
}

// redact returns s with every stretch that holds the key replaced.
func (r *redactor) redact(s string) string {
	if r == nil || len(r.key) == 0 || s == "" {
		return s
	}
	if len(s) > maxRedactedText {
		cut := maxRedactedText
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return r.redact(s[:cut]) + fmt.Sprintf("… (%d more bytes not shown)", len(s)-cut)
	}
	raw := view{b: foldBytes([]byte(s))}
	covered := r.scan(raw, nil)
	// The decodings worth searching, one at a time: all families at once,
	// once and twice (a key escaped by two layers, such as percent-encoded
	// inside JSON, or encoded twice), and, for a key that has an escape
	// character of its own (a "%" in a JSON-escaped echo), each family
	// present on its own.
	if present := escapesIn(raw.b); present != 0 {
		if r.escapes != 0 && present&(present-1) != 0 {
			for _, f := range []int{famJSON, famHTML, famURL} {
				if present&f != 0 {
					covered = r.scan(decode(raw, f), covered)
				}
			}
		}
		all := decode(raw, famAll)
		covered = r.scan(all, covered)
		if escapesIn(all.b) != 0 {
			covered = r.scan(decode(all, famAll), covered)
		}
	}
	if covered == nil {
		return s
	}
	return replaceCovered(s, covered)
}

// escapesIn returns the families whose escape character b contains.
func escapesIn(b []byte) int {
	f := 0
	if bytes.IndexByte(b, '\\') >= 0 {
		f |= famJSON
	}
	if bytes.IndexByte(b, '&') >= 0 {
		f |= famHTML
	}
	if bytes.IndexByte(b, '%') >= 0 {
		f |= famURL
	}
	return f
}

// scan marks in covered (indexed by the original text's bytes, allocated
// on the first match) every stretch of the text behind v that holds the
// full key or a run of the secret, and returns covered.
func (r *redactor) scan(v view, covered []bool) []bool {
	mark := func(first, last int) {
		if covered == nil {
			covered = make([]bool, v.textLen())
		}
		for i := v.lo(first); i < v.hi(last); i++ {
			covered[i] = true
		}
	}
	for from := 0; ; {
		i := bytes.Index(v.b[from:], r.key)
		if i < 0 {
			break
		}
		mark(from+i, from+i+len(r.key)-1)
		from += i + 1
	}
	if r.width == 0 {
		return covered
	}
	// A rolling window of the last width bytes, looked up in grams:
	// linear in the text, whatever the key's length.
	var h uint64
	mask := ^uint64(0)
	if r.width < 8 {
		mask = 1<<(8*r.width) - 1
	}
	for i, c := range v.b {
		h = (h<<8 | uint64(c)) & mask
		if i+1 < r.width {
			continue
		}
		if w, bit := gramBit(h); r.maybe[w]&bit == 0 {
			continue
		}
		if _, ok := r.grams[h]; ok {
			mark(i+1-r.width, i)
		}
	}
	return covered
}

// replaceCovered returns s with each maximal covered stretch, widened to
// whole UTF-8 characters, replaced by redactMark.
func replaceCovered(s string, covered []bool) string {
	// sameChar: the bytes i-1 and i belong to one multi-byte character.
	sameChar := func(i int) bool { return !utf8.RuneStart(s[i]) && s[i-1] >= 0x80 }
	for i := 1; i < len(s); i++ {
		if covered[i-1] && sameChar(i) {
			covered[i] = true
		}
	}
	for i := len(s) - 1; i > 0; i-- {
		if covered[i] && sameChar(i) {
			covered[i-1] = true
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch {
		case !covered[i]:
			b.WriteByte(s[i])
		case i == 0 || !covered[i-1]:
			b.WriteString(redactMark)
		}
	}
	return b.String()
}

// view is a text, or a decoding of it, folded, with each byte's origin in
// the original text.
type view struct {
	b []byte
	// start and end give, for each byte of b, the bytes of the original
	// text it was decoded from; nil for the original text itself.
	start, end []int32
	// n is the original text's length (set when start is not nil).
	n int
}

func (v view) lo(i int) int {
	if v.start == nil {
		return i
	}
	return int(v.start[i])
}

func (v view) hi(i int) int {
	if v.end == nil {
		return i + 1
	}
	return int(v.end[i])
}

func (v view) textLen() int {
	if v.start == nil {
		return len(v.b)
	}
	return v.n
}

// decode returns in with the escapes of the families fam decoded. An
// escape that does not decode is kept as written.
func decode(in view, fam int) view {
	out := view{b: make([]byte, 0, len(in.b)), start: make([]int32, 0, len(in.b)), end: make([]int32, 0, len(in.b)), n: in.textLen()}
	for i := 0; i < len(in.b); {
		var dec []byte
		n := 0
		switch c := in.b[i]; {
		case c == '\\' && fam&famJSON != 0:
			dec, n = decodeJSONEscape(in.b[i:])
		case c == '&' && fam&famHTML != 0:
			dec, n = decodeHTMLEntity(in.b[i:])
		case c == '%' && fam&famURL != 0:
			dec, n = decodePercent(in.b[i:])
		}
		lo := int32(in.lo(i))
		if n == 0 {
			out.b = append(out.b, in.b[i])
			out.start = append(out.start, lo)
			out.end = append(out.end, int32(in.hi(i)))
			i++
			continue
		}
		hi := int32(in.hi(i + n - 1))
		for _, c := range dec {
			out.b = append(out.b, fold(c))
			out.start = append(out.start, lo)
			out.end = append(out.end, hi)
		}
		i += n
	}
	return out
}

// decodeJSONEscape decodes the JSON escape at the start of b and returns
// its bytes and length, or length 0.
func decodeJSONEscape(b []byte) ([]byte, int) {
	if len(b) < 2 {
		return nil, 0
	}
	switch b[1] {
	case '"', '\\', '/':
		return b[1:2], 2
	case 'b':
		return []byte{'\b'}, 2
	case 'f':
		return []byte{'\f'}, 2
	case 'n':
		return []byte{'\n'}, 2
	case 'r':
		return []byte{'\r'}, 2
	case 't':
		return []byte{'\t'}, 2
	case 'u':
		r, ok := hexRune(b[2:], 4)
		if !ok {
			return nil, 0
		}
		n := 6
		if utf16.IsSurrogate(r) {
			r2, ok := rune(0), false
			if len(b) >= 12 && b[6] == '\\' && b[7] == 'u' {
				r2, ok = hexRune(b[8:], 4)
			}
			if r = utf16.DecodeRune(r, r2); ok && r != utf8.RuneError {
				n = 12
			}
		}
		return utf8.AppendRune(nil, r), n
	}
	return nil, 0
}

// maxEntity bounds the length of an HTML entity ("&CounterClockwiseContourIntegral;"
// is the longest named one).
const maxEntity = 40

// decodeHTMLEntity decodes the HTML character reference at the start of b
// (named, decimal or hexadecimal; the ";" may be missing where HTML allows
// it) and returns its bytes and length, or length 0.
func decodeHTMLEntity(b []byte) ([]byte, int) {
	j := 1
	for j < len(b) && j < maxEntity && (isAlnum(b[j]) || (j == 1 && b[j] == '#')) {
		j++
	}
	if j < len(b) && b[j] == ';' {
		j++
	}
	ent := string(b[:j])
	dec := html.UnescapeString(ent)
	if j == 1 || dec == ent {
		return nil, 0
	}
	return []byte(dec), j
}

// decodePercent decodes the percent-encoded byte at the start of b and
// returns it and its length 3, or length 0.
func decodePercent(b []byte) ([]byte, int) {
	if len(b) < 3 {
		return nil, 0
	}
	r, ok := hexRune(b[1:], 2)
	if !ok {
		return nil, 0
	}
	return []byte{byte(r)}, 3
}

// hexRune reads n hex digits (either case) at the start of b.
func hexRune(b []byte, n int) (rune, bool) {
	if len(b) < n {
		return 0, false
	}
	var r rune
	for _, c := range b[:n] {
		var d byte
		switch {
		case '0' <= c && c <= '9':
			d = c - '0'
		case 'a' <= c && c <= 'f':
			d = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, true
}

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// fold maps a byte to the form it is compared in: "+" and " " are one
// character, since a form-decoding server turns the key's "+" into a
// space (the key itself has no white space).
func fold(c byte) byte {
	if c == '+' {
		return ' '
	}
	return c
}

func foldBytes(b []byte) []byte {
	for i, c := range b {
		b[i] = fold(c)
	}
	return b
}

// pack packs up to 8 bytes into a uint64, as scan's rolling window does.
func pack(b []byte) uint64 {
	var h uint64
	for _, c := range b {
		h = h<<8 | uint64(c)
	}
	return h
}
