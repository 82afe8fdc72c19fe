package genviral

import (
	"context"
	"testing"
	"time"
)

// t0 is the start of the pacer tests' clock.
var t0 = time.Unix(1_000_000, 0)

// at returns t0 plus ms milliseconds.
func at(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }

// sendAt reserves n places of p at now and returns when each may be sent.
func sendAt(p *pacer, now time.Time, n int) []time.Time {
	out := make([]time.Time, n)
	for i := range out {
		out[i], _ = p.reserve(now)
	}
	return out
}

// Until a 429, requests are not paced.
func TestPacerUnpacedUntilA429(t *testing.T) {
	p := newPacer(DefaultMinRequestRate)
	for i, a := range sendAt(p, t0, 50) {
		if !a.Equal(t0) {
			t.Fatalf("request %d held until %s before any 429", i+1, a.Sub(t0))
		}
	}
}

// The first 429 sets the rate to half the rate sent over the last second;
// requests are then spaced by 1/rate.
func TestPacerFirst429HalvesTheMeasuredRate(t *testing.T) {
	p := newPacer(DefaultMinRequestRate)
	var round uint64
	for i := range 20 { // 20 requests over the last second
		_, round = p.reserve(at(50 + i*50))
	}
	if before, after := p.answer(round, at(1000), rateLimited, 0); before != 0 || after != 10 {
		t.Fatalf("first 429: rate %v -> %v, want 0 -> 10 (half of 20 per second)", before, after)
	}
	got := sendAt(p, at(1000), 3)
	for i, want := range []time.Time{at(1000), at(1100), at(1200)} {
		if !got[i].Equal(want) {
			t.Errorf("request %d after the 429 at +%s, want +%s (10 per second)", i+1, got[i].Sub(at(1000)), want.Sub(at(1000)))
		}
	}
}

// The 429s of one round cut the rate once; a 429 of a request reserved
// after the cut cuts it again; it never goes below minRate.
func TestPacerCutsOncePerRound(t *testing.T) {
	p := newPacer(DefaultMinRequestRate)
	var rounds []uint64
	for range 8 {
		_, r := p.reserve(t0)
		rounds = append(rounds, r)
	}
	for _, r := range rounds {
		p.answer(r, at(10), rateLimited, 0)
	}
	if p.rate != 4 {
		t.Fatalf("8 429s of one round: rate %v, want 4 (half of the 8 sent)", p.rate)
	}
	_, r := p.reserve(at(20))
	if _, after := p.answer(r, at(30), rateLimited, 0); after != 2 {
		t.Errorf("429 of the next round: rate %v, want 2", after)
	}
	for range 10 {
		_, r := p.reserve(at(40))
		p.answer(r, at(40), rateLimited, 0)
	}
	if p.rate != DefaultMinRequestRate {
		t.Errorf("after many 429s the rate is %v, want the floor %v", p.rate, DefaultMinRequestRate)
	}
}

// The floor is the configured one (Config.MinRequestRate).
func TestPacerFloorIsConfigurable(t *testing.T) {
	p := newPacer(3)
	for i := range 10 {
		_, r := p.reserve(at(i * 10))
		p.answer(r, at(i*10), rateLimited, 0)
	}
	if p.rate != 3 {
		t.Errorf("after many 429s the rate is %v, want the configured floor 3", p.rate)
	}
}

// Answers grow the rate by 1/rate each (about one request per second each
// second), slower near the rate refused last; answers of requests reserved
// before the cut do not count.
func TestPacerGrowsBackSlowly(t *testing.T) {
	p := newPacer(DefaultMinRequestRate)
	_, old := p.reserve(t0)
	for range 7 {
		p.reserve(t0)
	}
	p.answer(old, at(10), rateLimited, 0) // 8 sent: rate 4, refused 8
	if _, after := p.answer(old, at(10), answered, 0); after != 4 {
		t.Fatalf("an answer of the old round changed the rate to %v", after)
	}
	grow := func(n int) {
		for range n {
			_, r := p.reserve(at(20))
			p.answer(r, at(20), answered, 0)
		}
	}
	grow(4) // 4 answers at 4 per second: about +1
	if p.rate < 4.9 || p.rate > 5.1 {
		t.Errorf("after 4 answers at 4 per second the rate is %v, want about 5", p.rate)
	}
	fast := p.rate
	grow(200)
	if p.refused != 0 || p.rate < 8 {
		t.Fatalf("after 200 answers the rate is %v (refused %v), want back above the 8 refused", p.rate, p.refused)
	}
	// Near the refused rate the same answers grow it a plateau-th as much.
	q := newPacer(DefaultMinRequestRate)
	q.rate, q.refused = 7.9, 8
	_, r := q.reserve(t0)
	q.answer(r, t0, answered, 0)
	if step, want := q.rate-7.9, 1/7.9/plateau; step > want*1.01 {
		t.Errorf("step near the refused rate %v, want %v (a plateau-th); far from it the step was %v", step, want, fast-4)
	}
}

// A 429 with Retry-After pauses every request, not only its own, for at
// least Retry-After and at most a quarter more.
func TestPacerRetryAfterPausesEveryRequest(t *testing.T) {
	p := newPacer(DefaultMinRequestRate)
	sendAt(p, t0, 19)
	_, r := p.reserve(t0)
	p.answer(r, t0, rateLimited, 4*time.Second) // and 10 per second
	for i, a := range sendAt(p, at(100), 3) {
		if a.Before(at(4000)) || a.After(at(5000+i*100)) {
			t.Errorf("request %d after the Retry-After: 4s at +%s, want from +4s (and at most a quarter more, then paced)", i+1, a.Sub(t0))
		}
	}
	// A shorter Retry-After later does not shorten the pause.
	_, r = p.reserve(at(200))
	p.answer(r, at(200), rateLimited, time.Second)
	if !p.pausedAt(at(3900)) {
		t.Errorf("a later 1s Retry-After shortened the 4s pause: paused until +%s", p.paused.Sub(t0))
	}
}

// wait holds a request that a pause caught while it slept: it reserves its
// place again after the pause. The clock is fake: sleeping advances it.
func TestPacerWaitHonoursAPauseThatBeganWhileItSlept(t *testing.T) {
	p := newPacer(DefaultMinRequestRate)
	now := t0
	var slept []time.Duration
	p.now = func() time.Time { return now }
	p.sleep = func(_ context.Context, d time.Duration) error {
		slept = append(slept, d)
		if len(slept) == 1 {
			// While this request sleeps, another gets Retry-After: 3s.
			_, r := p.reserve(now)
			p.answer(r, now, rateLimited, 3*time.Second)
		}
		now = now.Add(d)
		return nil
	}
	p.rate, p.next = 1, at(500) // the request's place is at +500ms
	if _, err := p.wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if now.Before(at(3000)) || len(slept) < 2 {
		t.Errorf("the request went at +%s after sleeping %v; want after the 3s pause", now.Sub(t0), slept)
	}
}
