package emulator

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// postsPage is the data of GET /analytics/summary/posts.
type postsPage struct {
	Posts []struct {
		ID          string           `json:"id"`
		AnalyticsID string           `json:"analyticsId"`
		PublishedAt string           `json:"publishedAt"`
		Platform    string           `json:"platform"`
		Metrics     map[string]int64 `json:"metrics"`
	} `json:"posts"`
	TotalCount int  `json:"totalCount"`
	HasMore    bool `json:"hasMore"`
}

// getPosts fetches one page of posts that must succeed.
func getPosts(t *testing.T, base, key, query string) postsPage {
	t.Helper()
	r := do(t, "GET", base+"/analytics/summary/posts?"+query, key, "")
	wantStatus(t, r, 200)
	return data[postsPage](t, r)
}

func TestPostsValidation(t *testing.T) {
	srv, base := Start(t, Options{})
	id := srv.SeedTarget(WorkspaceScope(), "tiktok", "@valid", "").ID
	tests := []struct {
		query string
		ok    bool
	}{
		{"", true},
		{"range=14d", true},
		{"range=30d", true},
		{"range=90d", true},
		{"range=1y", true},
		{"range=all", true},
		{"range=7d", false},
		{"range=1w", false},
		{"range=ALL", false},
		{"range=", true}, // empty = absent
		{"start=2026-01-01&end=2026-01-31", true},
		{"start=2026-01-31&end=2026-01-31", true},
		{"start=2026-01-01", false},
		{"end=2026-01-31", false},
		{"start=2026-1-01&end=2026-01-31", false},
		{"start=2026-01-01&end=31.01.2026", false},
		{"start=2026-02-30&end=2026-03-01", false},
		{"start=2026-01-01T00:00:00Z&end=2026-01-31", false},
		{"start=2026-02-01&end=2026-01-31", false},
		{"range=bogus&start=2026-01-01&end=2026-01-31", false},
		{"platforms=tiktok,instagram,youtube", true},
		{"platforms=tiktok,%20youtube", true},
		{"platform=instagram", true},
		{"platforms=facebook", false},
		{"platforms=tiktok,pinterest", false},
		{"platform=TikTok", false},
		{"accounts=" + id, true},
		{"account_ids=" + id + ",unknown", true},
		{"sortBy=published_at", true},
		{"sortBy=views", true},
		{"sortBy=likes", true},
		{"sortBy=comments", true},
		{"sortBy=shares", true},
		{"sort_by=views", true},
		{"sortBy=saves", false},
		{"sortBy=publishedAt", false},
		{"sort_by=engagementRate", false},
		{"sortOrder=asc", true},
		{"sort_order=desc", true},
		{"sortOrder=ascending", false},
		{"sortOrder=DESC", false},
		{"limit=1", true},
		{"limit=100", true},
		{"limit=0", false},
		{"limit=101", false},
		{"limit=-5", false},
		{"limit=ten", false},
		{"limit=1.5", false},
		{"offset=0", true},
		{"offset=10000", true},
		{"offset=10001", false},
		{"offset=-1", false},
		{"offset=1e3", false},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := do(t, "GET", base+"/analytics/summary/posts?"+tt.query, WorkspaceKey, "")
			if tt.ok {
				wantStatus(t, r, 200)
				if got := str(t, r.env["message"]); got != "Analytics posts retrieved" {
					t.Errorf("message = %q", got)
				}
				return
			}
			wantError(t, r, 400, "invalid_query_parameter")
		})
	}
}

func TestSummaryValidation(t *testing.T) {
	_, base := Start(t, Options{})
	tests := []struct {
		query string
		ok    bool
	}{
		{"", true},
		{"range=90d&platforms=youtube&accounts=x", true},
		{"start=2026-01-01&end=2026-02-01", true},
		{"sortBy=saves&limit=0", true}, // paging and sorting are not summary parameters
		{"range=7d", false},
		{"start=2026-01-01", false},
		{"start=2026-03-01&end=2026-02-01", false},
		{"start=20260101&end=20260201", false},
		{"platform=snapchat", false},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := do(t, "GET", base+"/analytics/summary?"+tt.query, PersonalKey, "")
			if tt.ok {
				wantStatus(t, r, 200)
				return
			}
			wantError(t, r, 400, "invalid_query_parameter")
		})
	}
}

func TestPostsPaging(t *testing.T) {
	srv, base := Start(t, Options{})
	for i, p := range []string{"tiktok", "instagram", "youtube"} {
		tg := srv.SeedTarget(WorkspaceScope(), p, fmt.Sprintf("@pager%d", i), "")
		srv.SetPosts(tg.ID, 37)
	}
	// A personal target's posts must never show up.
	srv.SeedTarget(PersonalScope(), "tiktok", "@hidden", "")

	for _, sortBy := range []string{"published_at", "views", "likes", "comments", "shares"} {
		for _, order := range []string{"asc", "desc"} {
			t.Run(sortBy+" "+order, func(t *testing.T) {
				seen := map[string]bool{}
				type sortKey struct {
					value int64
					id    string
				}
				var keys []sortKey
				total := -1
				for offset := 0; ; offset += 10 {
					page := getPosts(t, base, WorkspaceKey,
						fmt.Sprintf("range=all&sortBy=%s&sortOrder=%s&limit=10&offset=%d", sortBy, order, offset))
					if total == -1 {
						total = page.TotalCount
					} else if page.TotalCount != total {
						t.Fatalf("totalCount changed: %d -> %d", total, page.TotalCount)
					}
					if want := offset+len(page.Posts) < total; page.HasMore != want {
						t.Fatalf("offset %d: hasMore = %v, want %v", offset, page.HasMore, want)
					}
					for _, p := range page.Posts {
						if seen[p.ID] {
							t.Fatalf("post %s on two pages", p.ID)
						}
						seen[p.ID] = true
						if sortBy == "published_at" {
							ts, err := time.Parse(time.RFC3339, p.PublishedAt)
							if err != nil {
								t.Fatal(err)
							}
							keys = append(keys, sortKey{ts.Unix(), p.ID})
						} else {
							keys = append(keys, sortKey{p.Metrics[sortBy], p.ID})
						}
					}
					if !page.HasMore {
						break
					}
				}
				if total != 111 || len(seen) != total {
					t.Fatalf("saw %d distinct posts, totalCount %d, want 111", len(seen), total)
				}
				// Ties are broken by ascending id, so the order is total.
				if !slices.IsSortedFunc(keys, func(a, b sortKey) int {
					c := cmp.Compare(a.value, b.value)
					if order == "desc" {
						c = -c
					}
					return cmp.Or(c, strings.Compare(a.id, b.id))
				}) {
					t.Errorf("posts not sorted by %s %s", sortBy, order)
				}
			})
		}
	}

	t.Run("defaults", func(t *testing.T) {
		page := getPosts(t, base, WorkspaceKey, "range=all")
		if len(page.Posts) != 50 || page.TotalCount != 111 || !page.HasMore {
			t.Errorf("default page: %d posts, total %d, hasMore %v", len(page.Posts), page.TotalCount, page.HasMore)
		}
		for i := 1; i < len(page.Posts); i++ {
			if page.Posts[i-1].PublishedAt < page.Posts[i].PublishedAt {
				t.Fatal("default order is not published_at desc")
			}
		}
	})
	t.Run("past the end", func(t *testing.T) {
		page := getPosts(t, base, WorkspaceKey, "range=all&offset=500")
		if len(page.Posts) != 0 || page.HasMore || page.TotalCount != 111 {
			t.Errorf("page past the end = %+v", page)
		}
		if r := do(t, "GET", base+"/analytics/summary/posts?range=all&offset=500", WorkspaceKey, ""); !strings.Contains(string(r.raw), `"posts":[]`) {
			t.Errorf("empty page is not []: %s", r.raw)
		}
	})
}

func TestPostsFilters(t *testing.T) {
	srv, base := Start(t, Options{})
	tiktok := srv.SeedTarget(WorkspaceScope(), "tiktok", "@tt", "TT")
	insta := srv.SeedTarget(WorkspaceScope(), "instagram", "@ig", "")
	yt := srv.SeedTarget(WorkspaceScope(), "youtube", "@yt", "")
	per := DefaultPostsPerTarget

	t.Run("ranges select growing subsets", func(t *testing.T) {
		var prev int
		for _, rng := range []string{"14d", "30d", "90d", "1y", "all"} {
			page := getPosts(t, base, WorkspaceKey, "limit=100&range="+rng)
			if page.TotalCount <= prev {
				t.Errorf("range %s: %d posts, not more than the shorter range (%d)", rng, page.TotalCount, prev)
			}
			prev = page.TotalCount
			days := map[string]int{"14d": 14, "30d": 30, "90d": 90, "1y": 365}[rng]
			for _, p := range page.Posts {
				ts, _ := time.Parse(time.RFC3339, p.PublishedAt)
				if ts.After(defaultNow) || (days > 0 && ts.Before(defaultNow.AddDate(0, 0, -days))) {
					t.Errorf("range %s: post at %s outside the window", rng, p.PublishedAt)
				}
			}
		}
		if prev != 3*per {
			t.Errorf("range all = %d posts, want %d", prev, 3*per)
		}
		if def, thirty := getPosts(t, base, WorkspaceKey, ""), getPosts(t, base, WorkspaceKey, "range=30d"); def.TotalCount != thirty.TotalCount {
			t.Errorf("default range = %d posts, 30d = %d", def.TotalCount, thirty.TotalCount)
		}
	})
	t.Run("custom dates win over range", func(t *testing.T) {
		all := getPosts(t, base, WorkspaceKey, "range=all")
		wide := getPosts(t, base, WorkspaceKey, "range=14d&start=2020-01-01&end=2026-12-31")
		if wide.TotalCount != all.TotalCount {
			t.Errorf("custom dates: %d posts, want %d", wide.TotalCount, all.TotalCount)
		}
		none := getPosts(t, base, WorkspaceKey, "range=all&start=2030-01-01&end=2030-12-31")
		if none.TotalCount != 0 {
			t.Errorf("future dates: %d posts", none.TotalCount)
		}
		// The end day is inclusive: a window of the newest post's day holds it.
		newest := getPosts(t, base, WorkspaceKey, "range=all&limit=1").Posts[0]
		day := newest.PublishedAt[:10]
		one := getPosts(t, base, WorkspaceKey, "start="+day+"&end="+day)
		if one.TotalCount < 1 {
			t.Errorf("window %s..%s misses the post published %s", day, day, newest.PublishedAt)
		}
	})
	t.Run("platform and account filters", func(t *testing.T) {
		tests := []struct {
			query string
			want  int
			plats []string
		}{
			{"platforms=tiktok", per, []string{"tiktok"}},
			{"platform=instagram", per, []string{"instagram"}},
			{"platforms=tiktok,youtube", 2 * per, []string{"tiktok", "youtube"}},
			{"accounts=" + insta.ID, per, []string{"instagram"}},
			{"account_ids=" + insta.ID + "," + yt.ID, 2 * per, []string{"instagram", "youtube"}},
			{"accounts=" + tiktok.ID + "&platforms=youtube", 0, nil},
			{"accounts=00000000-0000-4000-8000-000000000000", 0, nil},
		}
		for _, tt := range tests {
			t.Run(tt.query, func(t *testing.T) {
				page := getPosts(t, base, WorkspaceKey, "range=all&limit=100&"+tt.query)
				if page.TotalCount != tt.want {
					t.Errorf("totalCount = %d, want %d", page.TotalCount, tt.want)
				}
				for _, p := range page.Posts {
					if !slices.Contains(tt.plats, p.Platform) {
						t.Errorf("post of platform %s", p.Platform)
					}
				}
			})
		}
	})
	t.Run("other scope sees none of them", func(t *testing.T) {
		if page := getPosts(t, base, PersonalKey, "range=all"); page.TotalCount != 0 {
			t.Errorf("personal key sees %d workspace posts", page.TotalCount)
		}
	})
	t.Run("Now option moves the windows", func(t *testing.T) {
		srv2, base2 := Start(t, Options{Now: defaultNow.AddDate(1, 0, 0)})
		srv2.SeedTarget(WorkspaceScope(), "tiktok", "@later", "")
		page := getPosts(t, base2, WorkspaceKey, "range=all&limit=1")
		if !strings.HasPrefix(page.Posts[0].PublishedAt, "2027-03-") {
			t.Errorf("newest post with Now in 2027 = %s", page.Posts[0].PublishedAt)
		}
	})
}

func TestPostRows(t *testing.T) {
	srv, base := Start(t, Options{})
	var targets []Target
	for i := range 6 {
		alias := ""
		if i%2 == 0 {
			alias = fmt.Sprintf("Account %d", i)
		}
		tg := srv.SeedTarget(WorkspaceScope(), platforms[i%3], fmt.Sprintf("@Row%d", i), alias)
		srv.SetPosts(tg.ID, 40)
		targets = append(targets, tg)
	}
	byIdentifier := map[string]Target{}
	for _, tg := range targets {
		byIdentifier[tg.Identifier] = tg
	}

	nulls := map[string]int{}
	values := map[string]int{}
	nullable := []string{"platformPostId", "genviralPostId", "externalId", "thumbnailUrl", "durationSeconds", "accountAvatarUrl"}
	ids := map[string]bool{}
	for offset := 0; offset < 240; offset += 100 {
		r := do(t, "GET", base+"/analytics/summary/posts?range=all&limit=100&offset="+fmt.Sprint(offset), WorkspaceKey, "")
		var d struct {
			Posts []obj `json:"posts"`
		}
		if err := json.Unmarshal(r.env["data"], &d); err != nil {
			t.Fatal(err)
		}
		wantKeys(t, "data", data[obj](t, r), "posts", "totalCount", "hasMore")
		for _, row := range d.Posts {
			wantKeys(t, "post", row, "id", "analyticsId", "platformPostId", "genviralPostId", "externalId",
				"publishedAt", "caption", "permalink", "thumbnailUrl", "durationSeconds", "metrics",
				"engagementRate", "platform", "accountIdentifier", "accountDisplayName", "accountAvatarUrl")
			id := str(t, row["id"])
			if str(t, row["analyticsId"]) != id || !uuidV4.MatchString(id) || ids[id] {
				t.Fatalf("bad or repeated id %s / %s", row["id"], row["analyticsId"])
			}
			ids[id] = true
			for _, k := range nullable {
				if string(row[k]) == "null" {
					nulls[k]++
				} else {
					values[k]++
				}
			}
			if string(row["externalId"]) != "null" && string(row["genviralPostId"]) == "null" {
				t.Error("externalId without genviralPostId")
			}
			var m map[string]json.RawMessage
			_ = json.Unmarshal(row["metrics"], &m)
			wantKeys(t, "metrics", m, "views", "likes", "comments", "shares", "saves")
			var metrics map[string]float64
			var rate float64
			_ = json.Unmarshal(row["metrics"], &metrics)
			_ = json.Unmarshal(row["engagementRate"], &rate)
			want := (metrics["likes"] + metrics["comments"] + metrics["shares"] + metrics["saves"]) / metrics["views"] * 100
			if rate < 0 || rate > 100 || rate-want > 0.01 || want-rate > 0.01 {
				t.Errorf("engagementRate = %v, want about %v", rate, want)
			}
			tg, ok := byIdentifier[str(t, row["accountIdentifier"])]
			if !ok {
				t.Fatalf("accountIdentifier %s is no target identifier", row["accountIdentifier"])
			}
			wantName := tg.DisplayName
			if wantName == "" {
				wantName = tg.NormalizedIdentifier
			}
			if str(t, row["accountDisplayName"]) != wantName || str(t, row["platform"]) != tg.Platform {
				t.Errorf("account fields %s/%s for target %+v", row["accountDisplayName"], row["platform"], tg)
			}
			if _, err := time.Parse("2006-01-02T15:04:05.000Z", str(t, row["publishedAt"])); err != nil {
				t.Errorf("publishedAt %s: %v", row["publishedAt"], err)
			}
			if !strings.HasPrefix(str(t, row["permalink"]), "https://www.") {
				t.Errorf("permalink = %s", row["permalink"])
			}
		}
	}
	if len(ids) != 240 {
		t.Errorf("saw %d posts, want 240", len(ids))
	}
	for _, k := range nullable {
		if nulls[k] == 0 || values[k] == 0 {
			t.Errorf("%s: %d nulls, %d values; want both", k, nulls[k], values[k])
		}
	}

	t.Run("deterministic", func(t *testing.T) {
		_, other := Start(t, Options{})
		for i := range 2 {
			createTarget(t, other, WorkspaceKey, "tiktok", fmt.Sprintf("@same%d", i))
		}
		_, again := Start(t, Options{Seed: 99})
		for i := range 2 {
			createTarget(t, again, WorkspaceKey, "tiktok", fmt.Sprintf("@same%d", i))
		}
		q := "/analytics/summary/posts?range=all&limit=100"
		a := do(t, "GET", other+q, WorkspaceKey, "")
		b := do(t, "GET", again+q, WorkspaceKey, "")
		if string(a.raw) != string(b.raw) {
			t.Error("same operations gave different posts")
		}
	})
}

// summaryData is the data of GET /analytics/summary.
type summaryData struct {
	KPIs              map[string]map[string]float64 `json:"kpis"`
	InteractionSeries []map[string]any              `json:"interactionSeries"`
	EngagementSeries  []map[string]any              `json:"engagementSeries"`
	PostingHeatmap    []struct {
		Date  string `json:"date"`
		Count int    `json:"count"`
	} `json:"postingHeatmap"`
	PostingStreak float64 `json:"postingStreak"`
	ContentMix    []struct {
		Platform string `json:"platform"`
		Count    int    `json:"count"`
	} `json:"contentMix"`
}

func TestSummary(t *testing.T) {
	srv, base := Start(t, Options{})
	for i, p := range []string{"tiktok", "instagram", "tiktok"} {
		tg := srv.SeedTarget(WorkspaceScope(), p, fmt.Sprintf("@sum%d", i), "")
		srv.SetPosts(tg.ID, 60)
	}

	tests := []string{"range=all", "range=90d", "range=30d&platforms=tiktok", "start=2025-06-01&end=2025-12-31", ""}
	for _, query := range tests {
		t.Run(query, func(t *testing.T) {
			r := do(t, "GET", base+"/analytics/summary?"+query, WorkspaceKey, "")
			wantStatus(t, r, 200)
			d := data[obj](t, r)
			wantKeys(t, "data", d, "kpis", "interactionSeries", "engagementSeries", "postingHeatmap", "postingStreak", "contentMix")
			var kpis map[string]obj
			_ = json.Unmarshal(d["kpis"], &kpis)
			wantKeys(t, "kpis", toObj(kpis), "publishedVideos", "activeAccounts", "views", "likes", "comments", "shares", "saves", "engagementRate")
			for name, k := range kpis {
				wantKeys(t, "kpi "+name, k, "value", "previous", "delta")
			}
			s := data[summaryData](t, r)

			// Cross-check with the posts endpoint.
			var views float64
			var count int
			mix := map[string]int{}
			for offset := 0; ; offset += 100 {
				page := getPosts(t, base, WorkspaceKey, query+"&limit=100&offset="+fmt.Sprint(offset))
				count = page.TotalCount
				for _, p := range page.Posts {
					views += float64(p.Metrics["views"])
					mix[p.Platform]++
				}
				if !page.HasMore {
					break
				}
			}
			if s.KPIs["publishedVideos"]["value"] != float64(count) || s.KPIs["views"]["value"] != views {
				t.Errorf("kpis %v disagree with posts (count %d, views %v)", s.KPIs, count, views)
			}
			for _, k := range s.KPIs {
				if k["delta"] != round2(k["value"]-k["previous"]) {
					t.Errorf("delta of %v", k)
				}
			}
			heat := 0
			for i, h := range s.PostingHeatmap {
				heat += h.Count
				if i > 0 && s.PostingHeatmap[i-1].Date >= h.Date {
					t.Error("heatmap dates not ascending")
				}
			}
			if heat != count || len(s.InteractionSeries) != len(s.PostingHeatmap) || len(s.EngagementSeries) != len(s.PostingHeatmap) {
				t.Errorf("series sizes: heat %d (sum %d), interactions %d, engagement %d", len(s.PostingHeatmap), heat,
					len(s.InteractionSeries), len(s.EngagementSeries))
			}
			for _, m := range s.ContentMix {
				if mix[m.Platform] != m.Count {
					t.Errorf("contentMix %s = %d, posts say %d", m.Platform, m.Count, mix[m.Platform])
				}
			}
			if count > 0 && s.PostingStreak < 1 {
				t.Errorf("postingStreak = %v", s.PostingStreak)
			}
			if len(s.InteractionSeries) > 0 {
				keys := make([]string, 0)
				for k := range s.InteractionSeries[0] {
					keys = append(keys, k)
				}
				slices.Sort(keys)
				if strings.Join(keys, ",") != "comments,date,likes,saves,shares,views" {
					t.Errorf("interactionSeries keys = %v", keys)
				}
			}
		})
	}

	t.Run("empty scope", func(t *testing.T) {
		r := do(t, "GET", base+"/analytics/summary", PersonalKey, "")
		d := data[obj](t, r)
		for _, k := range []string{"interactionSeries", "engagementSeries", "postingHeatmap", "contentMix"} {
			if string(d[k]) != "[]" {
				t.Errorf("%s = %s, want []", k, d[k])
			}
		}
		if string(d["postingStreak"]) != "0" {
			t.Errorf("postingStreak = %s", d["postingStreak"])
		}
	})
	t.Run("previous period", func(t *testing.T) {
		s := data[summaryData](t, do(t, "GET", base+"/analytics/summary?range=90d", WorkspaceKey, ""))
		prev := getPosts(t, base, WorkspaceKey, url.Values{
			"start": {defaultNow.AddDate(0, 0, -180).Format(time.DateOnly)},
			"end":   {defaultNow.AddDate(0, 0, -91).Format(time.DateOnly)},
		}.Encode())
		if s.KPIs["publishedVideos"]["previous"] == 0 || prev.TotalCount == 0 {
			t.Errorf("previous period empty: kpi %v, posts %d", s.KPIs["publishedVideos"], prev.TotalCount)
		}
		all := data[summaryData](t, do(t, "GET", base+"/analytics/summary?range=all", WorkspaceKey, ""))
		if all.KPIs["views"]["previous"] != 0 {
			t.Errorf("range all has a previous period: %v", all.KPIs["views"])
		}
	})
}

// toObj turns a map of objects into an obj for key checks.
func toObj(m map[string]obj) obj {
	out := obj{}
	for k := range m {
		out[k] = nil
	}
	return out
}

func TestLongestStreak(t *testing.T) {
	tests := []struct {
		dates []string
		want  int
	}{
		{nil, 0},
		{[]string{"2026-01-01"}, 1},
		{[]string{"2026-01-01", "2026-01-03"}, 1},
		{[]string{"2026-02-27", "2026-02-28", "2026-03-01", "2026-03-05", "2026-03-06"}, 3},
		{[]string{"2025-12-31", "2026-01-01", "2026-01-02", "2026-01-03"}, 4},
	}
	for _, tt := range tests {
		if got := longestStreak(tt.dates); got != tt.want {
			t.Errorf("longestStreak(%v) = %d, want %d", tt.dates, got, tt.want)
		}
	}
}

func TestNormalizeIdentifier(t *testing.T) {
	tests := map[string]string{
		"@Brand":      "brand",
		" @BRAND ":    "brand",
		"brand":       "brand",
		"@@brand":     "@brand",
		"acme.Coffee": "acme.coffee",
		"@カフェ東京":      "カフェ東京",
		"@Café·Paris": "café·paris",
		"@ΚΑΦΕΟΔΟΣ":   "καφεοδος",
		"ΣΟΦΙΑ.ΟΔΟΣ":  "σοφια.οδος",
		"καφεοδοσ":    "καφεοδοσ",
		"@İSTANBUL":   "i\u0307stanbul",
		"STRAẞE":      "straße",
	}
	for in, want := range tests {
		if got := normalizeIdentifier(in); got != want {
			t.Errorf("normalizeIdentifier(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBadPostData: PostsTotalCount makes every page announce a count the
// rows do not reach (hasMore stays true to them); SetPostMetrics gives a
// post huge, negative or out-of-range values, sent as set.
func TestBadPostData(t *testing.T) {
	srv, base := Start(t, Options{PostsPerTarget: 3})
	id := createTarget(t, base, WorkspaceKey, "tiktok", "brand")
	rate := 1e308
	if !srv.SetPostMetrics(id, 0, PostMetrics{Views: math.MaxInt64, Likes: -4, EngagementRate: &rate}) {
		t.Fatal("post 0 not found")
	}
	if srv.SetPostMetrics(id, 3, PostMetrics{}) {
		t.Error("post 3 of 3 found")
	}
	srv.SetFaults(Faults{PostsTotalCount: 10100})
	r := do(t, "GET", base+"/analytics/summary/posts?limit=100&offset=0&range=all", WorkspaceKey, "")
	wantStatus(t, r, 200)
	d := data[struct {
		Posts []struct {
			Metrics        map[string]int64 `json:"metrics"`
			EngagementRate float64          `json:"engagementRate"`
		} `json:"posts"`
		TotalCount int  `json:"totalCount"`
		HasMore    bool `json:"hasMore"`
	}](t, r)
	if len(d.Posts) != 3 || d.TotalCount != 10100 || d.HasMore {
		t.Fatalf("page: %d rows, total %d, hasMore %v; want 3, 10100, false", len(d.Posts), d.TotalCount, d.HasMore)
	}
	newest := d.Posts[0]
	if newest.Metrics["views"] != math.MaxInt64 || newest.Metrics["likes"] != -4 || newest.EngagementRate != 1e308 {
		t.Errorf("newest post = %+v, want the metrics set", newest)
	}
}

// Options.MaxPostsLimit lets one answer hold more than the API's 100
// posts, up to it and no further.
func TestPostsMaxPostsLimit(t *testing.T) {
	srv, base := Start(t, Options{PostsPerTarget: 300, MaxPostsLimit: 250})
	srv.SeedTarget(WorkspaceScope(), "tiktok", "@many", "")
	if page := getPosts(t, base, WorkspaceKey, "range=all&limit=250"); len(page.Posts) != 250 || page.TotalCount != 300 {
		t.Errorf("limit=250: %d posts of %d, want 250 of 300", len(page.Posts), page.TotalCount)
	}
	wantError(t, do(t, "GET", base+"/analytics/summary/posts?limit=251", WorkspaceKey, ""), 400, "invalid_query_parameter")
}
