package analytics

import (
	"slices"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

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

// PostsJSONOf returns posts_json of rows as a read builds it, the rows read
// as pages of at most size rows (rows are not changed).
func PostsJSONOf(rows []genviral.Post, size int) (string, error) {
	r, err := PostsRowsJSON(rows, size)
	if err != nil {
		return "", err
	}
	a, _ := r.json.array()
	return string(a), nil
}

// PostsRowsJSON returns the rows handed over as posts_json as a read builds
// it, the rows read as pages of at most size rows (rows are not changed).
func PostsRowsJSON(rows []genviral.Post, size int) (*PostsRows, error) {
	j := newPostsJSON()
	for page := range slices.Chunk(slices.Clone(rows), size) {
		p := encodePageJSON(page)
		for i := range page {
			j.keep(p, i)
		}
		p.release()
	}
	if _, err := j.array(); err != nil {
		return nil, err
	}
	r := &PostsRows{}
	r.setJSON(j)
	return r, nil
}

// PostsJSONBuffer returns the JSON array of rows handed over as posts_json,
// where the read built it.
func PostsJSONBuffer(r *PostsRows) []byte { return r.json.buf[jsonHeadroom:] }
