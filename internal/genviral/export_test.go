package genviral

import (
	"context"
	"encoding/json"
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

// RedactedAnswerValue returns in as a client's caller gets it from an
// answer whose data is one string value, in, for a client of key.
func RedactedAnswerValue(in, key string) string {
	raw, err := json.Marshal(map[string]string{"v": in})
	if err != nil {
		panic(err)
	}
	var out struct{ V string }
	if err := json.Unmarshal(raw, &out); err != nil {
		panic(err)
	}
	newRedactor(key).redactAnswer(raw, &out)
	return out.V
}

// MayHold is the redactor's quick check (see mayHold) for key.
func MayHold(text, key string) bool { return mayHold(newRedactor(key), text) }
