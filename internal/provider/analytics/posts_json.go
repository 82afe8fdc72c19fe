package analytics

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// Values of genviral_analytics_posts' posts_format.
const (
	postsFormatList = "list"
	postsFormatJSON = "json"
)

// postsFormats are the values posts_format accepts.
var postsFormats = []string{postsFormatList, postsFormatJSON}

// A posts_format = "json" read builds posts_json while it reads: each page's
// rows are encoded as JSON objects as soon as the page arrives
// (encodePageJSON, from the goroutine that read it, while later pages are
// still in flight), and the rows the read keeps are copied, in order, into
// one buffer as soon as the pages before them are in (postsJSON, fed by
// genviral.FetchPostsInto). That buffer leaves room in front for what
// precedes posts_json in the state's msgpack, so that the provider's server
// writes the state around the rows in place (SpliceRows): the 6 MB of
// 10,100 rows are copied once, not joined after the last page and then
// copied again into the state. Each row is encoded exactly as Terraform's
// jsonencode() encodes the same row held in `posts`: attributes in name
// order (postColumns), nulls as null, strings as encoding/json writes them
// (Terraform uses it too), numbers as Terraform prints the values
// encodeFloat sends (appendJSONFloat). Terraform holds one string instead
// of 20 values per row: a plan of 10,100 rows costs Terraform a fraction of
// the list (dev-docs/benchmarks.md §5).

// jsonPage is one page's rows encoded as JSON objects (encodePageJSON), in
// a scratch buffer of jsonScratch until the read has copied the rows it
// keeps (release).
type jsonPage struct {
	buf *[]byte
	// ends[i] is where row i's JSON ends in *buf; it starts where row i-1's
	// ends.
	ends []int
	// errs[i] says why row i could not be encoded; nil when every row was.
	errs []error
}

// jsonScratch holds the scratch buffers of jsonPage (*[]byte): as many as
// pages are encoded or waiting for the pages before them at a time.
var jsonScratch sync.Pool

// encodePageJSON is what a posts_format = "json" read does with each page
// as it arrives: it encodes the rows, then keeps of each row only what the
// totals read (statsOf). The rest of the decoded page is garbage while
// later pages are still in flight: the read holds its rows as JSON, not
// twice.
func encodePageJSON(rows []genviral.Post) *jsonPage {
	scratch, _ := jsonScratch.Get().(*[]byte)
	if scratch == nil {
		scratch = new([]byte)
	}
	p := &jsonPage{buf: scratch, ends: make([]int, len(rows))}
	b := (*scratch)[:0]
	for i := range rows {
		var err error
		if b, err = appendPostJSON(b, &rows[i]); err != nil {
			if p.errs == nil {
				p.errs = make([]error, len(rows))
			}
			p.errs[i] = err
		}
		p.ends[i] = len(b)
		rows[i] = statsOf(&rows[i])
	}
	*scratch = b
	return p
}

// row returns row i's JSON (valid until release), or why it could not be
// encoded.
func (p *jsonPage) row(i int) ([]byte, error) {
	if p.errs != nil && p.errs[i] != nil {
		return nil, p.errs[i]
	}
	start := 0
	if i > 0 {
		start = p.ends[i-1]
	}
	return (*p.buf)[start:p.ends[i]], nil
}

// size returns the bytes of the page's JSON and its rows.
func (p *jsonPage) size() (bytes, rows int) {
	if len(p.ends) == 0 {
		return 0, 0
	}
	return p.ends[len(p.ends)-1], len(p.ends)
}

// release gives the page's scratch buffer back to the pool. Buffers that
// grew far beyond a page of ordinary rows are left to the collector.
func (p *jsonPage) release() {
	if cap(*p.buf) <= 1<<20 {
		jsonScratch.Put(p.buf)
	}
	p.buf = nil
}

// jsonHeadroom is the room postsJSON leaves in front of the rows for what
// precedes posts_json in the state's msgpack (the map header, the
// attributes before it in name order, its key and the string's header):
// a few hundred bytes unless the filters list many account ids.
const jsonHeadroom = 4 << 10

// maxJSONPresize bounds the buffer postsJSON sizes in advance from the
// first page (its rows times what the read expects): a first page of huge
// rows must not reserve gigabytes for rows that may never come. Beyond it,
// the buffer grows as rows are copied.
const maxJSONPresize = 32 << 20

// postsJSON is posts_json as a read builds it: jsonHeadroom bytes of room,
// then the JSON array of the rows kept so far, in order (keep), closed by
// array.
type postsJSON struct {
	buf  []byte
	rows int
	// err is why the first row that could not be encoded could not be.
	err error
	// perRow is the first page's bytes per row (sample), to size buf.
	perRow atomic.Int64
	closed bool
}

func newPostsJSON() *postsJSON {
	j := &postsJSON{buf: make([]byte, jsonHeadroom, jsonHeadroom+2)}
	j.buf = append(j.buf, '[')
	return j
}

// sink returns the genviral.PageSink that builds j while the pages arrive.
func (j *postsJSON) sink() genviral.PageSink[*jsonPage] {
	return genviral.PageSink[*jsonPage]{
		Prepare: func(rows []genviral.Post) *jsonPage {
			p := encodePageJSON(rows)
			if n, r := p.size(); r > 0 {
				j.perRow.CompareAndSwap(0, int64(n/r+1))
			}
			return p
		},
		Expect: j.expect,
		Keep:   j.keep,
		Done:   (*jsonPage).release,
	}
}

// expect sizes the buffer for rows rows like those of the first page, so
// that copying them in never grows it (each growth copies what is there
// and takes fresh memory).
func (j *postsJSON) expect(rows int) {
	want := jsonHeadroom + 2 + rows*(1+int(j.perRow.Load()))*9/8
	if want = min(want, maxJSONPresize); want > cap(j.buf) {
		j.buf = append(make([]byte, 0, want), j.buf...)
	}
}

// keep copies row i of page p after the rows kept so far, or remembers why
// it could not be encoded.
func (j *postsJSON) keep(p *jsonPage, i int) {
	row, err := p.row(i)
	if err != nil {
		if j.err == nil {
			j.err = err
		}
		return
	}
	if j.rows > 0 {
		j.buf = append(j.buf, ',')
	}
	j.buf = append(j.buf, row...)
	j.rows++
}

// array closes the JSON array and returns it, byte for byte jsonencode(posts)
// of the rows kept, or the first row's error. The room in front of it
// stays j.buf[:jsonHeadroom].
func (j *postsJSON) array() ([]byte, error) {
	if j.err != nil {
		return nil, j.err
	}
	if !j.closed {
		j.buf, j.closed = append(j.buf, ']'), true
	}
	return j.buf[jsonHeadroom:], nil
}

// appendPostJSON appends the JSON object of one row.
func appendPostJSON(b []byte, p *genviral.Post) ([]byte, error) {
	b = append(b, '{')
	for j, c := range postColumns {
		if j > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, c.Name...) // column names are plain ASCII
		b = append(b, `":`...)
		switch {
		case c.Str != nil:
			v, ok := c.Str(p)
			if !ok {
				b = append(b, "null"...)
				break
			}
			var err error
			if b, err = appendJSONString(b, v); err != nil {
				return b, err
			}
		case c.Num != nil:
			if v, ok := c.Num(p); ok {
				b = strconv.AppendInt(b, v, 10)
			} else {
				b = append(b, "null"...)
			}
		default:
			v, ok := c.Flt(p)
			if !ok {
				b = append(b, "null"...)
				break
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return b, fmt.Errorf("%v is not a valid number", v)
			}
			b = appendJSONFloat(b, v)
		}
	}
	return append(b, '}'), nil
}

// appendJSONString appends v as encoding/json writes a string. Most values
// (ids, handles, URLs, dates) are printable ASCII that encoding/json leaves
// as it is: those are written directly, without an allocation; any other
// value goes through encoding/json.
func appendJSONString(b []byte, v string) ([]byte, error) {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			s, err := json.Marshal(v)
			return append(b, s...), err
		}
	}
	b = append(b, '"')
	b = append(b, v...)
	return append(b, '"'), nil
}

// appendJSONFloat appends f as Terraform's jsonencode prints the number
// encodeFloat sends for it: a whole number within int64 travels as an
// integer (so -0 is 0), any other number is a 53-bit big.Float (msgpack
// float, or the decimal text of a larger whole number) printed with
// Text('f', -1). For a normal float64 that is strconv's shortest form
// (same precision, and the exponent fits), which takes a fraction of the
// time and no allocation; for subnormals, which have fewer bits in a
// float64 than in a big.Float, it differs, so they still go through
// big.Float.
func appendJSONFloat(dst []byte, f float64) []byte {
	switch {
	case f == math.Trunc(f) && f >= -(1<<63) && f < 1<<63:
		return strconv.AppendInt(dst, int64(f), 10)
	case math.Abs(f) >= minNormalFloat64:
		return strconv.AppendFloat(dst, f, 'f', -1, 64)
	}
	return append(dst, big.NewFloat(f).Text('f', -1)...)
}

// minNormalFloat64 is the smallest positive normal float64, 2^-1022.
const minNormalFloat64 = 0x1p-1022
