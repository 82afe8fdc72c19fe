package genviral

// A fast path of decodeEnvelope for the answers of GET
// /analytics/summary/posts. encoding/json stays the definition of what a body
// decodes to: this decoder handles a body only when it is sure to produce
// exactly what encoding/json would (the same envelope, the same *PostsPage,
// nil and empty alike, every string a copy), and otherwise says so, and
// decodeEnvelope decodes the body with encoding/json as before.
// FuzzDecodePostsFast checks that against encoding/json.
//
// Why: a read of 10,100 posts decodes 101 pages of about 69 KB, and with
// encoding/json that was the largest cost of the read: 0.8 to 1.0 ms a page
// in a terraform plan (a validity pre-scan, reflection, one allocation per
// string and per pointer field). This decoder walks the body once and
// copies each row's strings into two allocations and its pointer targets
// into two more (see build): BenchmarkDecodePostsPage went from 466 to 99
// µs, 2,724 to 405 allocations and 98 to 64 KB a page.

import (
	"bytes"
	"math/bits"
	"strconv"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// The fields of a post row, by index into postKeys. The order is the
// server's, which the key lookup tries first (see object).
const (
	fID = iota
	fAnalyticsID
	fPlatformPostID
	fGenviralPostID
	fExternalID
	fPublishedAt
	fCaption
	fPermalink
	fThumbnailURL
	fPlatform
	fAccountIdentifier
	fAccountDisplayName
	fAccountAvatarURL
	fDurationSeconds
	fEngagementRate
	fMetrics
	// The counters of the metrics object follow the row's fields, so that
	// one mask says what a row had (postRow.set).
	fViews
	fLikes
	fComments
	fShares
	fSaves
)

// The JSON names of Post's fields (TestPostsDecodeKeys checks them against
// the struct tags) and of PostMetrics', the envelope's and PostsPage's.
var (
	postKeys    = []string{"id", "analyticsId", "platformPostId", "genviralPostId", "externalId", "publishedAt", "caption", "permalink", "thumbnailUrl", "platform", "accountIdentifier", "accountDisplayName", "accountAvatarUrl", "durationSeconds", "engagementRate", "metrics"}
	metricsKeys = []string{"views", "likes", "comments", "shares", "saves"}
	// envelopeKeys are wireEnvelope's names.
	envelopeKeys = []string{"ok", "code", "message", "data", "error_code"}
	pageKeys     = []string{"posts", "totalCount", "hasMore"}
)

// maxSkipDepth is how deeply the value of an unknown key may nest; deeper
// values are left to encoding/json.
const maxSkipDepth = 64

// decodePostsEnvelope decodes trimmed (a body trimmed of white space that
// starts with '{') as decodeEnvelope(trimmed, (*PostsPage)(nil)) does.
// handled is false when it is not sure to decode the body exactly as
// encoding/json would: invalid JSON, a value of an unexpected type, a
// number out of range, a key given twice, a key that differs from a known
// name only in case, an escaped key, or unknown values nested too deep.
// Nothing returned refers to trimmed.
func decodePostsEnvelope(trimmed []byte) (env *envelope, handled bool) {
	d, _ := postsDecoders.Get().(*postsDecoder)
	if d == nil {
		d = new(postsDecoder)
	}
	d.in, d.i = trimmed, 0
	env, handled = d.envelope()
	d.in = nil
	// A decoder grown by a rare huge body must not stay pinned in the pool.
	if cap(d.rows) <= 4*MaxPostsPageSize && cap(d.key)+cap(d.text) <= maxPooledBodyBuffer/4 && cap(d.unknown) <= 1024 {
		postsDecoders.Put(d)
	}
	return env, handled
}

// postsDecoders holds decoders (*postsDecoder) with their scratch space.
var postsDecoders sync.Pool

// postsDecoder decodes one body at a time.
type postsDecoder struct {
	in []byte
	i  int
	// rows are the page's rows as decoded, built into Posts once the
	// array's length is known; key and text hold their strings (see build).
	// A string of the envelope uses text too.
	rows      []postRow
	key, text []byte
	// unknown holds the spans of the unknown keys of the objects being
	// decoded, innermost last, so that a repeated one is noticed.
	unknown []span
}

// span is a range of bytes, [start, end).
type span struct{ start, end int }

// postRow is what the decoder gathered of one row before building it.
type postRow struct {
	// set has bit k set when field k (fID...fSaves) had a value, not null.
	set uint32
	// key and text are the row's strings in the decoder's key (fID and
	// fAnalyticsID) and text (the others); strs are the spans of the
	// string fields within them.
	key, text span
	strs      [fAccountAvatarURL + 1]span
	floats    [2]float64 // fDurationSeconds, fEngagementRate
	counts    [5]int64   // fViews...fSaves
}

// envelope decodes the body.
func (d *postsDecoder) envelope() (*envelope, bool) {
	var env envelope
	var page *PostsPage
	ok := d.object(envelopeKeys, func(k int) bool {
		switch k {
		case 0:
			return d.bool(&env.OK)
		case 1:
			return d.int(&env.Code)
		case 2:
			return d.string(&env.Message)
		case 3:
			if d.null() {
				return true
			}
			var ok bool
			page, ok = d.page()
			return ok
		default:
			return d.string(&env.ErrorCode)
		}
	})
	d.space()
	if !ok || d.i != len(d.in) {
		return nil, false
	}
	if page != nil {
		env.data = page
	}
	return &env, true
}

// page decodes the data object.
func (d *postsDecoder) page() (*PostsPage, bool) {
	p := new(PostsPage)
	ok := d.object(pageKeys, func(k int) bool {
		switch k {
		case 0:
			var ok bool
			p.Posts, ok = d.posts()
			return ok
		case 1:
			return d.int(&p.TotalCount)
		default:
			return d.bool(&p.HasMore)
		}
	})
	return p, ok
}

// posts decodes the array of rows: nil for null, as encoding/json does,
// and an empty slice, not nil, for [].
func (d *postsDecoder) posts() ([]Post, bool) {
	if d.null() {
		return nil, true
	}
	if !d.consume('[') {
		return nil, false
	}
	d.rows, d.key, d.text = d.rows[:0], d.key[:0], d.text[:0]
	d.space()
	if !d.consume(']') {
		for {
			// A null row stays the zero Post, as with encoding/json.
			d.rows = append(d.rows, postRow{})
			if !d.null() && !d.post(&d.rows[len(d.rows)-1]) {
				return nil, false
			}
			d.space()
			if d.consume(']') {
				break
			}
			if !d.consume(',') {
				return nil, false
			}
			d.space()
		}
	}
	posts := make([]Post, len(d.rows))
	for i := range posts {
		d.build(&posts[i], &d.rows[i])
	}
	return posts, true
}

// post decodes one row object into r.
func (d *postsDecoder) post(r *postRow) bool {
	r.key.start, r.text.start = len(d.key), len(d.text)
	ok := d.object(postKeys, func(k int) bool {
		switch {
		case k <= fAccountAvatarURL:
			return d.rowString(r, k)
		case k == fMetrics:
			if d.null() {
				return true
			}
			r.set |= 1 << fMetrics
			return d.object(metricsKeys, func(k int) bool { return d.count(r, fViews+k) })
		default:
			if d.null() {
				return true
			}
			r.set |= 1 << k
			return d.float(&r.floats[k-fDurationSeconds])
		}
	})
	r.key.end, r.text.end = len(d.key), len(d.text)
	return ok
}

// rowString decodes string field k of row r into key or text.
func (d *postsDecoder) rowString(r *postRow, k int) bool {
	if d.null() {
		return true
	}
	buf, from := &d.text, r.text.start
	if k <= fAnalyticsID {
		buf, from = &d.key, r.key.start
	}
	start := len(*buf)
	var ok bool
	if *buf, ok = d.appendString(*buf); !ok {
		return false
	}
	r.set |= 1 << k
	r.strs[k] = span{start - from, len(*buf) - from}
	return true
}

// count decodes counter k (fViews...fSaves) of the metrics object of r.
func (d *postsDecoder) count(r *postRow, k int) bool {
	if d.null() {
		return true
	}
	n, ok := d.int64()
	r.set |= 1 << k
	r.counts[k-fViews] = n
	return ok
}

// postCore holds the pointer targets of a row's identity and counters,
// allocated once per row. They are apart from the rest of the row (see
// build): a read that keeps of each row only its id and counters
// (FetchPostsPrepared's prepare may clear the rest) keeps 160 bytes a row,
// less than encoding/json's separate allocations, not the row's text.
type postCore struct {
	analyticsID string
	metrics     PostMetrics
	counts      [5]int64
	floats      [2]float64
}

// build sets p from r. A row takes at most four allocations: its id
// and analyticsId (one string when they are equal, as they usually are),
// its other strings (one string they are cut from), a postCore, and the
// targets of its other string pointers, each only when the row has
// something to put there.
func (d *postsDecoder) build(p *Post, r *postRow) {
	has := func(k int) bool { return r.set&(1<<k) != 0 }
	cut := func(s string, k int) string { return s[r.strs[k].start:r.strs[k].end] }

	keyBytes := d.key[r.key.start:r.key.end]
	id, aid := r.strs[fID], r.strs[fAnalyticsID]
	if has(fID) && has(fAnalyticsID) && bytes.Equal(keyBytes[id.start:id.end], keyBytes[aid.start:aid.end]) {
		keyBytes = keyBytes[id.start:id.end]
		r.strs[fID] = span{0, len(keyBytes)}
		r.strs[fAnalyticsID] = r.strs[fID]
	}
	key := string(keyBytes)
	if has(fID) {
		p.ID = cut(key, fID)
	}

	const coreFields = 1<<fAnalyticsID | 1<<fDurationSeconds | 1<<fEngagementRate | 1<<fMetrics
	if r.set&coreFields != 0 {
		c := &postCore{counts: r.counts, floats: r.floats}
		if has(fAnalyticsID) {
			c.analyticsID = cut(key, fAnalyticsID)
			p.AnalyticsID = &c.analyticsID
		}
		if has(fDurationSeconds) {
			p.DurationSeconds = &c.floats[0]
		}
		if has(fEngagementRate) {
			p.EngagementRate = &c.floats[1]
		}
		if has(fMetrics) {
			p.Metrics = &c.metrics
			for i, m := range [...]**int64{&c.metrics.Views, &c.metrics.Likes, &c.metrics.Comments, &c.metrics.Shares, &c.metrics.Saves} {
				if has(fViews + i) {
					*m = &c.counts[i]
				}
			}
		}
	}

	const textFields = 1<<(fAccountAvatarURL+1) - 1<<fPlatformPostID
	if r.set&textFields != 0 {
		text := string(d.text[r.text.start:r.text.end])
		targets := make([]string, bits.OnesCount32(r.set&textFields))
		for i, s := range [...]**string{&p.PlatformPostID, &p.GenviralPostID, &p.ExternalID, &p.PublishedAt, &p.Caption,
			&p.Permalink, &p.ThumbnailURL, &p.Platform, &p.AccountIdentifier, &p.AccountDisplayName, &p.AccountAvatarURL} {
			if k := fPlatformPostID + i; has(k) {
				targets[0] = cut(text, k)
				*s = &targets[0]
				targets = targets[1:]
			}
		}
	}
}

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
