package provider

import (
	"strings"
)

// quotedList renders values as a Markdown list of code spans.
func quotedList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = "`" + v + "`"
	}
	return strings.Join(q, ", ")
}
