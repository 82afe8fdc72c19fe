package shared

import (
	"strings"
)

// QuotedList renders values as a Markdown list of code spans.
func QuotedList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = "`" + v + "`"
	}
	return strings.Join(q, ", ")
}
