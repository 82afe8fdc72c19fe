package emulator

import (
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
