package genviral

import (
	"context"
	"sync"
)

// window is the client's adaptive bound on requests in flight: additive
// increase, multiplicative decrease (AIMD), as TCP congestion control and
// the AWS SDKs' adaptive retry mode do.
//
// It starts at Config.MaxParallel, so a healthy API gets as many requests at
// once as Terraform's parallelism hands the provider (up to that bound).
// When the API answers 429 the window halves, at most once per round of
// requests: the answers of requests sent before the last decrease, 429s or
// not, neither decrease it again nor count towards growing it back. Every
// other successful or client-error answer counts towards growth: each
// window's worth of answers adds one request, back up to MaxParallel, except
// that the step back to the size the API refused takes plateau windows'
// worth. It never goes below one request. Server errors (5xx), timeouts and
// network errors neither grow nor shrink it: they are retried with backoff,
// and only a 429 says that fewer requests at once would help.
type window struct {
	mu       sync.Mutex
	max      int
	size     int
	inflight int
	// answers counts the answers since the size last changed.
	answers int
	// refused is the size at the last 429, 0 once the window is back at
	// it: the step back to it takes plateau times as many answers.
	refused int
	// round counts decreases; a slot remembers the round it was taken in.
	round uint64
	// waiters are served first come, first served.
	waiters []chan struct{}
}

// plateau slows the window's growth back to the size the API last refused:
// it probes that size a quarter as often, as CUBIC's plateau near the last
// loss does.
const plateau = 4

// newWindow returns a window of maxParallel requests.
func newWindow(maxParallel int) *window {
	return &window{max: maxParallel, size: maxParallel}
}

// slot is one request's place in the window.
type slot struct {
	w     *window
	round uint64
}

// acquire waits for a place in the window or for ctx to end.
func (w *window) acquire(ctx context.Context) (slot, error) {
	w.mu.Lock()
	if len(w.waiters) == 0 && w.inflight < w.size {
		w.inflight++
		s := slot{w, w.round}
		w.mu.Unlock()
		return s, nil
	}
	ch := make(chan struct{})
	w.waiters = append(w.waiters, ch)
	w.mu.Unlock()
	select {
	case <-ch:
	case <-ctx.Done():
		w.mu.Lock()
		defer w.mu.Unlock()
		select {
		case <-ch:
			// Handed a place just as ctx ended: give it back.
			w.inflight--
			w.wake()
		default:
			for i, c := range w.waiters {
				if c == ch {
					w.waiters = append(w.waiters[:i], w.waiters[i+1:]...)
					break
				}
			}
		}
		return slot{}, ctx.Err()
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return slot{w, w.round}, nil
}

// wake hands free places to waiters in order. The caller holds w.mu.
func (w *window) wake() {
	for len(w.waiters) > 0 && w.inflight < w.size {
		ch := w.waiters[0]
		w.waiters = w.waiters[1:]
		w.inflight++
		close(ch)
	}
}

// outcome is what a request's answer says about the API's capacity.
type outcome int

const (
	// noSignal: no answer (transport error, timeout, cancellation) or a
	// server error (5xx).
	noSignal outcome = iota
	// answered: the API answered with neither 429 nor a server error.
	answered
	// rateLimited: the API answered 429.
	rateLimited
)

// release gives the slot back and adapts the window to o. It returns the
// window's size before and after, for the log.
func (s slot) release(o outcome) (before, after int) {
	w := s.w
	w.mu.Lock()
	defer w.mu.Unlock()
	w.inflight--
	before = w.size
	switch o {
	case rateLimited:
		if s.round == w.round {
			w.refused = w.size
			w.size = max(w.size/2, 1)
			w.round++
			w.answers = 0
		}
	case answered:
		if s.round != w.round {
			// Sent before the last decrease: it says nothing about the
			// new size.
			break
		}
		need := w.size
		if w.refused > 0 && w.size+1 >= w.refused {
			need *= plateau
		}
		if w.answers++; w.answers >= need && w.size < w.max {
			w.size++
			w.answers = 0
			if w.size >= w.refused {
				w.refused = 0
			}
		}
	}
	w.wake()
	return before, w.size
}
