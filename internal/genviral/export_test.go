package genviral

import (
	"context"
	"sync"
	"time"
)

// UseFakeClock puts the request pacer of c on a fake clock: its waits
// (Retry-After pauses, paced requests) take no real time but advance the
// fake clock, so that tests of retries stay fast while the pacer still
// decides what it would wait. The pacer's own tests (pacer_test.go) check
// those decisions.
func UseFakeClock(c *Client) {
	var mu sync.Mutex
	now := time.Now()
	c.pacer.now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return now
	}
	c.pacer.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(d)
		return ctx.Err()
	}
}
