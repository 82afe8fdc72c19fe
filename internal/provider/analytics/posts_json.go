package analytics

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
	"sync"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// Values of genviral_analytics_posts' posts_format.
const (
	postsFormatList = "list"
	postsFormatJSON = "json"
)

// postsFormats are the values posts_format accepts.
var postsFormats = []string{postsFormatList, postsFormatJSON}

// rowJSON is one row encoded as a JSON object (see encodeRowsJSON), or why
// it could not be.
type rowJSON struct {
	json []byte
	err  error
}

// encodeRowsJSON encodes each row as a JSON object, exactly as Terraform's
// jsonencode() encodes the same row held in `posts`: attributes in name
// order (postColumns), nulls as null, strings as encoding/json writes them
// (Terraform uses it too), numbers as Terraform prints the values
// encodeFloat sends it (appendJSONFloat). A read encodes each page with it
// as the page arrives (genviral.FetchPostsPrepared), while later pages are
// still in flight; posts_json is then the JSON array of the rows kept,
// written into the state by the provider's server (SpliceRows) or joined
// (joinRowsJSON).
// Terraform holds one string instead of 20 values per row: a plan of
// 10,100 rows costs Terraform a fraction of the list (dev-docs/benchmarks.md
// §5).
//
// The rows are encoded into a reused scratch buffer, then copied into one
// buffer of their exact size, which the rows' JSON share: a read keeps
// what posts_json needs, without the slack of a buffer grown or sized by
// guess.
func encodeRowsJSON(rows []genviral.Post) []rowJSON {
	scratch, _ := jsonScratch.Get().(*[]byte)
	if scratch == nil {
		scratch = new([]byte)
	}
	defer jsonScratch.Put(scratch)
	buf := (*scratch)[:0]
	out := make([]rowJSON, len(rows))
	for i := range rows {
		start := len(buf)
		buf, out[i].err = appendPostJSON(buf, &rows[i])
		// For now only the length: buf may still move as it grows.
		out[i].json = buf[start:]
	}
	*scratch = buf
	exact := bytes.Clone(buf)
	start := 0
	for i := range out {
		end := start + len(out[i].json)
		// Capped: no row can append into the next one's bytes.
		out[i].json = exact[start:end:end]
		start = end
	}
	return out
}

// jsonScratch holds the scratch buffers of encodeRowsJSON (*[]byte), one
// per page being encoded at a time.
var jsonScratch sync.Pool

// encodePageJSON is what a posts_format = "json" read does with each page
// as it arrives: it encodes the rows (encodeRowsJSON), then keeps of each
// row only what the totals read (statsOf). The rest of the decoded page
// is garbage while later pages are still in flight: the read holds its
// rows as JSON, not twice.
func encodePageJSON(rows []genviral.Post) []rowJSON {
	out := encodeRowsJSON(rows)
	for i := range rows {
		rows[i] = statsOf(&rows[i])
	}
	return out
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

// joinRowsJSON returns the rows as one JSON array, byte for byte
// jsonencode(posts) of the same rows, or the first row's error.
func joinRowsJSON(rows []rowJSON) (string, error) {
	n, err := rowsJSONLen(rows)
	if err != nil {
		return "", err
	}
	// A strings.Builder hands its buffer over without a copy.
	var b strings.Builder
	b.Grow(n)
	if err := writeRowsJSON(&b, rows); err != nil {
		return "", err
	}
	return b.String(), nil
}

// rowsJSONLen returns the length of the rows' JSON array (writeRowsJSON),
// or the first row's error.
func rowsJSONLen(rows []rowJSON) (int, error) {
	n := 2 + max(len(rows)-1, 0)
	for _, r := range rows {
		if r.err != nil {
			return 0, r.err
		}
		n += len(r.json)
	}
	return n, nil
}

// writeRowsJSON writes the rows as one JSON array.
func writeRowsJSON(w io.Writer, rows []rowJSON) error {
	if _, err := io.WriteString(w, "["); err != nil {
		return err
	}
	for i, r := range rows {
		if i > 0 {
			if _, err := io.WriteString(w, ","); err != nil {
				return err
			}
		}
		if _, err := w.Write(r.json); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "]")
	return err
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
