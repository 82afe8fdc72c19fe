package emulator

import (
	"slices"
	"sync"
	"testing"
	"time"
)

// Requests that arrive while MaxInFlight others are in flight are answered
// 429; PeakInFlight and Request.InFlight report the load.
func TestMaxInFlight(t *testing.T) {
	srv, base := Start(t, Options{})
	srv.SetFaults(Faults{Latency: 300 * time.Millisecond, MaxInFlight: 2, RetryAfter: "1"})
	var wg sync.WaitGroup
	statuses := make(chan int, 5)
	for range 5 {
		wg.Go(func() {
			r := do(t, "GET", base+"/analytics/targets", WorkspaceKey, "")
			if r.status == 429 {
				wantError(t, r, 429, "rate_limited")
				if got := r.header.Get("Retry-After"); got != "1" {
					t.Errorf("Retry-After = %q, want 1", got)
				}
			}
			statuses <- r.status
		})
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	if count[200] != 2 || count[429] != 3 {
		t.Errorf("answers %v, want 2 × 200 and 3 × 429", count)
	}
	if got := srv.PeakInFlight(); got != 5 {
		t.Errorf("PeakInFlight = %d, want 5", got)
	}
	seen := map[int]bool{}
	for _, r := range srv.Requests() {
		seen[r.InFlight] = true
	}
	for n := 1; n <= 5; n++ {
		if !seen[n] {
			t.Errorf("no request arrived as number %d in flight: %+v", n, srv.Requests())
		}
	}
	srv.ResetCounts()
	if got := srv.PeakInFlight(); got != 0 {
		t.Errorf("PeakInFlight after ResetCounts = %d, want 0", got)
	}
}

// A shared rate limit (Faults.RateLimit) lets a burst of RateLimitBucket
// requests through, from any client, and answers 429 beyond it until the
// bucket refills; the refused requests do not use it up.
func TestRateLimit(t *testing.T) {
	for _, tt := range []struct{ name, retryAfter string }{
		{"with Retry-After", "1"},
		{"without Retry-After", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv, base := Start(t, Options{})
			// One request per 1,000 s: nothing refills during the test.
			srv.SetFaults(Faults{RateLimit: 0.001, RateLimitBucket: 3, RetryAfter: tt.retryAfter})
			var statuses []int
			for i := range 6 {
				key := WorkspaceKey
				if i%2 == 1 {
					key = PersonalKey // another client: the limit is shared
				}
				r := do(t, "GET", base+"/analytics/targets", key, "")
				if r.status == 429 {
					wantError(t, r, 429, "rate_limited")
					if got := r.header.Get("Retry-After"); got != tt.retryAfter {
						t.Errorf("Retry-After = %q, want %q", got, tt.retryAfter)
					}
				}
				statuses = append(statuses, r.status)
			}
			if want := []int{200, 200, 200, 429, 429, 429}; !slices.Equal(statuses, want) {
				t.Errorf("statuses %v, want %v", statuses, want)
			}
			// SetFaults fills the bucket again.
			srv.SetFaults(Faults{RateLimit: 0.001, RateLimitBucket: 1})
			if r := do(t, "GET", base+"/analytics/targets", WorkspaceKey, ""); r.status != 200 {
				t.Errorf("after SetFaults: status %d, want 200", r.status)
			}
		})
	}
}

// The bucket refills at RateLimit tokens per second up to its size.
func TestTokenBucketRefills(t *testing.T) {
	var b tokenBucket
	t0 := time.Unix(0, 0)
	for i := range 2 {
		if !b.take(2, 0, t0) {
			t.Fatalf("request %d of a full bucket of 2 refused", i+1)
		}
	}
	if b.take(2, 0, t0) {
		t.Fatal("a third request in the same instant was let through")
	}
	if !b.take(2, 0, t0.Add(500*time.Millisecond)) || b.take(2, 0, t0.Add(500*time.Millisecond)) {
		t.Error("half a second at 2 per second did not refill exactly one token")
	}
	later := t0.Add(time.Hour)
	var let []bool
	for range 3 {
		let = append(let, b.take(2, 0, later))
	}
	if !let[0] || !let[1] || let[2] {
		t.Errorf("an hour later, 3 requests in one instant were let through as %v, want [true true false]: the bucket "+
			"holds 2", let)
	}
}
