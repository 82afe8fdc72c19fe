package genviral_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// postsServer is a fake of GET /analytics/summary/posts over rows p-0 … p-(total-1).
type postsServer struct {
	total int
	// noTotal answers totalCount 0 (while hasMore stays truthful).
	noTotal bool
	// announce, when positive, is the totalCount answered instead of
	// total (a lying count; the rows and hasMore stay truthful).
	announce int
	// overlap shifts every page after offset 0 one row up (as if a row had
	// been inserted at the top meanwhile), so each page repeats the last row
	// of the previous one.
	overlap bool
	// failAt answers the page at this offset with failStatus.
	failAt, failStatus int
	// barrier, when > 0, holds every page but the first until that many
	// requests are in flight at once (or 10s pass, once).
	barrier int

	mu       sync.Mutex
	offsets  []int
	limits   []int
	queries  []map[string][]string
	inFlight inFlight
	full     chan struct{}
	fullOnce sync.Once
}

func (ps *postsServer) handler(t testing.TB) http.HandlerFunc {
	ps.full = make(chan struct{})
	return func(w http.ResponseWriter, r *http.Request) {
		n := ps.inFlight.enter()
		defer ps.inFlight.leave()
		if r.URL.Path != "/analytics/summary/posts" {
			writeErr(w, 404, "not_found", "no route")
			return
		}
		q := r.URL.Query()
		offset, err1 := strconv.Atoi(q.Get("offset"))
		limit, err2 := strconv.Atoi(q.Get("limit"))
		ps.mu.Lock()
		ps.offsets = append(ps.offsets, offset)
		ps.limits = append(ps.limits, limit)
		ps.queries = append(ps.queries, q)
		ps.mu.Unlock()
		if err1 != nil || err2 != nil || limit < 1 || limit > 100 || offset < 0 || offset > 10000 {
			t.Errorf("invalid page requested: offset %q limit %q", q.Get("offset"), q.Get("limit"))
			writeErr(w, 400, "invalid_query_parameter", "bad paging")
			return
		}
		if ps.barrier > 0 && offset != 0 {
			if int(n) >= ps.barrier {
				ps.fullOnce.Do(func() { close(ps.full) })
			}
			select {
			case <-ps.full:
			case <-time.After(10 * time.Second):
				// Not parallel enough: stop holding requests (the test
				// fails on inFlight.max) instead of slowing every page down.
				ps.fullOnce.Do(func() { close(ps.full) })
			}
		}
		if offset == ps.failAt && ps.failStatus != 0 {
			writeErr(w, ps.failStatus, "", "page failed")
			return
		}
		from := offset
		if ps.overlap && offset > 0 {
			from--
		}
		rows := []map[string]any{}
		for i := from; i < ps.total && i < from+limit; i++ {
			id := fmt.Sprintf("p-%d", i)
			rows = append(rows, map[string]any{"id": id, "analyticsId": id, "metrics": map[string]any{"views": i}})
		}
		totalCount := ps.total
		if ps.noTotal {
			totalCount = 0
		}
		if ps.announce > 0 {
			totalCount = ps.announce
		}
		writeOK(w, 200, map[string]any{"posts": rows, "totalCount": totalCount, "hasMore": offset+limit < ps.total})
	}
}

func (ps *postsServer) seenOffsets() []int {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	out := slices.Clone(ps.offsets)
	sort.Ints(out)
	return out
}

func newPostsClient(t testing.TB, ps *postsServer, maxParallel int) (*genviral.Client, *fakeAPI) {
	f := newFakeAPI(t, ps.handler(t))
	return newClient(t, f.URL, func(c *genviral.Config) { c.MaxParallel = maxParallel }), f
}

// checkRows asserts the rows are p-from … p-(from+n-1) in order.
func checkRows(t testing.TB, posts []genviral.Post, from, n int) {
	t.Helper()
	if len(posts) != n {
		t.Fatalf("got %d rows, want %d", len(posts), n)
	}
	for i, p := range posts {
		if want := fmt.Sprintf("p-%d", from+i); p.Key() != want {
			t.Fatalf("row %d = %s, want %s (rows out of order, duplicated or missing)", i, p.Key(), want)
		}
	}
}

func TestFetchPostsWindow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		total        int
		offset, max  int
		wantFrom     int
		wantRows     int
		wantReqs     int
		wantMore     bool
		wantOffsets  []int
		wantLimitSum int
	}{
		{"250 of 1000", 1000, 0, 250, 0, 250, 3, true, []int{0, 100, 200}, 250},
		{"max beyond total", 230, 0, 1000, 0, 230, 3, false, []int{0, 100, 200}, 300},
		{"exact total", 300, 0, 300, 0, 300, 3, false, []int{0, 100, 200}, 300},
		{"single page", 40, 0, 100, 0, 40, 1, false, []int{0}, 100},
		{"small max", 1000, 0, 7, 0, 7, 1, true, []int{0}, 7},
		{"empty", 0, 0, 100, 0, 0, 1, false, []int{0}, 100},
		{"from offset", 1000, 150, 250, 150, 250, 3, true, []int{150, 250, 350}, 250},
		{"offset past total", 100, 500, 100, 0, 0, 1, false, []int{500}, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ps := &postsServer{total: tt.total}
			c, _ := newPostsClient(t, ps, 4)
			res, err := c.FetchPosts(context.Background(), genviral.PostsQuery{Offset: tt.offset}, tt.max)
			if err != nil {
				t.Fatal(err)
			}
			checkRows(t, res.Posts, tt.wantFrom, tt.wantRows)
			if res.Requests != tt.wantReqs || res.HasMore != tt.wantMore || res.TotalCount != tt.total {
				t.Errorf("result: requests %d hasMore %v total %d; want %d %v %d", res.Requests, res.HasMore, res.TotalCount, tt.wantReqs, tt.wantMore, tt.total)
			}
			if got := ps.seenOffsets(); !slices.Equal(got, tt.wantOffsets) {
				t.Errorf("offsets requested = %v, want %v", got, tt.wantOffsets)
			}
			sum := 0
			for _, l := range ps.limits {
				sum += l
			}
			if sum != tt.wantLimitSum {
				t.Errorf("limits %v sum to %d, want %d", ps.limits, sum, tt.wantLimitSum)
			}
		})
	}
}

func TestFetchPostsQueryNames(t *testing.T) {
	t.Parallel()
	ps := &postsServer{total: 150}
	c, _ := newPostsClient(t, ps, 2)
	q := genviral.PostsQuery{
		AnalyticsFilter: genviral.AnalyticsFilter{
			Range: "90d", Start: "2026-01-01", End: "2026-02-01",
			Platforms: []string{"tiktok", "instagram"}, AccountIDs: []string{"a1", "a2"},
		},
		SortBy: "views", SortOrder: "asc", Limit: 3, // Limit is ignored by FetchPosts
	}
	if _, err := c.FetchPosts(context.Background(), q, 150); err != nil {
		t.Fatal(err)
	}
	if len(ps.queries) != 2 {
		t.Fatalf("%d requests, want 2", len(ps.queries))
	}
	want := map[string]string{
		"range": "90d", "start": "2026-01-01", "end": "2026-02-01", "platforms": "tiktok,instagram",
		"accounts": "a1,a2", "sortBy": "views", "sortOrder": "asc",
	}
	for _, got := range ps.queries {
		names := make([]string, 0, len(got))
		for k, v := range got {
			names = append(names, k)
			if len(v) != 1 {
				t.Errorf("query %s sent %d times", k, len(v))
			}
		}
		sort.Strings(names)
		if wantNames := []string{"accounts", "end", "limit", "offset", "platforms", "range", "sortBy", "sortOrder", "start"}; !slices.Equal(names, wantNames) {
			t.Errorf("query names = %v, want %v", names, wantNames)
		}
		for k, v := range want {
			if got[k][0] != v {
				t.Errorf("%s = %q, want %q", k, got[k][0], v)
			}
		}
		if got["limit"][0] == "3" {
			t.Error("FetchPosts used q.Limit")
		}
	}

	// An empty filter sends only limit and offset.
	ps2 := &postsServer{total: 5}
	c2, _ := newPostsClient(t, ps2, 2)
	if _, err := c2.ListPosts(context.Background(), genviral.PostsQuery{Limit: 50}); err != nil {
		t.Fatal(err)
	}
	if q := ps2.queries[0]; len(q) != 2 || q["limit"][0] != "50" || q["offset"][0] != "0" {
		t.Errorf("empty filter query = %v", q)
	}
}

func TestFetchPostsDropsDuplicatesAcrossPages(t *testing.T) {
	t.Parallel()
	ps := &postsServer{total: 1000, overlap: true}
	c, _ := newPostsClient(t, ps, 4)
	res, err := c.FetchPosts(context.Background(), genviral.PostsQuery{}, 300)
	if err != nil {
		t.Fatal(err)
	}
	// Pages 100 and 200 each start with the row before them (99, 199); the
	// repeats are dropped and order is kept.
	seen := map[string]bool{}
	for i, p := range res.Posts {
		if seen[p.Key()] {
			t.Fatalf("row %d: duplicate %s", i, p.Key())
		}
		seen[p.Key()] = true
	}
	checkRows(t, res.Posts, 0, 299)
}

// FetchPostsInto hands each row the result keeps to Keep, in order, with
// its page's prepared value: without the rows dropped as repeats, past the
// last reachable offset, or beyond max; the rows are as Prepare left them.
// Expect comes first, with the rows expected; Done follows each page used.
func TestFetchPostsInto(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name          string
		overlap       bool
		offset, max   int
		wantFirst, nr int
	}{
		{"repeats across pages", true, 0, 300, 0, 299},
		{"past the last offset", false, 9950, 10100, 9950, 150},
		{"beyond max", false, 0, 250, 0, 250},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, _ := newPostsClient(t, &postsServer{total: 50000, overlap: tt.overlap}, 4)
			var calls atomic.Int64
			type page struct {
				keys []string
				done bool
			}
			var kept []string
			expected, done := -1, 0
			res, err := genviral.FetchPostsInto(context.Background(), c, genviral.PostsQuery{Offset: tt.offset}, tt.max,
				genviral.PageSink[*page]{
					Expect: func(rows int) { expected = rows },
					Prepare: func(rows []genviral.Post) *page {
						calls.Add(1)
						p := &page{keys: make([]string, len(rows))}
						for i := range rows {
							p.keys[i] = "prepared " + rows[i].Key()
							rows[i].Metrics = nil
						}
						return p
					},
					Keep: func(p *page, i int) {
						if expected < 0 {
							t.Error("Keep before Expect")
						}
						if p.done {
							t.Error("Keep after Done")
						}
						kept = append(kept, p.keys[i])
					},
					Done: func(p *page) { p.done = true; done++ },
				})
			if err != nil {
				t.Fatal(err)
			}
			checkRows(t, res.Posts, tt.wantFirst, tt.nr)
			if expected != tt.max && expected != tt.nr {
				t.Errorf("Expect(%d), want %d or %d", expected, tt.max, tt.nr)
			}
			if len(kept) != len(res.Posts) {
				t.Fatalf("%d rows kept for %d rows", len(kept), len(res.Posts))
			}
			for i := range kept {
				if want := "prepared " + res.Posts[i].Key(); kept[i] != want {
					t.Fatalf("row %d: kept %q, want %q", i, kept[i], want)
				}
				if res.Posts[i].Metrics != nil {
					t.Fatalf("row %d: metrics %+v, want them cleared as Prepare left the row", i, *res.Posts[i].Metrics)
				}
			}
			if int(calls.Load()) != res.Requests || done != res.Requests {
				t.Errorf("Prepare called %d times, Done %d times for %d pages", calls.Load(), done, res.Requests)
			}
		})
	}
}

func TestFetchPostsBoundedParallelism(t *testing.T) {
	t.Parallel()
	for _, p := range []int{1, 3, 6} {
		t.Run(fmt.Sprint(p), func(t *testing.T) {
			t.Parallel()
			ps := &postsServer{total: 5000, barrier: p}
			c, _ := newPostsClient(t, ps, p)
			res, err := c.FetchPosts(context.Background(), genviral.PostsQuery{}, 2000)
			if err != nil {
				t.Fatal(err)
			}
			checkRows(t, res.Posts, 0, 2000)
			if got := ps.inFlight.max(); got != p {
				t.Errorf("max requests in flight = %d, want exactly MaxParallel = %d", got, p)
			}
		})
	}
}

func TestFetchPostsParallelismSharedAcrossCalls(t *testing.T) {
	t.Parallel()
	ps := &postsServer{total: 2000}
	c, _ := newPostsClient(t, ps, 3)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.FetchPosts(context.Background(), genviral.PostsQuery{}, 1000); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := ps.inFlight.max(); got > 3 {
		t.Errorf("max in flight across concurrent fetches = %d, want ≤ 3", got)
	}
}

func TestFetchPostsNeverPastMaxOffset(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		offset, max int
		noTotal     bool
		wantOffsets []int
		wantFrom    int
		wantRows    int
	}{
		// Rows 0…10099 are reachable: offset 10000 is the last page.
		{"from 0", 0, 10100, false, nil, 0, 10100},
		{"from 0 beyond reach", 0, 20000, false, nil, 0, 10100},
		// From 9950 the rows up to 10099 are reachable through a last page
		// at offset 10000 that overlaps the first one.
		{"from 9950", 9950, 10100, false, []int{9950, 10000}, 9950, 150},
		{"from 9950 sequential", 9950, 10100, true, []int{9950, 10000}, 9950, 150},
		{"from 10000", 10000, 10100, false, []int{10000}, 10000, 100},
		{"from 50", 50, 10100, false, nil, 50, 10050},
		{"from 50 sequential", 50, 10100, true, nil, 50, 10050},
		{"from 9999 small", 9999, 30, false, []int{9999}, 9999, 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ps := &postsServer{total: 50000, noTotal: tt.noTotal}
			c, _ := newPostsClient(t, ps, 8)
			res, err := c.FetchPosts(context.Background(), genviral.PostsQuery{Offset: tt.offset}, tt.max)
			if err != nil {
				t.Fatal(err)
			}
			offs := ps.seenOffsets()
			if offs[len(offs)-1] > genviral.MaxPostsOffset {
				t.Errorf("requested offset %d > %d", offs[len(offs)-1], genviral.MaxPostsOffset)
			}
			if tt.wantOffsets != nil && !slices.Equal(offs, tt.wantOffsets) {
				t.Errorf("offsets = %v, want %v", offs, tt.wantOffsets)
			}
			if len(offs) != res.Requests {
				t.Errorf("Requests = %d, server saw %d", res.Requests, len(offs))
			}
			checkRows(t, res.Posts, tt.wantFrom, tt.wantRows)
			if !res.HasMore {
				t.Error("HasMore = false with 50000 rows")
			}
		})
	}
}

func TestFetchPostsRejectsUnreachableOffset(t *testing.T) {
	t.Parallel()
	ps := &postsServer{total: 50000}
	c, f := newPostsClient(t, ps, 2)
	for _, off := range []int{-1, 10001, 20000} {
		if _, err := c.FetchPosts(context.Background(), genviral.PostsQuery{Offset: off}, 10); err == nil {
			t.Errorf("offset %d accepted", off)
		}
	}
	if f.count() != 0 {
		t.Errorf("%d requests sent", f.count())
	}
}

func TestFetchPostsSequentialFallback(t *testing.T) {
	t.Parallel()
	ps := &postsServer{total: 450, noTotal: true}
	c, _ := newPostsClient(t, ps, 4)
	res, err := c.FetchPosts(context.Background(), genviral.PostsQuery{}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, res.Posts, 0, 450)
	if res.Requests != 5 || res.HasMore || res.TotalCount != 450 {
		t.Errorf("requests %d hasMore %v total %d; want 5 false 450", res.Requests, res.HasMore, res.TotalCount)
	}
	if !slices.Equal(ps.offsets, []int{0, 100, 200, 300, 400}) {
		t.Errorf("offsets in request order = %v, want sequential", ps.offsets)
	}
	if ps.inFlight.max() != 1 {
		t.Errorf("sequential fallback ran %d requests at once", ps.inFlight.max())
	}

	// Stops at maxResults and keeps HasMore.
	ps2 := &postsServer{total: 450, noTotal: true}
	c2, _ := newPostsClient(t, ps2, 4)
	res, err = c2.FetchPosts(context.Background(), genviral.PostsQuery{}, 250)
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, res.Posts, 0, 250)
	if res.Requests != 3 || !res.HasMore {
		t.Errorf("requests %d hasMore %v; want 3 true", res.Requests, res.HasMore)
	}
}

func TestFetchPostsStopsOnEmptyPageWithHasMore(t *testing.T) {
	t.Parallel()
	var n atomic.Int64
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeOK(w, 200, map[string]any{"posts": []any{}, "totalCount": 0, "hasMore": true})
	})
	c := newClient(t, f.URL)
	res, err := c.FetchPosts(context.Background(), genviral.PostsQuery{}, 10100)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Posts) != 0 || n.Load() != 1 || res.Posts == nil {
		t.Errorf("rows %d (nil %v), requests %d", len(res.Posts), res.Posts == nil, n.Load())
	}

	// A server that keeps answering the same full page without advancing
	// total: the fetch ends at maxResults / MaxPostsOffset, never loops.
	f2 := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		rows := []map[string]any{}
		for i := range 100 {
			rows = append(rows, map[string]any{"id": fmt.Sprint("same-", i)})
		}
		writeOK(w, 200, map[string]any{"posts": rows, "totalCount": 0, "hasMore": true})
	})
	res, err = newClient(t, f2.URL).FetchPosts(context.Background(), genviral.PostsQuery{}, 10100)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Posts) != 100 || f2.count() > 102 {
		t.Errorf("rows %d, requests %d", len(res.Posts), f2.count())
	}
}

func TestFetchPostsPageErrorFailsFetch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		failAt  int
		status  int
		noTotal bool
		reqs    int
	}{
		{"first page 400", 0, 400, false, 1},
		{"middle page 400", 300, 400, false, -1},
		{"middle page 500 after retries", 300, 500, false, -1},
		{"sequential page 403", 200, 403, true, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ps := &postsServer{total: 1000, failAt: tt.failAt, failStatus: tt.status, noTotal: tt.noTotal}
			c, f := newPostsClient(t, ps, 3)
			res, err := c.FetchPosts(context.Background(), genviral.PostsQuery{}, 1000)
			if res != nil {
				t.Errorf("partial result returned: %d rows", len(res.Posts))
			}
			e := mustAPIError(t, err)
			if e.StatusCode != tt.status || e.Path != "/analytics/summary/posts" {
				t.Errorf("APIError = %+v", e)
			}
			if tt.reqs > 0 && f.count() != tt.reqs {
				t.Errorf("requests = %d, want %d", f.count(), tt.reqs)
			}
		})
	}
}

func TestFetchPostsZeroMax(t *testing.T) {
	t.Parallel()
	ps := &postsServer{total: 10}
	c, f := newPostsClient(t, ps, 2)
	for _, maxResults := range []int{0, -5} {
		res, err := c.FetchPosts(context.Background(), genviral.PostsQuery{}, maxResults)
		if err != nil || res == nil || res.Posts == nil || len(res.Posts) != 0 {
			t.Errorf("FetchPosts(maxResults %d) = %+v, %v", maxResults, res, err)
		}
	}
	if f.count() != 0 {
		t.Errorf("%d requests", f.count())
	}
}

func TestListPostsDecodesContractRow(t *testing.T) {
	t.Parallel()
	const body = `{ "ok": true, "code": 200, "message": "Analytics posts retrieved",
  "data": {
    "posts": [{
      "id": "3d8a61f2-b0c4-4a5e-9f17-c28e06d4b1a9",
      "analyticsId": "3d8a61f2-b0c4-4a5e-9f17-c28e06d4b1a9",
      "platformPostId": "7420011223344556677",
      "genviralPostId": null, "externalId": null,
      "publishedAt": "2026-03-01T18:20:00.000Z",
      "caption": "three tips for cold brew",
      "permalink": "https://www.tiktok.com/@northwind_labs/video/7420011223344556677",
      "thumbnailUrl": "https://cdn.example.org/t/abc.jpg",
      "durationSeconds": 19,
      "metrics": { "views": 5300, "likes": 240, "comments": 12, "shares": 9, "saves": 4 },
      "engagementRate": 4.92,
      "platform": "tiktok", "accountIdentifier": "@northwind_labs",
      "accountDisplayName": "Northwind", "accountAvatarUrl": null },
      {"id": "legacy-only", "metrics": {"views": 1}}],
    "totalCount": 61, "hasMore": true } }`
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeRaw(w, 200, body) })
	page, err := newClient(t, f.URL).ListPosts(context.Background(), genviral.PostsQuery{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if page.TotalCount != 61 || !page.HasMore || len(page.Posts) != 2 {
		t.Fatalf("page = %+v", page)
	}
	p := page.Posts[0]
	if p.Key() != "3d8a61f2-b0c4-4a5e-9f17-c28e06d4b1a9" || p.GenviralPostID != nil || p.ExternalID != nil || p.AccountAvatarURL != nil ||
		*p.PlatformPostID != "7420011223344556677" || *p.DurationSeconds != 19 || *p.EngagementRate != 4.92 ||
		*p.Metrics.Views != 5300 || *p.Metrics.Saves != 4 || *p.AccountIdentifier != "@northwind_labs" || *p.Platform != "tiktok" {
		raw, _ := json.Marshal(p)
		t.Errorf("post = %s", raw)
	}
	q := page.Posts[1]
	if q.Key() != "legacy-only" || q.AnalyticsID != nil || q.Metrics.Likes != nil || q.PublishedAt != nil {
		t.Errorf("legacy post = %+v", q)
	}
}

// TestFetchPostsServerWithSmallerPages: a server that serves fewer rows per
// page than asked (it caps limit at 50) while totalCount and hasMore are
// truthful still yields every row, in order (review finding).
func TestFetchPostsServerWithSmallerPages(t *testing.T) {
	const total, pageCap = 300, 50
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		off, _ := strconv.Atoi(q.Get("offset"))
		lim, _ := strconv.Atoi(q.Get("limit"))
		lim = min(lim, pageCap)
		rows := []map[string]any{}
		for i := off; i < total && i < off+lim; i++ {
			id := fmt.Sprintf("p-%d", i)
			rows = append(rows, map[string]any{"id": id, "analyticsId": id})
		}
		writeOK(w, 200, map[string]any{"posts": rows, "totalCount": total, "hasMore": off+len(rows) < total})
	})
	res, err := newClient(t, f.URL).FetchPosts(context.Background(), genviral.PostsQuery{}, total)
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, res.Posts, 0, total)
	if res.HasMore {
		t.Error("HasMore = true after every row was read")
	}
}

// TestFetchPostsLyingTotalCount: a server announcing 10,100 rows but serving
// 250 (its pages past them empty, hasMore false) costs the real pages plus
// at most the pages already in flight, not 101 requests, and the result
// says every row was read.
func TestFetchPostsLyingTotalCount(t *testing.T) {
	t.Parallel()
	for _, p := range []int{1, 4, 10} {
		t.Run(fmt.Sprint(p), func(t *testing.T) {
			t.Parallel()
			ps := &postsServer{total: 250, announce: 10100}
			c, _ := newPostsClient(t, ps, p)
			res, err := c.FetchPosts(context.Background(), genviral.PostsQuery{}, 10100)
			if err != nil {
				t.Fatal(err)
			}
			checkRows(t, res.Posts, 0, 250)
			if res.HasMore || res.TotalCount != 250 {
				t.Errorf("HasMore = %v, TotalCount = %d; want false, 250 (every row was read)", res.HasMore, res.TotalCount)
			}
			// The 3 pages of rows, and the others in flight when the
			// third came back.
			if got := len(ps.seenOffsets()); got != res.Requests || got > 3+p-1 {
				t.Errorf("%d requests (result says %d), want at most %d", got, res.Requests, 3+p-1)
			}
		})
	}
	// An honest server still gets its pages in parallel, every one.
	ps := &postsServer{total: 1000, barrier: 4}
	c, _ := newPostsClient(t, ps, 4)
	res, err := c.FetchPosts(context.Background(), genviral.PostsQuery{}, 10100)
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, res.Posts, 0, 1000)
	if got := ps.inFlight.max(); got != 4 || res.Requests != 10 || res.HasMore {
		t.Errorf("in flight %d, requests %d, HasMore %v; want 4, 10, false", got, res.Requests, res.HasMore)
	}
}
