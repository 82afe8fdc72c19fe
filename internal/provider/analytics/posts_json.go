package analytics

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// Values of genviral_analytics_posts' posts_format.
const (
	postsFormatList = "list"
	postsFormatJSON = "json"
)

// postsFormats are the values posts_format accepts.
var postsFormats = []string{postsFormatList, postsFormatJSON}

// postsJSON encodes rows as one JSON array, exactly as Terraform's
// jsonencode() encodes the same rows held in `posts`: objects with their
// attributes in name order (postColumns), nulls as null, strings as
// encoding/json writes them (Terraform uses it too), numbers as Terraform
// prints the values encodeFloat sends it (appendJSONFloat). Terraform then holds
// one string instead of 20 values per row: a plan of 10,100 rows costs
// Terraform a fraction of the list (dev-docs/benchmarks.md §5).
func postsJSON(rows []genviral.Post) (string, error) {
	// A strings.Builder hands its buffer over without a copy: the 6 MB of a
	// 10,100-row read exist once in the provider, not twice.
	var b strings.Builder
	b.Grow(700*len(rows) + 2)
	var scratch [32]byte
	b.WriteByte('[')
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('{')
		for j, c := range postColumns {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('"')
			b.WriteString(c.Name) // column names are plain ASCII
			b.WriteString(`":`)
			switch {
			case c.Str != nil:
				v, ok := c.Str(&rows[i])
				if !ok {
					b.WriteString("null")
					break
				}
				if err := appendJSONString(&b, v); err != nil {
					return "", err
				}
			case c.Num != nil:
				if v, ok := c.Num(&rows[i]); ok {
					b.Write(strconv.AppendInt(scratch[:0], v, 10))
				} else {
					b.WriteString("null")
				}
			default:
				v, ok := c.Flt(&rows[i])
				if !ok {
					b.WriteString("null")
					break
				}
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return "", fmt.Errorf("%v is not a valid number", v)
				}
				b.Write(appendJSONFloat(scratch[:0], v))
			}
		}
		b.WriteByte('}')
	}
	b.WriteByte(']')
	return b.String(), nil
}

// appendJSONString writes v as encoding/json writes a string. Most values
// (ids, handles, URLs, dates) are printable ASCII that encoding/json leaves
// as it is: those are written directly, without an allocation; any other
// value goes through encoding/json.
func appendJSONString(b *strings.Builder, v string) error {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			s, err := json.Marshal(v)
			b.Write(s)
			return err
		}
	}
	b.WriteByte('"')
	b.WriteString(v)
	b.WriteByte('"')
	return nil
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
