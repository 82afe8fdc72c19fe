package emulator

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Paging limits of GET /analytics/summary/posts (contract §7).
const (
	defaultPostsLimit = 50
	maxPostsLimit     = 100
	maxPostsOffset    = 10000
)

// rangeDays maps the range presets to their length in days; 0 is "all".
var rangeDays = map[string]int{"14d": 14, "30d": 30, "90d": 90, "1y": 365, "all": 0}

// sortFields are the sortBy values of the posts endpoint ("saves" is
// deliberately absent: it is returned but not sortable).
var sortFields = []string{"published_at", "views", "likes", "comments", "shares"}

// metricsRow is the metrics object of a post row.
type metricsRow struct {
	Views    int64 `json:"views"`
	Likes    int64 `json:"likes"`
	Comments int64 `json:"comments"`
	Shares   int64 `json:"shares"`
	Saves    int64 `json:"saves"`
}

// postRow is a post as GET /analytics/summary/posts returns it (contract §7).
type postRow struct {
	ID                 string     `json:"id"`
	AnalyticsID        string     `json:"analyticsId"`
	PlatformPostID     *string    `json:"platformPostId"`
	GenviralPostID     *string    `json:"genviralPostId"`
	ExternalID         *string    `json:"externalId"`
	PublishedAt        string     `json:"publishedAt"`
	Caption            string     `json:"caption"`
	Permalink          string     `json:"permalink"`
	ThumbnailURL       *string    `json:"thumbnailUrl"`
	DurationSeconds    *int       `json:"durationSeconds"`
	Metrics            metricsRow `json:"metrics"`
	EngagementRate     float64    `json:"engagementRate"`
	Platform           string     `json:"platform"`
	AccountIdentifier  string     `json:"accountIdentifier"`
	AccountDisplayName string     `json:"accountDisplayName"`
	AccountAvatarURL   *string    `json:"accountAvatarUrl"`
}

// targetPost is a post with the target it belongs to.
type targetPost struct {
	t *target
	p *post
}

// row returns the API form of the post.
func (tp targetPost) row() postRow {
	p, t := tp.p, tp.t
	r := postRow{
		ID:                 p.id,
		AnalyticsID:        p.id,
		PlatformPostID:     nullable(p.platformPostID),
		GenviralPostID:     nullable(p.genviralPostID),
		ExternalID:         nullable(p.externalID),
		PublishedAt:        timestamp(p.publishedAt),
		Caption:            p.caption,
		Permalink:          p.permalink,
		ThumbnailURL:       nullable(p.thumbnailURL),
		Metrics:            metricsRow{p.views, p.likes, p.comments, p.shares, p.saves},
		EngagementRate:     engagementRate(p.views, p.likes+p.comments+p.shares+p.saves),
		Platform:           t.Platform,
		AccountIdentifier:  t.Identifier,
		AccountDisplayName: cmp.Or(t.DisplayName, t.NormalizedIdentifier),
		AccountAvatarURL:   avatarURL(t),
	}
	if p.rate != nil {
		r.EngagementRate = *p.rate
	}
	if p.durationSeconds >= 0 {
		d := p.durationSeconds
		r.DurationSeconds = &d
	}
	return r
}

// engagementRate is interactions per view in percent, rounded to 2 decimals.
func engagementRate(views, interactions int64) float64 {
	if views == 0 {
		return 0
	}
	return round2(float64(interactions) / float64(views) * 100)
}

// round2 rounds to 2 decimals.
func round2(f float64) float64 {
	return math.Round(f*100) / 100
}

// window is a time interval [from, to); zero bounds are open.
type window struct {
	from, to time.Time
}

// contains reports whether t falls in w.
func (w window) contains(t time.Time) bool {
	return (w.from.IsZero() || !t.Before(w.from)) && (w.to.IsZero() || t.Before(w.to))
}

// postFilter is the parsed filter of the summary and posts endpoints.
type postFilter struct {
	current   window
	previous  *window // the equally long window before current; nil for "all"
	platforms map[string]bool
	accounts  map[string]bool
}

// parseFilter validates range, start, end, platforms (alias platform) and
// accounts (alias account_ids). Empty values count as absent. Custom dates
// win over range; range is validated even then. Dates are UTC days and end
// is inclusive; presets end at the emulator's clock.
func (s *Server) parseFilter(q url.Values) (postFilter, *response) {
	var f postFilter
	preset := cmp.Or(q.Get("range"), "30d")
	days, ok := rangeDays[preset]
	if !ok {
		return f, invalidQuery("range must be one of 14d, 30d, 90d, 1y, all")
	}
	start, end := q.Get("start"), q.Get("end")
	switch {
	case start != "" || end != "":
		if start == "" || end == "" {
			return f, invalidQuery("start and end must be sent together")
		}
		from, ok := parseDay(start)
		if !ok {
			return f, invalidQuery("start must be a date in YYYY-MM-DD format")
		}
		last, ok := parseDay(end)
		if !ok {
			return f, invalidQuery("end must be a date in YYYY-MM-DD format")
		}
		if from.After(last) {
			return f, invalidQuery("start must not be after end")
		}
		f.current = window{from, last.AddDate(0, 0, 1).Add(s.faults.PostsEndOverlap)}
	case days > 0:
		f.current = window{s.now.Add(-time.Duration(days) * 24 * time.Hour), s.now}
	}
	if !f.current.from.IsZero() {
		length := f.current.to.Sub(f.current.from)
		f.previous = &window{f.current.from.Add(-length), f.current.from}
	}
	if list := splitList(cmp.Or(q.Get("platforms"), q.Get("platform"))); len(list) > 0 {
		f.platforms = map[string]bool{}
		for _, p := range list {
			if !slices.Contains(platforms, p) {
				return f, invalidQuery(fmt.Sprintf("unknown platform %q; use tiktok, instagram or youtube", p))
			}
			f.platforms[p] = true
		}
	}
	if list := splitList(cmp.Or(q.Get("accounts"), q.Get("account_ids"))); len(list) > 0 {
		f.accounts = map[string]bool{}
		for _, id := range list {
			f.accounts[id] = true
		}
	}
	return f, nil
}

// parseDay parses a YYYY-MM-DD date as a UTC midnight.
func parseDay(s string) (time.Time, bool) {
	if len(s) != len("2006-01-02") {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// splitList splits a comma-separated list, dropping blank items.
func splitList(s string) []string {
	var out []string
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// invalidQuery is the 400 of an invalid query parameter.
func invalidQuery(message string) *response {
	return failure(http.StatusBadRequest, "invalid_query_parameter", message)
}

// posts returns the posts of the scope's targets that match f's platforms
// and accounts and fall in w, grouped by target in creation order. The
// caller holds s.mu.
func (s *Server) posts(scope Scope, f postFilter, w window) []targetPost {
	var out []targetPost
	for _, t := range s.scopedTargets(scope) {
		if (f.platforms != nil && !f.platforms[t.Platform]) || (f.accounts != nil && !f.accounts[t.ID]) {
			continue
		}
		for i := range t.posts {
			if w.contains(t.posts[i].publishedAt) {
				out = append(out, targetPost{t, &t.posts[i]})
			}
		}
	}
	return out
}

// listPosts answers GET /analytics/summary/posts. Sorting is total: ties
// are broken by ascending post id, so pages never overlap. The caller holds
// s.mu.
func (s *Server) listPosts(c *call) *response {
	f, bad := s.parseFilter(c.query)
	if bad != nil {
		return bad
	}
	sortBy := cmp.Or(c.query.Get("sortBy"), c.query.Get("sort_by"), "published_at")
	if !slices.Contains(sortFields, sortBy) {
		return invalidQuery("sortBy must be one of " + strings.Join(sortFields, ", "))
	}
	order := cmp.Or(c.query.Get("sortOrder"), c.query.Get("sort_order"), "desc")
	if order != "asc" && order != "desc" {
		return invalidQuery("sortOrder must be asc or desc")
	}
	limit, ok := intParam(c.query.Get("limit"), defaultPostsLimit, 1, s.maxPostsLimit)
	if !ok {
		return invalidQuery(fmt.Sprintf("limit must be an integer from 1 to %d", s.maxPostsLimit))
	}
	offset, ok := intParam(c.query.Get("offset"), 0, 0, maxPostsOffset)
	if !ok {
		return invalidQuery(fmt.Sprintf("offset must be an integer from 0 to %d", maxPostsOffset))
	}

	all := s.sortedPosts(c.scope, f, sortBy, order)
	rows := []postRow{}
	for i := offset; i < len(all) && i < offset+limit; i++ {
		rows = append(rows, all[i].row())
	}
	total := len(all)
	if n := s.faults.PostsTotalCount; n > 0 {
		total = n
	}
	return success(http.StatusOK, "Analytics posts retrieved", struct {
		Posts      []postRow `json:"posts"`
		TotalCount int       `json:"totalCount"`
		HasMore    bool      `json:"hasMore"`
	}{rows, total, offset+len(rows) < len(all)})
}

// sortedPosts returns the posts of the scope that match f, sorted by sortBy
// in order (ties by ascending post id). The pages of one query share the
// sorted list: it is cached for as long as the query and the posts it was
// built from are the same (posts are never changed in place, only
// replaced), so a read of 101 pages sorts once instead of 101 times; the
// lists of the last sortedCacheSize queries are kept, so that queries read
// at once (the windows of a report) do not evict each other. The caller
// holds s.mu.
func (s *Server) sortedPosts(scope Scope, f postFilter, sortBy, order string) []targetPost {
	var fp strings.Builder
	// Filters as sorted, quoted lists (a nil set, no filter, differs from
	// an empty one).
	fmt.Fprintf(&fp, "%v|%q|%q|%v|%t%q|%t%q|%v", scope, sortBy, order, f.current,
		f.platforms == nil, slices.Sorted(maps.Keys(f.platforms)), f.accounts == nil, slices.Sorted(maps.Keys(f.accounts)), s.now)
	for _, t := range s.scopedTargets(scope) {
		fmt.Fprintf(&fp, "|%p:%s:%s:%d", t, t.ID, t.Platform, len(t.posts))
		if len(t.posts) > 0 {
			fmt.Fprintf(&fp, ":%p", &t.posts[0])
		}
	}
	key := fp.String()
	for i, l := range s.sortedCache {
		if l.key == key {
			// Most recent first.
			copy(s.sortedCache[1:i+1], s.sortedCache[:i])
			s.sortedCache[0] = l
			return l.posts
		}
	}
	all := s.posts(scope, f, f.current)
	by := sortKey(sortBy)
	slices.SortFunc(all, func(a, b targetPost) int {
		c := cmp.Compare(by(a.p), by(b.p))
		if order == "desc" {
			c = -c
		}
		if c != 0 {
			return c
		}
		return strings.Compare(a.p.id, b.p.id)
	})
	s.sortedCache = append([]sortedList{{key, all}}, s.sortedCache[:min(len(s.sortedCache), sortedCacheSize-1)]...)
	return all
}

// sortKey returns the sort key function of a sortBy value.
func sortKey(sortBy string) func(*post) int64 {
	switch sortBy {
	case "views":
		return func(p *post) int64 { return p.views }
	case "likes":
		return func(p *post) int64 { return p.likes }
	case "comments":
		return func(p *post) int64 { return p.comments }
	case "shares":
		return func(p *post) int64 { return p.shares }
	default:
		return func(p *post) int64 { return p.publishedAt.UnixNano() }
	}
}

// intParam parses an optional integer query parameter in [lo, hi].
func intParam(v string, def, lo, hi int) (int, bool) {
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, false
	}
	return n, true
}
