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
	"sync"
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
// (a PageSink's Prepare may clear the rest) keeps 160 bytes a row,
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
