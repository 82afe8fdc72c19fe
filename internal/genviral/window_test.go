package genviral

import (
	"context"
	"errors"
	"testing"
)

// take acquires n slots of w that are free now.
func take(t *testing.T, w *window, n int) []slot {
	t.Helper()
	out := make([]slot, n)
	for i := range out {
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // a free slot is taken without waiting, even so
		s, err := w.acquire(ctx)
		if err != nil {
			t.Fatalf("slot %d of %d: %v (window %d, %d in flight)", i+1, n, err, w.size, w.inflight)
		}
		out[i] = s
	}
	return out
}

// full reports whether w admits no further request now.
func full(w *window) bool {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s, err := w.acquire(ctx)
	if err == nil {
		s.release(noSignal)
		return false
	}
	return true
}

func TestWindowStartsAtMaxParallel(t *testing.T) {
	w := newWindow(10)
	take(t, w, 10)
	if !full(w) {
		t.Fatal("the window admitted an 11th request at MaxParallel 10")
	}
}

// A round of 429s halves the window once: the 429s of requests sent before
// the decrease do not decrease it again.
func TestWindowHalvesOncePerRoundOf429s(t *testing.T) {
	w := newWindow(10)
	for i, s := range take(t, w, 10) {
		before, after := s.release(rateLimited)
		if i == 0 && (before != 10 || after != 5) {
			t.Errorf("first 429: window %d -> %d, want 10 -> 5", before, after)
		}
		if i > 0 && after != 5 {
			t.Errorf("429 %d of the same round: window %d, want still 5", i+1, after)
		}
	}
	// The next round is sent after the decrease: its 429 halves again.
	round := take(t, w, 5)
	if !full(w) {
		t.Fatal("the window admitted a 6th request after halving to 5")
	}
	if _, after := round[0].release(rateLimited); after != 2 {
		t.Errorf("429 of the next round: window %d, want 2 (5/2)", after)
	}
	for _, s := range round[1:] {
		s.release(rateLimited)
	}
	for range 3 {
		s := take(t, w, 1)[0]
		s.release(rateLimited)
	}
	if got := w.size; got != 1 {
		t.Errorf("after more 429s the window is %d, want 1 (never below one request)", got)
	}
}

// The answers of requests sent before a decrease do not undo it: a 429
// among successes of the same round leaves the window halved.
func TestWindowIgnoresAnswersSentBeforeTheCut(t *testing.T) {
	w := newWindow(10)
	round := take(t, w, 10)
	round[0].release(rateLimited)
	for _, s := range round[1:] {
		s.release(answered)
	}
	if w.size != 5 {
		t.Errorf("window %d after a 429 and nine answers of the same round, want 5", w.size)
	}
	take(t, w, 1)[0].release(answered) // of the new round: counts
	if w.answers != 1 {
		t.Errorf("answers counted after the cut = %d, want 1", w.answers)
	}
}

// Answers grow the window back by one request per window of answers, up to
// MaxParallel and never beyond; the step back to the size the API refused
// takes plateau times as many.
func TestWindowGrowsBackOnePerRound(t *testing.T) {
	w := newWindow(8)
	take(t, w, 1)[0].release(rateLimited)
	if w.size != 4 {
		t.Fatalf("window %d after a 429, want 4", w.size)
	}
	for _, step := range []struct{ from, answers int }{{4, 4}, {5, 5}, {6, 6}, {7, 7 * plateau}} {
		answers := 0
		for w.size == step.from {
			take(t, w, 1)[0].release(answered)
			answers++
		}
		if w.size != step.from+1 || answers != step.answers {
			t.Fatalf("window went from %d to %d after %d answers, want %d after %d", step.from, w.size, answers, step.from+1, step.answers)
		}
	}
	for range 100 {
		take(t, w, 1)[0].release(answered)
	}
	take(t, w, 8)
	if !full(w) {
		t.Errorf("the window grew beyond MaxParallel 8")
	}
}

// Once the window has grown past the size that was refused, growth is one
// request per window again.
func TestWindowPlateauEndsAboveTheRefusedSize(t *testing.T) {
	w := newWindow(16)
	w.size = 8
	take(t, w, 1)[0].release(rateLimited) // refused at 8: window 4
	for w.size < 8 {
		take(t, w, 1)[0].release(answered)
	}
	answers := 0
	for w.size == 8 {
		take(t, w, 1)[0].release(answered)
		answers++
	}
	if answers != 8 {
		t.Errorf("from 8 (the refused size) to 9 took %d answers, want 8 (one window)", answers)
	}
}

// Requests without an answer (network errors, timeouts, cancellations)
// neither grow nor shrink the window.
func TestWindowIgnoresRequestsWithoutAnswer(t *testing.T) {
	w := newWindow(4)
	take(t, w, 1)[0].release(rateLimited)
	for range 10 {
		take(t, w, 1)[0].release(noSignal)
	}
	if got := w.size; got != 2 {
		t.Errorf("window %d after 10 requests without an answer, want 2 (unchanged)", got)
	}
}

// Waiters are served in order as places free up; a waiter whose context
// ends leaves the queue without taking a place.
func TestWindowQueue(t *testing.T) {
	w := newWindow(1)
	held := take(t, w, 1)[0]
	ctx, cancel := context.WithCancel(context.Background())
	gaveUp := make(chan error, 1)
	go func() {
		_, err := w.acquire(ctx)
		gaveUp <- err
	}()
	got := make(chan int, 2)
	waitQueued := func(n int) {
		for {
			w.mu.Lock()
			q := len(w.waiters)
			w.mu.Unlock()
			if q == n {
				return
			}
			select {
			case err := <-gaveUp:
				t.Fatalf("waiter returned early: %v", err)
			default:
			}
		}
	}
	waitQueued(1)
	for i := 1; i <= 2; i++ {
		go func() {
			s, err := w.acquire(context.Background())
			if err != nil {
				t.Error(err)
				return
			}
			got <- i
			s.release(answered)
		}()
		waitQueued(i + 1)
	}
	cancel()
	if err := <-gaveUp; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled waiter: %v, want context.Canceled", err)
	}
	held.release(noSignal)
	if a, b := <-got, <-got; a != 1 || b != 2 {
		t.Errorf("waiters served in order %d, %d; want 1, 2", a, b)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.inflight != 0 || len(w.waiters) != 0 {
		t.Errorf("after all releases: %d in flight, %d waiting; want 0, 0", w.inflight, len(w.waiters))
	}
}
