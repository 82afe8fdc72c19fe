package provider

import (
	"encoding/json"
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
// encoding/json writes them (Terraform uses it too), numbers in the shortest
// decimal form without exponent (cty's Text('f', -1)). Terraform then holds
// one string instead of 20 values per row: a plan of 10,100 rows costs
// Terraform a fraction of the list (BENCHMARKS.md §5).
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
			b.WriteString(c.name) // column names are plain ASCII
			b.WriteString(`":`)
			switch {
			case c.str != nil:
				v, ok := c.str(&rows[i])
				if !ok {
					b.WriteString("null")
					break
				}
				s, err := json.Marshal(v)
				if err != nil {
					return "", err
				}
				b.Write(s)
			case c.num != nil:
				if v, ok := c.num(&rows[i]); ok {
					b.Write(strconv.AppendInt(scratch[:0], v, 10))
				} else {
					b.WriteString("null")
				}
			default:
				if v, ok := c.flt(&rows[i]); ok {
					b.Write(strconv.AppendFloat(scratch[:0], v, 'f', -1, 64))
				} else {
					b.WriteString("null")
				}
			}
		}
		b.WriteByte('}')
	}
	b.WriteByte(']')
	return b.String(), nil
}
