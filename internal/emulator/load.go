package emulator

// arrive counts entry, of route, as in flight and returns the 429 answer of
// a concurrency-limited API (Faults.MaxInFlight) when it arrives over the
// limit, else nil. The caller holds s.mu (for the faults) and calls leave
// when the request ends, with or without s.mu.
func (s *Server) arrive(entry *Request, route string) *response {
	n := s.inFlight.Add(1)
	for {
		p := s.peakInFlight.Load()
		if n <= p || s.peakInFlight.CompareAndSwap(p, n) {
			break
		}
	}
	entry.InFlight = int(n)
	if s.faults.MaxInFlight <= 0 || !s.faultsApply(route) || n <= int64(s.faults.MaxInFlight) {
		return nil
	}
	return s.faults.rateLimited("Too many concurrent requests")
}

// leave ends a request counted by arrive.
func (s *Server) leave() { s.inFlight.Add(-1) }

// PeakInFlight returns the most requests the server worked on at once since
// it started or since ResetCounts.
func (s *Server) PeakInFlight() int { return int(s.peakInFlight.Load()) }
