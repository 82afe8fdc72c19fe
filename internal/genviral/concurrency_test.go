package genviral_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// flightRecorder is a transport that counts the client's requests in
// flight: from the moment one is sent until its body is closed, which the
// client does before the request leaves its concurrency window.
type flightRecorder struct {
	inFlight inFlight
	mu       sync.Mutex
	statuses map[int]int
}

func (f *flightRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	f.inFlight.enter()
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil {
		f.done(0)
		return nil, err
	}
	resp.Body = &flightBody{ReadCloser: resp.Body, done: func() { f.done(resp.StatusCode) }}
	return resp, nil
}

func (f *flightRecorder) done(status int) {
	f.inFlight.leave()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.statuses == nil {
		f.statuses = map[int]int{}
	}
	f.statuses[status]++
}

// flightBody reports its first Close.
type flightBody struct {
	io.ReadCloser
	once sync.Once
	done func()
}

func (b *flightBody) Close() error {
	b.once.Do(b.done)
	return b.ReadCloser.Close()
}

// createMany creates n targets "@<prefix>_NNN" at once through c.
func createMany(t *testing.T, c *genviral.Client, prefix string, n int) {
	t.Helper()
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, err := c.CreateTarget(context.Background(), genviral.CreateTargetRequest{
				Platform: "tiktok", Identifier: fmt.Sprintf("@%s_%03d", prefix, i),
			})
			if err != nil {
				t.Errorf("create %d: %v", i, err)
			}
		})
	}
	wg.Wait()
}

// concurrencyChanges returns the "from->to" of the client's concurrency
// log entries, in order.
func concurrencyChanges(l *recLogger) []string {
	var out []string
	for _, e := range l.all() {
		if e.Msg == "Genviral API request concurrency changed" {
			out = append(out, fmt.Sprintf("%v->%v", e.Fields["from"], e.Fields["to"]))
		}
	}
	return out
}

// A healthy API gets as many requests at once as MaxParallel allows: the
// default, Terraform's default -parallelism, not the fixed 4 of before.
func TestConcurrencyHealthyAPIGetsMaxParallel(t *testing.T) {
	t.Parallel()
	fr := &flightRecorder{}
	logs := &recLogger{}
	s, c := startEmulator(t, emulator.Options{}, func(c *genviral.Config) {
		c.MaxParallel = genviral.DefaultConfig().MaxParallel
		c.HTTPClient = &http.Client{Transport: fr}
		c.Logger = logs
	})
	s.SetFaults(emulator.Faults{Latency: 20 * time.Millisecond})
	createMany(t, c, "load", 100)
	if got := fr.inFlight.max(); got != 10 {
		t.Errorf("at most %d requests were in flight at once, want 10 (the default MaxParallel)", got)
	}
	if n := s.Count(emulator.RouteCreateTarget); n != 100 {
		t.Errorf("%d create requests, want 100", n)
	}
	if ch := concurrencyChanges(logs); len(ch) != 0 {
		t.Errorf("concurrency changed without a 429: %v", ch)
	}
}

// A burst of 429s halves the concurrency once; the answers after it grow it
// back, one request at a time, to MaxParallel.
func TestConcurrencyHalvesOn429AndGrowsBack(t *testing.T) {
	t.Parallel()
	fr := &flightRecorder{}
	logs := &recLogger{}
	s, c := startEmulator(t, emulator.Options{}, func(c *genviral.Config) {
		c.MaxParallel = 10
		c.HTTPClient = &http.Client{Transport: fr}
		c.Logger = logs
	})
	s.SetFaults(emulator.Faults{Latency: 20 * time.Millisecond, RateLimitBurst: 10, RetryAfter: "0"})
	createMany(t, c, "load", 120)
	ch := concurrencyChanges(logs)
	if len(ch) == 0 || ch[0] != "10->5" {
		t.Fatalf("concurrency changes %v, want the first to be 10->5", ch)
	}
	if ch[len(ch)-1] != "9->10" {
		t.Errorf("concurrency changes %v, want the last to be 9->10 (grown back to MaxParallel)", ch)
	}
	for _, step := range ch {
		var from, to int
		if _, err := fmt.Sscanf(step, "%d->%d", &from, &to); err != nil {
			t.Fatalf("concurrency change %q: %v", step, err)
		}
		if to != from+1 && to != max(from/2, 1) {
			t.Errorf("concurrency change %s is neither +1 nor a halving (all: %v)", step, ch)
		}
	}
	if n := fr.statuses[http.StatusTooManyRequests]; n != 10 {
		t.Errorf("%d answers were 429, want the burst of 10", n)
	}
	if n := s.Count(emulator.RouteCreateTarget); n != 130 {
		t.Errorf("%d create requests, want 130 (120 + 10 retried after a 429)", n)
	}
}

// Server errors are retried with backoff but say nothing about how many
// requests at once the API takes: after a 429 has halved the window, 503s
// do not grow it back.
func TestConcurrencyServerErrorsDoNotGrowTheWindow(t *testing.T) {
	t.Parallel()
	logs := &recLogger{}
	s, c := startEmulator(t, emulator.Options{}, func(c *genviral.Config) {
		c.MaxParallel, c.MaxRetries, c.Logger = 10, 0, logs
	})
	s.SetFaults(emulator.Faults{RateLimitBurst: 1, ErrorRate: 1, ErrorStatuses: []int{503}})
	for range 30 {
		if _, err := c.ListTargets(context.Background()); err == nil {
			t.Fatal("ListTargets succeeded against an API answering 429 and 503s")
		}
	}
	if ch := concurrencyChanges(logs); len(ch) != 1 || ch[0] != "10->5" {
		t.Errorf("concurrency changes %v, want only 10->5 (the 429)", ch)
	}
}

// Against an API that takes at most 3 requests at once, the client settles
// near that many instead of sending MaxParallel and having most of them
// refused. Measured with the window fixed (adaptation switched off by hand):
// 10 requests at once were refused about 140 times per 60 creates, and 4
// (the default before the window adapted) about 48 times; adapting, about
// 18.
func TestConcurrencySettlesBelowAnAPIsLimit(t *testing.T) {
	t.Parallel()
	fr := &flightRecorder{}
	s, c := startEmulator(t, emulator.Options{}, func(c *genviral.Config) {
		c.MaxParallel, c.MaxRetries = 10, 10
		c.HTTPClient = &http.Client{Transport: fr}
	})
	s.SetFaults(emulator.Faults{Latency: 20 * time.Millisecond, MaxInFlight: 3, RetryAfter: "0"})
	createMany(t, c, "load", 60)
	refused := fr.statuses[http.StatusTooManyRequests]
	t.Logf("60 creates against an API of 3 requests at once: %d refused with 429, %d requests in all", refused, s.TotalCount())
	if refused > 30 {
		t.Errorf("%d requests were refused with 429, want at most 30 (half the creates)", refused)
	}
	if n := len(s.Targets(emulator.WorkspaceScope())); n != 60 {
		t.Errorf("%d targets tracked, want 60", n)
	}
}
