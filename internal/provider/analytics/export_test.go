package analytics

// Names the external tests of this package use.
const MinNormalFloat64 = minNormalFloat64
const PostsAttribute = postsAttribute

type AnalyticsPostsDataSource = analyticsPostsDataSource
type CheckedRates = checkedRates
type CheckedSum = checkedSum

var AddInt64 = addInt64
var AppendJSONFloat = appendJSONFloat
var AppendJSONString = appendJSONString
var CanonicalUUID = canonicalUUID
var EncodePostsRows = encodePostsRows
var MetricOf = metricOf
var NewTopKeeper = newTopKeeper
var NormalizedJSON = normalizedJSON
var PostAttributes = postAttributes
var PostColumns = postColumns
var EncodeRowsJSON = encodeRowsJSON
var JoinRowsJSON = joinRowsJSON
var Round2 = round2
var SumInt64 = sumInt64
