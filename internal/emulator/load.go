package emulator

import "net/http"

// arrive counts entry, of route, as in flight and returns the 429 answer of
// a concurrency-limited API (Faults.MaxInFlight) when it arrives over the
// limit, else nil. The caller holds s.mu and calls leave when the request
// ends.
func (s *Server) arrive(entry *Request, route string) *response {
	s.inFlight++
	s.peakInFlight = max(s.peakInFlight, s.inFlight)
	entry.InFlight = s.inFlight
	if s.faults.MaxInFlight <= 0 || !s.faultsApply(route) || s.inFlight <= s.faults.MaxInFlight {
		return nil
	}
	resp := failure(http.StatusTooManyRequests, "rate_limited", "Too many concurrent requests")
	if s.faults.RetryAfter != "" {
		resp.header.Set("Retry-After", s.faults.RetryAfter)
	}
	return resp
}

// leave ends a request counted by arrive.
func (s *Server) leave() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inFlight--
}

// PeakInFlight returns the most requests the server worked on at once since
// it started or since ResetCounts.
func (s *Server) PeakInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peakInFlight
}
