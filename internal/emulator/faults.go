package emulator

import (
	"net/http"
	"slices"
	"time"
)

// Faults are failure switches applied to every request after it is counted
// and logged and before it is routed or authenticated. The zero value injects
// nothing.
type Faults struct {
	// Latency is added before every response.
	Latency time.Duration
	// ErrorRate is the fraction (0..1) of requests answered with a 5xx status
	// drawn from ErrorStatuses.
	ErrorRate float64
	// ErrorStatuses are the statuses ErrorRate draws from; empty means
	// {500, 502, 503}.
	ErrorStatuses []int
	// RateLimitBurst is the number of next requests answered 429
	// rate_limited; it counts down as requests arrive.
	RateLimitBurst int
	// RetryAfter is the Retry-After header value sent with the 429s of
	// RateLimitBurst, RateLimitRate, MaxInFlight and RateLimit; "" sends
	// none.
	RetryAfter string
	// RateLimitRate is the fraction (0..1) of requests answered 429
	// rate_limited (after RateLimitBurst), whatever the load: a rate-limit
	// storm.
	RateLimitRate float64
	// MalformedRate is the fraction (0..1) of requests answered with a
	// malformed body. The kinds alternate: an HTML 502 page, truncated JSON
	// with status 200, and {"ok":false} with status 200.
	MalformedRate float64
	// Stall makes every request sleep this long before it is answered (on
	// top of Latency). Like Latency it ends early, without an answer, when
	// the request's context is cancelled.
	Stall time.Duration
	// Routes, when not empty, limits every fault above to requests of these
	// routes (Route constants); other requests are answered normally.
	Routes []string

	// The faults below are those of a misbehaving HTTP path (faults_http.go).

	// RedirectTo, when not empty, answers the requests of RedirectRoutes
	// (every request when empty) with RedirectStatus (302 when 0) and this
	// Location, before routing and authentication.
	RedirectTo     string
	RedirectStatus int
	RedirectRoutes []string
	// HTML404Routes are answered with a proxy's HTML 404 page (no JSON
	// envelope).
	HTML404Routes []string
	// HideListedTargets makes a successful GET /analytics/targets list no
	// targets, as if its rows were briefly missing.
	HideListedTargets bool
	// Malformed2xxRate is the fraction (0..1) of requests (of Routes)
	// answered 200 with a garbled body: alternately truncated JSON and an
	// HTML page.
	Malformed2xxRate float64
	// HugePageBytes pads every successful posts page to this many bytes
	// (white space inside the JSON, streamed).
	HugePageBytes int
	// ShortPages, when positive, caps the rows of every posts page: the
	// server serves fewer rows than asked.
	ShortPages int
	// PostsTotalCount, when positive, is the totalCount every posts page
	// announces instead of the true count, as a buggy API version might;
	// the rows served and hasMore stay true to the data.
	PostsTotalCount int
	// PostsEndOverlap, when positive, makes the end day of a start/end
	// filter reach this far into the next day, as a server whose end bound
	// is in another time zone than its start would: queries of adjacent
	// days then both serve the posts of that stretch.
	PostsEndOverlap time.Duration

	// MaxInFlight, when positive, makes the server a concurrency-limited
	// API (load.go): a request (of Routes) that arrives while MaxInFlight
	// requests are already in flight is answered 429 rate_limited, with
	// RetryAfter, after Latency. Every request in flight counts, those of
	// other routes and the refused ones (until their answer is written)
	// included, as with a server that caps its connections.
	MaxInFlight int
	// RateLimit, when positive, makes the server an API with one rate
	// limit shared by all its clients (load.go): RateLimit requests per
	// second, with bursts of up to RateLimitBucket requests (RateLimit,
	// at least 1, when 0). A request (of Routes) that arrives when the
	// limit is used up is answered 429 rate_limited, with RetryAfter,
	// after Latency; refused requests do not use up the limit. The limit
	// is a token bucket on real time, full when SetFaults sets it.
	RateLimit       float64
	RateLimitBucket int
}

// defaultErrorStatuses are the statuses of ErrorRate faults when
// Faults.ErrorStatuses is empty.
var defaultErrorStatuses = []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable}

// SetFaults replaces the active faults; the zero value switches them off.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f.ErrorStatuses = slices.Clone(f.ErrorStatuses)
	f.Routes = slices.Clone(f.Routes)
	f.cloneHTTPFaults()
	s.faults = f
	s.malformedTurn = 0
	s.bucket = tokenBucket{}
}

// faultsApply reports whether the active faults concern route. The caller
// holds s.mu.
func (s *Server) faultsApply(route string) bool {
	return len(s.faults.Routes) == 0 || slices.Contains(s.faults.Routes, route)
}

// injectFault decides whether the current request, of route, is answered by
// a fault and returns that answer, or nil. Rate-limit bursts come first,
// then the error rate, then malformed bodies. The caller holds s.mu.
func (s *Server) injectFault(route string) *response {
	f := &s.faults
	if !s.faultsApply(route) {
		return nil
	}
	if f.RateLimitBurst > 0 {
		f.RateLimitBurst--
		return f.rateLimited("Too many requests")
	}
	if f.RateLimitRate > 0 && s.rng.Float64() < f.RateLimitRate {
		return f.rateLimited("Too many requests")
	}
	if f.ErrorRate > 0 && s.rng.Float64() < f.ErrorRate {
		statuses := f.ErrorStatuses
		if len(statuses) == 0 {
			statuses = defaultErrorStatuses
		}
		status := statuses[s.rng.IntN(len(statuses))]
		return failure(status, "", "Injected failure: "+http.StatusText(status))
	}
	if f.MalformedRate > 0 && s.rng.Float64() < f.MalformedRate {
		turn := s.malformedTurn % 3
		s.malformedTurn++
		return malformed(turn)
	}
	return nil
}

// rateLimited is the 429 rate_limited answer of the faults, with their
// RetryAfter.
func (f *Faults) rateLimited(message string) *response {
	resp := failure(http.StatusTooManyRequests, "rate_limited", message)
	if f.RetryAfter != "" {
		resp.header.Set("Retry-After", f.RetryAfter)
	}
	return resp
}

// malformed returns the malformed answer of kind 0 (HTML 502 page), 1
// (truncated JSON, 200) or 2 ({"ok":false}, 200).
func malformed(kind int) *response {
	h := http.Header{}
	switch kind {
	case 0:
		h.Set("Content-Type", "text/html; charset=utf-8")
		return &response{status: http.StatusBadGateway, header: h, body: []byte(
			"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n")}
	case 1:
		h.Set("Content-Type", "application/json")
		return &response{status: http.StatusOK, header: h, body: []byte(`{"ok":true,"code":200,"message":"Analytics targets retrieved","data":{"workspace_id":"0b8e6c1a-5d2f`)}
	default:
		h.Set("Content-Type", "application/json")
		return &response{status: http.StatusOK, header: h, body: []byte(`{"ok":false}`)}
	}
}
