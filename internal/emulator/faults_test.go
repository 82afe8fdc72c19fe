package emulator

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRateLimitBurst(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter string
	}{
		{"with Retry-After", "2"},
		{"without Retry-After", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, base := Start(t, Options{})
			srv.SetFaults(Faults{RateLimitBurst: 2, RetryAfter: tt.retryAfter})
			for i := range 2 {
				r := do(t, "GET", base+"/analytics/targets", "", "") // faults come before auth
				wantError(t, r, 429, "rate_limited")
				if got, ok := r.header["Retry-After"]; (tt.retryAfter == "" && ok) || (tt.retryAfter != "" && got[0] != tt.retryAfter) {
					t.Errorf("request %d: Retry-After = %v", i, got)
				}
			}
			wantStatus(t, do(t, "GET", base+"/analytics/targets", WorkspaceKey, ""), 200)
			if srv.Count(RouteListTargets) != 3 {
				t.Errorf("count = %d, want 3", srv.Count(RouteListTargets))
			}
		})
	}
}

// RateLimitRate answers about that fraction of requests 429, without
// Retry-After unless RetryAfter is set: a storm.
func TestRateLimitRate(t *testing.T) {
	srv, base := Start(t, Options{Seed: 3})
	srv.SetFaults(Faults{RateLimitRate: 0.3})
	limited := 0
	for range 200 {
		r := do(t, "GET", base+"/analytics/targets", WorkspaceKey, "")
		if r.status == 429 {
			wantError(t, r, 429, "rate_limited")
			if _, ok := r.header["Retry-After"]; ok {
				t.Error("a 429 of the storm has Retry-After; none was set")
			}
			limited++
		}
	}
	if limited < 30 || limited > 90 {
		t.Errorf("%d of 200 requests were answered 429, want about 60 (30 %%)", limited)
	}
}

func TestErrorRate(t *testing.T) {
	t.Run("always, chosen status", func(t *testing.T) {
		srv, base := Start(t, Options{})
		srv.SetFaults(Faults{ErrorRate: 1, ErrorStatuses: []int{503}})
		for range 3 {
			wantError(t, do(t, "POST", base+"/analytics/targets", WorkspaceKey, `{"platform":"tiktok","identifier":"x"}`), 503, "service_unavailable")
		}
		if len(srv.Targets(WorkspaceScope())) != 0 {
			t.Error("a faulted create was applied")
		}
	})
	t.Run("default statuses", func(t *testing.T) {
		srv, base := Start(t, Options{Seed: 7})
		srv.SetFaults(Faults{ErrorRate: 1})
		seen := map[int]bool{}
		for range 40 {
			r := do(t, "GET", base+"/analytics/summary", WorkspaceKey, "")
			if !slices.Contains([]int{500, 502, 503}, r.status) {
				t.Fatalf("status %d", r.status)
			}
			seen[r.status] = true
		}
		if len(seen) != 3 {
			t.Errorf("statuses seen: %v", seen)
		}
	})
	t.Run("fractional and seeded", func(t *testing.T) {
		run := func() []int {
			srv, base := Start(t, Options{Seed: 42})
			srv.SetFaults(Faults{ErrorRate: 0.3})
			var statuses []int
			for range 60 {
				statuses = append(statuses, do(t, "GET", base+"/analytics/targets", WorkspaceKey, "").status)
			}
			return statuses
		}
		a, b := run(), run()
		if !slices.Equal(a, b) {
			t.Error("same seed gave different faults")
		}
		failed := 0
		for _, s := range a {
			if s >= 500 {
				failed++
			}
		}
		if failed < 5 || failed > 35 {
			t.Errorf("%d of 60 failed at rate 0.3", failed)
		}
	})
}

func TestMalformed(t *testing.T) {
	srv, base := Start(t, Options{})
	srv.SetFaults(Faults{MalformedRate: 1})
	for round := range 2 {
		for kind := range 3 {
			r, err := send(context.Background(), t, "GET", base+"/analytics/targets", bearer(WorkspaceKey), "")
			if err != nil {
				t.Fatal(err)
			}
			switch kind {
			case 0:
				if r.status != 502 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.raw), "<html>") {
					t.Errorf("round %d kind 0: %d %q %s", round, r.status, r.header.Get("Content-Type"), r.raw)
				}
			case 1:
				if r.status != 200 || json.Valid(r.raw) {
					t.Errorf("round %d kind 1: %d %s", round, r.status, r.raw)
				}
			case 2:
				if r.status != 200 || string(r.raw) != `{"ok":false}` {
					t.Errorf("round %d kind 2: %d %s", round, r.status, r.raw)
				}
			}
		}
	}
	srv.SetFaults(Faults{})
	wantStatus(t, do(t, "GET", base+"/analytics/targets", WorkspaceKey, ""), 200)
}

// hangGuard bounds waits for something that must happen, only so that a
// broken build fails instead of hanging. Tests assert what happened (an
// error kind, a request count), never how fast: a loaded machine running
// -race can be many times slower than a quiet one.
const hangGuard = time.Minute

func TestLatencyAndStall(t *testing.T) {
	t.Run("latency delays answers", func(t *testing.T) {
		srv, base := Start(t, Options{})
		srv.SetFaults(Faults{Latency: 60 * time.Millisecond})
		start := time.Now()
		wantStatus(t, do(t, "GET", base+"/analytics/targets", WorkspaceKey, ""), 200)
		if d := time.Since(start); d < 60*time.Millisecond {
			t.Errorf("answered after %v", d)
		}
	})
	tests := []struct {
		name   string
		faults Faults
	}{
		{"latency respects cancellation", Faults{Latency: time.Hour}},
		{"stall respects cancellation", Faults{Stall: time.Hour}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, base := Start(t, Options{})
			srv.SetFaults(tt.faults)
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			_, err := send(ctx, t, "GET", base+"/analytics/targets", bearer(WorkspaceKey), "")
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want deadline exceeded", err)
			}
			// The handler returns once the request is cancelled (the fault
			// would hold it for an hour).
			deadline := time.Now().Add(hangGuard)
			for {
				log := srv.Requests()
				if len(log) == 1 && log[0].Status == 0 && srv.TotalCount() == 1 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("log = %+v", log)
				}
				time.Sleep(5 * time.Millisecond)
			}
		})
	}
	t.Run("cleanup releases stalled requests", func(t *testing.T) {
		done := make(chan error, 1)
		t.Run("server", func(t *testing.T) {
			srv, base := Start(t, Options{})
			srv.SetFaults(Faults{Stall: time.Hour})
			go func() {
				_, err := http.Get(base + "/analytics/targets")
				done <- err
			}()
			for srv.TotalCount() == 0 {
				time.Sleep(5 * time.Millisecond)
			}
		})
		select {
		case err := <-done:
			if err == nil {
				t.Error("stalled request got an answer after shutdown")
			}
		case <-time.After(hangGuard):
			t.Fatal("stalled request still pending after cleanup")
		}
	})
}

func TestServeHTTPDirectly(t *testing.T) {
	srv := New(Options{})
	req := httptest.NewRequest("GET", BasePath+"/analytics/workspace-suggestions", nil)
	req.Header.Set("Authorization", "Bearer "+WorkspaceKey)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Body.String() != `{"ok":true,"code":200,"message":"Analytics workspace suggestions retrieved","data":[]}` {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}

	big := httptest.NewRequest("POST", BasePath+"/analytics/targets", strings.NewReader(`{"x":"`+strings.Repeat("a", maxBodyBytes)+`"}`))
	big.Header.Set("Authorization", "Bearer "+WorkspaceKey)
	rec = httptest.NewRecorder()
	srv.ServeHTTP(rec, big)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: %d", rec.Code)
	}
}

// TestFaultsLimitedToRoutes: with Routes set, only those routes fail.
func TestFaultsLimitedToRoutes(t *testing.T) {
	s, base := Start(t, Options{})
	s.SetFaults(Faults{ErrorRate: 1, Routes: []string{RouteUpdateTarget}})
	wantStatus(t, do(t, http.MethodGet, base+"/analytics/targets", WorkspaceKey, ""), http.StatusOK)
	tg := s.SeedTarget(WorkspaceScope(), "tiktok", "@a", "")
	if r := do(t, http.MethodPatch, base+"/analytics/targets/"+tg.ID, WorkspaceKey, `{"favorite":true}`); r.status < 500 {
		t.Errorf("patch: status %d, want a 5xx", r.status)
	}
}
