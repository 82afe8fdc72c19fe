package genviral

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode"
)

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"0", 0},
		{"1", time.Second},
		{" 2 ", 2 * time.Second},
		{"120", 2 * time.Minute},
		{"-1", 0},
		{"1.5", 0},
		{"soon", 0},
		{"86400", maxRetryAfter},
		{"99999999999999999999999", 0},
		{now.Add(30 * time.Second).Format(http.TimeFormat), 30 * time.Second},
		{now.Add(-30 * time.Second).Format(http.TimeFormat), 0},
		{now.Format(http.TimeFormat), 0},
		{now.Add(45 * time.Second).Format(time.RFC850), 45 * time.Second},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	// An HTTP date far ahead is capped by backoff, not by the parser.
	far := parseRetryAfter(now.Add(time.Hour).Format(http.TimeFormat), now)
	c := &Client{cfg: Config{RetryWaitMin: time.Millisecond, RetryWaitMax: time.Second}}
	if got := c.backoff(1, far); got != maxRetryAfter {
		t.Errorf("backoff with a 1h Retry-After = %s, want the %s cap", got, maxRetryAfter)
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	c := &Client{cfg: Config{RetryWaitMin: 100 * time.Millisecond, RetryWaitMax: 2 * time.Second}}
	for attempt := 1; attempt <= 40; attempt++ {
		d := min(100*time.Millisecond<<min(attempt-1, 20), 2*time.Second)
		for range 50 {
			got := c.backoff(attempt, 0)
			if got < d/2 || got > d {
				t.Fatalf("backoff(%d) = %s, want in [%s, %s]", attempt, got, d/2, d)
			}
		}
	}
	if got := c.backoff(3, 7*time.Second); got != 7*time.Second {
		t.Errorf("Retry-After not used: %s", got)
	}
	// Huge minimums do not overflow into negative or zero waits.
	big := &Client{cfg: Config{RetryWaitMin: time.Hour, RetryWaitMax: 24 * time.Hour}}
	for attempt := 1; attempt <= 64; attempt++ {
		if got := big.backoff(attempt, 0); got < 30*time.Minute || got > 24*time.Hour {
			t.Fatalf("backoff(%d) with 1h min = %s", attempt, got)
		}
	}
	tiny := &Client{cfg: Config{RetryWaitMin: 1, RetryWaitMax: 1}}
	if got := tiny.backoff(1, 0); got < 0 || got > 1 {
		t.Errorf("backoff with 1ns bounds = %s", got)
	}
}

func TestDefaultConfig(t *testing.T) {
	t.Parallel()
	cfg := DefaultConfig()
	cfg.APIKey = "k.secret"
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		BaseURL: DefaultBaseURL, APIKey: "k.secret", Timeout: DefaultTimeout, MaxRetries: DefaultMaxRetries,
		MaxParallel: DefaultMaxParallel, MaxBodyBytes: DefaultMaxBodyBytes, RetryWaitMin: DefaultRetryWaitMin,
		RetryWaitMax: DefaultRetryWaitMax, MinRequestRate: DefaultMinRequestRate, UserAgent: DefaultUserAgent, ReadTimeout: DefaultReadTimeout,
		MaxReadBytes: DefaultMaxReadBytes, MaxReadRequests: DefaultMaxReadRequests, MaxTargets: DefaultMaxTargets,
	}
	got := c.cfg
	got.HTTPClient = nil
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Errorf("defaults = %+v\nwant %+v", got, want)
	}
	if c.base.String() != DefaultBaseURL {
		t.Errorf("base = %s", c.base)
	}
	// Zero retries are zero: New fills nothing in.
	cfg.MaxRetries = 0
	if c, err = New(cfg); err != nil || c.cfg.MaxRetries != 0 {
		t.Errorf("MaxRetries 0: %v, %+v", err, c)
	}
}

func TestDecodeEnvelope(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		wantErr error
		ok      bool
		code    int
		data    string
	}{
		{"success", `{"ok":true,"code":200,"message":"m","data":{"a":1}}`, nil, true, 200, `{"a":1}`},
		{"array data", ` {"ok":true,"code":200,"data":[1]} `, nil, true, 200, `[1]`},
		{"failure", `{"ok":false,"code":404,"message":"x","error_code":"not_found"}`, nil, false, 404, ``},
		{"code as string", `{"ok":true,"code":"200","data":{}}`, nil, true, 0, `{}`},
		{"message as object", `{"ok":false,"code":500,"message":{"text":"x"}}`, nil, false, 500, ``},
		{"huge code", `{"ok":true,"code":1e400,"data":1}`, nil, true, 0, `1`},
		{"html", `<html>502</html>`, ErrNotJSON, false, 0, ``},
		{"empty", ``, ErrNotJSON, false, 0, ``},
		{"array", `[]`, ErrNotJSON, false, 0, ``},
		{"null", `null`, ErrNotJSON, false, 0, ``},
		{"truncated", `{"ok":true,"data":{"a":`, errTruncated, false, 0, ``},
		{"two objects", `{"ok":true}{"ok":false}`, errTruncated, false, 0, ``},
		{"bad utf8", "{\"ok\":true,\"message\":\"\xff\",\"data\":1}", nil, true, 0, `1`},
	}
	for _, tt := range tests {
		var data json.RawMessage
		env, err := decodeEnvelope([]byte(tt.in), &data)
		if tt.wantErr != nil {
			if !errors.Is(err, tt.wantErr) || env != nil {
				t.Errorf("%s: decodeEnvelope = %+v, %v; want %v", tt.name, env, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if err := env.dataInto(&data); (err != nil) != (tt.data == "") {
			t.Errorf("%s: data: %v", tt.name, err)
		}
		if env.OK != tt.ok || env.Code != tt.code || string(data) != tt.data {
			t.Errorf("%s: envelope = %+v (data %s)", tt.name, env, data)
		}
	}
}

func TestDecodeData(t *testing.T) {
	t.Parallel()
	decode := func(data string) (TargetList, error) {
		var tl TargetList
		body := `{"ok":true,"code":200` + data + `}`
		env, err := decodeEnvelope([]byte(body), &tl)
		if err != nil {
			t.Fatalf("decodeEnvelope(%s): %v", body, err)
		}
		return tl, env.dataInto(&tl)
	}
	for _, data := range []string{``, `,"data":null`, `,"data": null `} {
		if _, err := decode(data); !errors.Is(err, errNoData) {
			t.Errorf("data %q: %v, want the no-data error", data, err)
		}
	}
	// The wrong type in data, alone or with one in the envelope.
	for _, body := range []string{`,"data":{"targets":"x"}`, `,"message":1,"data":{"targets":"x"}`, `,"data":"x"`} {
		if _, err := decode(body); err == nil || !strings.Contains(err.Error(), "decoding data") {
			t.Errorf("%s: %v, want a decoding error", body, err)
		}
	}
	if tl, err := decode(`,"data":{"targets":[{"id":"a"}]}`); err != nil || len(tl.Targets) != 1 {
		t.Errorf("valid: %v %+v", err, tl)
	}
	// Data of the wrong type in an answer whose data is not asked for
	// is no error.
	if env, err := decodeEnvelope([]byte(`{"ok":false,"code":400,"data":{"targets":"x"}}`), nil); err != nil || env.Code != 400 {
		t.Errorf("data not asked for: %+v, %v", env, err)
	}
}

func TestDecodeStreakDirect(t *testing.T) {
	t.Parallel()
	for _, in := range []string{``, `null`, ` null `, `"NaN"`, `"-Inf"`, `"infinity"`, `{"value":null}`, `{}`, `[]`, `1e400`, `"1e400"`} {
		if got := decodeStreak(json.RawMessage(in)); got != nil {
			t.Errorf("decodeStreak(%s) = %v, want nil", in, *got)
		}
	}
	for in, want := range map[string]float64{`3`: 3, `"1.5"`: 1.5, `"-2"`: -2, `{"current":"x","value":1}`: 1} {
		if got := decodeStreak(json.RawMessage(in)); got == nil || *got != want {
			t.Errorf("decodeStreak(%s) = %v, want %v", in, got, want)
		}
	}
}

func TestAssemble(t *testing.T) {
	t.Parallel()
	post := func(analyticsID, id string) Post {
		p := Post{ID: id}
		if analyticsID != "" {
			p.AnalyticsID = &analyticsID
		}
		return p
	}
	keys := func(ps []Post) string {
		var b []string
		for _, p := range ps {
			b = append(b, p.Key())
		}
		return strings.Join(b, ",")
	}
	pages := []*PostsPage{
		{Posts: []Post{post("a", "a"), post("b", "b"), post("", "c")}},
		{Posts: []Post{post("c", "x"), post("d", "d"), post("", "")}},
		{},
		{Posts: []Post{post("", ""), post("b", "b"), post("e", "e")}},
	}
	if got := keys(assemble(pages, 100)); got != "a,b,c,d,,,e" {
		t.Errorf("assemble = %q", got)
	}
	if got := keys(assemble(pages, 3)); got != "a,b,c" {
		t.Errorf("assemble limit 3 = %q", got)
	}
	if got := assemble(nil, 10); got == nil || len(got) != 0 {
		t.Errorf("assemble(nil) = %#v", got)
	}
	if got := assemble(pages, 0); len(got) != 0 {
		t.Errorf("assemble limit 0 = %v", got)
	}
}

func TestSnippet(t *testing.T) {
	t.Parallel()
	if got := snippet(""); got != "(empty body)" {
		t.Errorf("empty = %q", got)
	}
	if got := snippet("  <h1>\n\n502</h1>\t "); got != "<h1> 502</h1>" {
		t.Errorf("folded = %q", got)
	}
	long := snippet(strings.Repeat("é", 500))
	if r := []rune(long); len(r) != 161 || !strings.HasSuffix(long, "…") {
		t.Errorf("long snippet has %d runes", len(r))
	}
	if got := snippet("a\xffb"); got != "a?b" {
		t.Errorf("invalid utf8 = %q", got)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestRequestURLEscaping(t *testing.T) {
	t.Parallel()
	tests := []struct{ base, id, want string }{
		{"http://h/api/partner/v1", "t1", "http://h/api/partner/v1/analytics/targets/t1"},
		{"http://h/api/partner/v1/", "t1", "http://h/api/partner/v1/analytics/targets/t1"},
		{"http://h", "a/b c?d#e", "http://h/analytics/targets/a%2Fb%20c%3Fd%23e"},
		{"http://h/my%20api", "x%y", "http://h/my%20api/analytics/targets/x%25y"},
	}
	for _, tt := range tests {
		var got string
		hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			got = r.URL.String()
			return &http.Response{StatusCode: 404, Body: http.NoBody, Header: http.Header{}}, nil
		})}
		cfg := DefaultConfig()
		cfg.BaseURL, cfg.APIKey, cfg.HTTPClient, cfg.MaxRetries = tt.base, "k", hc, 0
		c, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = c.GetTarget(t.Context(), tt.id)
		if got != tt.want {
			t.Errorf("base %q id %q: URL %q, want %q", tt.base, tt.id, got, tt.want)
		}
	}
}

// TestFoldRuneIsOneRepresentativePerOrbit: every member of every simple case
// folding orbit folds to the same rune, so folded handles are equal exactly
// when the handles are equal under case folding.
func TestFoldRuneIsOneRepresentativePerOrbit(t *testing.T) {
	t.Parallel()
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := foldRune(r)
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if got := foldRune(f); got != want {
				t.Fatalf("foldRune(%U) = %U, foldRune(%U) = %U: one orbit, two representatives", r, want, f, got)
			}
		}
	}
}

// TestKindClassifiesTheFacts: each combination of facts a failed call can
// carry is classified as the kind a caller gives advice for, in the order
// of precedence (a redirect or a read limit first, whatever the status; a
// page without the API's JSON before the status's meaning).
func TestKindClassifiesTheFacts(t *testing.T) {
	t.Parallel()
	deadline := &DeadlineError{Limit: "the read timeout", Timeout: time.Second}
	tests := []struct {
		name string
		e    APIError
		want Kind
	}{
		{"redirect", APIError{StatusCode: 307, Err: ErrRedirect}, KindRedirect},
		{"read limit in a 200", APIError{StatusCode: 200, Err: fmt.Errorf("%w: too big", ErrReadLimit)}, KindReadLimit},
		{"read limit before sending", APIError{Err: ErrReadLimit, Unsent: true}, KindReadLimit},
		{"route not found", APIError{StatusCode: 404, Envelope: true, UnknownRoute: true}, KindUnknownRoute},
		{"404 html", APIError{StatusCode: 404, Err: ErrNotJSON}, KindForeignNotFound},
		{"404 foreign json", APIError{StatusCode: 404}, KindForeignNotFound},
		{"403 html", APIError{StatusCode: 403, Err: ErrNotJSON}, KindForeignRefusal},
		{"401 html", APIError{StatusCode: 401, Err: ErrNotJSON}, KindForeignRefusal},
		{"garbled 200", APIError{StatusCode: 200, Err: ErrNotJSON, Malformed: true}, KindMalformed},
		{"ok false 200", APIError{StatusCode: 200, Malformed: true}, KindMalformed},
		{"401 envelope", APIError{StatusCode: 401, Envelope: true}, KindAnswered},
		{"404 envelope", APIError{StatusCode: 404, Envelope: true}, KindAnswered},
		{"409 envelope", APIError{StatusCode: 409, Envelope: true}, KindAnswered},
		{"429 html", APIError{StatusCode: 429, Err: ErrNotJSON}, KindRateLimited},
		{"429", APIError{StatusCode: 429, Envelope: true, Attempts: 3}, KindRateLimited},
		{"503 html", APIError{StatusCode: 503, Err: ErrNotJSON}, KindServerError},
		{"500", APIError{StatusCode: 500, Envelope: true}, KindServerError},
		{"undecodable data", APIError{StatusCode: 200, Err: errors.New("json: cannot unmarshal")}, KindOther},
		{"cancelled", APIError{Err: context.Canceled}, KindCanceled},
		{"named deadline", APIError{Err: deadline}, KindDeadline},
		{"deadline", APIError{Err: context.DeadlineExceeded}, KindDeadline},
		{"timeout", APIError{Err: ErrTimeout}, KindTimeout},
		{"timeout then cancelled", APIError{Err: errors.Join(ErrTimeout, context.Canceled)}, KindCanceled},
		{"connection", APIError{Err: errors.New("connection refused")}, KindConnection},
	}
	for _, tt := range tests {
		if got := tt.e.Kind(); got != tt.want {
			t.Errorf("%s: Kind() = %v, want %v", tt.name, got, tt.want)
		}
	}
	e := APIError{Err: fmt.Errorf("stopped: %w", deadline)}
	if d, ok := e.Deadline(); !ok || d != deadline {
		t.Errorf("Deadline() = %v, %v; want %v", d, ok, deadline)
	}
	if _, ok := (&APIError{Err: context.DeadlineExceeded}).Deadline(); ok {
		t.Error("a bare context deadline has a name")
	}
}

// TestRetryWait429AsTheDeadlineEnds: a 429 answered just as the call's
// deadline ended is counted, and the error names the deadline, as a 429
// whose retry would outlast it does (it raced TestRetry429UntilDeadline).
func TestRetryWait429AsTheDeadlineEnds(t *testing.T) {
	t.Parallel()
	cfg := DefaultConfig()
	cfg.APIKey = "gva_live_abc123.secretvalue1"
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := WithDeadline(context.Background(), time.Nanosecond, "the read timeout (timeouts.read)")
	defer cancel()
	<-ctx.Done()
	tries := retries{start: time.Now()}
	r := request{method: http.MethodGet, path: "/analytics/targets", retryable: true}
	e := r.fail(2, http.StatusTooManyRequests, "slow down", nil)
	if _, retry := c.retryWait(ctx, r, e, 0, &tries); retry {
		t.Fatal("retried after the deadline")
	}
	if tries.limited != 1 {
		t.Errorf("429s counted = %d, want 1", tries.limited)
	}
	if msg := tries.final(ctx, e).Error(); !strings.Contains(msg, "timeouts.read") || !strings.Contains(msg, "answered 429 1 times") {
		t.Errorf("error = %q, want the deadline named and the 429 counted", msg)
	}
}

// assemble is the assembler's result of pages, in order, without hooks.
func assemble(pages []*PostsPage, limit int) []Post {
	n := 0
	for _, p := range pages {
		n += len(p.Posts)
	}
	a := newAssembler(limit, n, &pageHooks{})
	for _, p := range pages {
		a.add(p)
	}
	return a.out
}
