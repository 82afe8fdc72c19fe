// Package genviral is a client for the analytics endpoints of the Genviral
// Partner API (https://www.genviral.io/api/partner/v1).
//
// It has no Terraform dependency: the provider passes a Logger and a User-Agent
// in. Every call goes through one request funnel that authenticates, logs,
// limits concurrency, retries safe requests with backoff and decodes the
// response envelope into typed structs or an *APIError.
package genviral

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultBaseURL is the production base URL of the Partner API.
const DefaultBaseURL = "https://www.genviral.io" + BasePath

// BasePath is the path every base URL of the Partner API ends in.
const BasePath = "/api/partner/v1"

// Defaults of Config.
const (
	// DefaultUserAgent names this client; a program built on it sends its
	// own name instead.
	DefaultUserAgent    = "genviral-go-client"
	DefaultTimeout      = 30 * time.Second
	DefaultMaxRetries   = 4
	DefaultMaxParallel  = 10
	DefaultMaxBodyBytes = 32 << 20
	DefaultRetryWaitMin = 1 * time.Second
	DefaultRetryWaitMax = 30 * time.Second
	// DefaultMinRequestRate is the lowest request rate, in requests per
	// second, the client slows down to under 429s.
	DefaultMinRequestRate = 0.5
	// maxRetryAfter caps how long one Retry-After may make the client wait.
	maxRetryAfter = 5 * time.Minute
)

// Config configures a Client. Start from DefaultConfig and change what
// differs: New validates a Config and fills nothing in.
type Config struct {
	// BaseURL is the API base, e.g. DefaultBaseURL. A trailing slash is
	// tolerated.
	BaseURL string
	// APIKey is the full bearer token "<public_id>.<secret>".
	APIKey string
	// Timeout bounds each request attempt.
	Timeout time.Duration
	// MaxRetries is how many times a retryable failure other than 429 is
	// retried; 429s are retried until the call's deadline instead (see
	// retries). 0 disables retries, 429s included.
	MaxRetries int
	// MaxParallel bounds the requests in flight at once across the client.
	// The client starts there and adapts below it: it halves the bound
	// when the API answers 429 and grows it back one request at a time
	// (see window). The default is Terraform's default -parallelism.
	MaxParallel int
	// MaxBodyBytes caps a response body; larger bodies are an error.
	MaxBodyBytes int64
	// RetryWaitMin and RetryWaitMax bound the exponential backoff.
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	// MinRequestRate is the lowest rate, in requests per second, the
	// client's request pacing goes down to when the API answers 429 (see
	// pacer); default DefaultMinRequestRate.
	MinRequestRate float64
	// UserAgent is sent on every request.
	UserAgent string
	// HTTPClient is the transport; nil means a pooled client of its own.
	// The client uses a copy that follows no redirect: the caller's
	// http.Client is not modified.
	HTTPClient *http.Client
	// Logger receives one entry per attempt; nil disables logging.
	Logger Logger
	// ReadTimeout bounds a read (a GET with its retries and Retry-After
	// waits, or a FetchPosts with all its pages) whose context has no
	// deadline, and the 429 retries of a write whose context has none;
	// default DefaultReadTimeout.
	ReadTimeout time.Duration
	// MaxReadBytes caps the response bytes one read holds (the page bodies
	// of a FetchPosts together); default DefaultMaxReadBytes.
	MaxReadBytes int64
	// MaxReadRequests caps the requests one read asks for (its pages;
	// retries do not count); default DefaultMaxReadRequests.
	MaxReadRequests int
	// MaxTargets caps the rows of a target list; default DefaultMaxTargets.
	MaxTargets int
}

// Logger receives the client's log entries. Implementations must not log
// anything the fields do not contain; the client never puts the key in them.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
}

// Client calls the analytics API. It is safe for concurrent use.
type Client struct {
	base    *url.URL
	key     string
	cfg     Config
	http    *http.Client
	window  *window
	pacer   *pacer
	targets targetCache
	keyUser keyUserCache

	// redactor removes the key from the server's texts that reach an
	// error, a log or the caller's data.
	redactor *redactor
}

// DefaultConfig returns the configuration of the production API with the
// default limits; BaseURL, APIKey and UserAgent are for the caller to set
// (BaseURL is DefaultBaseURL).
func DefaultConfig() Config {
	return Config{
		BaseURL:         DefaultBaseURL,
		Timeout:         DefaultTimeout,
		MaxRetries:      DefaultMaxRetries,
		MaxParallel:     DefaultMaxParallel,
		MaxBodyBytes:    DefaultMaxBodyBytes,
		RetryWaitMin:    DefaultRetryWaitMin,
		RetryWaitMax:    DefaultRetryWaitMax,
		MinRequestRate:  DefaultMinRequestRate,
		UserAgent:       DefaultUserAgent,
		ReadTimeout:     DefaultReadTimeout,
		MaxReadBytes:    DefaultMaxReadBytes,
		MaxReadRequests: DefaultMaxReadRequests,
		MaxTargets:      DefaultMaxTargets,
	}
}

// New validates cfg (see DefaultConfig) and returns a Client.
func New(cfg Config) (*Client, error) {
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (base.Scheme != "https" && base.Scheme != "http") || base.Host == "" {
		return nil, fmt.Errorf("invalid base URL %q: must be an absolute http(s) URL", cfg.BaseURL)
	}
	if strings.TrimSpace(cfg.APIKey) == "" {
		return nil, errors.New("no API key")
	}
	for _, check := range []struct {
		ok   bool
		what string
	}{
		{cfg.Timeout > 0, "Timeout must be positive"},
		{cfg.MaxRetries >= 0, "MaxRetries must not be negative"},
		{cfg.MaxParallel > 0, "MaxParallel must be positive"},
		{cfg.MaxBodyBytes > 0, "MaxBodyBytes must be positive"},
		{cfg.RetryWaitMin > 0 && cfg.RetryWaitMax >= cfg.RetryWaitMin, "RetryWaitMin must be positive and at most RetryWaitMax"},
		{cfg.MinRequestRate > 0, "MinRequestRate must be positive"},
		{cfg.ReadTimeout > 0, "ReadTimeout must be positive"},
		{cfg.MaxReadBytes > 0, "MaxReadBytes must be positive"},
		{cfg.MaxReadRequests > 0, "MaxReadRequests must be positive"},
		{cfg.MaxTargets > 0, "MaxTargets must be positive"},
	} {
		if !check.ok {
			return nil, errors.New("invalid client configuration: " + check.what + " (start from DefaultConfig)")
		}
	}
	var hc http.Client
	if cfg.HTTPClient != nil {
		hc = *cfg.HTTPClient
	} else {
		t, ok := http.DefaultTransport.(*http.Transport)
		if !ok {
			t = &http.Transport{Proxy: http.ProxyFromEnvironment}
		}
		t = t.Clone()
		t.MaxIdleConnsPerHost = max(cfg.MaxParallel, 16)
		hc.Transport = t
	}
	// A JSON API has no reason to redirect, and following one would send
	// the key to wherever it points (plain http, another port or host) and
	// replay a DELETE or PATCH as a GET: a 3xx is returned as an error.
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &Client{
		base:   base,
		key:    cfg.APIKey,
		cfg:    cfg,
		http:   &hc,
		window: newWindow(cfg.MaxParallel),
		pacer:  newPacer(cfg.MinRequestRate),

		redactor: newRedactor(cfg.APIKey),
	}, nil
}

// MaxParallel returns the configured bound on requests in flight.
func (c *Client) MaxParallel() int { return c.cfg.MaxParallel }

// request describes one API call.
type request struct {
	method string
	path   string // relative to the base, e.g. "/analytics/targets"
	query  url.Values
	body   any
	// retryable says whether a failed attempt may be sent again. False for
	// the billable refresh POST.
	retryable bool
	// uncertain, when set, is set to true when an attempt failed in a way
	// that may have carried the request out on the server (no answer, a
	// timeout, a 5xx) and a later attempt was sent: a 429 or another 4xx
	// says the request was refused, so it is not.
	uncertain *bool
	// budget is the budget of the read the call belongs to (see
	// withBudget); call sets it.
	budget *readBudget
	// out is where call stores the data of a successful answer (nil when
	// the data is not wanted); call sets it, and classify decodes the data
	// as its type.
	out any
}

// call sends r through the funnel and decodes the envelope's data into out
// (when out is non-nil).
func (c *Client) call(ctx context.Context, r request, out any) error {
	r.out = out
	if r.budget = budgetFrom(ctx); r.budget == nil {
		r.budget = c.newReadBudget()
	}
	if r.method == http.MethodGet {
		var cancel context.CancelFunc
		ctx, cancel = c.readContext(ctx)
		defer cancel()
	}
	var body []byte
	if r.body != nil {
		var err error
		if body, err = json.Marshal(r.body); err != nil {
			return r.fail(0, 0, "encoding request body", err)
		}
	}
	u := *c.base
	// r.path is already escaped (ids go through url.PathEscape): set it as
	// the raw path, or URL.String would escape its '%' a second time.
	u.RawPath = c.base.EscapedPath() + r.path
	if p, err := url.PathUnescape(u.RawPath); err == nil {
		u.Path = p
	} else {
		u.Path, u.RawPath = c.base.Path+r.path, ""
	}
	if len(r.query) > 0 {
		u.RawQuery = r.query.Encode()
	}
	tries := retries{start: time.Now()}
	for attempt := 1; ; attempt++ {
		res, err := c.attempt(ctx, r, &u, body, attempt)
		if err == nil {
			if out != nil {
				if err := res.env.dataInto(out); err != nil {
					// encoding/json may quote what it could not decode.
					return r.fail(attempt, res.status, "unexpected response data", errors.New(c.redact(err.Error())))
				}
			}
			return nil
		}
		apiErr, _ := AsAPIError(err)
		apiErr.Attempts = attempt
		wait, retry := c.retryWait(ctx, r, apiErr, res.retryAfter, &tries)
		if !retry {
			return tries.final(ctx, apiErr)
		}
		if r.uncertain != nil && (apiErr.StatusCode == 0 || apiErr.StatusCode >= 500) {
			*r.uncertain = true
		}
		c.log(ctx, "retrying Genviral API request", map[string]any{
			"method": r.method, "path": r.path, "attempt": attempt, "status": apiErr.StatusCode, "wait_ms": wait.Milliseconds(),
		})
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			apiErr.Message = strings.TrimSpace(apiErr.Message + " (" + ctxMessage(ctx) + " while waiting to retry)")
			apiErr.Err = errors.Join(apiErr.Err, ctxErr(ctx))
			return tries.final(ctx, apiErr)
		case <-t.C:
		}
	}
}

// retries counts the failed attempts of one call. A 429 says "later", not
// "broken": 429s are retried for as long as the call's deadline allows
// (retryDeadline), every other retryable failure at most MaxRetries times.
type retries struct {
	start    time.Time
	failures int // failed attempts other than 429
	limited  int // attempts answered 429
	// last429 is the error of the last attempt answered 429.
	last429 *APIError
}

// count counts e and returns how many failures of its kind (429 or not)
// the call has had.
func (t *retries) count(e *APIError) int {
	if e.StatusCode == http.StatusTooManyRequests {
		t.limited++
		t.last429 = e
		return t.limited
	}
	t.failures++
	return t.failures
}

// final returns the error of a call whose last attempt failed with e: e,
// or the last 429 when the call's context ended while it retried one (the
// API's answer says more than "stopped"), saying how long the call was
// rate limited when it was.
func (t *retries) final(ctx context.Context, e *APIError) *APIError {
	if t.limited == 0 {
		return e
	}
	if e.StatusCode == 0 && ctx.Err() != nil && t.last429 != nil && t.last429 != e {
		last := *t.last429
		last.Message = strings.TrimSpace(last.Message + " (" + ctxMessage(ctx) + " while retrying)")
		last.Err = errors.Join(last.Err, ctxErr(ctx))
		e = &last
	}
	e.Message = strings.TrimSpace(fmt.Sprintf("%s (rate limited: answered 429 %d times over the %s this request was retried)",
		e.Message, t.limited, roughly(time.Since(t.start))))
	return e
}

// retryWait decides whether the failed attempt e of r is retried and
// returns the wait before the next attempt. MaxRetries 0 turns every retry
// off, 429s included. A retry whose wait would outlast the call's deadline
// is not made, and e says why.
func (c *Client) retryWait(ctx context.Context, r request, e *APIError, retryAfter time.Duration, tries *retries) (time.Duration, bool) {
	if !r.retryable || c.cfg.MaxRetries == 0 {
		return 0, false
	}
	if ctx.Err() != nil && e.StatusCode == http.StatusTooManyRequests {
		// The 429 came as the call's context ended: it counts, and the
		// message says why it is the last attempt.
		tries.count(e)
		e.Message = strings.TrimSpace(e.Message + " (" + ctxMessage(ctx) + " while retrying)")
		e.Err = errors.Join(e.Err, ctxErr(ctx))
		return 0, false
	}
	if !c.shouldRetry(ctx, e) {
		return 0, false
	}
	n := tries.count(e)
	if e.StatusCode != http.StatusTooManyRequests && n > c.cfg.MaxRetries {
		return 0, false
	}
	wait := c.backoff(n, retryAfter)
	deadline, limit := c.retryDeadline(ctx, tries.start)
	if left := time.Until(deadline); left < wait {
		why := fmt.Sprintf("the next attempt would start in %s", wait.Round(time.Millisecond))
		if retryAfter > 0 {
			why = fmt.Sprintf("the API asked to wait %s (Retry-After)", retryAfter.Round(time.Second))
		}
		e.Message = strings.TrimSpace(e.Message + fmt.Sprintf(" (not retried: %s, longer than the %s left of %s)",
			why, max(left, 0).Round(time.Second), limit))
		return 0, false
	}
	return wait, true
}

// retryDeadline is when the retries of a call that started at start end:
// its context's deadline, else (a write without one) Config.ReadTimeout
// after start. It also names that deadline for messages.
func (c *Client) retryDeadline(ctx context.Context, start time.Time) (time.Time, string) {
	if dl, ok := ctx.Deadline(); ok {
		return dl, limitName(ctx)
	}
	return start.Add(c.cfg.ReadTimeout), "the client's read deadline"
}

// roughly rounds d for messages: to the second from a second up, else to
// the millisecond.
func roughly(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}

type attemptResult struct {
	status     int
	env        *envelope
	retryAfter time.Duration
}

// fail returns an *APIError of attempt n of r.
func (r request) fail(n, status int, msg string, err error) *APIError {
	return &APIError{Method: r.method, Path: r.path, StatusCode: status, Message: msg, Attempts: n, Err: err}
}

// attempt sends one HTTP request of r and classifies its answer. On failure
// it returns an *APIError.
func (c *Client) attempt(ctx context.Context, r request, u *url.URL, body []byte, n int) (attemptResult, error) {
	// unsent: attempt n stopped before its request was sent.
	unsent := func(msg string, err error) (attemptResult, error) {
		e := r.fail(n, 0, msg, err)
		e.Unsent = n == 1
		return attemptResult{}, e
	}
	if ctx.Err() != nil {
		return unsent(ctxMessage(ctx), ctxErr(ctx))
	}
	// The read's budget counts the request once, not its retries.
	if n == 1 {
		if err := r.budget.request(); err != nil {
			return unsent("", err)
		}
	}
	s, err := c.window.acquire(ctx)
	if err != nil {
		return unsent(ctxMessage(ctx), ctxErr(ctx))
	}
	round, err := c.pacer.wait(ctx)
	if err != nil {
		s.release(noSignal)
		return unsent(ctxMessage(ctx), ctxErr(ctx))
	}
	signal, retryAfter := noSignal, time.Duration(0)
	defer func() {
		c.adapt(ctx, r, s, round, signal, retryAfter)
	}()

	actx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	start := time.Now()
	resp, err := c.send(actx, r, u, body)
	if err != nil {
		c.log(ctx, "Genviral API request failed", map[string]any{
			"method": r.method, "path": r.path, "attempt": n, "duration_ms": time.Since(start).Milliseconds(), "error": c.redact(err.Error()),
		})
		return attemptResult{}, c.transportError(ctx, r, n, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		signal = rateLimited
		retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	case resp.StatusCode < 500:
		signal = answered
	}
	// The body is read into a pooled buffer: nothing may keep raw (or a
	// slice of it) after attempt returns: nothing decodeEnvelope decodes
	// refers to it.
	// Every byte read counts against the read's budget; a body that is not
	// kept gives its bytes back.
	buf := getBodyBuffer()
	defer putBodyBuffer(buf)
	counted, refund := r.budget.reader(io.LimitReader(resp.Body, c.cfg.MaxBodyBytes+1))
	_, readErr := buf.ReadFrom(counted)
	raw := buf.Bytes()
	c.log(ctx, "Genviral API request", map[string]any{
		"method": r.method, "path": r.path, "query": u.RawQuery, "status": resp.StatusCode, "attempt": n,
		"duration_ms": time.Since(start).Milliseconds(), "response_bytes": len(raw),
	})
	if readErr != nil {
		refund()
		return attemptResult{}, c.readError(ctx, actx, r, n, resp.StatusCode, readErr)
	}
	res, err := c.classify(r, u, n, resp, raw)
	if err != nil {
		refund()
	}
	return res, err
}

// adapt gives the window slot s back and adapts the window and the pacer
// to the answer of a request of r reserved in round: its outcome o and the
// Retry-After of a 429.
func (c *Client) adapt(ctx context.Context, r request, s slot, round uint64, o outcome, retryAfter time.Duration) {
	if before, after := s.release(o); after != before {
		c.log(ctx, "Genviral API request concurrency changed", map[string]any{
			"method": r.method, "path": r.path, "from": before, "to": after, "max_parallel": c.cfg.MaxParallel,
		})
	}
	before, after := c.pacer.answer(round, c.pacer.now(), o, retryAfter)
	if o == rateLimited && (after != before || retryAfter > 0) {
		c.log(ctx, "Genviral API request rate changed", map[string]any{
			"method": r.method, "path": r.path, "from_per_second": before, "to_per_second": after, "pause_ms": retryAfter.Milliseconds(),
		})
	}
}

// send builds and sends one HTTP request of r to u.
func (c *Client) send(ctx context.Context, r request, u *url.URL, body []byte) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.key)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.http.Do(req)
}

// transportError describes a request of attempt n that got no answer.
func (c *Client) transportError(ctx context.Context, r request, n int, err error) *APIError {
	switch {
	case ctx.Err() != nil:
		return r.fail(n, 0, ctxMessage(ctx), ctxErr(ctx))
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return r.fail(n, 0, fmt.Sprintf("no response within %s (the per-request timeout)", c.cfg.Timeout), ErrTimeout)
	}
	return r.fail(n, 0, "", errors.New(c.redact(unwrapURLError(err).Error())))
}

// readError describes a response of attempt n whose body could not be read
// in full. A body cut by the network (connection reset, timeout) is a
// network failure, retried like one, whatever status the headers announced;
// a body over the read's limits is not.
func (c *Client) readError(ctx, actx context.Context, r request, n, status int, err error) *APIError {
	switch {
	case errors.Is(err, ErrReadLimit):
		return r.fail(n, status, "", err)
	case ctx.Err() != nil:
		return r.fail(n, 0, ctxMessage(ctx), ctxErr(ctx))
	case actx.Err() != nil:
		return r.fail(n, 0, fmt.Sprintf("HTTP %d response not complete within %s (the per-request timeout)", status, c.cfg.Timeout), ErrTimeout)
	}
	return r.fail(n, 0, fmt.Sprintf("reading the HTTP %d response body", status), errors.New(c.redact(err.Error())))
}

// classify turns the complete answer raw of attempt n into a result with
// its envelope, or an *APIError: a body over the limit, a redirect, a body
// that is not the API's JSON, or an error envelope.
func (c *Client) classify(r request, u *url.URL, n int, resp *http.Response, raw []byte) (attemptResult, error) {
	status := resp.StatusCode
	res := attemptResult{status: status, retryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())}
	success := status >= 200 && status <= 299
	switch {
	case int64(len(raw)) > c.cfg.MaxBodyBytes:
		return res, r.fail(n, status, fmt.Sprintf("response body larger than the %d byte limit", c.cfg.MaxBodyBytes), nil)
	case status >= 300 && status <= 399:
		return res, r.fail(n, status, c.redirectMessage(u, resp.Header.Get("Location")), ErrRedirect)
	case success && len(bytes.TrimSpace(raw)) == 0:
		// An empty success (e.g. 204 to a DELETE [INFERENCE: DELETE's
		// answer is undocumented]) is a success without data.
		res.env = &envelope{OK: true, Code: status}
		return res, nil
	}
	var like any
	if success {
		// Only a success's data is used: decoded as out's type in the
		// same pass as the envelope.
		like = r.out
	}
	env, err := decodeEnvelope(raw, like)
	if err != nil {
		// Redact before snippet cuts the body: a key cut in half by the
		// truncation would no longer match and leak its first characters.
		body := snippet(c.redact(string(raw)))
		msg := fmt.Sprintf("response body was not JSON (Content-Type %q): %s", c.redact(resp.Header.Get("Content-Type")), body)
		if errors.Is(err, errTruncated) {
			msg = "response body was incomplete or invalid JSON: " + body
		}
		if status == http.StatusNotFound {
			msg += c.foreign404(u)
		}
		e := r.fail(n, status, msg, ErrNotJSON)
		e.Malformed = success
		return res, e
	}
	if success && env.OK {
		// The data goes into state: the key must not (see redactAnswer).
		c.redactor.redactAnswer(raw, env.data)
		res.env = env
		return res, nil
	}
	code := status
	if success && env.Code >= 400 {
		// ok:false inside a 2xx: trust the envelope's code.
		code = env.Code
	}
	msg := c.redact(env.Message)
	if success {
		msg = strings.TrimSpace("the API answered ok:false with HTTP " + strconv.Itoa(status) + ". " + msg)
	}
	// The API's error envelope: ok false, and the status as its code
	// (contract §3). A proxy's JSON page is not one.
	isEnvelope := !env.OK && env.Code == code
	routeMiss := code == http.StatusNotFound && isEnvelope && isUnknownRoute(env)
	switch {
	case code == http.StatusNotFound && !isEnvelope:
		msg = strings.TrimSpace(msg + c.foreign404(u))
	case routeMiss:
		msg = strings.TrimSpace(msg + c.unknownRoute404(u))
	}
	e := r.fail(n, code, msg, nil)
	e.ErrorCode = c.redact(env.ErrorCode)
	e.Envelope = isEnvelope
	e.UnknownRoute = routeMiss
	e.RetryAfter = res.retryAfter
	// ok:false in a 2xx without an error status is a garbled answer.
	e.Malformed = code >= 200 && code <= 299
	return res, e
}

// foreign404 explains a 404 that did not carry the API's error envelope.
func (c *Client) foreign404(u *url.URL) string {
	return fmt.Sprintf(" (this 404 for %s did not come with the API's JSON error envelope, so it is not taken as "+
		"\"not found\" and nothing is treated as gone)", c.redact(displayURL(u)))
}

// unknownRoute404 explains the API's 404 for a path it has no route for.
func (c *Client) unknownRoute404(u *url.URL) string {
	return fmt.Sprintf(" (the API has no endpoint at %s, so this 404 is not about the object asked for and nothing is "+
		"treated as gone; the base URL must end in %s)", c.redact(displayURL(u)), BasePath)
}

// redirectMessage describes a 3xx answer to u.
func (c *Client) redirectMessage(u *url.URL, location string) string {
	to := "(no Location header)"
	if location != "" {
		if l, err := u.Parse(location); err == nil {
			to = displayURL(l)
		} else {
			to = snippet(location)
		}
	}
	return c.redact(fmt.Sprintf("the server answered with a redirect to %s; the client follows no redirect, so the "+
		"request was not repeated there (and the API key was not sent there)", to))
}

// bodyBuffers recycles response body buffers. io.ReadAll grows a new buffer
// for every response and allocates about twice the body doing so (~130 KB for
// a 60 KB page of posts: a third of what FetchPosts allocated for 10,100
// rows, BENCHMARKS.md).
var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBodyBuffer is the largest buffer kept for reuse; a rare huge body
// must not stay pinned in the pool.
const maxPooledBodyBuffer = 1 << 20

func getBodyBuffer() *bytes.Buffer {
	if b, ok := bodyBuffers.Get().(*bytes.Buffer); ok {
		b.Reset()
		return b
	}
	return new(bytes.Buffer)
}

func putBodyBuffer(b *bytes.Buffer) {
	if b.Cap() > maxPooledBodyBuffer {
		return
	}
	b.Reset()
	bodyBuffers.Put(b)
}

// shouldRetry reports whether a failed attempt of a retryable request may be
// sent again: transport errors and timeouts, garbled 2xx bodies, 429, and
// 500/502/503/504.
func (c *Client) shouldRetry(ctx context.Context, e *APIError) bool {
	if ctx.Err() != nil || errors.Is(e.Err, ErrReadLimit) {
		return false
	}
	if e.Malformed {
		// A garbled 2xx (truncated, not JSON, ok:false without an error
		// status): repeated like a network error. Requests that may spend
		// credits are never retryable, so they never get here.
		return true
	}
	switch e.StatusCode {
	case 0, http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// backoff returns the wait before attempt+1: Retry-After when the server
// sent one, else exponential backoff with jitter between half and all of
// min·2^(attempt-1), capped at RetryWaitMax.
func (c *Client) backoff(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return min(retryAfter, maxRetryAfter)
	}
	d := c.cfg.RetryWaitMin << min(attempt-1, 20)
	if d <= 0 || d > c.cfg.RetryWaitMax {
		d = c.cfg.RetryWaitMax
	}
	half := d / 2
	return half + rand.N(half+1)
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(min(s, int(maxRetryAfter/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// unwrapURLError drops the *url.Error wrapper, whose text repeats the URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// snippet returns the start of a body, white space folded, for error messages.
func snippet(raw string) string {
	const n = 160
	s := strings.Join(strings.Fields(strings.ToValidUTF8(raw, "?")), " ")
	if r := []rune(s); len(r) > n {
		s = string(r[:n]) + "…"
	}
	if s == "" {
		return "(empty body)"
	}
	return s
}

func (c *Client) log(ctx context.Context, msg string, fields map[string]any) {
	if c.cfg.Logger != nil {
		c.cfg.Logger.Debug(ctx, msg, fields)
	}
}
