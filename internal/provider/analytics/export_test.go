package analytics

import "github.com/genviral/terraform-provider-genviral/internal/genviral"

// The internals the external tests of this package (package analytics_test)
// use, under exported names. Compiled into tests only.

const (
	MinNormalFloat64   = minNormalFloat64
	PostsAttribute     = postsAttribute
	PostsJSONAttribute = postsJSONAttribute
)

type (
	AnalyticsPostsDataSource = analyticsPostsDataSource
	CheckedRates             = checkedRates
	CheckedSum               = checkedSum
)

var (
	AddInt64         = addInt64
	AppendJSONFloat  = appendJSONFloat
	AppendJSONString = appendJSONString
	CanonicalUUID    = canonicalUUID
	EncodePostsRows  = encodePostsRows
	EncodeRowsJSON   = encodeRowsJSON
	JoinRowsJSON     = joinRowsJSON
	MetricOf         = metricOf
	MsgpackStrHeader = msgpackStrHeader
	NewTopKeeper     = newTopKeeper
	NormalizedJSON   = normalizedJSON
	PostAttributes   = postAttributes
	PostColumns      = postColumns
	Round2           = round2
	SumInt64         = sumInt64
)

// TotalsOf returns the totals of rows (postStats), with each row as it is
// or, with statsOnly, as statsOf keeps it.
func TotalsOf(rows []genviral.Post, statsOnly bool) any {
	var s postStats
	for i := range rows {
		p := rows[i]
		if statsOnly {
			p = statsOf(&p)
		}
		s.add(&p)
	}
	return s
}
