package genviral_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// testKey is a realistic API key; its secret must never show up in errors or
// log fields.
const (
	testKey    = "gva_live_abc123.SuperSecretValue42"
	testSecret = "SuperSecretValue42"
	testUA     = "terraform-provider-genviral/0.0.0-test Terraform/1.9.0"
)

// recorded is one request as the fake server saw it.
type recorded struct {
	Method  string
	Path    string // decoded path
	RawPath string // escaped path as sent
	Query   url.Values
	Header  http.Header
	Body    []byte
}

// fakeAPI is an httptest server whose handler is supplied by the test. It
// records every request and counts them.
type fakeAPI struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []recorded
	n    atomic.Int64
}

// inFlight counts what is in flight and remembers the most at once.
type inFlight struct{ now, peak atomic.Int64 }

// enter counts one more in flight and returns how many are.
func (c *inFlight) enter() int64 {
	n := c.now.Add(1)
	for {
		p := c.peak.Load()
		if n <= p || c.peak.CompareAndSwap(p, n) {
			return n
		}
	}
}

// leave counts one fewer in flight.
func (c *inFlight) leave() { c.now.Add(-1) }

// max returns the most that were in flight at once.
func (c *inFlight) max() int { return int(c.peak.Load()) }

func newFakeAPI(t testing.TB, h http.HandlerFunc) *fakeAPI {
	t.Helper()
	f := &fakeAPI{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.reqs = append(f.reqs, recorded{
			Method: r.Method, Path: r.URL.Path, RawPath: r.URL.EscapedPath(),
			Query: r.URL.Query(), Header: r.Header.Clone(), Body: body,
		})
		f.mu.Unlock()
		f.n.Add(1)
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		h(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeAPI) count() int { return int(f.n.Load()) }

// expectRequests reports an error on t unless the fake API received want
// requests; why, when not empty, says what the number stands for.
func (f *fakeAPI) expectRequests(t testing.TB, want int, why string) {
	t.Helper()
	if n := f.count(); n != want {
		if why != "" {
			why = " (" + why + ")"
		}
		t.Errorf("requests = %d, want %d%s", n, want, why)
	}
}

func (f *fakeAPI) requests() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.reqs...)
}

// countPath counts the requests with the given method and decoded path.
func (f *fakeAPI) countPath(method, path string) int {
	n := 0
	for _, r := range f.requests() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

// testConfig is a fast configuration: tiny backoff, three retries.
func testConfig(baseURL string) genviral.Config {
	cfg := genviral.DefaultConfig()
	cfg.BaseURL, cfg.APIKey, cfg.UserAgent = baseURL, testKey, testUA
	cfg.Timeout, cfg.MaxRetries = 10*time.Second, 3
	cfg.RetryWaitMin, cfg.RetryWaitMax = time.Millisecond, 4*time.Millisecond
	return cfg
}

// newClient returns a client of testConfig changed by mutate, whose request
// pacer runs on a fake clock (genviral.UseFakeClock): its waits take no
// time. The tests of pacing under a real rate limit use newRealClient.
func newClient(t testing.TB, baseURL string, mutate ...func(*genviral.Config)) *genviral.Client {
	t.Helper()
	c := newRealClient(t, baseURL, mutate...)
	genviral.UseFakeClock(c)
	return c
}

// newRealClient is newClient with the pacer on the real clock.
func newRealClient(t testing.TB, baseURL string, mutate ...func(*genviral.Config)) *genviral.Client {
	t.Helper()
	cfg := testConfig(baseURL)
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := genviral.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// writeOK writes a success envelope around data.
func writeOK(w http.ResponseWriter, status int, data any) {
	raw, err := json.Marshal(data)
	if err != nil {
		panic(err)
	}
	writeRaw(w, status, fmt.Sprintf(`{"ok":true,"code":%d,"message":"ok","data":%s}`, status, raw))
}

// writeErr writes an error envelope.
func writeErr(w http.ResponseWriter, status int, errorCode, message string) {
	m := map[string]any{"ok": false, "code": status, "message": message}
	if errorCode != "" {
		m["error_code"] = errorCode
	}
	raw, _ := json.Marshal(m)
	writeRaw(w, status, string(raw))
}

func writeRaw(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// logEntry is one call of the recording logger.
type logEntry struct {
	Msg    string
	Fields map[string]any
}

// recLogger records every entry; onMsg, when set, is called for each one.
type recLogger struct {
	mu      sync.Mutex
	entries []logEntry
	onMsg   func(msg string, fields map[string]any)
}

func (l *recLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	cp := make(map[string]any, len(fields))
	for k, v := range fields {
		cp[k] = v
	}
	l.mu.Lock()
	l.entries = append(l.entries, logEntry{msg, cp})
	cb := l.onMsg
	l.mu.Unlock()
	if cb != nil {
		cb(msg, cp)
	}
}

func (l *recLogger) all() []logEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]logEntry(nil), l.entries...)
}

func (l *recLogger) String() string {
	var b strings.Builder
	for _, e := range l.all() {
		fmt.Fprintf(&b, "%s %v\n", e.Msg, e.Fields)
	}
	return b.String()
}

// assertNoSecret fails when s contains the key's secret or a recognisable
// part of it (a truncated copy is a leak too).
func assertNoSecret(t testing.TB, what, s string) {
	t.Helper()
	for _, bad := range []string{testKey, testSecret, testSecret[:8], testSecret[len(testSecret)-8:]} {
		if strings.Contains(s, bad) {
			t.Errorf("%s contains (part of) the API key secret %q: %s", what, bad, s)
		}
	}
}

// mustAPIError asserts err is an *APIError and returns it.
func mustAPIError(t testing.TB, err error) *genviral.APIError {
	t.Helper()
	if err == nil {
		t.Fatal("expected an error, got nil")
	}
	e, ok := genviral.AsAPIError(err)
	if !ok {
		t.Fatalf("expected *APIError, got %T: %v", err, err)
	}
	return e
}

func ptr[T any](v T) *T { return &v }

// wantKind checks that e is classified as want.
func wantKind(t testing.TB, what string, e *genviral.APIError, want genviral.Kind) {
	t.Helper()
	if got := e.Kind(); got != want {
		t.Errorf("%s: Kind() = %v, want %v (%v)", what, got, want, e)
	}
}

func contains(t testing.TB, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s %q does not contain %q", what, s, sub)
		}
	}
}

// fuzzSeed is a status and body a fuzz target of a fake API starts from.
type fuzzSeed struct {
	status uint16
	body   string
}

// addFuzzSeeds adds seeds to the corpus of f.
func addFuzzSeeds(f *testing.F, seeds []fuzzSeed) {
	for _, s := range seeds {
		f.Add(s.status, []byte(s.body))
	}
}

// fuzzAnswer is what a fake API under fuzzing answers every request: the
// status and body of the current input.
type fuzzAnswer struct {
	mu     sync.Mutex
	status int
	body   []byte
}

// set makes the input (st, b) the answer. Seeds give real statuses; other
// values map into 200…599 (WriteHeader panics outside 100…999).
func (a *fuzzAnswer) set(st uint16, b []byte) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.status, a.body = int(st), b
	if a.status < 200 || a.status > 599 {
		a.status = 200 + a.status%400
	}
}

// write answers w with the current input.
func (a *fuzzAnswer) write(w http.ResponseWriter) {
	a.mu.Lock()
	st, b := a.status, a.body
	a.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(st)
	_, _ = w.Write(b)
}
