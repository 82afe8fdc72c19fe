package genviral

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
)

// The data of a successful answer goes into state and outputs (a target's
// display name, a post's caption or URL, a workspace's name), so it is
// redacted like a message before any of it reaches the caller: every string
// value, and every string and object key of the raw JSON the client keeps,
// in which the redactor finds the key. Answers are large (a posts read is
// about 7 MB), so a check much cheaper than the redaction comes first, and
// passes over nearly every answer: mayHold.

// maxBlock is the length of the blocks mayHold looks up: a run of redactRun
// (8) bytes of the secret, wherever it starts, holds a whole block of 4
// that starts at a multiple of 4.
const maxBlock = 4

// blockFilter is the set of blocks of the secret that mayHold looks for: a
// block of the text read at every blockWidth-th byte is a candidate only
// when its bit in maybe is set, and a match only when it is in blocks.
type blockFilter struct {
	width  int
	blocks map[uint32]struct{}
	maybe  [1 << 10]uint64
}

// newBlockFilter returns the filter of the runs of n or more bytes of
// secret (folded): the blocks are (n+1)/2 bytes long (at most maxBlock), so
// that every run of n holds one that starts at a multiple of the width.
// Every " " of a block is also looked for as "+" (see fold).
func newBlockFilter(secret []byte, n int) blockFilter {
	f := blockFilter{width: min((n+1)/2, maxBlock), blocks: map[uint32]struct{}{}}
	for i := 0; i+f.width <= len(secret); i++ {
		f.addVariants(secret[i:i+f.width], 0)
	}
	return f
}

// addVariants adds block b and, from position i on, its spellings with
// "+" for " ".
func (f *blockFilter) addVariants(b []byte, i int) {
	for ; i < len(b); i++ {
		if b[i] == ' ' {
			plus := append([]byte(nil), b...)
			plus[i] = '+'
			f.addVariants(plus, i+1)
		}
	}
	g := uint32(pack(b))
	f.blocks[g] = struct{}{}
	w, bit := gramBit(uint64(g))
	f.maybe[w] |= bit
}

// hit reports whether a block of text at a multiple of the width is one of
// the secret's.
func hit[T string | []byte](f *blockFilter, text T) bool {
	if f.width == maxBlock {
		// The common case, unrolled: one load per block.
		for i := 0; i+maxBlock <= len(text); i += maxBlock {
			g := uint32(text[i])<<24 | uint32(text[i+1])<<16 | uint32(text[i+2])<<8 | uint32(text[i+3])
			if w, bit := gramBit(uint64(g)); f.maybe[w]&bit != 0 && f.has(g) {
				return true
			}
		}
		return false
	}
	for i := 0; i+f.width <= len(text); i += f.width {
		var g uint32
		for j := range f.width {
			g = g<<8 | uint32(text[i+j])
		}
		if f.has(g) {
			return true
		}
	}
	return false
}

func (f *blockFilter) has(g uint32) bool {
	_, ok := f.blocks[g]
	return ok
}

// mayHold reports whether redact could change text: false when text has no
// escape character (so that no decoding differs from it) and no run of the
// secret (or, for a secret too short to be redacted on its own, of the
// key) as written. It reads text much faster than redact does and
// allocates nothing.
func mayHold[T string | []byte](r *redactor, text T) bool {
	if r == nil || len(r.key) == 0 {
		return false
	}
	if hasEscape(text) {
		return true
	}
	return hit(&r.filter, text)
}

// hasEscape reports whether text has a character that starts an escape of
// a family the redactor decodes.
func hasEscape[T string | []byte](text T) bool {
	switch t := any(text).(type) {
	case string:
		return strings.IndexByte(t, '\\') >= 0 || strings.IndexByte(t, '&') >= 0 || strings.IndexByte(t, '%') >= 0
	case []byte:
		return bytes.IndexByte(t, '\\') >= 0 || bytes.IndexByte(t, '&') >= 0 || bytes.IndexByte(t, '%') >= 0
	}
	return true
}

// redactAnswer removes the key from the data of a successful answer, data
// (a pointer to the decoded value), decoded from the body raw. A body in
// which mayHold finds nothing is passed over: encoding/json decodes a
// string without escapes to its bytes, so no string of the data can then
// hold the key either.
func (r *redactor) redactAnswer(raw []byte, data any) {
	if data == nil || !mayHold(r, raw) {
		return
	}
	r.redactValue(reflect.ValueOf(data))
}

var rawMessageType = reflect.TypeFor[json.RawMessage]()

// redactValue redacts every string reachable from v that can be set (the
// exported fields of structs, the elements of slices, arrays and maps, map
// keys), and every json.RawMessage as JSON. It reports whether it changed
// anything.
func (r *redactor) redactValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer:
		return !v.IsNil() && r.redactValue(v.Elem())
	case reflect.Interface:
		if v.IsNil() || !v.CanSet() {
			return false
		}
		c := reflect.New(v.Elem().Type()).Elem()
		c.Set(v.Elem())
		return r.redactValue(c) && set(v, c)
	case reflect.Struct:
		changed := false
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() {
				changed = r.redactValue(f) || changed
			}
		}
		return changed
	case reflect.Slice, reflect.Array:
		if v.Type() == rawMessageType {
			out, changed := r.redactJSON(v.Bytes())
			return changed && v.CanSet() && set(v, reflect.ValueOf(json.RawMessage(out)))
		}
		changed := false
		for i := range v.Len() {
			changed = r.redactValue(v.Index(i)) || changed
		}
		return changed
	case reflect.Map:
		return r.redactMap(v)
	case reflect.String:
		s := v.String()
		if !v.CanSet() || !mayHold(r, s) {
			return false
		}
		red := r.redact(s)
		return red != s && set(v, reflect.ValueOf(red).Convert(v.Type()))
	}
	return false
}

// set sets v to x and returns true.
func set(v, x reflect.Value) bool {
	v.Set(x)
	return true
}

// redactMap redacts the keys and values of the map v.
func (r *redactor) redactMap(v reflect.Value) bool {
	type entry struct{ old, key, val reflect.Value }
	var changed []entry
	for it := v.MapRange(); it.Next(); {
		k := reflect.New(it.Key().Type()).Elem()
		k.Set(it.Key())
		val := reflect.New(it.Value().Type()).Elem()
		val.Set(it.Value())
		keyChanged := r.redactValue(k)
		if r.redactValue(val) || keyChanged {
			changed = append(changed, entry{it.Key(), k, val})
		}
	}
	for _, e := range changed {
		v.SetMapIndex(e.old, reflect.Value{})
	}
	for _, e := range changed {
		v.SetMapIndex(e.key, e.val)
	}
	return len(changed) > 0
}

// redactJSON returns the JSON text raw with the key removed from its
// strings and object keys, and whether anything was removed. What is
// redacted is re-encoded (object keys sorted, numbers as written); text
// that is not JSON, or that does not encode again, is redacted as text.
func (r *redactor) redactJSON(raw []byte) ([]byte, bool) {
	if !mayHold(r, raw) {
		return raw, false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) == nil {
		if !r.redactValue(reflect.ValueOf(&v)) {
			return raw, false
		}
		var out bytes.Buffer
		enc := json.NewEncoder(&out)
		enc.SetEscapeHTML(false)
		if enc.Encode(v) == nil {
			return bytes.TrimSuffix(out.Bytes(), []byte("\n")), true
		}
	}
	red := r.redact(string(raw))
	return []byte(red), red != string(raw)
}
