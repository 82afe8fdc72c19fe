package analytics

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
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
// (postAttributes), or joins the JSON into posts_json (joinRowsJSON).

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
// posts_format = "json" into posts_json, written from each row's JSON as
// its page was encoded, without the string that joinRowsJSON would make
// (nor the framework's copy of it).
type PostsRows struct {
	Posts []genviral.Post
	// json is each row's JSON when the rows go into posts_json (asJSON).
	json   []rowJSON
	asJSON bool
	Set    bool
}

// setJSON hands the rows over as their JSON, for posts_json.
func (r *PostsRows) setJSON(rows []rowJSON) { r.json, r.asJSON, r.Set = rows, true, true }

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
// null `posts_json` by their JSON array. All other attributes are copied
// unchanged.
func SpliceRows(state []byte, rows *PostsRows) ([]byte, error) {
	dec := msgpack.NewDecoder(bytes.NewReader(state))
	n, err := dec.DecodeMapLen()
	if err != nil {
		return nil, fmt.Errorf("reading the state object: %w", err)
	}
	attribute, size, write, err := rows.value()
	if err != nil {
		return nil, err
	}
	// The rows are the bulk of the state: size the buffer exactly instead
	// of letting it double and copy.
	var out bytes.Buffer
	out.Grow(len(state) + size)
	enc := msgpack.NewEncoder(&out)
	if err := enc.EncodeMapLen(n); err != nil {
		return nil, err
	}
	found := false
	for range n {
		name, err := dec.DecodeString()
		if err != nil {
			return nil, fmt.Errorf("reading an attribute name of the state: %w", err)
		}
		raw, err := dec.DecodeRaw()
		if err != nil {
			return nil, fmt.Errorf("reading attribute %q of the state: %w", name, err)
		}
		if err := enc.EncodeString(name); err != nil {
			return nil, err
		}
		if name != attribute {
			out.Write(raw)
			continue
		}
		if !bytes.Equal(raw, []byte{0xc0}) { // msgpack nil
			return nil, fmt.Errorf("the state's %s attribute is not null", attribute)
		}
		found = true
		if err := write(enc, &out); err != nil {
			return nil, err
		}
	}
	if !found {
		return nil, fmt.Errorf("the state has no %s attribute", attribute)
	}
	return out.Bytes(), nil
}

// value returns the attribute the rows go into, the size of their msgpack
// value, and what writes it (with enc, onto out).
func (r *PostsRows) value() (attribute string, size int, write func(enc *msgpack.Encoder, out io.Writer) error, err error) {
	if r.asJSON {
		n, err := rowsJSONLen(r.json)
		if err != nil {
			return "", 0, nil, err
		}
		header := msgpackStrHeader(n)
		return postsJSONAttribute, len(header) + n, func(_ *msgpack.Encoder, out io.Writer) error {
			if _, err := out.Write(header); err != nil {
				return err
			}
			return writeRowsJSON(out, r.json)
		}, nil
	}
	// One counting pass.
	var count byteCounter
	if err := encodePostsRows(msgpack.NewEncoder(&count), r.Posts); err != nil {
		return "", 0, nil, err
	}
	return postsAttribute, int(count), func(enc *msgpack.Encoder, _ io.Writer) error {
		return encodePostsRows(enc, r.Posts)
	}, nil
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
