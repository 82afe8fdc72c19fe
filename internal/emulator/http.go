package emulator

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Routes as counted by Count and recorded in Request.Route.
const (
	RouteListTargets   = "GET /analytics/targets"
	RouteCreateTarget  = "POST /analytics/targets"
	RouteGetTarget     = "GET /analytics/targets/{id}"
	RouteUpdateTarget  = "PATCH /analytics/targets/{id}"
	RouteDeleteTarget  = "DELETE /analytics/targets/{id}"
	RouteRefreshTarget = "POST /analytics/targets/{id}/refresh"
	RouteGetRefresh    = "GET /analytics/refreshes/{id}"
	RouteSummary       = "GET /analytics/summary"
	RoutePosts         = "GET /analytics/summary/posts"
	RouteSuggestions   = "GET /analytics/workspace-suggestions"
)

// maxBodyBytes caps the request bodies the emulator reads; larger bodies get
// 413.
const maxBodyBytes = 1 << 20

// call is one authenticated request as seen by an endpoint handler.
type call struct {
	scope Scope
	id    string // path id, "" when the path segment was empty
	body  []byte
	query url.Values
}

// handler answers one endpoint. It runs with s.mu held.
type handler func(*Server, *call) *response

// route is the result of matching a request's method and path.
type route struct {
	key    string   // counter key: a Route constant, "METHOD /pattern" or "METHOD path"
	id     string   // path id
	handle handler  // nil for unknown paths and wrong methods
	allow  []string // methods of the matched pattern; nil for unknown paths
}

// resolve matches method and path to a route. Like the API, it knows only
// the paths under BasePath: any other (a base URL ending in /api/partner/v2,
// or without the base path) is an unknown route.
func resolve(method, path string) route {
	var (
		pattern string
		id      string
		methods map[string]handler
	)
	if rest, ok := strings.CutPrefix(path, BasePath+"/analytics/"); ok {
		parts := strings.Split(rest, "/")
		switch {
		case len(parts) == 1 && parts[0] == "targets":
			pattern = "/analytics/targets"
			methods = map[string]handler{
				http.MethodGet:  (*Server).listTargets,
				http.MethodPost: (*Server).createTargetHandler,
			}
		case len(parts) == 2 && parts[0] == "targets":
			pattern, id = "/analytics/targets/{id}", parts[1]
			methods = map[string]handler{
				http.MethodGet:    (*Server).getTarget,
				http.MethodPatch:  (*Server).updateTarget,
				http.MethodDelete: (*Server).deleteTarget,
			}
		case len(parts) == 3 && parts[0] == "targets" && parts[2] == "refresh":
			pattern, id = "/analytics/targets/{id}/refresh", parts[1]
			methods = map[string]handler{http.MethodPost: (*Server).startRefresh}
		case len(parts) == 2 && parts[0] == "refreshes":
			pattern, id = "/analytics/refreshes/{id}", parts[1]
			methods = map[string]handler{http.MethodGet: (*Server).getRefresh}
		case len(parts) == 1 && parts[0] == "summary":
			pattern = "/analytics/summary"
			methods = map[string]handler{http.MethodGet: (*Server).summary}
		case len(parts) == 2 && parts[0] == "summary" && parts[1] == "posts":
			pattern = "/analytics/summary/posts"
			methods = map[string]handler{http.MethodGet: (*Server).listPosts}
		case len(parts) == 1 && parts[0] == "workspace-suggestions":
			pattern = "/analytics/workspace-suggestions"
			methods = map[string]handler{http.MethodGet: (*Server).suggestions}
		}
	}
	if methods == nil {
		return route{key: method + " " + path}
	}
	allow := make([]string, 0, len(methods))
	for m := range methods {
		allow = append(allow, m)
	}
	slices.Sort(allow)
	return route{key: method + " " + pattern, id: id, handle: methods[method], allow: allow}
}

// ServeHTTP answers one request: it counts and logs it, applies the active
// faults, matches the route, authenticates the key and runs the endpoint.
// When the request's context ends during an injected latency or stall it
// aborts the connection by panicking with http.ErrAbortHandler, which
// net/http handles silently.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, readErr := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	tooLarge := len(body) > maxBodyBytes
	if tooLarge {
		body = body[:maxBodyBytes]
	}
	rt := resolve(r.Method, r.URL.Path)
	token, hasToken := bearerToken(r.Header.Get("Authorization"))
	query := r.URL.Query()

	s.mu.Lock()
	entry := &Request{
		Method: r.Method,
		Path:   r.URL.Path,
		Route:  rt.key,
		Query:  query,
		Body:   body,
	}
	_, known := s.keys[token]
	_, forced := s.keyErrors[token]
	entry.Authorized = hasToken && known && !forced
	s.counts[rt.key]++
	s.total++
	s.log = append(s.log, entry)
	overloaded := s.arrive(entry, rt.key)
	defer s.leave()
	var delay time.Duration
	if s.faultsApply(rt.key) {
		delay = s.faults.Latency + s.faults.Stall
	}
	s.mu.Unlock()

	if delay > 0 && !sleepContext(r.Context(), delay) {
		// The client went away or the server is shutting down: drop the
		// connection without an answer (Status stays 0).
		panic(http.ErrAbortHandler)
	}

	s.mu.Lock()
	resp := overloaded
	if resp == nil {
		resp = s.injectFault(rt.key)
	}
	if resp == nil {
		resp = s.injectHTTPFault(rt.key)
	}
	if resp == nil {
		resp = s.echoKey(rt.key, token)
	}
	if resp == nil {
		var bodyProblem *response
		switch {
		case readErr != nil:
			bodyProblem = failure(http.StatusBadRequest, "invalid_body", "Request body could not be read")
		case tooLarge:
			bodyProblem = failure(http.StatusRequestEntityTooLarge, "payload_too_large", "Request body is too large")
		}
		resp = s.dispatch(rt, token, hasToken, bodyProblem, &call{id: rt.id, body: body, query: s.shortenPage(rt.key, query)})
		resp = s.hideListedTargets(rt.key, resp)
		resp = s.echoKeyInValues(rt.key, token, resp)
	}
	resp, drop := s.applyStateFaults(rt.key, resp)
	if drop {
		s.mu.Unlock()
		panic(http.ErrAbortHandler)
	}
	entry.Status = resp.status
	hold := s.answerDelay(rt.key)
	pad := s.hugePadding(rt.key, resp)
	s.mu.Unlock()

	if hold > 0 && !sleepContext(r.Context(), hold) {
		panic(http.ErrAbortHandler)
	}
	writePadded(w, resp, pad)
}

// dispatch rejects unknown routes, wrong methods and bad keys, then runs the
// endpoint. The caller holds s.mu.
func (s *Server) dispatch(rt route, token string, hasToken bool, bodyProblem *response, c *call) *response {
	if rt.allow == nil {
		return failure(http.StatusNotFound, "not_found", "Route not found")
	}
	if rt.handle == nil {
		resp := failure(http.StatusMethodNotAllowed, "method_not_allowed", "Method not allowed")
		resp.header.Set("Allow", strings.Join(rt.allow, ", "))
		return resp
	}
	if ke, ok := s.keyErrors[token]; ok && hasToken {
		return failure(ke.status, errorCodeOr(ke.code, ke.status), keyErrorMessage(ke))
	}
	scope, ok := s.keys[token]
	if !hasToken || !ok {
		return failure(http.StatusUnauthorized, "invalid_token", "API key not found")
	}
	if bodyProblem != nil {
		return bodyProblem
	}
	c.scope = scope
	return rt.handle(s, c)
}

// bearerToken extracts the token of an "Authorization: Bearer <token>"
// header value.
func bearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// keyErrorMessage is the message of a forced key error.
func keyErrorMessage(ke keyError) string {
	switch ke.code {
	case "subscription_required":
		return "An active Creator, Professional or Business subscription is required"
	case "tier_not_allowed":
		return "Your plan tier does not include Partner API access"
	}
	return http.StatusText(ke.status)
}

// defaultErrorCodes names the error_code of statuses whose code the caller
// did not choose.
var defaultErrorCodes = map[int]string{
	http.StatusBadRequest:          "bad_request",
	http.StatusUnauthorized:        "invalid_token",
	http.StatusPaymentRequired:     "payment_required",
	http.StatusForbidden:           "forbidden",
	http.StatusNotFound:            "not_found",
	http.StatusConflict:            "conflict",
	http.StatusTooManyRequests:     "rate_limited",
	http.StatusInternalServerError: "internal_error",
	http.StatusBadGateway:          "bad_gateway",
	http.StatusServiceUnavailable:  "service_unavailable",
	http.StatusGatewayTimeout:      "gateway_timeout",
}

// errorCodeOr returns code, or the default error code of status when code is
// empty, so that every error carries an error_code.
func errorCodeOr(code string, status int) string {
	if code != "" {
		return code
	}
	if c, ok := defaultErrorCodes[status]; ok {
		return c
	}
	return "error"
}

// sleepContext waits for d or until ctx is done; it reports whether the full
// duration elapsed.
func sleepContext(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// response is an answer computed under the lock and written after it.
type response struct {
	status int
	header http.Header
	body   []byte
}

// write sends r to w.
func (r *response) write(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	w.WriteHeader(r.status)
	_, _ = w.Write(r.body)
}

// envelope is the response envelope of every endpoint (contract §3).
type envelope struct {
	OK        bool   `json:"ok"`
	Code      int    `json:"code"`
	Message   string `json:"message"`
	Data      any    `json:"data,omitempty"`
	ErrorCode string `json:"error_code,omitempty"`
}

// success returns an ok envelope with data.
func success(status int, message string, data any) *response {
	return jsonResponse(status, envelope{OK: true, Code: status, Message: message, Data: data})
}

// failure returns an error envelope.
func failure(status int, code, message string) *response {
	return jsonResponse(status, envelope{Code: status, Message: message, ErrorCode: errorCodeOr(code, status)})
}

// jsonResponse encodes env as the body of a JSON response.
func jsonResponse(status int, env envelope) *response {
	body, err := json.Marshal(env)
	if err != nil {
		// Only the emulator's own types are encoded; this is a bug.
		panic("emulator: encoding response: " + err.Error())
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	return &response{status: status, header: h, body: body}
}

// decodeObject parses a request body that must be a JSON object.
func decodeObject(body []byte) (map[string]any, *response) {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, failure(http.StatusBadRequest, "invalid_json", "Request body must be valid JSON")
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, failure(http.StatusBadRequest, "invalid_payload", "Request body must be a JSON object")
	}
	return obj, nil
}

// nullable returns nil for "" and a pointer to s otherwise.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// timestamp formats t like the API: UTC with milliseconds.
func timestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}
