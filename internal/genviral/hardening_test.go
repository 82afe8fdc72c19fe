package genviral_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/emulator/emulatortest"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// TestOnlyTheAPIsEnvelopeProvesNotFound: a 404 without the API's error
// envelope (a proxy's HTML or JSON page) is an error that names the URL and
// base_url, never "not found"; the API's own 404 still is.
func TestOnlyTheAPIsEnvelopeProvesNotFound(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		write   func(w http.ResponseWriter)
		apiSaid bool
	}{
		{"html page", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(404)
			_, _ = io.WriteString(w, "<html><h1>404 Not Found</h1>nginx</html>")
		}, false},
		{"proxy json", func(w http.ResponseWriter) { writeRaw(w, 404, `{"message":"no Route matched with those values"}`) }, false},
		{"empty body", func(w http.ResponseWriter) { w.WriteHeader(404) }, false},
		{"api envelope", func(w http.ResponseWriter) { writeErr(w, 404, "not_found", "Target not found") }, true},
		{"api envelope without error_code", func(w http.ResponseWriter) { writeErr(w, 404, "", "Target not found") }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodGet && r.URL.Path == "/api/analytics/targets" {
					writeOK(w, 200, emptyList) // the row is missing from the list
					return
				}
				tt.write(w)
			})
			base := strings.Replace(f.URL, "http://", "http://user:"+testSecret+"@", 1) + "/api"
			c := newClient(t, base)
			ctx := context.Background()
			_, lookupErr := c.LookupTarget(ctx, "t1")
			deleteErr := c.DeleteTarget(ctx, "t1")
			if tt.apiSaid {
				if !errors.Is(lookupErr, genviral.ErrTargetNotFound) || deleteErr != nil {
					t.Fatalf("LookupTarget = %v, DeleteTarget = %v; want not found, deleted", lookupErr, deleteErr)
				}
				return
			}
			for name, err := range map[string]error{"LookupTarget": lookupErr, "DeleteTarget": deleteErr} {
				if err == nil || errors.Is(err, genviral.ErrTargetNotFound) || genviral.IsNotFound(err) {
					t.Fatalf("%s = %v, want an error that is not \"not found\"", name, err)
				}
				e := mustAPIError(t, err)
				contains(t, name+" error", err.Error(), "HTTP 404", strings.TrimPrefix(f.URL, "http://")+"/api/analytics/targets/t1",
					"did not come with the API's JSON error envelope", "nothing is treated as gone")
				wantKind(t, name, e, genviral.KindForeignNotFound)
				assertNoSecret(t, name+" error", err.Error())
			}
		})
	}
}

// TestUnknownRouteIsNotNotFound: the API's own 404 envelope for a path it
// has no route for (a base_url ending in /api/partner/v2) is an error that
// names the URL and says what base_url must end in, never "not found":
// nothing is removed from state, no delete counts as done.
func TestUnknownRouteIsNotNotFound(t *testing.T) {
	t.Parallel()
	answers := map[string]func(w http.ResponseWriter){
		"route not found": func(w http.ResponseWriter) { writeErr(w, 404, "not_found", "Route not found") },
		"error_code names the route": func(w http.ResponseWriter) {
			writeErr(w, 404, "route_not_found", "Not Found")
		},
		"unknown endpoint": func(w http.ResponseWriter) { writeErr(w, 404, "", "Unknown API endpoint") },
	}
	for name, answer := range answers {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request) { answer(w) })
			checkUnknownRoute(t, newClient(t, f.URL+"/api/partner/v2"), f.URL+"/api/partner/v2")
		})
	}
	_, base := emulatortest.Start(t, emulator.Options{})
	for _, wrong := range []string{
		strings.Replace(base, "/api/partner/v1", "/api/partner/v2", 1),
		strings.TrimSuffix(base, "/api/partner/v1"),
	} {
		t.Run("emulator at "+wrong, func(t *testing.T) {
			t.Parallel()
			checkUnknownRoute(t, newClient(t, wrong, func(c *genviral.Config) { c.APIKey = emulator.WorkspaceKey }), wrong)
		})
	}
}

// checkUnknownRoute asserts that c, whose base URL base has no API behind
// it, reports every object as an error about base_url, never as gone.
func checkUnknownRoute(t *testing.T, c *genviral.Client, base string) {
	t.Helper()
	ctx := context.Background()
	_, lookupErr := c.LookupTarget(ctx, "t1")
	_, getErr := c.GetTarget(ctx, "t1")
	_, refreshErr := c.GetRefresh(ctx, "r1")
	found, deleteErr := c.DeleteTargetIfFound(ctx, "t1")
	for name, err := range map[string]error{"LookupTarget": lookupErr, "GetTarget": getErr, "GetRefresh": refreshErr, "DeleteTarget": deleteErr} {
		if err == nil || errors.Is(err, genviral.ErrTargetNotFound) || genviral.IsNotFound(err) {
			t.Errorf("%s = %v, want an error that is not \"not found\"", name, err)
			continue
		}
		e := mustAPIError(t, err)
		contains(t, name+" error", err.Error(), "HTTP 404", "the base URL must end in /api/partner/v1")
		wantKind(t, name, e, genviral.KindUnknownRoute)
	}
	contains(t, "GetTarget error", fmt.Sprint(getErr), "no endpoint at "+base+"/analytics/targets/t1")
	if found {
		t.Error("DeleteTargetIfFound found the target")
	}
}

// TestReadDeadlineNamesTheLimit: every read ends, and its error says which
// limit ended it.
func TestReadDeadlineNamesTheLimit(t *testing.T) {
	t.Parallel()
	retryAfter := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "999999")
		writeErr(w, 429, "rate_limited", "slow down")
	}
	t.Run("Retry-After longer than the client's read deadline", func(t *testing.T) {
		t.Parallel()
		f := newFakeAPI(t, retryAfter)
		c := newClient(t, f.URL, func(c *genviral.Config) { c.ReadTimeout = 3 * time.Second; c.MaxRetries = genviral.DefaultMaxRetries })
		_, err := c.ListTargets(context.Background())
		e := mustAPIError(t, err)
		contains(t, "error", err.Error(), "HTTP 429", "not retried", "Retry-After", "the client's read deadline")
		if e.Attempts != 1 || f.count() != 1 {
			t.Errorf("attempts %d, requests %d; want 1", e.Attempts, f.count())
		}
	})
	t.Run("Retry-After longer than the caller's deadline", func(t *testing.T) {
		t.Parallel()
		f := newFakeAPI(t, retryAfter)
		c := newClient(t, f.URL, func(c *genviral.Config) { c.MaxRetries = genviral.DefaultMaxRetries })
		ctx, cancel := genviral.WithDeadline(context.Background(), 3*time.Second, "the read timeout (timeouts.read)")
		defer cancel()
		_, err := c.FetchPosts(ctx, genviral.PostsQuery{}, 10)
		contains(t, "error", fmt.Sprint(err), "GET /analytics/summary/posts", "Retry-After", "timeouts.read")
	})
	t.Run("a stalled answer ends at the read deadline", func(t *testing.T) {
		t.Parallel()
		f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
		c := newClient(t, f.URL, func(c *genviral.Config) { c.ReadTimeout = 200 * time.Millisecond; c.Timeout = time.Hour })
		_, err := c.GetSummary(context.Background(), genviral.AnalyticsFilter{})
		e := mustAPIError(t, err)
		var de *genviral.DeadlineError
		if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &de) || errors.Is(err, genviral.ErrTimeout) {
			t.Errorf("err = %v, want the read deadline", err)
		}
		contains(t, "error", err.Error(), "GET /analytics/summary", "the client's read deadline of 200ms ended")
		wantKind(t, "read deadline", e, genviral.KindDeadline)
		if d, ok := e.Deadline(); !ok || d.Limit != "the client's read deadline" || d.Timeout != 200*time.Millisecond {
			t.Errorf("Deadline() = %+v, %v; want the client's read deadline of 200ms", d, ok)
		}
	})
	t.Run("a stalled answer ends at the per-request timeout first", func(t *testing.T) {
		t.Parallel()
		f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
		c := newClient(t, f.URL, func(c *genviral.Config) { c.Timeout = 100 * time.Millisecond; c.MaxRetries = 0 })
		_, err := c.GetSummary(context.Background(), genviral.AnalyticsFilter{})
		if !errors.Is(err, genviral.ErrTimeout) {
			t.Errorf("err = %v, want ErrTimeout", err)
		}
		contains(t, "error", fmt.Sprint(err), "no response within 100ms (the per-request timeout)")
		wantKind(t, "per-request timeout", mustAPIError(t, err), genviral.KindTimeout)
	})
}

// TestCancelWhileWaitingForTheSharedListNamesTheRequest: a reader that
// stops waiting for the shared list says for which request.
func TestCancelWhileWaitingForTheSharedListNamesTheRequest(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		<-release
		writeOK(w, 200, emptyList)
	})
	defer close(release)
	c := newClient(t, f.URL)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := c.LookupTarget(ctx, "t1")
		errc <- err
	}()
	for f.count() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	err := <-errc
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	contains(t, "error", fmt.Sprint(err), "GET /analytics/targets", "cancelled")
}

// hugePagesRead reads 17 pages of posts of 30 MB each with 16 requests in
// flight; the emulator streams the padding.
func hugePagesRead(t testing.TB, mutate func(*genviral.Config)) error {
	s, c := startEmulator(t, emulator.Options{PostsPerTarget: -1}, func(c *genviral.Config) {
		c.MaxParallel = 16
		c.MaxBodyBytes = 40 << 20
		c.Timeout = 5 * time.Minute
		mutate(c)
	})
	seedPosts(s, 1, 1700)
	s.SetFaults(emulator.Faults{HugePageBytes: 30 << 20})
	_, err := c.FetchPosts(context.Background(), genviral.PostsQuery{AnalyticsFilter: genviral.AnalyticsFilter{Range: "all"}}, 1700)
	return err
}

// TestHugePagesAreBounded: the response bytes a read holds are capped; past
// the cap the read stops with a clear error instead of holding 16 × 30 MB.
func TestHugePagesAreBounded(t *testing.T) {
	t.Parallel()
	err := hugePagesRead(t, func(*genviral.Config) {})
	e := mustAPIError(t, err)
	if !errors.Is(err, genviral.ErrReadLimit) {
		t.Fatalf("err = %v, want ErrReadLimit", err)
	}
	contains(t, "error", err.Error(), "GET /analytics/summary/posts", fmt.Sprintf("exceed %d bytes", genviral.DefaultMaxReadBytes))
	wantKind(t, "huge pages", e, genviral.KindReadLimit)
	if e.Attempts != 1 {
		t.Errorf("attempts = %d: a read limit is not retried", e.Attempts)
	}
}

// BenchmarkHugePages measures the peak heap of a read of 17 posts pages of
// 30 MB with 16 in flight, unbounded (MaxReadBytes 1 TiB: the behaviour
// before the limit) and with the default limit.
func BenchmarkHugePages(b *testing.B) {
	for _, tc := range []struct {
		name  string
		limit int64
	}{{"unbounded", 1 << 40}, {"default-limit", genviral.DefaultConfig().MaxReadBytes}} {
		b.Run(tc.name, func(b *testing.B) {
			var peakSum, ops float64
			for b.Loop() {
				runtime.GC()
				before := heapObjects()
				stop := sampleHeap()
				err := hugePagesRead(b, func(c *genviral.Config) { c.MaxReadBytes = tc.limit })
				high := max(stop(), heapObjects())
				if tc.limit == genviral.DefaultConfig().MaxReadBytes && !errors.Is(err, genviral.ErrReadLimit) {
					b.Fatalf("err = %v, want ErrReadLimit", err)
				}
				peakSum += float64(high) - float64(before)
				ops++
			}
			b.ReportMetric(peakSum/ops/(1<<20), "peak-heap-MB")
		})
	}
}

// TestOneRowPagesHitTheRequestCap: a server that serves one row per page
// cannot make a read send 10,001 requests.
func TestOneRowPagesHitTheRequestCap(t *testing.T) {
	t.Parallel()
	t.Run("known total: refused before paging", func(t *testing.T) {
		t.Parallel()
		s, c := startEmulator(t, emulator.Options{PostsPerTarget: -1})
		seedPosts(s, 10, 1010)
		s.SetFaults(emulator.Faults{ShortPages: 1})
		_, err := c.FetchPosts(context.Background(), genviral.PostsQuery{AnalyticsFilter: genviral.AnalyticsFilter{Range: "all"}}, 10100)
		if !errors.Is(err, genviral.ErrReadLimit) {
			t.Fatalf("err = %v, want ErrReadLimit", err)
		}
		contains(t, "error", err.Error(), "10001 requests", "serves 1 rows per page", fmt.Sprintf("%d requests one read may make", genviral.DefaultMaxReadRequests))
		if n := s.Count(emulator.RoutePosts); n != 1 {
			t.Errorf("posts requests = %d, want 1", n)
		}
	})
	t.Run("no total: stopped at the cap", func(t *testing.T) {
		t.Parallel()
		f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
			off, _ := strconv.Atoi(r.URL.Query().Get("offset"))
			id := fmt.Sprintf("p-%d", off)
			writeOK(w, 200, map[string]any{"posts": []any{map[string]any{"id": id, "analyticsId": id}}, "hasMore": true})
		})
		c := newClient(t, f.URL, func(c *genviral.Config) { c.MaxReadRequests = 40 })
		_, err := c.FetchPosts(context.Background(), genviral.PostsQuery{}, 10100)
		if !errors.Is(err, genviral.ErrReadLimit) {
			t.Fatalf("err = %v, want ErrReadLimit", err)
		}
		contains(t, "error", err.Error(), "already asked for 40 requests")
		f.expectRequests(t, 40, "")
	})
}

// TestRequestCapCountsPagesNotRateLimitRetries: the 429s of a read under a
// rate limit are not requests of its budget: a read of 5 pages, each
// answered 429 (Retry-After: 0) three times before its rows, succeeds with
// MaxReadRequests = 5. It used to fail with the read limit at its 6th
// attempt, having asked for 2 pages.
func TestRequestCapCountsPagesNotRateLimitRetries(t *testing.T) {
	t.Parallel()
	const pages, limited = 5, 3
	ps := &postsServer{total: pages * 100}
	serve := ps.handler(t)
	var mu sync.Mutex
	refused := map[string]int{}
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n := refused[r.URL.RawQuery]
		refused[r.URL.RawQuery]++
		mu.Unlock()
		if n < limited {
			w.Header().Set("Retry-After", "0")
			writeErr(w, http.StatusTooManyRequests, "rate_limited", "slow down")
			return
		}
		serve(w, r)
	})
	c := newClient(t, f.URL, func(c *genviral.Config) { c.MaxReadRequests = pages })
	res, err := c.FetchPosts(context.Background(), genviral.PostsQuery{}, 10100)
	if err != nil {
		t.Fatalf("a %d-page read with %d 429s before each page, MaxReadRequests %d: %v", pages, limited, pages, err)
	}
	checkRows(t, res.Posts, 0, pages*100)
	f.expectRequests(t, pages*(limited+1), "each page answered 429 three times, then 200")
}

// TestTargetListRowLimit: a list longer than MaxTargets is refused.
func TestTargetListRowLimit(t *testing.T) {
	t.Parallel()
	rows := []map[string]any{}
	for i := range 5 {
		rows = append(rows, map[string]any{"id": fmt.Sprintf("t%d", i), "platform": "tiktok", "identifier": fmt.Sprintf("h%d", i)})
	}
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		writeOK(w, 200, map[string]any{"workspace_id": nil, "targets": rows})
	})
	c := newClient(t, f.URL, func(c *genviral.Config) { c.MaxTargets = 3 })
	_, err := c.CachedTargets(context.Background())
	if !errors.Is(err, genviral.ErrReadLimit) {
		t.Fatalf("err = %v, want ErrReadLimit", err)
	}
	contains(t, "error", err.Error(), "5 targets", "limit of 3")
}

// TestGarbled2xxGETsAreRetried: at 15 % garbled answers (truncated JSON or
// HTML with status 200) a 30-page posts read succeeds with the default
// max_retries.
func TestGarbled2xxGETsAreRetried(t *testing.T) {
	t.Parallel()
	s, c := startEmulator(t, emulator.Options{PostsPerTarget: -1, Seed: 12}, func(c *genviral.Config) { c.MaxRetries = genviral.DefaultMaxRetries })
	seedPosts(s, 10, 300)
	s.SetFaults(emulator.Faults{Malformed2xxRate: 0.15, Routes: []string{emulator.RoutePosts}})
	res, err := c.FetchPosts(context.Background(), genviral.PostsQuery{AnalyticsFilter: genviral.AnalyticsFilter{Range: "all"}}, 3000)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Posts) != 3000 || res.Requests != 30 {
		t.Errorf("%d rows in %d pages, want 3000 in 30", len(res.Posts), res.Requests)
	}
	if n := s.Count(emulator.RoutePosts); n <= 30 {
		t.Errorf("posts requests = %d: no garbled answer was injected", n)
	}
}
