package emulator

import (
	"cmp"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// postHorizon is the age of the oldest synthetic post, before jitter.
const postHorizon = 400 * 24 * time.Hour

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

// captions are the bodies of synthetic captions.
var captions = []string{
	"three tips for cold brew",
	"behind the scenes at the studio",
	"what we shipped this week",
	"day in the life",
	"answering your questions",
	"before and after",
	"the one mistake everyone makes",
	"unboxing the new drop",
}

// post is one synthetic post of a target. Empty strings and a negative
// duration mean null.
type post struct {
	id              string
	publishedAt     time.Time
	caption         string
	platformPostID  string
	genviralPostID  string
	externalID      string
	permalink       string
	thumbnailURL    string
	durationSeconds int
	views           int64
	likes           int64
	comments        int64
	shares          int64
	saves           int64
}

// generatePosts returns n deterministic posts of a target. Post i is
// published about 400·((i+1)/n)² days before now (plus up to 6 hours of
// jitter), so recent posts are denser and the range presets 14d, 30d, 90d,
// 1y and all select growing subsets. Metrics, ids and nulls derive from a
// hash of (platform, normalized handle, index), not from the target id, so
// an account has the same posts in every Server whatever its ids (random by
// default) are.
func generatePosts(platform, handle string, n int, now time.Time) []post {
	if n <= 0 {
		return nil
	}
	out := make([]post, n)
	account := platform + "/" + handle
	for i := range out {
		h := hashOf("post", account, i)
		a, b, c, d := word(h, 0), word(h, 1), word(h, 2), word(h, 3)
		frac := float64(i+1) / float64(n)
		age := time.Duration(frac*frac*float64(postHorizon)) + time.Duration(a%uint64(6*time.Hour))
		p := post{
			id:              uuidFrom(hashOf("post-id", account, i)),
			publishedAt:     now.Add(-age).Truncate(time.Second),
			caption:         fmt.Sprintf("%s #%d", captions[d%uint64(len(captions))], i+1),
			durationSeconds: 5 + int(c%175),
			views:           150 + int64((a>>24)%400000),
		}
		p.likes = p.views * int64(5+b%75) / 1000
		p.comments = p.likes * int64(1+(b>>8)%12) / 100
		p.shares = p.likes * int64((b>>16)%25) / 100
		p.saves = p.likes * int64((b>>24)%20) / 100

		short := base64.RawURLEncoding.EncodeToString(h[24:32])
		var native string
		switch platform {
		case "tiktok":
			native = fmt.Sprintf("7%018d", d%1e18)
			p.permalink = fmt.Sprintf("https://www.tiktok.com/@%s/video/%s", handle, native)
		case "instagram":
			native = fmt.Sprintf("18%015d", d%1e15)
			p.permalink = "https://www.instagram.com/reel/" + short + "/"
		default:
			native = short
			p.permalink = "https://www.youtube.com/shorts/" + short
		}
		if (c>>16)%11 != 0 {
			p.platformPostID = native
		}
		if (c>>8)%5 == 0 {
			p.durationSeconds = -1
		}
		if (c>>24)%4 == 0 {
			g := hashOf("genviral-post", account, i)
			p.genviralPostID = uuidFrom(g)
			if (c>>32)%2 == 0 {
				p.externalID = "ext_" + hex.EncodeToString(g[16:22])
			}
		}
		if (c>>40)%7 != 0 {
			p.thumbnailURL = "https://cdn.example.com/analytics/thumbs/" + p.id + ".jpg"
		}
		out[i] = p
	}
	return out
}

// hashOf hashes the printed forms of parts.
func hashOf(parts ...any) [32]byte {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprint(h, p)
		h.Write([]byte{0})
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// word returns the i-th 64-bit word (0..3) of h.
func word(h [32]byte, i int) uint64 {
	return binary.BigEndian.Uint64(h[8*i:])
}

// uuidFrom formats the first 16 bytes of h as a version 4 UUID.
func uuidFrom(h [32]byte) string {
	b := h[:16]
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// avatarURL returns the avatar of a target's account; about a third of
// accounts have none. Like posts, it does not depend on the target id.
func avatarURL(t *target) *string {
	h := hashOf("avatar", t.Platform, t.NormalizedIdentifier)
	if h[0]%3 == 0 {
		return nil
	}
	return nullable(fmt.Sprintf("https://cdn.example.com/analytics/avatars/%x.jpg", h[1:9]))
}

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
		f.current = window{from, last.AddDate(0, 0, 1)}
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
// are broken by ascending post id, so pages never overlap.
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
	limit, ok := intParam(c.query.Get("limit"), defaultPostsLimit, 1, maxPostsLimit)
	if !ok {
		return invalidQuery(fmt.Sprintf("limit must be an integer from 1 to %d", maxPostsLimit))
	}
	offset, ok := intParam(c.query.Get("offset"), 0, 0, maxPostsOffset)
	if !ok {
		return invalidQuery(fmt.Sprintf("offset must be an integer from 0 to %d", maxPostsOffset))
	}

	all := s.posts(c.scope, f, f.current)
	key := sortKey(sortBy)
	slices.SortFunc(all, func(a, b targetPost) int {
		c := cmp.Compare(key(a.p), key(b.p))
		if order == "desc" {
			c = -c
		}
		if c != 0 {
			return c
		}
		return strings.Compare(a.p.id, b.p.id)
	})
	rows := []postRow{}
	for i := offset; i < len(all) && i < offset+limit; i++ {
		rows = append(rows, all[i].row())
	}
	return success(http.StatusOK, "Analytics posts retrieved", struct {
		Posts      []postRow `json:"posts"`
		TotalCount int       `json:"totalCount"`
		HasMore    bool      `json:"hasMore"`
	}{rows, len(all), offset+len(rows) < len(all)})
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

// kpi is one KPI with its value in the previous period of equal length and
// the difference (value - previous).
type kpi struct {
	Value    float64 `json:"value"`
	Previous float64 `json:"previous"`
	Delta    float64 `json:"delta"`
}

// newKPI returns the KPI of value against previous.
func newKPI(value, previous float64) kpi {
	return kpi{Value: value, Previous: previous, Delta: round2(value - previous)}
}

// kpis is the kpis object of GET /analytics/summary.
type kpis struct {
	PublishedVideos kpi `json:"publishedVideos"`
	ActiveAccounts  kpi `json:"activeAccounts"`
	Views           kpi `json:"views"`
	Likes           kpi `json:"likes"`
	Comments        kpi `json:"comments"`
	Shares          kpi `json:"shares"`
	Saves           kpi `json:"saves"`
	EngagementRate  kpi `json:"engagementRate"`
}

// interactionPoint is one day of interactionSeries.
type interactionPoint struct {
	Date     string `json:"date"`
	Views    int64  `json:"views"`
	Likes    int64  `json:"likes"`
	Comments int64  `json:"comments"`
	Shares   int64  `json:"shares"`
	Saves    int64  `json:"saves"`
}

// engagementPoint is one day of engagementSeries.
type engagementPoint struct {
	Date           string  `json:"date"`
	EngagementRate float64 `json:"engagementRate"`
}

// heatmapPoint is one day of postingHeatmap.
type heatmapPoint struct {
	Date  string `json:"date"`
	Count int    `json:"count"`
}

// mixEntry is one platform of contentMix.
type mixEntry struct {
	Platform string `json:"platform"`
	Count    int    `json:"count"`
}

// totals sums the metrics of a set of posts.
type totals struct {
	posts, views, likes, comments, shares, saves int64
	accounts                                     map[string]bool
}

// add counts one post.
func (a *totals) add(tp targetPost) {
	a.posts++
	a.views += tp.p.views
	a.likes += tp.p.likes
	a.comments += tp.p.comments
	a.shares += tp.p.shares
	a.saves += tp.p.saves
	if a.accounts == nil {
		a.accounts = map[string]bool{}
	}
	a.accounts[tp.t.ID] = true
}

// rate is the engagement rate of the totals.
func (a *totals) rate() float64 {
	return engagementRate(a.views, a.likes+a.comments+a.shares+a.saves)
}

// summary answers GET /analytics/summary: KPIs of the filtered posts against
// the previous period, daily series (only days with posts, ascending), the
// longest run of consecutive posting days and the post count per platform.
func (s *Server) summary(c *call) *response {
	f, bad := s.parseFilter(c.query)
	if bad != nil {
		return bad
	}
	current := s.posts(c.scope, f, f.current)
	var cur, prev totals
	for _, tp := range current {
		cur.add(tp)
	}
	if f.previous != nil {
		for _, tp := range s.posts(c.scope, f, *f.previous) {
			prev.add(tp)
		}
	}

	days := map[string]*totals{}
	perPlatform := map[string]int{}
	for _, tp := range current {
		day := tp.p.publishedAt.UTC().Format(time.DateOnly)
		if days[day] == nil {
			days[day] = &totals{}
		}
		days[day].add(tp)
		perPlatform[tp.t.Platform]++
	}
	dates := make([]string, 0, len(days))
	for d := range days {
		dates = append(dates, d)
	}
	slices.Sort(dates)
	interactions := []interactionPoint{}
	engagement := []engagementPoint{}
	heatmap := []heatmapPoint{}
	for _, d := range dates {
		t := days[d]
		interactions = append(interactions, interactionPoint{d, t.views, t.likes, t.comments, t.shares, t.saves})
		engagement = append(engagement, engagementPoint{d, t.rate()})
		heatmap = append(heatmap, heatmapPoint{d, int(t.posts)})
	}
	mix := []mixEntry{}
	for _, p := range platforms {
		if n := perPlatform[p]; n > 0 {
			mix = append(mix, mixEntry{p, n})
		}
	}
	return success(http.StatusOK, "Analytics summary retrieved", struct {
		KPIs              kpis               `json:"kpis"`
		InteractionSeries []interactionPoint `json:"interactionSeries"`
		EngagementSeries  []engagementPoint  `json:"engagementSeries"`
		PostingHeatmap    []heatmapPoint     `json:"postingHeatmap"`
		PostingStreak     int                `json:"postingStreak"`
		ContentMix        []mixEntry         `json:"contentMix"`
	}{
		KPIs: kpis{
			PublishedVideos: newKPI(float64(cur.posts), float64(prev.posts)),
			ActiveAccounts:  newKPI(float64(len(cur.accounts)), float64(len(prev.accounts))),
			Views:           newKPI(float64(cur.views), float64(prev.views)),
			Likes:           newKPI(float64(cur.likes), float64(prev.likes)),
			Comments:        newKPI(float64(cur.comments), float64(prev.comments)),
			Shares:          newKPI(float64(cur.shares), float64(prev.shares)),
			Saves:           newKPI(float64(cur.saves), float64(prev.saves)),
			EngagementRate:  newKPI(cur.rate(), prev.rate()),
		},
		InteractionSeries: interactions,
		EngagementSeries:  engagement,
		PostingHeatmap:    heatmap,
		PostingStreak:     longestStreak(dates),
		ContentMix:        mix,
	})
}

// longestStreak returns the longest run of consecutive days in sorted
// YYYY-MM-DD dates.
func longestStreak(dates []string) int {
	best, run := 0, 0
	var prev time.Time
	for i, d := range dates {
		day, _ := time.Parse(time.DateOnly, d)
		if i > 0 && day.Equal(prev.AddDate(0, 0, 1)) {
			run++
		} else {
			run = 1
		}
		best = max(best, run)
		prev = day
	}
	return best
}

// detailSummary is the summary of GET /analytics/targets/{id}. The contract
// names its parts (profile, totals, timeline, top posts, refresh status) but
// not their fields; these are plausible stand-ins.
type detailSummary struct {
	Profile       detailProfile `json:"profile"`
	Totals        detailTotals  `json:"totals"`
	Timeline      []detailPoint `json:"timeline"`
	TopPosts      []postRow     `json:"top_posts"`
	RefreshStatus detailRefresh `json:"refresh_status"`
}

// detailProfile is the profile part of a target's detail summary.
type detailProfile struct {
	Platform    string  `json:"platform"`
	Identifier  string  `json:"identifier"`
	DisplayName *string `json:"display_name"`
	AvatarURL   *string `json:"avatar_url"`
	Followers   int64   `json:"followers"`
}

// detailTotals sums all posts of a target.
type detailTotals struct {
	Posts    int64 `json:"posts"`
	Views    int64 `json:"views"`
	Likes    int64 `json:"likes"`
	Comments int64 `json:"comments"`
	Shares   int64 `json:"shares"`
	Saves    int64 `json:"saves"`
}

// detailPoint is one posting day of a target's timeline.
type detailPoint struct {
	Date  string `json:"date"`
	Posts int    `json:"posts"`
	Views int64  `json:"views"`
}

// detailRefresh is the refresh part of a target's detail summary.
type detailRefresh struct {
	Status               *string `json:"status"`
	RefreshID            *string `json:"refresh_id"`
	LastRefreshedAt      *string `json:"last_refreshed_at"`
	FreeRefreshAvailable bool    `json:"free_refresh_available"`
}

// topPostsCount is the number of top posts in a target's detail summary.
const topPostsCount = 3

// detailSummary builds the detail summary of t. The caller holds s.mu.
func (s *Server) detailSummary(t *target) detailSummary {
	all := make([]targetPost, len(t.posts))
	var sum totals
	perDay := map[string]*detailPoint{}
	for i := range t.posts {
		tp := targetPost{t, &t.posts[i]}
		all[i] = tp
		sum.add(tp)
		day := tp.p.publishedAt.UTC().Format(time.DateOnly)
		if perDay[day] == nil {
			perDay[day] = &detailPoint{Date: day}
		}
		perDay[day].Posts++
		perDay[day].Views += tp.p.views
	}
	timeline := []detailPoint{}
	for _, p := range perDay {
		timeline = append(timeline, *p)
	}
	slices.SortFunc(timeline, func(a, b detailPoint) int { return strings.Compare(a.Date, b.Date) })

	slices.SortFunc(all, func(a, b targetPost) int {
		return cmp.Or(cmp.Compare(b.p.views, a.p.views), strings.Compare(a.p.id, b.p.id))
	})
	top := []postRow{}
	for _, tp := range all[:min(topPostsCount, len(all))] {
		top = append(top, tp.row())
	}

	status := detailRefresh{
		LastRefreshedAt:      nullable(t.LastRefreshedAt),
		FreeRefreshAvailable: t.FreeRefreshAvailable,
	}
	if r := s.latestRefresh(t.ID); r != nil {
		status.Status, status.RefreshID = nullable(r.status), nullable(r.id)
	}
	return detailSummary{
		Profile: detailProfile{
			Platform:    t.Platform,
			Identifier:  t.Identifier,
			DisplayName: nullable(t.DisplayName),
			AvatarURL:   avatarURL(t),
			Followers:   1000 + int64(word(hashOf("followers", t.Platform, t.NormalizedIdentifier), 0)%2_000_000),
		},
		Totals: detailTotals{
			Posts: sum.posts, Views: sum.views, Likes: sum.likes,
			Comments: sum.comments, Shares: sum.shares, Saves: sum.saves,
		},
		Timeline:      timeline,
		TopPosts:      top,
		RefreshStatus: status,
	}
}
