package emulator

// The summary object of GET /analytics/targets/{id}.

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

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

// detailTotals sums all posts of a target: their number, then the metrics
// of a post row summed (the embedded fields encode at the same level).
type detailTotals struct {
	Posts int64 `json:"posts"`
	metricsRow
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
			Posts:      sum.posts,
			metricsRow: metricsRow{sum.views, sum.likes, sum.comments, sum.shares, sum.saves},
		},
		Timeline:      timeline,
		TopPosts:      top,
		RefreshStatus: status,
	}
}
