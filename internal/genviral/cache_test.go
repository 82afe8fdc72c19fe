package genviral_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// targetsAPI serves a fixed target list, single targets by id (t404 → 404,
// t500 → 500, anything else → a flat row) and accepts writes.
func targetsAPI(t testing.TB) *fakeAPI {
	return newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/analytics/targets":
			writeRaw(w, 200, `{"ok":true,"code":200,"message":"","data":{"workspace_id":"w1","targets":[
				{"id":"t1","target_id":"t1","platform":"tiktok","identifier":"brand","display_name":"Brand TT"},
				{"target_id":"t2","platform":"instagram","identifier":"@Brand","display_name":"Brand IG"},
				{"id":"t3","platform":"youtube","identifier":"@Chan","normalized_identifier":"chan","display_name":"Chan"},
				{"id":"t4","platform":"youtube","identifier":"Other Spelling","normalized_identifier":"@Real","display_name":"Real"}
			]}}`)
		case r.Method == http.MethodGet && r.URL.Path == "/analytics/targets/t404":
			writeErr(w, 404, "", "Target not found")
		case r.Method == http.MethodGet && r.URL.Path == "/analytics/targets/t500":
			writeErr(w, 500, "", "db down")
		case r.Method == http.MethodGet:
			writeOK(w, 200, map[string]any{"target": map[string]any{"id": r.URL.Path[len("/analytics/targets/"):], "platform": "tiktok", "identifier": "@x"}})
		case r.Method == http.MethodPost:
			writeOK(w, 201, map[string]any{"created": true, "target": map[string]any{"id": "t9"}})
		case r.Method == http.MethodPatch:
			writeOK(w, 200, map[string]any{"id": "t1"})
		case r.Method == http.MethodDelete:
			writeOK(w, 200, map[string]any{})
		}
	})
}

func listCount(f *fakeAPI) int { return f.countPath(http.MethodGet, "/analytics/targets") }

func TestCachedTargetsConcurrentCallersShareOneRequest(t *testing.T) {
	t.Parallel()
	for round := 0; round < 20; round++ {
		f := targetsAPI(t)
		c := newClient(t, f.URL)
		var wg sync.WaitGroup
		errs := make(chan error, 50)
		start := make(chan struct{})
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				ctx := context.Background()
				switch i % 3 {
				case 0:
					l, err := c.CachedTargets(ctx)
					if err == nil && len(l.Targets) != 4 {
						err = errors.New("short list")
					}
					errs <- err
				case 1:
					tg, err := c.LookupTarget(ctx, "t2")
					if err == nil && (tg.ID != "t2" || tg.Platform != "instagram") {
						err = errors.New("wrong target")
					}
					errs <- err
				default:
					tg, err := c.FindTargetByHandle(ctx, "tiktok", "@BRAND")
					if err == nil && tg.ID != "t1" {
						err = errors.New("wrong target")
					}
					errs <- err
				}
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := f.count(); n != 1 {
			t.Fatalf("round %d: %d requests for 50 concurrent reads, want exactly 1", round, n)
		}
	}
}

func TestCachedTargetsIsReused(t *testing.T) {
	t.Parallel()
	f := targetsAPI(t)
	c := newClient(t, f.URL)
	ctx := context.Background()
	for range 5 {
		if _, err := c.CachedTargets(ctx); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"t1", "t2", "t3"} {
			if tg, err := c.LookupTarget(ctx, id); err != nil || tg.ID != id {
				t.Fatalf("LookupTarget(%s) = %+v, %v", id, tg, err)
			}
		}
	}
	f.expectRequests(t, 1, "")
	// ListTargets always asks.
	if _, err := c.ListTargets(ctx); err != nil {
		t.Fatal(err)
	}
	if n := listCount(f); n != 2 {
		t.Errorf("ListTargets did not bypass the cache: %d list requests", n)
	}
}

func TestWritesInvalidateTargetCache(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	writes := []struct {
		name string
		do   func(c *genviral.Client) error
	}{
		{"create", func(c *genviral.Client) error {
			_, err := c.CreateTarget(ctx, genviral.CreateTargetRequest{Platform: "tiktok", Identifier: "@n"})
			return err
		}},
		{"update", func(c *genviral.Client) error {
			_, err := c.UpdateTarget(ctx, "t1", genviral.UpdateTargetRequest{Favorite: genviral.Value(true)})
			return err
		}},
		{"delete", func(c *genviral.Client) error { return c.DeleteTarget(ctx, "t1") }},
		{"delete 404", func(c *genviral.Client) error { return c.DeleteTarget(ctx, "t404") }},
	}
	for _, w := range writes {
		t.Run(w.name, func(t *testing.T) {
			t.Parallel()
			f := targetsAPI(t)
			c := newClient(t, f.URL)
			if _, err := c.CachedTargets(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := c.LookupTarget(ctx, "t1"); err != nil {
				t.Fatal(err)
			}
			if n := listCount(f); n != 1 {
				t.Fatalf("list requests = %d", n)
			}
			if err := w.do(c); err != nil {
				t.Fatal(err)
			}
			if _, err := c.LookupTarget(ctx, "t1"); err != nil {
				t.Fatal(err)
			}
			if _, err := c.CachedTargets(ctx); err != nil {
				t.Fatal(err)
			}
			if n := listCount(f); n != 2 {
				t.Errorf("list requests after %s = %d, want 2 (cache invalidated once, then reused)", w.name, n)
			}
		})
	}
}

func TestInvalidationDuringListIsNotCached(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	inList := make(chan struct{}, 1)
	var mu sync.Mutex
	lists := 0
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			mu.Lock()
			lists++
			first := lists == 1
			mu.Unlock()
			if first {
				inList <- struct{}{}
				<-release
			}
			writeOK(w, 200, emptyList)
		default:
			writeOK(w, 200, map[string]any{"id": "t1"})
		}
	})
	c := newClient(t, f.URL)
	ctx := context.Background()
	done := make(chan error)
	go func() { _, err := c.CachedTargets(ctx); done <- err }()
	<-inList
	// A write lands while the first list is in flight: that list may predate
	// the write, so it must not be cached.
	if _, err := c.UpdateTarget(ctx, "t1", genviral.UpdateTargetRequest{Favorite: genviral.Value(true)}); err != nil {
		t.Fatal(err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := c.CachedTargets(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CachedTargets(ctx); err != nil {
		t.Fatal(err)
	}
	if n := listCount(f); n != 2 {
		t.Errorf("list requests = %d, want 2 (stale in-flight list dropped, fresh one cached)", n)
	}
}

// TestFailedListIsReportedOnce: a failed list is kept for the readers of
// its generation: the first gets the full error, later ones a short
// SharedRequestError that still unwraps to it, without a new request; a write
// starts a new generation that asks again.
func TestFailedListIsReportedOnce(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	fail := true
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if fail {
			writeErr(w, 403, "", "scope")
			return
		}
		writeOK(w, 200, emptyList)
	})
	c := newClient(t, f.URL)
	ctx := context.Background()
	_, err := c.CachedTargets(ctx)
	var shared *genviral.SharedRequestError
	if !genviral.IsForbidden(err) || errors.As(err, &shared) {
		t.Fatalf("first err = %v, want the full 403", err)
	}
	for range 3 {
		_, err := c.LookupTarget(ctx, "t1")
		if !genviral.IsForbidden(err) || errors.Is(err, genviral.ErrTargetNotFound) || !errors.As(err, &shared) {
			t.Fatalf("LookupTarget err = %v, want a SharedRequestError of the 403", err)
		}
		contains(t, "short error", err.Error(), "GET /analytics/targets (HTTP 403)", "reported in full once")
		if strings.Contains(err.Error(), "scope") {
			t.Errorf("the short error repeats the full one: %v", err)
		}
	}
	if n := listCount(f); n != 1 {
		t.Errorf("list requests = %d, want 1 (the failure is shared)", n)
	}
	mu.Lock()
	fail = false
	mu.Unlock()
	if err := c.DeleteTarget(ctx, "t1"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CachedTargets(ctx); err != nil {
		t.Fatal(err)
	}
	if n := listCount(f); n != 2 {
		t.Errorf("list requests = %d, want 2 (a write clears the failure)", n)
	}
}

// TestConcurrentReadersOfAFailedListGetOneFullError: of many readers
// waiting for one failing list, exactly one gets the full error.
func TestConcurrentReadersOfAFailedListGetOneFullError(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		<-release
		writeErr(w, 503, "service_unavailable", "down for maintenance")
	})
	c := newClient(t, f.URL, func(c *genviral.Config) { c.MaxRetries = 0 })
	const readers = 29
	errs := make(chan error, readers)
	var started sync.WaitGroup
	for range readers {
		started.Add(1)
		go func() {
			started.Done()
			_, err := c.LookupTarget(context.Background(), "t1")
			errs <- err
		}()
	}
	started.Wait()
	close(release)
	full := 0
	for range readers {
		err := <-errs
		var shared *genviral.SharedRequestError
		switch {
		case errors.As(err, &shared):
			if strings.Contains(err.Error(), "maintenance") {
				t.Errorf("short error repeats the message: %v", err)
			}
		case strings.Contains(fmt.Sprint(err), "down for maintenance"):
			full++
		default:
			t.Errorf("unexpected error %v", err)
		}
	}
	if full != 1 {
		t.Errorf("%d readers got the full error, want 1", full)
	}
	if n := listCount(f); n != 1 {
		t.Errorf("list requests = %d, want 1", n)
	}
}

func TestLookupTargetMissingFromList(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("found by id", func(t *testing.T) {
		t.Parallel()
		f := targetsAPI(t)
		c := newClient(t, f.URL)
		tg, err := c.LookupTarget(ctx, "t77")
		if err != nil || tg.ID != "t77" {
			t.Fatalf("LookupTarget = %+v, %v", tg, err)
		}
		if n, g := listCount(f), f.countPath(http.MethodGet, "/analytics/targets/t77"); n != 1 || g != 1 || f.count() != 2 {
			t.Errorf("list %d, get %d, total %d; want 1, 1, 2", n, g, f.count())
		}
	})
	t.Run("id in another letter case", func(t *testing.T) {
		t.Parallel()
		f := targetsAPI(t)
		c := newClient(t, f.URL)
		tg, err := c.LookupTarget(ctx, "T3")
		if err != nil || tg.ID != "t3" {
			t.Fatalf("LookupTarget(T3) = %+v, %v; want the listed t3", tg, err)
		}
		if f.count() != 1 {
			t.Errorf("%d requests, want only the list", f.count())
		}
	})
	t.Run("404", func(t *testing.T) {
		t.Parallel()
		f := targetsAPI(t)
		c := newClient(t, f.URL)
		tg, err := c.LookupTarget(ctx, "t404")
		if !errors.Is(err, genviral.ErrTargetNotFound) || tg != nil {
			t.Fatalf("LookupTarget = %+v, %v; want ErrTargetNotFound", tg, err)
		}
		if g := f.countPath(http.MethodGet, "/analytics/targets/t404"); g != 1 {
			t.Errorf("GET by id sent %d times, want 1", g)
		}
	})
	t.Run("500 is not not-found", func(t *testing.T) {
		t.Parallel()
		f := targetsAPI(t)
		c := newClient(t, f.URL)
		tg, err := c.LookupTarget(ctx, "t500")
		if err == nil || tg != nil {
			t.Fatalf("LookupTarget = %+v, %v; want an error", tg, err)
		}
		if errors.Is(err, genviral.ErrTargetNotFound) || genviral.IsNotFound(err) {
			t.Fatalf("an outage was reported as not found: %v", err)
		}
		if e := mustAPIError(t, err); e.StatusCode != 500 || e.Attempts != 4 {
			t.Errorf("APIError = %+v", e)
		}
	})
}

func TestFindTargetByHandle(t *testing.T) {
	t.Parallel()
	f := targetsAPI(t)
	c := newClient(t, f.URL)
	ctx := context.Background()
	tests := []struct {
		platform, identifier, wantID string
	}{
		{"tiktok", "@Brand", "t1"},
		{"tiktok", "brand", "t1"},
		{"tiktok", " BRAND ", "t1"},
		{"instagram", "brand", "t2"},
		{"instagram", "@brand", "t2"},
		{"youtube", "@Brand", ""},
		{"tiktok", "brand2", ""},
		{"TikTok", "brand", ""},
		{"youtube", "chan", "t3"},
		{"youtube", "@real", "t4"},        // normalized_identifier wins over identifier
		{"youtube", "other spelling", ""}, // ... so the raw identifier does not match
		{"youtube", "@Chan", "t3"},
		{"", "brand", ""},
	}
	for _, tt := range tests {
		tg, err := c.FindTargetByHandle(ctx, tt.platform, tt.identifier)
		if tt.wantID == "" {
			if !errors.Is(err, genviral.ErrTargetNotFound) || tg != nil {
				t.Errorf("FindTargetByHandle(%q, %q) = %+v, %v; want ErrTargetNotFound", tt.platform, tt.identifier, tg, err)
			}
			continue
		}
		if err != nil || tg.ID != tt.wantID || tg.Platform != tt.platform {
			t.Errorf("FindTargetByHandle(%q, %q) = %+v, %v; want %s", tt.platform, tt.identifier, tg, err, tt.wantID)
		}
	}
	f.expectRequests(t, 1, "")
}

func TestCachedTargetsResultIsShared(t *testing.T) {
	t.Parallel()
	f := targetsAPI(t)
	c := newClient(t, f.URL)
	ctx := context.Background()
	tg, err := c.LookupTarget(ctx, "t1")
	if err != nil {
		t.Fatal(err)
	}
	// LookupTarget returns a copy: changing it must not change the cache.
	tg.Identifier = "mutated"
	again, err := c.LookupTarget(ctx, "t1")
	if err != nil || again.Identifier != "brand" {
		t.Errorf("cache changed through a returned target: %+v, %v", again, err)
	}
}
