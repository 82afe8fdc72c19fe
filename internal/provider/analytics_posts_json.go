package provider

import (
	"encoding/json"
	"strconv"

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
	b := make([]byte, 0, 1024*len(rows)+2)
	b = append(b, '[')
	for i := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		for j, c := range postColumns {
			if j > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendQuote(b, c.name) // column names are plain ASCII
			b = append(b, ':')
			switch {
			case c.str != nil:
				v, ok := c.str(&rows[i])
				if !ok {
					b = append(b, "null"...)
					break
				}
				s, err := json.Marshal(v)
				if err != nil {
					return "", err
				}
				b = append(b, s...)
			case c.num != nil:
				if v, ok := c.num(&rows[i]); ok {
					b = strconv.AppendInt(b, v, 10)
				} else {
					b = append(b, "null"...)
				}
			default:
				if v, ok := c.flt(&rows[i]); ok {
					b = strconv.AppendFloat(b, v, 'f', -1, 64)
				} else {
					b = append(b, "null"...)
				}
			}
		}
		b = append(b, '}')
	}
	return string(append(b, ']')), nil
}
