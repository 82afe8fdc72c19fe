package genviral_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

var emptyList = map[string]any{"workspace_id": nil, "targets": []any{}}

func TestNewValidatesConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		cfg     genviral.Config
		wantErr string
	}{
		{"relative base", withConfig(func(c *genviral.Config) { c.BaseURL = "/api" }), "invalid base URL"},
		{"no scheme", withConfig(func(c *genviral.Config) { c.BaseURL = "www.genviral.io/api" }), "invalid base URL"},
		{"no key", withConfig(func(c *genviral.Config) { c.APIKey = "" }), "no API key"},
		{"blank key", withConfig(func(c *genviral.Config) { c.APIKey = "  " }), "no API key"},
		{"zero timeout", withConfig(func(c *genviral.Config) { c.Timeout = 0 }), "Timeout must be positive"},
		{"negative retries", withConfig(func(c *genviral.Config) { c.MaxRetries = -1 }), "MaxRetries must not be negative"},
		{"zero parallel", withConfig(func(c *genviral.Config) { c.MaxParallel = 0 }), "MaxParallel must be positive"},
		{"backoff inverted", withConfig(func(c *genviral.Config) { c.RetryWaitMax = time.Millisecond }), "RetryWaitMin"},
		{"zero limits", withConfig(func(c *genviral.Config) { c.MaxReadRequests = 0 }), "MaxReadRequests"},
		{"zero rate floor", withConfig(func(c *genviral.Config) { c.MinRequestRate = 0 }), "MinRequestRate"},
		{"empty config", genviral.Config{}, "invalid base URL"},
		{"key only", genviral.Config{BaseURL: genviral.DefaultBaseURL, APIKey: testKey}, "start from DefaultConfig"},
		{"default config", withConfig(nil), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := genviral.New(tt.cfg)
			if tt.wantErr == "" {
				if err != nil || c == nil {
					t.Fatalf("New: %v", err)
				}
				if c.MaxParallel() != genviral.DefaultMaxParallel {
					t.Errorf("MaxParallel = %d, want default %d", c.MaxParallel(), genviral.DefaultMaxParallel)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("New error = %v, want %q", err, tt.wantErr)
			}
			assertNoSecret(t, "New error", err.Error())
		})
	}
}

func TestBaseURLTrailingSlashAndRequestHeaders(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			writeOK(w, 200, emptyList)
		case http.MethodPost:
			writeOK(w, 201, map[string]any{"created": true, "target": map[string]any{"id": "t1", "platform": "tiktok", "identifier": "@x"}})
		case http.MethodPatch:
			writeOK(w, 200, map[string]any{"id": "t1", "platform": "tiktok", "identifier": "@x"})
		}
	})
	c := newClient(t, f.URL+"/api/partner/v1/")
	ctx := context.Background()
	if _, err := c.ListTargets(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateTarget(ctx, genviral.CreateTargetRequest{Platform: "tiktok", Identifier: "@x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateTarget(ctx, "t1", genviral.UpdateTargetRequest{Favorite: genviral.Value(true)}); err != nil {
		t.Fatal(err)
	}
	reqs := f.requests()
	if len(reqs) != 3 {
		t.Fatalf("got %d requests, want 3", len(reqs))
	}
	wantPaths := []string{"/api/partner/v1/analytics/targets", "/api/partner/v1/analytics/targets", "/api/partner/v1/analytics/targets/t1"}
	for i, r := range reqs {
		if r.Path != wantPaths[i] {
			t.Errorf("request %d path = %q, want %q", i, r.Path, wantPaths[i])
		}
		if got := r.Header.Get("Authorization"); got != "Bearer "+testKey {
			t.Errorf("request %d Authorization = %q, want exactly %q", i, got, "Bearer "+testKey)
		}
		if got := r.Header.Values("Authorization"); len(got) != 1 {
			t.Errorf("request %d sent %d Authorization headers", i, len(got))
		}
		if got := r.Header.Get("User-Agent"); got != testUA {
			t.Errorf("request %d User-Agent = %q, want %q", i, got, testUA)
		}
		if got := r.Header.Get("Accept"); got != "application/json" {
			t.Errorf("request %d Accept = %q", i, got)
		}
		if len(r.Query) != 0 {
			t.Errorf("request %d has query %v", i, r.Query)
		}
	}
	if ct := reqs[0].Header.Get("Content-Type"); ct != "" {
		t.Errorf("GET without body sent Content-Type %q", ct)
	}
	for _, i := range []int{1, 2} {
		if ct := reqs[i].Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s body sent Content-Type %q, want application/json", reqs[i].Method, ct)
		}
	}
	if got, want := string(reqs[1].Body), `{"platform":"tiktok","identifier":"@x"}`; got != want {
		t.Errorf("create body = %s, want %s", got, want)
	}
	if got, want := string(reqs[2].Body), `{"favorite":true}`; got != want {
		t.Errorf("patch body = %s, want %s", got, want)
	}
}

func TestDefaultUserAgent(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeOK(w, 200, emptyList) })
	c := newClient(t, f.URL, func(c *genviral.Config) { c.UserAgent = genviral.DefaultConfig().UserAgent })
	if _, err := c.ListTargets(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ua := f.requests()[0].Header.Get("User-Agent"); ua != genviral.DefaultUserAgent {
		t.Errorf("default User-Agent = %q", ua)
	}
}

// failThen answers the first n requests with fail, then with a target list.
func failThen(n int64, fail func(w http.ResponseWriter, r *http.Request)) http.HandlerFunc {
	var seen atomic.Int64
	return func(w http.ResponseWriter, r *http.Request) {
		if seen.Add(1) <= n {
			fail(w, r)
			return
		}
		writeOK(w, 200, emptyList)
	}
}

// TestAPIErrorCarriesTheFacts: a failed call's error carries what the API
// said and what the client did (request, status, code, message, attempts,
// Retry-After, envelope), so that the caller can give advice in its terms.
func TestAPIErrorCarriesTheFacts(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7")
		writeErr(w, 429, "rate_limited", "slow down")
	})
	c := newClient(t, f.URL, func(c *genviral.Config) { c.MaxRetries = 0 })
	_, err := c.GetRefresh(context.Background(), "r1")
	e := mustAPIError(t, err)
	want := genviral.APIError{Method: "GET", Path: "/analytics/refreshes/r1", StatusCode: 429, ErrorCode: "rate_limited",
		Message: "slow down", Attempts: 1, Envelope: true, RetryAfter: 7 * time.Second}
	if *e != want {
		t.Errorf("APIError = %+v, want %+v", *e, want)
	}
	wantKind(t, "429", e, genviral.KindRateLimited)
}

func TestRetry429WithRetryAfterSeconds(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, failThen(1, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "1")
		writeErr(w, 429, "rate_limited", "slow down")
	}))
	log := &recLogger{}
	// Backoff alone would wait a few ms; only Retry-After explains 1s.
	c := newClient(t, f.URL, func(c *genviral.Config) { c.Logger = log })
	start := time.Now()
	if _, err := c.ListTargets(context.Background()); err != nil {
		t.Fatalf("ListTargets: %v", err)
	}
	if elapsed := time.Since(start); elapsed < time.Second {
		t.Errorf("returned after %s; Retry-After: 1 was not honoured", elapsed)
	}
	f.expectRequests(t, 2, "")
	var waits []any
	for _, e := range log.all() {
		if strings.HasPrefix(e.Msg, "retrying") {
			waits = append(waits, e.Fields["wait_ms"])
			if e.Fields["status"] != 429 || e.Fields["attempt"] != 1 {
				t.Errorf("retry log fields = %v", e.Fields)
			}
		}
	}
	if len(waits) != 1 || waits[0] != int64(1000) {
		t.Errorf("retry waits logged = %v, want [1000]", waits)
	}
}

// fault is a failed answer of a fake API, named for a subtest.
type fault struct {
	name string
	h    http.HandlerFunc
}

// transientFaults are the failed answers that every other request is
// retried on (TestRetryTransientFailuresThenSuccess) and the refresh never
// is (TestRefreshIsNeverRetried).
var transientFaults = []fault{
	{"429 no Retry-After", func(w http.ResponseWriter, r *http.Request) { writeErr(w, 429, "rate_limited", "slow down") }},
	{"429 Retry-After 0", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "0")
		writeErr(w, 429, "rate_limited", "slow down")
	}},
	{"500", func(w http.ResponseWriter, r *http.Request) { writeErr(w, 500, "", "db down") }},
	{"502", func(w http.ResponseWriter, r *http.Request) { writeErr(w, 502, "", "bad gateway") }},
	{"503", func(w http.ResponseWriter, r *http.Request) { writeErr(w, 503, "", "unavailable") }},
	{"504", func(w http.ResponseWriter, r *http.Request) { writeErr(w, 504, "", "gateway timeout") }},
	{"502 html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(502)
		_, _ = io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
	}},
	{"connection reset", func(w http.ResponseWriter, r *http.Request) {
		hj, ok := w.(http.Hijacker)
		if !ok {
			panic("no hijacker")
		}
		conn, _, _ := hj.Hijack()
		conn.Close()
	}},
}

func TestRetryTransientFailuresThenSuccess(t *testing.T) {
	t.Parallel()
	type call struct {
		name   string
		method string
		do     func(c *genviral.Client) error
	}
	ctx := context.Background()
	calls := []call{
		{"list", http.MethodGet, func(c *genviral.Client) error { _, err := c.ListTargets(ctx); return err }},
		{"create", http.MethodPost, func(c *genviral.Client) error {
			_, err := c.CreateTarget(ctx, genviral.CreateTargetRequest{Platform: "tiktok", Identifier: "@a"})
			return err
		}},
		{"update", http.MethodPatch, func(c *genviral.Client) error {
			_, err := c.UpdateTarget(ctx, "t1", genviral.UpdateTargetRequest{DisplayName: genviral.Value("A")})
			return err
		}},
		{"delete", http.MethodDelete, func(c *genviral.Client) error { return c.DeleteTarget(ctx, "t1") }},
		{"get refresh", http.MethodGet, func(c *genviral.Client) error { _, err := c.GetRefresh(ctx, "r1"); return err }},
	}
	success := func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPost:
			writeOK(w, 201, map[string]any{"created": true, "target": map[string]any{"id": "t1"}})
		case strings.HasPrefix(r.URL.Path, "/analytics/refreshes/"):
			writeOK(w, 200, map[string]any{"id": "r1", "target_id": "t1", "status": "pending"})
		case r.Method == http.MethodGet:
			writeOK(w, 200, emptyList)
		default:
			writeOK(w, 200, map[string]any{"id": "t1"})
		}
	}
	for _, fl := range transientFaults {
		for _, cl := range calls {
			t.Run(fl.name+"/"+cl.name, func(t *testing.T) {
				t.Parallel()
				var seen atomic.Int64
				f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
					if seen.Add(1) <= 2 {
						fl.h(w, r)
						return
					}
					success(w, r)
				})
				c := newClient(t, f.URL)
				if err := cl.do(c); err != nil {
					t.Fatalf("%s after two failures: %v", cl.name, err)
				}
				f.expectRequests(t, 3, "two failures, one success")
				for _, r := range f.requests() {
					if r.Method != cl.method {
						t.Errorf("method %s, want %s", r.Method, cl.method)
					}
				}
			})
		}
	}
}

func TestRetriesExhausted(t *testing.T) {
	t.Parallel()
	for _, status := range []int{500, 502, 503, 504} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
				writeErr(w, status, "some_code", "still failing")
			})
			const maxRetries = 3
			c := newClient(t, f.URL, func(c *genviral.Config) { c.MaxRetries = maxRetries })
			_, err := c.ListTargets(context.Background())
			e := mustAPIError(t, err)
			if e.StatusCode != status || e.Method != "GET" || e.Path != "/analytics/targets" || e.ErrorCode != "some_code" {
				t.Errorf("APIError = %+v", e)
			}
			if e.Attempts != maxRetries+1 {
				t.Errorf("Attempts = %d, want %d", e.Attempts, maxRetries+1)
			}
			f.expectRequests(t, maxRetries+1, "")
			contains(t, "error", err.Error(), "GET /analytics/targets", fmt.Sprintf("HTTP %d", status), "still failing", "after 4 attempts")
			wantKind(t, "retried failure", e, genviral.KindServerError)
		})
	}
}

// TestRetry429UntilDeadline: a 429 is retried past max_retries, for as long
// as the call's deadline allows; the error then says how long the request
// was rate limited. MaxRetries 0 still turns every retry off. The deadline
// is generous (the retries take milliseconds each, on a fake pacer clock) so
// that a loaded machine still fits more than max_retries+1 attempts in it.
func TestRetry429UntilDeadline(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		writeErr(w, http.StatusTooManyRequests, "rate_limited", "slow down")
	})
	const maxRetries = 3
	c := newClient(t, f.URL, func(c *genviral.Config) { c.MaxRetries = maxRetries })
	ctx, cancel := genviral.WithDeadline(context.Background(), 2*time.Second, "the read timeout (timeouts.read)")
	defer cancel()
	_, err := c.ListTargets(ctx)
	e := mustAPIError(t, err)
	if !genviral.IsRateLimited(err) || e.Attempts <= maxRetries+1 || f.count() < e.Attempts {
		t.Fatalf("err = %v after %d requests; want a 429 after more than %d attempts", err, f.count(), maxRetries+1)
	}
	contains(t, "error", err.Error(), "GET /analytics/targets", "HTTP 429", fmt.Sprintf("answered 429 %d times over the", e.Attempts),
		"timeouts.read", fmt.Sprintf("(after %d attempts)", e.Attempts))
	wantKind(t, "429 until the deadline", e, genviral.KindRateLimited)

	t.Run("max_retries 0", func(t *testing.T) {
		f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
			writeErr(w, http.StatusTooManyRequests, "rate_limited", "slow down")
		})
		c := newClient(t, f.URL, func(c *genviral.Config) { c.MaxRetries = 0 })
		if _, err := c.ListTargets(context.Background()); !genviral.IsRateLimited(err) {
			t.Errorf("err = %v, want a 429", err)
		}
		f.expectRequests(t, 1, "max_retries 0 retries nothing")
	})
}

// withConfig returns DefaultConfig with the test key, changed by mutate.
func withConfig(mutate func(*genviral.Config)) genviral.Config {
	c := genviral.DefaultConfig()
	c.APIKey = testKey
	if mutate != nil {
		mutate(&c)
	}
	return c
}

func TestNoRetriesConfig(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeErr(w, 503, "", "down") })
	c := newClient(t, f.URL, func(c *genviral.Config) { c.MaxRetries = 0 })
	_, err := c.ListTargets(context.Background())
	if e := mustAPIError(t, err); e.Attempts != 1 || e.StatusCode != 503 {
		t.Errorf("APIError = %+v", e)
	}
	f.expectRequests(t, 1, "")
	if strings.Contains(err.Error(), "attempts") {
		t.Errorf("single attempt error mentions attempts: %v", err)
	}
}

func TestClientErrorsAreNotRetried(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status int
		code   string
		is     func(error) bool
	}{
		{400, "invalid_payload", nil},
		{401, "invalid_token", genviral.IsUnauthorized},
		{402, "subscription_required", genviral.IsPaymentRequired},
		{402, "", genviral.IsPaymentRequired},
		{403, "tier_not_allowed", genviral.IsForbidden},
		{403, "", genviral.IsForbidden},
		{404, "", genviral.IsNotFound},
		{409, "analytics_conflict", genviral.IsConflict},
		{422, "invalid_path", nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d_%s", tt.status, tt.code), func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
				writeErr(w, tt.status, tt.code, "nope")
			})
			c := newClient(t, f.URL)
			_, err := c.GetRefresh(context.Background(), "r1")
			e := mustAPIError(t, err)
			f.expectRequests(t, 1, fmt.Sprintf("no retry of %d", tt.status))
			if e.Attempts != 1 || e.StatusCode != tt.status || e.ErrorCode != tt.code {
				t.Errorf("APIError = %+v", e)
			}
			if tt.is != nil && !tt.is(err) {
				t.Errorf("status helper false for %v", err)
			}
			wantKind(t, "refusal", e, genviral.KindAnswered)
			contains(t, "error", err.Error(), "GET /analytics/refreshes/r1", fmt.Sprintf("HTTP %d", tt.status), "nope")
		})
	}
}

func TestHTMLErrorPage(t *testing.T) {
	t.Parallel()
	const page = "<html><body><h1>502 Bad Gateway</h1></body></html>"
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, page)
	})
	c := newClient(t, f.URL, func(c *genviral.Config) { c.MaxRetries = 1 })
	_, err := c.ListTargets(context.Background())
	e := mustAPIError(t, err)
	if !errors.Is(err, genviral.ErrNotJSON) {
		t.Errorf("errors.Is(err, ErrNotJSON) = false: %v", err)
	}
	if e.StatusCode != 502 || e.Attempts != 2 || f.count() != 2 {
		t.Errorf("APIError = %+v, requests %d", e, f.count())
	}
	contains(t, "error", err.Error(), "HTTP 502", "not JSON", "text/html", "502 Bad Gateway")
}

func TestMalformedSuccessBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		status     int
		body       string
		wantStatus int
		notJSON    bool
		wants      []string
	}{
		{"truncated", 200, `{"ok":true,"code":200,"message":"x","data":{"targets":[{"id":"a"`, 200, true, []string{"HTTP 200", "incomplete or invalid JSON"}},
		{"trailing garbage", 200, `{"ok":true,"code":200,"data":{}} trailing`, 200, true, []string{"invalid JSON"}},
		// An empty success is accepted (DELETE may answer 204), so a call
		// that needs data reports the missing data.
		{"empty body", 200, ``, 200, false, []string{"unexpected response data", "no data"}},
		{"whitespace body", 200, " \n\t", 200, false, []string{"no data"}},
		{"json array", 200, `[{"ok":true}]`, 200, true, []string{"not JSON"}},
		{"json string", 200, `"ok"`, 200, true, []string{"not JSON"}},
		{"ok false code 500", 200, `{"ok":false,"code":500,"message":"analytics exploded"}`, 500, false, []string{"HTTP 500", "ok:false", "analytics exploded"}},
		{"ok false no code", 200, `{"ok":false,"message":"hm"}`, 200, false, []string{"ok:false", "hm"}},
		{"missing ok", 200, `{"code":200,"data":{"targets":[]}}`, 200, false, []string{"ok:false"}},
		{"missing data", 200, `{"ok":true,"code":200,"message":"Analytics targets retrieved"}`, 200, false, []string{"unexpected response data", "no data"}},
		{"null data", 200, `{"ok":true,"code":200,"data":null}`, 200, false, []string{"no data"}},
		{"data wrong type", 200, `{"ok":true,"code":200,"data":"targets"}`, 200, false, []string{"unexpected response data"}},
		{"targets wrong type", 200, `{"ok":true,"code":200,"data":{"targets":{"id":"x"}}}`, 200, false, []string{"unexpected response data"}},
		{"ok wrong type", 200, `{"ok":"true","code":200,"data":{"targets":[]}}`, 200, false, []string{"ok:false"}},
		{"error status with ok true", 400, `{"ok":true,"code":400,"message":"weird"}`, 400, false, []string{"HTTP 400", "weird"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeRaw(w, tt.status, tt.body) })
			c := newClient(t, f.URL, func(c *genviral.Config) { c.MaxRetries = 0 })
			list, err := c.ListTargets(context.Background())
			if list != nil {
				t.Errorf("got a list with an error: %+v", list)
			}
			e := mustAPIError(t, err)
			if e.StatusCode != tt.wantStatus {
				t.Errorf("StatusCode = %d, want %d (%v)", e.StatusCode, tt.wantStatus, err)
			}
			if got := errors.Is(err, genviral.ErrNotJSON); got != tt.notJSON {
				t.Errorf("errors.Is(ErrNotJSON) = %v, want %v (%v)", got, tt.notJSON, err)
			}
			contains(t, "error", err.Error(), append([]string{"GET /analytics/targets"}, tt.wants...)...)
		})
	}
}

func TestOKFalseWith2xxIsRetriedAsItsCode(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, failThen(1, func(w http.ResponseWriter, r *http.Request) {
		writeRaw(w, 200, `{"ok":false,"code":503,"message":"busy"}`)
	}))
	c := newClient(t, f.URL)
	if _, err := c.ListTargets(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.expectRequests(t, 2, "")
}

// A garbled 2xx (ok:false) that carried data, then a success: the result is
// the success's data alone, nothing of the first answer's (each answer's
// data is decoded into a new value).
func TestRetryKeepsNothingOfAnEarlierAnswer(t *testing.T) {
	t.Parallel()
	var seen atomic.Int64
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if seen.Add(1) == 1 {
			writeRaw(w, 200, `{"ok":false,"code":503,"data":{"posts":[{"id":"stale"}],"totalCount":7,"hasMore":true}}`)
			return
		}
		writeRaw(w, 200, `{"ok":true,"code":200,"data":{"posts":[]}}`)
	})
	c := newClient(t, f.URL)
	p, err := c.ListPosts(context.Background(), genviral.PostsQuery{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Posts) != 0 || p.TotalCount != 0 || p.HasMore {
		t.Errorf("page = %+v, want the second answer's empty page", p)
	}
	f.expectRequests(t, 2, "")
}

func TestBodyLargerThanLimit(t *testing.T) {
	t.Parallel()
	big := `{"ok":true,"code":200,"data":{"targets":[],"pad":"` + strings.Repeat("x", 5000) + `"}}`
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeRaw(w, 200, big) })
	c := newClient(t, f.URL, func(c *genviral.Config) { c.MaxBodyBytes = 1024 })
	_, err := c.ListTargets(context.Background())
	e := mustAPIError(t, err)
	contains(t, "error", err.Error(), "1024 byte limit", "HTTP 200")
	if e.Attempts != 1 || f.count() != 1 {
		t.Errorf("oversized 200 retried: attempts %d, requests %d", e.Attempts, f.count())
	}

	// A body exactly at the limit is fine.
	exact := `{"ok":true,"code":200,"data":{"targets":[]}}`
	f2 := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeRaw(w, 200, exact) })
	c2 := newClient(t, f2.URL, func(c *genviral.Config) { c.MaxBodyBytes = int64(len(exact)) })
	if _, err := c2.ListTargets(context.Background()); err != nil {
		t.Errorf("body of exactly MaxBodyBytes: %v", err)
	}
}

// stall blocks until the client gives up on the request (or 10s pass).
func stall(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(10 * time.Second):
	}
}

func TestTimeoutWaitingForResponse(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, stall)
	// 2s, not less: each attempt must reach the server within it, also on a
	// loaded machine running -race, for the request count below to hold.
	c := newClient(t, f.URL, func(c *genviral.Config) {
		c.Timeout = 2 * time.Second
		c.MaxRetries = 1
	})
	_, err := c.ListTargets(context.Background())
	e := mustAPIError(t, err)
	if !errors.Is(err, genviral.ErrTimeout) {
		t.Fatalf("errors.Is(err, ErrTimeout) = false: %v", err)
	}
	if e.StatusCode != 0 || e.Attempts != 2 {
		t.Errorf("APIError = %+v", e)
	}
	f.expectRequests(t, 2, "a timeout is retried")
	contains(t, "error", err.Error(), "GET /analytics/targets", "2s", "timed out")
	wantKind(t, "timeout", e, genviral.KindTimeout)
}

func TestTimeoutWhileReadingBody(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		_, _ = io.WriteString(w, `{"ok":true,"code":200,"data":{"targets":[`)
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		stall(w, r)
	})
	c := newClient(t, f.URL, func(c *genviral.Config) {
		c.Timeout = 50 * time.Millisecond
		c.MaxRetries = 0
	})
	_, err := c.ListTargets(context.Background())
	_ = mustAPIError(t, err)
	if !errors.Is(err, genviral.ErrTimeout) {
		t.Fatalf("errors.Is(err, ErrTimeout) = false: %v", err)
	}
	contains(t, "error", err.Error(), "50ms")
}

func TestCancelStopsRetryWait(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeErr(w, 503, "", "down") })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Cancel as soon as the client announces its (one hour) retry wait.
	log := &recLogger{onMsg: func(msg string, _ map[string]any) {
		if strings.HasPrefix(msg, "retrying") {
			cancel()
		}
	}}
	c := newClient(t, f.URL, func(c *genviral.Config) {
		c.RetryWaitMin = time.Hour
		c.RetryWaitMax = time.Hour
		// The read deadline must not refuse the wait before it starts.
		c.ReadTimeout = 2 * time.Hour
		c.Logger = log
	})
	start := time.Now()
	_, err := c.ListTargets(ctx)
	// Only a hang guard: an uninterrupted wait would last an hour.
	if elapsed := time.Since(start); elapsed > 5*time.Minute {
		t.Fatalf("cancellation took %s; the retry wait was not interrupted", elapsed)
	}
	e := mustAPIError(t, err)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("errors.Is(err, context.Canceled) = false: %v", err)
	}
	if e.StatusCode != 503 || e.Attempts != 1 || f.count() != 1 {
		t.Errorf("APIError = %+v, requests %d", e, f.count())
	}
}

func TestCancelDuringRequest(t *testing.T) {
	t.Parallel()
	started := make(chan struct{}, 1)
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		stall(w, r)
	})
	c := newClient(t, f.URL)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	// No time bound: had cancelling not ended the request, the stall would
	// have answered (after 10s) and the error would not be context.Canceled.
	_, err := c.ListTargets(ctx)
	_ = mustAPIError(t, err)
	if !errors.Is(err, context.Canceled) || errors.Is(err, genviral.ErrTimeout) {
		t.Errorf("err = %v, want context.Canceled and not ErrTimeout", err)
	}
	f.expectRequests(t, 1, "no retry after cancellation")
}

func TestAlreadyCancelledContextSendsNothing(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeOK(w, 200, emptyList) })
	c := newClient(t, f.URL)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.ListTargets(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	f.expectRequests(t, 0, "")
}

func TestDeadlineShorterThanBackoffReturnsAtOnce(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeErr(w, 503, "", "down") })
	c := newClient(t, f.URL, func(c *genviral.Config) {
		c.RetryWaitMin = time.Minute
		c.RetryWaitMax = time.Minute
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := c.ListTargets(ctx)
	// Waiting would have ended in the context's deadline; returning at once
	// gives the 503 with a note, whatever the machine's speed.
	if errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("waited for a backoff that cannot finish before the deadline: %v", err)
	}
	contains(t, "error", err.Error(), "not retried: the next attempt would start in")
	contains(t, "error", err.Error(), "left of the operation's deadline")
	if e := mustAPIError(t, err); e.StatusCode != 503 || f.count() != 1 {
		t.Errorf("APIError = %+v, requests %d", e, f.count())
	}
}

func TestRefreshIsNeverRetried(t *testing.T) {
	t.Parallel()
	tests := append(slices.Clone(transientFaults), []fault{
		{"ok false 503", func(w http.ResponseWriter, r *http.Request) { writeRaw(w, 200, `{"ok":false,"code":503}`) }},
		// Garbled 2xx answers are retried for GETs, never for the refresh.
		{"truncated 200", func(w http.ResponseWriter, r *http.Request) {
			writeRaw(w, 200, `{"ok":true,"code":200,"data":{"refresh`)
		}},
		{"html 200", func(w http.ResponseWriter, r *http.Request) { writeRaw(w, 200, `<html>busy</html>`) }},
		{"ok false 200", func(w http.ResponseWriter, r *http.Request) { writeRaw(w, 200, `{"ok":false}`) }},
	}...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, tt.h)
			c := newClient(t, f.URL, func(c *genviral.Config) { c.MaxRetries = 5 })
			res, err := c.RefreshTarget(context.Background(), "t1")
			if res != nil {
				t.Errorf("result with error: %+v", res)
			}
			if e := mustAPIError(t, err); e.Attempts != 1 || e.Method != "POST" || e.Path != "/analytics/targets/t1/refresh" {
				t.Errorf("APIError = %+v", e)
			}
			f.expectRequests(t, 1, "a billable refresh is sent exactly once")
		})
	}
}

func TestRefreshTimeoutNotRetried(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, stall)
	// 2s: the request must reach the server within it (see above).
	c := newClient(t, f.URL, func(c *genviral.Config) { c.Timeout = 2 * time.Second })
	_, err := c.RefreshTarget(context.Background(), "t1")
	if !errors.Is(err, genviral.ErrTimeout) {
		t.Errorf("err = %v, want ErrTimeout", err)
	}
	f.expectRequests(t, 1, "a refresh is not retried after a timeout")
}

func TestTransportErrorRetriedAndRedacted(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {})
	url := f.URL
	f.Close() // nothing listens any more
	log := &recLogger{}
	c := newClient(t, url, func(c *genviral.Config) { c.Logger = log })
	_, err := c.ListTargets(context.Background())
	e := mustAPIError(t, err)
	if e.StatusCode != 0 || e.Attempts != 4 {
		t.Errorf("APIError = %+v", e)
	}
	wantKind(t, "connection refused", e, genviral.KindConnection)
	if strings.Contains(err.Error(), url) {
		t.Errorf("transport error repeats the URL: %v", err)
	}
	assertNoSecret(t, "error", err.Error())
	assertNoSecret(t, "log", log.String())
}

func TestLoggerFields(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, failThen(1, func(w http.ResponseWriter, r *http.Request) { writeErr(w, 500, "", "x") }))
	log := &recLogger{}
	c := newClient(t, f.URL, func(c *genviral.Config) { c.Logger = log })
	if _, err := c.ListTargets(context.Background()); err != nil {
		t.Fatal(err)
	}
	var attempts []any
	for _, e := range log.all() {
		if e.Msg != "Genviral API request" {
			continue
		}
		for _, k := range []string{"method", "path", "status", "attempt", "duration_ms", "response_bytes"} {
			if _, ok := e.Fields[k]; !ok {
				t.Errorf("log entry lacks %q: %v", k, e.Fields)
			}
		}
		if e.Fields["method"] != "GET" || e.Fields["path"] != "/analytics/targets" {
			t.Errorf("log fields = %v", e.Fields)
		}
		attempts = append(attempts, e.Fields["attempt"])
	}
	if fmt.Sprint(attempts) != "[1 2]" {
		t.Errorf("logged attempts = %v, want [1 2]", attempts)
	}
}

func TestSecretNeverLeaks(t *testing.T) {
	t.Parallel()
	echo := func(r *http.Request) string { return "you sent " + r.Header.Get("Authorization") }
	tests := []struct {
		name string
		h    http.HandlerFunc
	}{
		{"401 message", func(w http.ResponseWriter, r *http.Request) { writeErr(w, 401, "invalid_token", echo(r)) }},
		{"500 message", func(w http.ResponseWriter, r *http.Request) { writeErr(w, 500, "", echo(r)) }},
		{"error_code", func(w http.ResponseWriter, r *http.Request) {
			writeErr(w, 400, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "), "bad")
		}},
		{"secret alone", func(w http.ResponseWriter, r *http.Request) {
			_, secret, _ := strings.Cut(r.Header.Get("Authorization"), ".")
			writeErr(w, 403, "", "secret "+secret+" lacks scope")
		}},
		{"ok false 200", func(w http.ResponseWriter, r *http.Request) {
			writeRaw(w, 200, fmt.Sprintf(`{"ok":false,"code":400,"message":%q}`, echo(r)))
		}},
		{"html 502", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			fmt.Fprintf(w, "<html><body><h1>502 Bad Gateway</h1><p>%s</p></body></html>", echo(r))
		}},
		// The key straddles the point where the error snippet is cut.
		{"html key at snippet cut", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			_, _ = io.WriteString(w, strings.Repeat("a", 124)+" "+r.Header.Get("Authorization")+" tail")
		}},
		{"html key after whitespace", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			_, _ = io.WriteString(w, strings.Repeat(" \n", 5000)+r.Header.Get("Authorization"))
		}},
		{"truncated json", func(w http.ResponseWriter, r *http.Request) {
			writeRaw(w, 200, fmt.Sprintf(`{"ok":true,"message":%q,"data":{`, echo(r)))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, tt.h)
			log := &recLogger{}
			c := newClient(t, f.URL, func(c *genviral.Config) { c.Logger = log; c.MaxRetries = 1 })
			_, err := c.ListTargets(context.Background())
			e := mustAPIError(t, err)
			assertNoSecret(t, "error", err.Error())
			assertNoSecret(t, "error", fmt.Sprintf("%+v %#v", e, e))
			assertNoSecret(t, "log", log.String())
			if r := f.requests()[0]; r.Header.Get("Authorization") != "Bearer "+testKey {
				t.Errorf("Authorization = %q", r.Header.Get("Authorization"))
			}
		})
	}
}

func TestAPIErrorFormatting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		e    genviral.APIError
		want string
	}{
		{genviral.APIError{Method: "GET", Path: "/p", StatusCode: 404, Message: "gone", Attempts: 1}, "GET /p: HTTP 404 Not Found: gone"},
		{genviral.APIError{Method: "GET", Path: "/p", StatusCode: 429, ErrorCode: "rate_limited", Message: "slow", Attempts: 5}, "GET /p: HTTP 429 Too Many Requests (rate_limited): slow (after 5 attempts)"},
		{genviral.APIError{Method: "GET", Path: "/p", Err: errors.New("dial refused"), Attempts: 1}, "GET /p: dial refused"},
		{genviral.APIError{Method: "GET", Path: "/p", StatusCode: 599, Message: "odd"}, "GET /p: HTTP 599: odd"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	wrapped := fmt.Errorf("outer: %w", &genviral.APIError{StatusCode: 404, Envelope: true})
	if !genviral.IsNotFound(wrapped) || genviral.IsConflict(wrapped) {
		t.Error("helpers do not see through wrapping")
	}
	if genviral.IsNotFound(&genviral.APIError{StatusCode: 404}) {
		t.Error("IsNotFound true for a 404 without the API's error envelope")
	}
	if genviral.IsNotFound(errors.New("404")) || genviral.IsNotFound(nil) {
		t.Error("IsNotFound true for a non-APIError")
	}
}

// TestCutBodyIsRetriedLikeANetworkError: a 200 whose body is cut by a
// dropped connection is a network failure, retried (review finding).
func TestCutBodyIsRetriedLikeANetworkError(t *testing.T) {
	var n atomic.Int64
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			hj, _ := w.(http.Hijacker)
			conn, buf, err := hj.Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"ok\":true,\"code\":200,\"data\":{\"tar")
			_ = buf.Flush()
			_ = conn.Close()
			return
		}
		writeOK(w, 200, map[string]any{"workspace_id": nil, "targets": []any{}})
	})
	if _, err := newClient(t, f.URL).ListTargets(context.Background()); err != nil {
		t.Fatalf("after %d requests: %v", f.count(), err)
	}
	if f.count() != 2 {
		t.Errorf("%d requests, want 2 (one cut, one retry)", f.count())
	}
}

// TestGarbled2xxHint: a garbled success answer (not JSON, cut short, or
// ok:false without an error status), as still garbled after the retries,
// comes with advice on what to do, as every other failure does.
func TestGarbled2xxHint(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"html page":        "<html><body>Service temporarily busy</body></html>",
		"truncated":        `{"ok":true,"code":200,"data":{"targets":[{"id":"a"`,
		"ok false no code": `{"ok":false,"message":"hm"}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeRaw(w, 200, body) })
			c := newClient(t, f.URL, func(c *genviral.Config) { c.MaxRetries = 0 })
			_, err := c.ListTargets(context.Background())
			wantKind(t, name, mustAPIError(t, err), genviral.KindMalformed)
		})
	}
}

// TestForeignClientErrorHint: a 4xx answered by something other than the
// API (an HTML page, no JSON envelope: a firewall, a proxy, a wrong
// base_url) is not explained as the API's verdict on the key or its scope.
func TestForeignClientErrorHint(t *testing.T) {
	t.Parallel()
	for _, status := range []int{401, 402, 403, 400} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				writeRaw(w, status, "<html><body><h1>Access denied</h1>cloudflare</body></html>")
			})
			c := newClient(t, f.URL)
			_, err := c.ListTargets(context.Background())
			e := mustAPIError(t, err)
			wantKind(t, "HTML refusal", e, genviral.KindForeignRefusal)
			if e.StatusCode != status || e.Envelope {
				t.Errorf("APIError = %+v, want HTTP %d without the API's envelope", e, status)
			}
		})
	}
}
