package emulator

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// This file holds the faults of a misbehaving HTTP path between client and
// API (proxies, load balancers, wrong base URLs, odd servers): redirects,
// HTML 404 pages, garbled 2xx bodies, huge and short pages, and a list
// that briefly misses its rows. Their switches are the Redirect*, HTML404*,
// HideListedTargets, Malformed2xxRate, HugePageBytes and ShortPages fields
// of Faults.

// cloneHTTPFaults copies the slices of the HTTP faults, so that the caller
// of SetFaults may reuse its own.
func (f *Faults) cloneHTTPFaults() {
	f.RedirectRoutes = slices.Clone(f.RedirectRoutes)
	f.HTML404Routes = slices.Clone(f.HTML404Routes)
}

// injectHTTPFault returns the answer of a redirect or HTML 404 fault to a
// request of route, or of a garbled 2xx, or nil. The caller holds s.mu.
func (s *Server) injectHTTPFault(route string) *response {
	f := &s.faults
	if f.RedirectTo != "" && (len(f.RedirectRoutes) == 0 || slices.Contains(f.RedirectRoutes, route)) {
		status := f.RedirectStatus
		if status == 0 {
			status = http.StatusFound
		}
		h := http.Header{}
		h.Set("Location", f.RedirectTo)
		h.Set("Content-Type", "text/html; charset=utf-8")
		return &response{status: status, header: h, body: []byte(`<html><body>Moved: <a href="` + f.RedirectTo + `">here</a></body></html>`)}
	}
	if slices.Contains(f.HTML404Routes, route) {
		h := http.Header{}
		h.Set("Content-Type", "text/html")
		return &response{status: http.StatusNotFound, header: h, body: []byte(
			"<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n" +
				"<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")}
	}
	if f.Malformed2xxRate > 0 && s.faultsApply(route) && s.rng.Float64() < f.Malformed2xxRate {
		h := http.Header{}
		s.malformedTurn++
		if s.malformedTurn%2 == 0 {
			h.Set("Content-Type", "text/html")
			return &response{status: http.StatusOK, header: h, body: []byte("<html><body>Service temporarily busy</body></html>")}
		}
		h.Set("Content-Type", "application/json")
		return &response{status: http.StatusOK, header: h, body: []byte(`{"ok":true,"code":200,"message":"Analytics posts retrieved","data":{"posts":[{"id":"`)}
	}
	return nil
}

// shortenPage returns the query of a request as the endpoint sees it: for
// posts with ShortPages set, a copy whose limit is at most ShortPages, so
// that the server serves fewer rows than asked (with a consistent
// totalCount and hasMore). The request log keeps the query as sent. The
// caller holds s.mu.
func (s *Server) shortenPage(route string, q url.Values) url.Values {
	n := s.faults.ShortPages
	if n <= 0 || route != RoutePosts {
		return q
	}
	if limit, err := strconv.Atoi(q.Get("limit")); err == nil && limit <= n {
		return q
	}
	q = maps.Clone(q)
	q.Set("limit", strconv.Itoa(n))
	return q
}

// hideListedTargets empties the targets of a successful list answer when
// HideListedTargets is set. The caller holds s.mu.
func (s *Server) hideListedTargets(route string, resp *response) *response {
	if !s.faults.HideListedTargets || route != RouteListTargets || resp.status != http.StatusOK {
		return resp
	}
	var env struct {
		envelope
		Data map[string]any `json:"data"`
	}
	if json.Unmarshal(resp.body, &env) != nil || env.Data == nil {
		return resp
	}
	env.Data["targets"] = []any{}
	return success(resp.status, env.Message, env.Data)
}

// hugePadding is how many bytes of padding a successful posts answer gets
// (HugePageBytes less its body). The caller holds s.mu.
func (s *Server) hugePadding(route string, resp *response) int {
	if route != RoutePosts || resp.status != http.StatusOK || s.faults.HugePageBytes <= len(resp.body) {
		return 0
	}
	return s.faults.HugePageBytes - len(resp.body)
}

// paddingChunk is written repeatedly to pad huge pages: the emulator does
// not hold a huge body per request.
var paddingChunk = sync.OnceValue(func() []byte { return []byte(strings.Repeat(" ", 64<<10)) })

// writePadded writes resp with pad bytes of white space before its last
// byte, streamed: the JSON stays valid and the emulator's memory flat.
func writePadded(w http.ResponseWriter, resp *response, pad int) {
	if pad <= 0 || len(resp.body) == 0 {
		resp.write(w)
		return
	}
	for k, v := range resp.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(resp.body)+pad))
	w.WriteHeader(resp.status)
	last := len(resp.body) - 1
	if _, err := w.Write(resp.body[:last]); err != nil {
		return
	}
	chunk := paddingChunk()
	for pad > 0 {
		n := min(pad, len(chunk))
		if _, err := w.Write(chunk[:n]); err != nil {
			return
		}
		pad -= n
	}
	_, _ = w.Write(resp.body[last:])
}
