package emulator

import (
	"math"
	"time"
)

// arrive counts entry, of route, as in flight and returns the 429 answer of
// a concurrency-limited API (Faults.MaxInFlight) or of a rate-limited one
// (Faults.RateLimit) when it arrives over the limit, else nil. The caller
// holds s.mu (for the faults) and calls leave when the request ends, with
// or without s.mu.
func (s *Server) arrive(entry *Request, route string) *response {
	n := s.inFlight.Add(1)
	for {
		p := s.peakInFlight.Load()
		if n <= p || s.peakInFlight.CompareAndSwap(p, n) {
			break
		}
	}
	entry.InFlight = int(n)
	if !s.faultsApply(route) {
		return nil
	}
	if s.faults.MaxInFlight > 0 && n > int64(s.faults.MaxInFlight) {
		return s.faults.rateLimited("Too many concurrent requests")
	}
	if s.faults.RateLimit > 0 && !s.bucket.take(s.faults.RateLimit, s.faults.RateLimitBucket, time.Now()) {
		return s.faults.rateLimited("Rate limit exceeded")
	}
	return nil
}

// leave ends a request counted by arrive.
func (s *Server) leave() { s.inFlight.Add(-1) }

// PeakInFlight returns the most requests the server worked on at once since
// it started or since ResetCounts.
func (s *Server) PeakInFlight() int { return int(s.peakInFlight.Load()) }

// tokenBucket is the state of a rate limit shared by all clients. Its zero
// value is a full bucket.
type tokenBucket struct {
	started bool
	tokens  float64
	at      time.Time
}

// take refills the bucket at rate tokens per second up to size (rate, at
// least 1, when size is 0) and takes one token at now; it reports false,
// taking nothing, when none is left.
func (b *tokenBucket) take(rate float64, size int, now time.Time) bool {
	capacity := float64(size)
	if size <= 0 {
		capacity = math.Max(rate, 1)
	}
	if !b.started {
		b.started, b.tokens, b.at = true, capacity, now
	}
	if now.After(b.at) {
		b.tokens = math.Min(capacity, b.tokens+rate*now.Sub(b.at).Seconds())
		b.at = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
