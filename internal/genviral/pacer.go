package genviral

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"
)

// pacer is the client's adaptive request rate, and its pause after a
// Retry-After. The window bounds requests in flight, which is not a rate: at
// 50 ms a single request in flight is already 20 requests per second, and a
// rate limit shared with clients the provider cannot see (other Terraform
// runs with the same key) is a rate.
//
// The pacer sends unpaced until the first 429. That 429 sets the rate to
// half the rate the client sent at over the last second; each later 429
// halves it again, at most once per round (the requests reserved since the
// last decrease): additive increase, multiplicative decrease on the rate,
// as the AWS SDKs' adaptive retry mode does. Every other answer to a request
// of the current round adds 1/rate requests per second (the rate grows by
// about one request per second each second), at a plateau-th of that pace
// near the rate refused last. It never goes below minRate
// (Config.MinRequestRate).
//
// A 429 with Retry-After pauses every request of the client until then,
// plus up to a quarter more of jitter (so that the clients sharing the
// limit do not all come back at once), not only the request that got it.
type pacer struct {
	mu sync.Mutex
	// rate is the requests per second; 0 means unpaced.
	rate float64
	// next is when the next paced request may be sent.
	next time.Time
	// paused: no request is sent before it (Retry-After).
	paused time.Time
	// refused is the rate at the last decrease, 0 once the rate is back at
	// it: growth near it is plateau times slower.
	refused float64
	// minRate is the lowest rate, in requests per second.
	minRate float64
	// round counts decreases; a reservation remembers its round.
	round uint64
	// sent holds the times of the last len(sent) reservations (a ring
	// from pos), to measure the rate sent at.
	sent [64]time.Time
	pos  int

	// now and sleep are the clock; tests may replace them.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

const (
	// rateDecrease is the factor of a decrease.
	rateDecrease = 0.5
	// rateIncrease is the growth of the rate per second of sending at it,
	// in requests per second.
	rateIncrease = 1.0
	// maxPauseJitter is the largest jitter added to a Retry-After pause,
	// as a fraction of it.
	maxPauseJitter = 0.25
)

// newPacer returns an unpaced pacer that never paces below minRate
// requests per second.
func newPacer(minRate float64) *pacer {
	return &pacer{minRate: minRate, now: time.Now, sleep: sleepContext}
}

// sleepContext waits d or until ctx ends.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// wait waits for the request's turn: the end of a pause, and its place in
// the paced schedule. It returns the round of the reservation, for answer.
func (p *pacer) wait(ctx context.Context) (uint64, error) {
	for {
		now := p.now()
		at, round := p.reserve(now)
		if !at.After(now) {
			return round, nil
		}
		if err := p.sleep(ctx, at.Sub(now)); err != nil {
			return 0, err
		}
		// A pause that began while this request slept (a 429 with
		// Retry-After to another request) holds it too: it reserves a
		// place again.
		if !p.pausedAt(p.now()) {
			return round, nil
		}
	}
}

// reserve takes the next place of the schedule from now: now, unless a
// pause or the rate holds the request until later.
func (p *pacer) reserve(now time.Time) (at time.Time, round uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	at = now
	if p.paused.After(at) {
		at = p.paused
	}
	if p.rate > 0 {
		if p.next.After(at) {
			at = p.next
		}
		p.next = at.Add(time.Duration(float64(time.Second) / p.rate))
	}
	p.sent[p.pos] = at
	p.pos = (p.pos + 1) % len(p.sent)
	return at, p.round
}

// pausedAt reports whether a pause holds requests at now.
func (p *pacer) pausedAt(now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.paused.After(now)
}

// answer adapts the rate to the outcome o of a request reserved in round,
// answered at now, and pauses the client for retryAfter (a 429's
// Retry-After, 0 when none). It returns the rate before and after, for the
// log.
func (p *pacer) answer(round uint64, now time.Time, o outcome, retryAfter time.Duration) (before, after float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	before = p.rate
	switch {
	case o == rateLimited:
		if retryAfter > 0 {
			jitter := time.Duration(rand.Int64N(int64(float64(retryAfter)*maxPauseJitter) + 1))
			if until := now.Add(retryAfter + jitter); until.After(p.paused) {
				p.paused = until
			}
		}
		if round == p.round {
			p.decrease(now)
		}
	case o == answered && round == p.round && p.rate > 0:
		step := rateIncrease / p.rate
		if p.refused > 0 && p.rate+step >= p.refused {
			step /= plateau
		}
		p.rate += step
		if p.refused > 0 && p.rate >= p.refused {
			p.refused = 0
		}
	}
	return before, p.rate
}

// decrease cuts the rate: the first time to half of the rate measured over
// the last second, later to half of the lower of that and the current
// rate. The caller holds p.mu.
func (p *pacer) decrease(now time.Time) {
	from := p.measured(now)
	if p.rate > 0 && p.rate < from {
		from = p.rate
	}
	p.refused = from
	p.rate = max(from*rateDecrease, p.minRate)
	p.round++
	if p.next.Before(now) {
		p.next = now
	}
}

// measured is the rate of reservations over the second before now, or over
// the last len(sent) reservations when they all fall within it. The caller
// holds p.mu.
func (p *pacer) measured(now time.Time) float64 {
	since := now.Add(-time.Second)
	n := 0
	oldest := now
	for _, t := range p.sent {
		if !t.IsZero() && t.After(since) && !t.After(now) {
			n++
			if t.Before(oldest) {
				oldest = t
			}
		}
	}
	if n == len(p.sent) && now.Sub(oldest) > 0 {
		return float64(n) / now.Sub(oldest).Seconds()
	}
	return float64(n)
}
