package analytics

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/vmihailenco/msgpack/v5"
	"github.com/vmihailenco/msgpack/v5/msgpcode"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// The rows of genviral_analytics_posts are the bulk of the provider's work:
// 10,100 rows of 20 attributes. Through the framework's generic values they
// cost seconds of CPU and a gigabyte of allocations per read (the framework
// copies, compares, transforms and walks the schema for every one of the
// 200,000 values; BenchmarkPostsDataSourceRead10100). So, when the data
// source runs under this provider's server (NewServer), Read leaves `posts`
// null in the state it hands to the framework and passes the decoded rows
// to the server, which writes them straight into the msgpack of the response
// (SpliceRows), byte for byte as the framework would have
// (TestPostsRows_encodingMatchesFramework). With posts_format = "json" it
// does the same with the rows' JSON and `posts_json`: the 6 MB of 10,100 rows
// are then written once, not joined into a string that the framework copies
// again. Without that server, Read builds the rows as framework values
// (postAttributes), or sets posts_json to the JSON array it built (setPostsJSON).

// postColumn is one attribute of a posts row. Exactly one of str, num and
// flt is set; it returns the value and whether it is known (false = null).
type postColumn struct {
	Name string
	Str  func(p *genviral.Post) (string, bool)
	Num  func(p *genviral.Post) (int64, bool)
	Flt  func(p *genviral.Post) (float64, bool)
}

func strPtr(f func(p *genviral.Post) *string) func(p *genviral.Post) (string, bool) {
	return func(p *genviral.Post) (string, bool) {
		if s := f(p); s != nil {
			return *s, true
		}
		return "", false
	}
}

func fltPtr(f func(p *genviral.Post) *float64) func(p *genviral.Post) (float64, bool) {
	return func(p *genviral.Post) (float64, bool) {
		if v := f(p); v != nil {
			return *v, true
		}
		return 0, false
	}
}

func metric(f func(m *genviral.PostMetrics) *int64) func(p *genviral.Post) (int64, bool) {
	return func(p *genviral.Post) (int64, bool) {
		if p.Metrics == nil {
			return 0, false
		}
		if v := f(p.Metrics); v != nil {
			return *v, true
		}
		return 0, false
	}
}

// postColumns are the attributes of a posts row, sorted by name (the order
// of an object's attributes in msgpack).
var postColumns = sortedColumns([]postColumn{
	{Name: "id", Str: func(p *genviral.Post) (string, bool) {
		// The legacy id alias, falling back to the analytics id.
		if p.ID != "" {
			return p.ID, true
		}
		k := p.Key()
		return k, k != ""
	}},
	{Name: "analytics_id", Str: func(p *genviral.Post) (string, bool) { k := p.Key(); return k, k != "" }},
	{Name: "platform_post_id", Str: strPtr(func(p *genviral.Post) *string { return p.PlatformPostID })},
	{Name: "genviral_post_id", Str: strPtr(func(p *genviral.Post) *string { return p.GenviralPostID })},
	{Name: "external_id", Str: strPtr(func(p *genviral.Post) *string { return p.ExternalID })},
	{Name: "published_at", Str: strPtr(func(p *genviral.Post) *string { return p.PublishedAt })},
	{Name: "caption", Str: strPtr(func(p *genviral.Post) *string { return p.Caption })},
	{Name: "permalink", Str: strPtr(func(p *genviral.Post) *string { return p.Permalink })},
	{Name: "thumbnail_url", Str: strPtr(func(p *genviral.Post) *string { return p.ThumbnailURL })},
	{Name: "duration_seconds", Flt: fltPtr(func(p *genviral.Post) *float64 { return p.DurationSeconds })},
	{Name: "views", Num: metric(func(m *genviral.PostMetrics) *int64 { return m.Views })},
	{Name: "likes", Num: metric(func(m *genviral.PostMetrics) *int64 { return m.Likes })},
	{Name: "comments", Num: metric(func(m *genviral.PostMetrics) *int64 { return m.Comments })},
	{Name: "shares", Num: metric(func(m *genviral.PostMetrics) *int64 { return m.Shares })},
	{Name: "saves", Num: metric(func(m *genviral.PostMetrics) *int64 { return m.Saves })},
	{Name: "engagement_rate", Flt: fltPtr(func(p *genviral.Post) *float64 { return p.EngagementRate })},
	{Name: "platform", Str: strPtr(func(p *genviral.Post) *string { return p.Platform })},
	{Name: "account_identifier", Str: strPtr(func(p *genviral.Post) *string { return p.AccountIdentifier })},
	{Name: "account_display_name", Str: strPtr(func(p *genviral.Post) *string { return p.AccountDisplayName })},
	{Name: "account_avatar_url", Str: strPtr(func(p *genviral.Post) *string { return p.AccountAvatarURL })},
})

func sortedColumns(cols []postColumn) []postColumn {
	sort.Slice(cols, func(i, j int) bool { return cols[i].Name < cols[j].Name })
	return cols
}

// postAttributes converts one API post row into the attributes of a row
// of posts; absent values become null.
func postAttributes(p *genviral.Post) map[string]attr.Value {
	out := make(map[string]attr.Value, len(postColumns))
	for _, c := range postColumns {
		switch {
		case c.Str != nil:
			out[c.Name] = types.StringNull()
			if v, ok := c.Str(p); ok {
				out[c.Name] = types.StringValue(v)
			}
		case c.Num != nil:
			out[c.Name] = types.Int64Null()
			if v, ok := c.Num(p); ok {
				out[c.Name] = types.Int64Value(v)
			}
		default:
			out[c.Name] = types.Float64Null()
			if v, ok := c.Flt(p); ok {
				out[c.Name] = types.Float64Value(v)
			}
		}
	}
	return out
}

// PostsRows carries the rows of one read from the data source's Read to the
// server that encodes them (see NewServer): into posts, or with
// posts_format = "json" into posts_json, around the JSON array the read
// built (postsJSON), without a string of it (nor the framework's copy).
type PostsRows struct {
	Posts []genviral.Post
	// json is the rows' JSON when they go into posts_json.
	json *postsJSON
	Set  bool
}

// setJSON hands the rows over as their JSON, for posts_json.
func (r *PostsRows) setJSON(j *postsJSON) { r.json, r.Set = j, true }

type postsRowsKey struct{}

// WithPostsRows returns a context in which a posts read hands its rows to
// rows instead of building them as framework values.
func WithPostsRows(ctx context.Context, rows *PostsRows) context.Context {
	return context.WithValue(ctx, postsRowsKey{}, rows)
}

// PostsRowsFrom returns the receiver of the rows, or nil when the read does
// not run under NewServer's server.
func PostsRowsFrom(ctx context.Context) *PostsRows {
	r, _ := ctx.Value(postsRowsKey{}).(*PostsRows)
	return r
}

// postsAttribute and postsJSONAttribute are the names of the rows
// attributes in the data source's state.
const (
	postsAttribute     = "posts"
	postsJSONAttribute = "posts_json"
)

// SpliceRows returns the msgpack state with its null `posts` attribute
// replaced by the encoded rows, or with the rows handed over as JSON its
// null `posts_json` by their JSON array. All other bytes are those of state.
func SpliceRows(state []byte, rows *PostsRows) ([]byte, error) {
	attribute := postsAttribute
	if rows.json != nil {
		attribute = postsJSONAttribute
	}
	head, tail, err := splitState(state, attribute)
	if err != nil {
		return nil, err
	}
	if rows.json != nil {
		return spliceJSON(head, tail, rows.json)
	}
	// One counting pass: the rows are the bulk of the state, so the buffer
	// is sized exactly instead of letting it double and copy.
	var count byteCounter
	if err := encodePostsRows(msgpack.NewEncoder(&count), rows.Posts); err != nil {
		return nil, err
	}
	out := bytes.NewBuffer(make([]byte, 0, len(head)+int(count)+len(tail)))
	out.Write(head)
	if err := encodePostsRows(msgpack.NewEncoder(out), rows.Posts); err != nil {
		return nil, err
	}
	out.Write(tail)
	return out.Bytes(), nil
}

// spliceJSON returns head, the msgpack string of j's array and tail. The
// array is not copied when head and the string's header fit in the room
// j left in front of it (jsonHeadroom): they are written there, and tail
// after it.
func spliceJSON(head, tail []byte, j *postsJSON) ([]byte, error) {
	array, err := j.array()
	if err != nil {
		return nil, err
	}
	header := msgpackStrHeader(len(array))
	front := len(head) + len(header)
	if front > jsonHeadroom {
		out := make([]byte, 0, front+len(array)+len(tail))
		return append(append(append(append(out, head...), header...), array...), tail...), nil
	}
	at := jsonHeadroom - front
	copy(j.buf[at:], head)
	copy(j.buf[at+len(head):], header)
	// Appended past j's length (into its spare capacity when there is
	// some), not onto it: j stays the array, whoever splices it again.
	out := append(j.buf, tail...)
	return out[at:], nil
}

// splitState returns the msgpack state object up to (and with) the key of
// its null attribute, and what follows that attribute's value.
func splitState(state []byte, attribute string) (head, tail []byte, err error) {
	r := bytes.NewReader(state)
	dec := msgpack.NewDecoder(r)
	n, err := dec.DecodeMapLen()
	if err != nil {
		return nil, nil, fmt.Errorf("reading the state object: %w", err)
	}
	at := func() int { return len(state) - r.Len() }
	for range n {
		name, err := dec.DecodeString()
		if err != nil {
			return nil, nil, fmt.Errorf("reading an attribute name of the state: %w", err)
		}
		valueAt := at()
		if err := dec.Skip(); err != nil {
			return nil, nil, fmt.Errorf("reading attribute %q of the state: %w", name, err)
		}
		if name != attribute {
			continue
		}
		if state[valueAt] != msgpcode.Nil || at() != valueAt+1 {
			return nil, nil, fmt.Errorf("the state's %s attribute is not null", attribute)
		}
		return state[:valueAt], state[valueAt+1:], nil
	}
	return nil, nil, fmt.Errorf("the state has no %s attribute", attribute)
}

// msgpackStrHeader returns the header of a msgpack string of n bytes, in
// the shortest form, as msgpack.Encoder.EncodeString writes it.
func msgpackStrHeader(n int) []byte {
	switch {
	case n < 32:
		return []byte{msgpcode.FixedStrLow | byte(n)}
	case n < 1<<8:
		return []byte{msgpcode.Str8, byte(n)}
	case n < 1<<16:
		return binary.BigEndian.AppendUint16([]byte{msgpcode.Str16}, uint16(n))
	}
	return binary.BigEndian.AppendUint32([]byte{msgpcode.Str32}, uint32(n))
}

// byteCounter is an io.Writer (and io.ByteWriter) that only counts.
type byteCounter int

func (c *byteCounter) Write(p []byte) (int, error) { *c += byteCounter(len(p)); return len(p), nil }

func (c *byteCounter) WriteByte(byte) error { *c++; return nil }

// encodePostsRows writes the rows as msgpack the way terraform-plugin-go
// encodes a list of objects (tftypes.Value.MarshalMsgPack): attributes in
// name order, null as nil, numbers as the most compact integer when they are
// whole and fit int64, else as float64.
func encodePostsRows(enc *msgpack.Encoder, posts []genviral.Post) error {
	if err := enc.EncodeArrayLen(len(posts)); err != nil {
		return err
	}
	for i := range posts {
		p := &posts[i]
		if err := enc.EncodeMapLen(len(postColumns)); err != nil {
			return err
		}
		for _, c := range postColumns {
			if err := enc.EncodeString(c.Name); err != nil {
				return err
			}
			var err error
			switch {
			case c.Str != nil:
				if v, ok := c.Str(p); ok {
					err = enc.EncodeString(v)
				} else {
					err = enc.EncodeNil()
				}
			case c.Num != nil:
				if v, ok := c.Num(p); ok {
					err = enc.EncodeInt(v)
				} else {
					err = enc.EncodeNil()
				}
			default:
				if v, ok := c.Flt(p); ok {
					err = encodeFloat(enc, v)
				} else {
					err = enc.EncodeNil()
				}
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// encodeFloat encodes a float64 as terraform-plugin-go encodes the
// big.Float of a framework Float64 value.
func encodeFloat(enc *msgpack.Encoder, f float64) error {
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return fmt.Errorf("%v is not a valid number", f)
	case f != math.Trunc(f):
		return enc.EncodeFloat64(f)
	case f >= -(1<<63) && f < 1<<63:
		return enc.EncodeInt(int64(f))
	default:
		// A whole number beyond int64: decimal text.
		return enc.EncodeString(big.NewFloat(f).Text('f', -1))
	}
}
