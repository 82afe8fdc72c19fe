package emulator

// GET /analytics/summary: KPIs and series over the matching posts.

import (
	"net/http"
	"slices"
	"time"
)

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
