package genviral_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// scanTally is what a scan visited: how often each post, and the sum of
// their views.
type scanTally struct {
	seen  map[string]int
	views int64
}

func (s *scanTally) visit(p *genviral.Post) {
	s.seen[p.Key()]++
	if p.Metrics != nil && p.Metrics.Views != nil {
		s.views += *p.Metrics.Views
	}
}

// accountTally reads the posts of each target one account at a time (each
// fits one query), independently of ScanPosts.
func accountTally(t *testing.T, c *genviral.Client, f genviral.AnalyticsFilter, targets []emulator.Target) *scanTally {
	t.Helper()
	want := &scanTally{seen: map[string]int{}}
	for _, tg := range targets {
		q := genviral.PostsQuery{AnalyticsFilter: f}
		q.AccountIDs = []string{tg.ID}
		res, err := c.FetchPosts(context.Background(), q, genviral.MaxQueryRows)
		if err != nil {
			t.Fatal(err)
		}
		if res.HasMore {
			t.Fatalf("account %s holds more posts than one query serves", tg.Identifier)
		}
		for i := range res.Posts {
			want.visit(&res.Posts[i])
		}
	}
	return want
}

// compareTally fails unless got visited each post of want exactly once.
func compareTally(t *testing.T, got, want *scanTally) {
	t.Helper()
	for k, n := range got.seen {
		if n != 1 {
			t.Errorf("post %s visited %d times", k, n)
		}
		if want.seen[k] == 0 {
			t.Errorf("post %s visited but not among the accounts' posts", k)
		}
	}
	if len(got.seen) != len(want.seen) || got.views != want.views {
		t.Errorf("visited %d posts with %d views, want %d with %d", len(got.seen), got.views, len(want.seen), want.views)
	}
}

// TestScanPosts_year: 50,000 posts over a year, read past the 10,100 rows
// one query serves, are each visited exactly once, with at most 5 % more
// requests than their pages of 100, whether the year is given as dates or
// as the range preset.
func TestScanPosts_year(t *testing.T) {
	t.Parallel()
	_, c, targets, dates := yearEnv(t)
	for name, f := range map[string]genviral.AnalyticsFilter{"dates": dates, "range": {Range: "1y"}} {
		t.Run(name, func(t *testing.T) {
			want := accountTally(t, c, f, targets)
			if len(want.seen) < 50000 {
				t.Fatalf("the year holds %d posts, want about 50,000", len(want.seen))
			}
			got := &scanTally{seen: map[string]int{}}
			res, err := c.ScanPosts(context.Background(), genviral.PostsQuery{AnalyticsFilter: f}, 1_000_000, got.visit)
			if err != nil {
				t.Fatal(err)
			}
			compareTally(t, got, want)
			pages := (len(want.seen) + 99) / 100
			t.Logf("%d posts, %d requests (%d pages of 100)", len(want.seen), res.Requests, pages)
			if res.Read != len(want.seen) || res.HasMore || res.TotalCount != len(want.seen) {
				t.Errorf("result %+v, want %d posts read, none more", res, len(want.seen))
			}
			if res.Requests > pages*105/100 {
				t.Errorf("%d requests, want at most %d", res.Requests, pages*105/100)
			}
		})
	}
}

// yearEnv is a workspace of 50 accounts with about 50,000 posts in the
// year that dates covers (365 days up to the emulator's today).
func yearEnv(t testing.TB, mutate ...func(*genviral.Config)) (*emulator.Server, *genviral.Client, []emulator.Target, genviral.AnalyticsFilter) {
	t.Helper()
	return spreadEnv(t, 1048, mutate...)
}

// spreadEnv is a workspace of 50 accounts with perTarget posts each,
// denser towards today (generatePosts in the emulator), and the filter of
// the year up to the emulator's today, which holds about 95.5 % of them.
func spreadEnv(t testing.TB, perTarget int, mutate ...func(*genviral.Config)) (*emulator.Server, *genviral.Client, []emulator.Target, genviral.AnalyticsFilter) {
	t.Helper()
	srv, c := startEmulator(t, emulator.Options{PostsPerTarget: perTarget}, mutate...)
	var targets []emulator.Target
	for i := range 50 {
		targets = append(targets, srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", fmt.Sprintf("@acct%02d", i), ""))
	}
	now := srv.Now()
	return srv, c, targets, genviral.AnalyticsFilter{Start: now.AddDate(0, 0, -364).Format(time.DateOnly), End: now.Format(time.DateOnly)}
}

// BenchmarkScanPosts reads a year of posts with ScanPosts at 100 ms of
// latency per request and the default MaxParallel: about 10,100 posts
// (what one query serves), 25,000 and 50,000 spread over the year, and
// busyDayEnv's 18,000 with a day of 12,000 (split by account). It fails
// when a scan misses a post or sends more requests than the posts' pages
// of 100 times maxRatio: 1.05 over a year (the target), 1.10 with the
// busy day, whose split by account probes each account's day first. Besides the time it reports requests/op and their
// ratio to the pages, the network floor (pages divided by MaxParallel,
// times the latency: every request in a full window) and the op's time
// against it, and peak-heap-MB (the highest heap above the one before the
// op; see BenchmarkFetchPostsMemory).
func BenchmarkScanPosts(b *testing.B) {
	for _, size := range []struct {
		name      string
		perTarget int // posts of each of spreadEnv's 50 accounts; 0: busyDayEnv
		maxRatio  float64
	}{
		{"posts=10100", 212, 1.05},
		{"posts=25000", 524, 1.05},
		{"posts=50000", 1048, 1.05},
		{"posts=18000/busy-day", 0, 1.10},
	} {
		b.Run(size.name, func(b *testing.B) {
			var srv *emulator.Server
			var c *genviral.Client
			var f genviral.AnalyticsFilter
			if size.perTarget > 0 {
				srv, c, _, f = spreadEnv(b, size.perTarget)
			} else {
				srv, c, _, f = busyDayEnv(b, emulator.Faults{})
			}
			srv.SetFaults(emulator.Faults{Latency: fetchPostsLatency})
			benchScan(b, c, f, size.maxRatio)
		})
	}
}

// benchScan times ScanPosts of f with c and reports its metrics; it fails
// on more requests than maxRatio times the posts' pages.
func benchScan(b *testing.B, c *genviral.Client, f genviral.AnalyticsFilter, maxRatio float64) {
	ctx := context.Background()
	var ops, reqs, posts int
	var elapsed time.Duration
	var peak float64
	for b.Loop() {
		runtime.GC()
		before := heapObjects()
		stop := sampleHeap()
		start := time.Now()
		res, err := c.ScanPosts(ctx, genviral.PostsQuery{AnalyticsFilter: f}, 1_000_000, func(*genviral.Post) {})
		elapsed += time.Since(start)
		peak += float64(max(stop(), heapObjects())) - float64(before)
		if err != nil {
			b.Fatal(err)
		}
		if res.HasMore || res.Read != res.TotalCount {
			b.Fatalf("read %d of %d posts (more: %v), want all", res.Read, res.TotalCount, res.HasMore)
		}
		ops++
		reqs += res.Requests
		posts = res.Read
	}
	pages := (posts + genviral.MaxPostsPageSize - 1) / genviral.MaxPostsPageSize
	perScan := float64(reqs) / float64(ops)
	if perScan > float64(pages)*maxRatio {
		b.Fatalf("%.1f requests per scan of %d posts, want at most %.2f × %d pages", perScan, posts, maxRatio, pages)
	}
	floor := time.Duration((pages+genviral.DefaultMaxParallel-1)/genviral.DefaultMaxParallel) * fetchPostsLatency
	perOp := elapsed / time.Duration(ops)
	b.ReportMetric(perScan, "requests/op")
	b.ReportMetric(perScan/float64(pages), "x-pages")
	b.ReportMetric(float64(posts), "posts/op")
	b.ReportMetric(perOp.Seconds(), "wall-s/op")
	b.ReportMetric(floor.Seconds(), "floor-s")
	b.ReportMetric(float64(perOp)/float64(floor), "x-floor")
	b.ReportMetric(peak/float64(ops)/(1<<20), "peak-heap-MB")
}

// busyDayEnv is a workspace with 2 accounts of 3,000 posts spread over
// 400 days and 3 accounts of 4,000 posts each on one day: a day holding
// more posts than one query serves.
func busyDayEnv(t testing.TB, faults emulator.Faults) (*emulator.Server, *genviral.Client, []emulator.Target, genviral.AnalyticsFilter) {
	t.Helper()
	srv, c := startEmulator(t, emulator.Options{PostsPerTarget: 3000})
	scope := emulator.WorkspaceScope()
	targets := []emulator.Target{srv.SeedTarget(scope, "tiktok", "@spread", ""), srv.SeedTarget(scope, "instagram", "@wide", "")}
	for i := range 3 {
		tg := srv.SeedTarget(scope, "youtube", fmt.Sprintf("@busy%d", i), "")
		srv.SetPostsOn(tg.ID, 4000, srv.Now().AddDate(0, 0, -100))
		targets = append(targets, tg)
	}
	srv.SetFaults(faults)
	now := srv.Now()
	return srv, c, targets, genviral.AnalyticsFilter{Start: now.AddDate(0, 0, -410).Format(time.DateOnly), End: now.Format(time.DateOnly)}
}

// TestScanPosts_busyDay: a day holding 12,000 posts is split by account;
// each post is visited once, also when the server's end day reaches into
// the next (adjacent windows both serve some posts, deduplicated by
// analytics id); maxPosts stops the scan, newest first, and says so.
func TestScanPosts_busyDay(t *testing.T) {
	t.Parallel()
	for name, faults := range map[string]emulator.Faults{"": {}, "end overlaps the next day": {PostsEndOverlap: 6 * time.Hour}} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, c, targets, f := busyDayEnv(t, faults)
			want := accountTally(t, c, f, targets)
			if len(want.seen) != 18000 {
				t.Fatalf("the workspace holds %d posts, want 18,000", len(want.seen))
			}
			got := &scanTally{seen: map[string]int{}}
			res, err := c.ScanPosts(context.Background(), genviral.PostsQuery{AnalyticsFilter: f}, 100000, got.visit)
			if err != nil {
				t.Fatal(err)
			}
			compareTally(t, got, want)
			if res.Read != 18000 || res.HasMore {
				t.Errorf("result %+v, want 18,000 posts read, none more", res)
			}
		})
	}
	t.Run("max posts", func(t *testing.T) {
		t.Parallel()
		_, c, _, f := busyDayEnv(t, emulator.Faults{})
		got := &scanTally{seen: map[string]int{}}
		res, err := c.ScanPosts(context.Background(), genviral.PostsQuery{AnalyticsFilter: f}, 15000, got.visit)
		if err != nil {
			t.Fatal(err)
		}
		if res.Read != 15000 || len(got.seen) != 15000 || !res.HasMore || res.TotalCount != 18000 {
			t.Errorf("result %+v (%d visited), want 15,000 of 18,000 read and more", res, len(got.seen))
		}
	})
}

// TestScanPosts_oneAccountsDay: an account that published more on one day
// than one query serves is read as far as a query serves, and the scan
// says that posts were left.
func TestScanPosts_oneAccountsDay(t *testing.T) {
	t.Parallel()
	srv, c := startEmulator(t, emulator.Options{PostsPerTarget: 10})
	tg := srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@flood", "")
	srv.SetPostsOn(tg.ID, 10200, srv.Now().AddDate(0, 0, -3))
	srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@calm", "")
	got := &scanTally{seen: map[string]int{}}
	res, err := c.ScanPosts(context.Background(), genviral.PostsQuery{AnalyticsFilter: genviral.AnalyticsFilter{Range: "all"}},
		20000, got.visit)
	if err != nil {
		t.Fatal(err)
	}
	if !res.HasMore || res.TotalCount != 10210 || res.Read != len(got.seen) || res.Read < genviral.MaxQueryRows {
		t.Errorf("result %+v (%d visited), want at least %d of 10,210 read and more", res, len(got.seen), genviral.MaxQueryRows)
	}
}

// TestScanPosts_failure: a window page that fails ends the scan with its
// error, whichever leaf it belongs to, and visits nothing after it.
func TestScanPosts_failure(t *testing.T) {
	t.Parallel()
	srv, c, _, dates := yearEnv(t, func(c *genviral.Config) { c.MaxRetries = 0 })
	srv.SetFaults(emulator.Faults{ErrorRate: 0.01, ErrorStatuses: []int{500}})
	visited := 0
	res, err := c.ScanPosts(context.Background(), genviral.PostsQuery{AnalyticsFilter: dates}, 1_000_000,
		func(*genviral.Post) { visited++ })
	if err == nil || res != nil {
		t.Fatalf("scan = %+v, %v; want the error of a failed page", res, err)
	}
	t.Logf("%d posts visited before: %v", visited, err)
}
