package genviral_test

// Benchmarks behind BENCHMARKS.md (spec §11). They run against the emulator
// (or, for the memory measure, a server answering precomputed pages) and check
// what they measure: a benchmark that would report a number for a wrong
// answer fails with b.Fatal instead.
//
//	go test -run '^$' -bench 'ReadPath|FetchPostsLatency|FetchPostsMemory' -benchmem ./internal/genviral

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/emulator/emulatortest"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// readPathTargets is the size of the configuration of spec §11.
const readPathTargets = 200

// readPathLatency is the emulator's latency per request in BenchmarkReadPath.
const readPathLatency = 5 * time.Millisecond

// BenchmarkReadPath is the refresh of a configuration of 200
// genviral_analytics_target resources as the provider sees it: one client
// (one provider process) and 200 concurrent reads, against the emulator with
// 5 ms of latency per request.
//
//   - cached: 200 LookupTarget, which the resource's Read uses: they share
//     one GET /analytics/targets.
//   - naive: 200 GetTarget, one GET /analytics/targets/{id} each, which is
//     what a generic REST provider does.
//
// Every op uses a new client, as every Terraform run starts a new provider
// process. requests/op is counted by the emulator.
func BenchmarkReadPath(b *testing.B) {
	s, base := emulatortest.Start(b, emulator.Options{PostsPerTarget: -1})
	ids := make([]string, readPathTargets)
	for i := range ids {
		ids[i] = s.SeedTarget(emulator.WorkspaceScope(), genviral.Platforms[i%len(genviral.Platforms)],
			fmt.Sprintf("@readpath%03d", i), "").ID
	}
	s.SetFaults(emulator.Faults{Latency: readPathLatency})

	run := func(b *testing.B, read func(context.Context, *genviral.Client, string) (*genviral.Target, error), maxRequests int) {
		ctx := context.Background()
		s.ResetCounts()
		ops := 0
		b.ReportAllocs()
		for b.Loop() {
			ops++
			cfg := genviral.DefaultConfig()
			cfg.BaseURL, cfg.APIKey = base, emulator.WorkspaceKey
			c, err := genviral.New(cfg)
			if err != nil {
				b.Fatal(err)
			}
			errs := make([]error, len(ids))
			var wg sync.WaitGroup
			for i, id := range ids {
				wg.Go(func() {
					t, err := read(ctx, c, id)
					switch {
					case err != nil:
						errs[i] = err
					case t.ID != id:
						errs[i] = fmt.Errorf("read %s, got target %s", id, t.ID)
					}
				})
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					b.Fatal(err)
				}
			}
		}
		n := s.TotalCount()
		perOp := float64(n) / float64(ops)
		b.ReportMetric(perOp, "requests/op")
		if n > maxRequests*ops {
			b.Fatalf("%d requests in %d ops (%.1f/op), want at most %d per op", n, ops, perOp, maxRequests)
		}
	}
	b.Run("cached", func(b *testing.B) {
		run(b, func(ctx context.Context, c *genviral.Client, id string) (*genviral.Target, error) {
			return c.LookupTarget(ctx, id)
		}, 1)
		if got := s.Count(emulator.RouteGetTarget); got != 0 {
			b.Fatalf("the cached read path sent %d GET /analytics/targets/{id}", got)
		}
	})
	b.Run("naive", func(b *testing.B) {
		run(b, func(ctx context.Context, c *genviral.Client, id string) (*genviral.Target, error) {
			d, err := c.GetTarget(ctx, id)
			if err != nil {
				return nil, err
			}
			return &d.Target, nil
		}, readPathTargets)
	})
}

// fetchPostsRows is the largest window FetchPosts can read (MaxPostsOffset +
// MaxPostsPageSize): 101 pages of 100.
const fetchPostsRows = genviral.MaxPostsOffset + genviral.MaxPostsPageSize

// fetchPostsLatency is the latency per request of the servers in
// BenchmarkFetchPostsLatency.
const fetchPostsLatency = 100 * time.Millisecond

// BenchmarkFetchPostsLatency reads 10,100 rows through FetchPosts with
// 100 ms of latency per request, with MaxParallel 1 (page by page), 4 (the
// default until the window adapted), 8 and 10 (the default), from two
// servers:
//
//   - emulator: the emulator (3 targets of 4,000 posts) with Faults.Latency.
//     It sorts the 12,000 rows once per query (then serves the pages of
//     the sorted list), so its own work adds little to the parallel times.
//   - pages: a server answering precomputed pages after sleeping 100 ms,
//     which isolates the client: latency is the only cost.
//
// Each op must return exactly the rows of the server's order (read page by
// page without latency before timing): the right count, no duplicates,
// nothing missing, nothing reordered. One op takes 1.5-11 s, so the default
// -benchtime runs each sub-benchmark once. wall-s/op is the op's wall time
// and x-vs-MaxParallel=1 the speed-up over page by page in the same run.
func BenchmarkFetchPostsLatency(b *testing.B) {
	q := genviral.PostsQuery{AnalyticsFilter: genviral.AnalyticsFilter{Range: "all"}}
	b.Run("emulator", func(b *testing.B) {
		s, base := emulatortest.Start(b, emulator.Options{PostsPerTarget: -1})
		for i := range 3 {
			t := s.SeedTarget(emulator.WorkspaceScope(), genviral.Platforms[i], fmt.Sprintf("@latency%d", i), "")
			s.SetPosts(t.ID, 4000)
		}
		want := serverOrder(b, base, emulator.WorkspaceKey, q, fetchPostsRows)
		s.SetFaults(emulator.Faults{Latency: fetchPostsLatency})
		benchFetchLatency(b, base, emulator.WorkspaceKey, q, want)
	})
	b.Run("pages", func(b *testing.B) {
		srv, latency := precomputedPostsServer(b, 20000)
		want := serverOrder(b, srv.URL, testKey, q, fetchPostsRows)
		latency.Store(int64(fetchPostsLatency))
		benchFetchLatency(b, srv.URL, testKey, q, want)
	})
}

// benchFetchLatency runs the MaxParallel sub-benchmarks of
// BenchmarkFetchPostsLatency against one server.
func benchFetchLatency(b *testing.B, base, key string, q genviral.PostsQuery, want []string) {
	var pageByPage time.Duration
	for _, mp := range []int{1, 4, 8, genviral.DefaultMaxParallel} {
		b.Run("MaxParallel="+strconv.Itoa(mp), func(b *testing.B) {
			c := newClient(b, base, func(c *genviral.Config) {
				c.APIKey = key
				c.MaxParallel = mp
			})
			ctx := context.Background()
			var (
				ops     int
				elapsed time.Duration
				reqs    int
			)
			b.ReportAllocs()
			for b.Loop() {
				start := time.Now()
				res, err := c.FetchPosts(ctx, q, fetchPostsRows)
				elapsed += time.Since(start)
				ops++
				if err != nil {
					b.Fatal(err)
				}
				reqs += res.Requests
				checkServerOrder(b, res.Posts, want)
			}
			perOp := elapsed / time.Duration(ops)
			b.ReportMetric(float64(reqs)/float64(ops), "requests/op")
			b.ReportMetric(perOp.Seconds(), "wall-s/op")
			if mp == 1 {
				pageByPage = perOp
			} else if pageByPage > 0 {
				b.ReportMetric(float64(pageByPage)/float64(perOp), "x-vs-MaxParallel=1")
			}
		})
	}
}

// serverOrder reads the first n keys of q's rows page by page with ListPosts
// (the reference order) and checks that they are unique.
func serverOrder(b *testing.B, base, key string, q genviral.PostsQuery, n int) []string {
	b.Helper()
	c := newClient(b, base, func(c *genviral.Config) { c.APIKey = key })
	keys := make([]string, 0, n)
	seen := make(map[string]bool, n)
	for off := 0; len(keys) < n; off += genviral.MaxPostsPageSize {
		pq := q
		pq.Offset, pq.Limit = off, genviral.MaxPostsPageSize
		p, err := c.ListPosts(context.Background(), pq)
		if err != nil {
			b.Fatal(err)
		}
		if len(p.Posts) == 0 {
			b.Fatalf("the server has only %d rows, the benchmark needs %d", len(keys), n)
		}
		for _, post := range p.Posts {
			k := post.Key()
			if k == "" || seen[k] {
				b.Fatalf("reference row %d has an empty or repeated key %q", len(keys), k)
			}
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys[:n]
}

// checkServerOrder fails unless got holds exactly the rows of want, in order.
func checkServerOrder(b *testing.B, got []genviral.Post, want []string) {
	b.Helper()
	if len(got) != len(want) {
		b.Fatalf("%d rows, want %d", len(got), len(want))
	}
	seen := make(map[string]int, len(got))
	for i, p := range got {
		k := p.Key()
		if j, dup := seen[k]; dup {
			b.Fatalf("row %d repeats row %d (%s)", i, j, k)
		}
		seen[k] = i
		if k != want[i] {
			b.Fatalf("row %d is %s, the server has %s there (order not kept or rows missing)", i, k, want[i])
		}
	}
}

// BenchmarkFetchPostsMemory measures the memory FetchPosts needs to read and
// decode 10,100 rows, against a local server answering precomputed pages (so
// that nothing but the client allocates while it runs). Besides B/op and
// allocs/op (everything allocated per op) it reports, averaged over the ops:
//
//   - peak-heap-MB: the highest heap (live objects plus garbage not yet
//     collected, runtime/metrics /memory/classes/heap/objects:bytes, sampled
//     every 250 µs) above the heap before the op, i.e. what the process needs
//     on top of what it already had;
//   - live-heap-MB: the heap still in use after a GC with the result held
//     (runtime.ReadMemStats HeapAlloc above the baseline): the result itself.
func BenchmarkFetchPostsMemory(b *testing.B) {
	f, _ := precomputedPostsServer(b, 20000)
	for _, mp := range []int{1, 8} {
		b.Run("MaxParallel="+strconv.Itoa(mp), func(b *testing.B) {
			c := newClient(b, f.URL, func(c *genviral.Config) { c.MaxParallel = mp })
			ctx := context.Background()
			q := genviral.PostsQuery{AnalyticsFilter: genviral.AnalyticsFilter{Range: "all"}}
			// Warm the connections up so that they are not counted.
			if _, err := c.FetchPosts(ctx, q, fetchPostsRows); err != nil {
				b.Fatal(err)
			}
			var ops, peakSum, liveSum float64
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				runtime.GC()
				before := heapObjects()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				baseAlloc := ms.HeapAlloc
				stop := sampleHeap()
				b.StartTimer()

				res, err := c.FetchPosts(ctx, q, fetchPostsRows)

				b.StopTimer()
				high := max(stop(), heapObjects())
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Posts) != fetchPostsRows {
					b.Fatalf("%d rows, want %d", len(res.Posts), fetchPostsRows)
				}
				runtime.GC()
				runtime.ReadMemStats(&ms)
				runtime.KeepAlive(res)
				ops++
				peakSum += float64(high) - float64(before)
				liveSum += float64(ms.HeapAlloc) - float64(baseAlloc)
				b.StartTimer()
			}
			b.ReportMetric(peakSum/ops/(1<<20), "peak-heap-MB")
			b.ReportMetric(liveSum/ops/(1<<20), "live-heap-MB")
		})
	}
}

// heapObjects returns the bytes of heap objects, live or not yet swept.
func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// sampleHeap samples heapObjects every 250 µs until stop is called; stop
// returns the highest sample.
func sampleHeap() (stop func() uint64) {
	var high uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(250 * time.Microsecond)
		defer t.Stop()
		for {
			high = max(high, heapObjects())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		return high
	}
}

// precomputedPostsServer serves total rows of realistic posts as
// precomputed pages of MaxPostsPageSize at every offset up to
// MaxPostsOffset, after sleeping for the returned latency (nanoseconds,
// initially 0). Unlike newFakeAPI it records nothing, so that it allocates
// next to nothing while a benchmark measures the heap.
func precomputedPostsServer(b *testing.B, total int) (*httptest.Server, *atomic.Int64) {
	b.Helper()
	pages := map[int][]byte{}
	for off := 0; off <= genviral.MaxPostsOffset; off += genviral.MaxPostsPageSize {
		rows := make([]map[string]any, genviral.MaxPostsPageSize)
		for i := range rows {
			n := off + i
			id := fmt.Sprintf("3d8a61f2-b0c4-4a5e-9f17-%012d", n)
			rows[i] = map[string]any{
				"id": id, "analyticsId": id, "platformPostId": fmt.Sprintf("74200112233%08d", n), "genviralPostId": nil,
				"externalId": nil, "publishedAt": "2026-03-01T18:20:00.000Z", "caption": "three tips for cold brew #" + strconv.Itoa(n),
				"permalink":    fmt.Sprintf("https://www.tiktok.com/@northwind_labs/video/74200112233%08d", n),
				"thumbnailUrl": "https://cdn.example.org/t/abc.jpg", "durationSeconds": 19,
				"metrics":        map[string]any{"views": 5300 + n, "likes": 240, "comments": 12, "shares": 9, "saves": 4},
				"engagementRate": 4.92, "platform": "tiktok", "accountIdentifier": "@northwind_labs",
				"accountDisplayName": "Northwind", "accountAvatarUrl": nil,
			}
		}
		raw, err := json.Marshal(map[string]any{"ok": true, "code": 200, "message": "Analytics posts retrieved",
			"data": map[string]any{"posts": rows, "totalCount": total, "hasMore": true}})
		if err != nil {
			b.Fatal(err)
		}
		pages[off] = raw
	}
	latency := new(atomic.Int64)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d := time.Duration(latency.Load()); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		off, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		body, ok := pages[off]
		if !ok || r.URL.Query().Get("limit") != strconv.Itoa(genviral.MaxPostsPageSize) {
			writeErr(w, 400, "invalid_query_parameter", "unexpected offset or limit")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv, latency
}
