package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
)

// hangGuard bounds waits for something that must happen (the emulator
// starting, run returning), only so that a broken build fails instead of
// hanging; a loaded machine running -race may be slow.
const hangGuard = time.Minute

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p.
func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what was written so far.
func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	seedFile := filepath.Join(dir, "seed.json")
	addrFile := filepath.Join(dir, "addr")
	seed := `[
		{"scope":"workspace","platform":"tiktok","identifier":"@brand","display_name":"Brand"},
		{"scope":"personal","platform":"youtube","identifier":"@mine"}
	]`
	if err := os.WriteFile(seedFile, []byte(seed), 0o600); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-addr-file", addrFile, "-seed", seedFile, "-posts-per-target", "3"}, &stdout, &stderr)
	}()

	var base string
	for deadline := time.Now().Add(hangGuard); ; {
		if raw, err := os.ReadFile(addrFile); err == nil && strings.Contains(stdout.String(), "personal key") {
			base = string(raw)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("emulator did not start; stdout %q stderr %q", stdout.String(), stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}

	clock := lineValue(t, stdout.String(), "clock: ")
	wantOut := "genviral emulator listening on " + base + "\n" +
		"clock: " + clock + "\n" +
		"workspace key: " + emulator.WorkspaceKey + "\n" +
		"personal key: " + emulator.PersonalKey + "\n"
	if got := stdout.String(); got != wantOut {
		t.Errorf("stdout = %q, want %q", got, wantOut)
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.HasSuffix(base, emulator.BasePath) {
		t.Errorf("base URL = %q", base)
	}

	req, _ := http.NewRequest("GET", base+"/analytics/summary/posts?range=all", nil)
	req.Header.Set("Authorization", "Bearer "+emulator.WorkspaceKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var env struct {
		Data struct {
			TotalCount int `json:"totalCount"`
			Posts      []struct {
				AccountDisplayName string `json:"accountDisplayName"`
			} `json:"posts"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &env); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if env.Data.TotalCount != 3 || env.Data.Posts[0].AccountDisplayName != "Brand" {
		t.Errorf("seeded workspace posts: %s", body)
	}

	// The acceptance: the documented envelope with a key, 401 without.
	for _, tc := range []struct {
		key    string
		status int
		want   string
	}{
		{emulator.WorkspaceKey, http.StatusOK, `{"ok":true,"code":200,"message":"Analytics targets retrieved","data":{"workspace_id":"` + emulator.WorkspaceID + `","targets":[`},
		{"", http.StatusUnauthorized, `{"ok":false,"code":401,`},
	} {
		req, _ := http.NewRequest("GET", base+"/analytics/targets", nil)
		if tc.key != "" {
			req.Header.Set("Authorization", "Bearer "+tc.key)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.HasPrefix(string(body), tc.want) {
			t.Errorf("GET /analytics/targets with key %q: %d %s, want %d and a body starting %s", tc.key, resp.StatusCode, body, tc.status, tc.want)
		}
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(hangGuard):
		t.Fatal("run did not return after cancel")
	}
	if _, err := os.Stat(addrFile); !os.IsNotExist(err) {
		t.Errorf("addr file left behind: %v", err)
	}
}

func TestRunRejects(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"all interfaces", []string{"-addr", "0.0.0.0:0"}, "non-loopback"},
		{"empty host", []string{"-addr", ":0"}, "non-loopback"},
		{"public name", []string{"-addr", "example.com:8080"}, "non-loopback"},
		{"no port", []string{"-addr", "127.0.0.1"}, "invalid -addr"},
		{"error rate", []string{"-error-rate", "1.5"}, "-error-rate"},
		{"malformed rate", []string{"-malformed-rate", "-0.1"}, "-malformed-rate"},
		{"negative latency", []string{"-latency", "-1s"}, "-latency"},
		{"negative posts days", []string{"-posts-days", "-1"}, "-posts-days"},
		{"posts limit below the API's", []string{"-max-posts-limit", "50"}, "-max-posts-limit"},
		{"negative rate limit", []string{"-rate-limit", "-1"}, "-rate-limit"},
		{"retry-after not seconds", []string{"-retry-after", "soon"}, "-retry-after"},
		{"now not a time", []string{"-now", "yesterday"}, `-now "yesterday": want an RFC 3339 time`},
		{"id seed not a number", []string{"-id-seed", "abc"}, "-id-seed"},
		{"extra argument", []string{"serve"}, "unexpected arguments"},
		{"unknown flag", []string{"-port", "80"}, "flag provided but not defined"},
		{"missing seed file", []string{"-seed", filepath.Join(dir, "nope.json")}, "reading seed file"},
		{"seed not JSON", []string{"-seed", write("bad.json", "{")}, "seed file"},
		{"seed scope", []string{"-seed", write("scope.json", `[{"scope":"team","platform":"tiktok","identifier":"a"}]`)}, "scope must be"},
		{"seed platform", []string{"-seed", write("platform.json", `[{"scope":"personal","platform":"facebook","identifier":"a"}]`)}, "platform must be"},
		{"seed identifier", []string{"-seed", write("ident.json", `[{"scope":"personal","platform":"tiktok"}]`)}, "identifier is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr syncBuffer
			err := run(context.Background(), tt.args, &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
			if stdout.String() != "" {
				t.Errorf("printed %q before failing", stdout.String())
			}
		})
	}
}

func TestCheckLoopback(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:0", "127.0.0.2:8080", "[::1]:0", "localhost:9999"} {
		if err := checkLoopback(addr); err != nil {
			t.Errorf("checkLoopback(%q) = %v", addr, err)
		}
	}
}

// startRun runs the emulator with args until the test ends and returns its
// stdout once the startup lines are printed.
func startRun(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), &stdout, &stderr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run: %v", err)
			}
		case <-time.After(hangGuard):
			t.Error("run did not return after cancel")
		}
	})
	for deadline := time.Now().Add(hangGuard); ; {
		out := stdout.String()
		if strings.Contains(out, "personal key") && (!slices.Contains(args, "-stats-route") || strings.Contains(out, "stats: ")) {
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("emulator did not start; stdout %q stderr %q", out, stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// lineValue returns what follows prefix on its line of out.
func lineValue(t *testing.T, out, prefix string) string {
	t.Helper()
	for line := range strings.Lines(out) {
		if v, ok := strings.CutPrefix(line, prefix); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatalf("no line %q in %q", prefix, out)
	return ""
}

func TestStatsRoute(t *testing.T) {
	out := startRun(t, "-stats-route", "-seed", writeSeed(t, `[{"scope":"workspace","platform":"tiktok","identifier":"@brand"}]`))
	base := lineValue(t, out, "genviral emulator listening on ")
	statsURL := lineValue(t, out, "stats: ")
	if want := strings.TrimSuffix(base, emulator.BasePath) + "/__emulator/stats"; statsURL != want {
		t.Fatalf("stats URL = %q, want %q", statsURL, want)
	}

	// One client, keep-alive: three API requests on one connection, and an
	// unknown path.
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	do := func(method, url string) (int, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, url, nil)
		req.Header.Set("Authorization", "Bearer "+emulator.WorkspaceKey)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, body
	}
	getStats := func() statsBody {
		t.Helper()
		code, body := do(http.MethodGet, statsURL)
		var st statsBody
		if err := json.Unmarshal(body, &st); err != nil || code != http.StatusOK {
			t.Fatalf("GET stats: %d %s", code, body)
		}
		return st
	}
	statuses := map[string]int{}
	for _, r := range [][2]string{{http.MethodGet, "/analytics/targets"}, {http.MethodGet, "/analytics/targets"},
		{http.MethodPost, "/analytics/targets"}, {http.MethodGet, "/nope"}} {
		code, _ := do(r[0], base+r[1])
		statuses[strconv.Itoa(code)]++
	}

	want := statsBody{Total: 4, Connections: 1, PeakInFlight: 1, Routes: map[string]int{
		emulator.RouteListTargets:            2,
		emulator.RouteCreateTarget:           1,
		"GET " + emulator.BasePath + "/nope": 1,
	}, Statuses: statuses}
	if got := getStats(); !reflect.DeepEqual(got, want) {
		t.Errorf("stats = %+v, want %+v", got, want)
	}
	// Reading the stats is not counted.
	if got := getStats(); got.Total != 4 {
		t.Errorf("stats counted its own requests: %+v", got)
	}

	if code, body := do(http.MethodDelete, statsURL); code != http.StatusNoContent {
		t.Fatalf("DELETE stats: %d %s", code, body)
	}
	if got := getStats(); got.Total != 0 || got.Connections != 0 || len(got.Routes) != 0 {
		t.Errorf("after reset: %+v", got)
	}
	// A connection is counted once, at its first API request: the
	// kept-alive one is not counted again, a new one is.
	do(http.MethodGet, base+"/analytics/targets")
	other := &http.Client{Transport: &http.Transport{}}
	defer other.CloseIdleConnections()
	req, _ := http.NewRequest(http.MethodGet, base+"/analytics/targets", nil)
	resp, err := other.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if got := getStats(); got.Total != 2 || got.Connections != 1 || got.Routes[emulator.RouteListTargets] != 2 {
		t.Errorf("after reset and two requests = %+v, want total 2, 1 new connection", got)
	}
	if code, _ := do(http.MethodPost, statsURL); code != http.StatusMethodNotAllowed {
		t.Errorf("POST stats: %d, want 405", code)
	}
}

// -rate-limit and -retry-after make the emulator one rate limit shared by
// all clients (for scripts/bench-ratelimit.sh).
func TestRateLimitFlags(t *testing.T) {
	out := startRun(t, "-rate-limit", "0.001", "-retry-after", "2")
	base := lineValue(t, out, "genviral emulator listening on ")
	var codes []int
	for range 2 {
		req, _ := http.NewRequest(http.MethodGet, base+"/analytics/targets", nil)
		req.Header.Set("Authorization", "Bearer "+emulator.WorkspaceKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		codes = append(codes, resp.StatusCode)
		if resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") != "2" {
			t.Errorf("Retry-After = %q, want 2", resp.Header.Get("Retry-After"))
		}
	}
	if codes[0] != http.StatusOK || codes[1] != http.StatusTooManyRequests {
		t.Errorf("statuses %v, want 200 then 429 (one request per 1,000 s)", codes)
	}
}

// -posts-days D publishes every synthetic post within the last D days, so
// the range preset of D days holds them all (scripts/bench-report-year.sh
// seeds a year with it); without it they spread over about 400 days.
func TestPostsDaysFlag(t *testing.T) {
	seed := writeSeed(t, `[{"scope":"workspace","platform":"tiktok","identifier":"@a"},{"scope":"workspace","platform":"youtube","identifier":"@b"}]`)
	for _, tc := range []struct {
		days, preset string
		want         int
	}{
		{"365", "1y", 2000},
		{"14", "14d", 2000},
		{"0", "1y", 1910},
	} {
		base := lineValue(t, startRun(t, "-seed", seed, "-posts-per-target", "1000", "-posts-days", tc.days), "genviral emulator listening on ")
		if got := totalCount(t, base, tc.preset); got != tc.want {
			t.Errorf("-posts-days %s: range %s holds %d posts, want %d", tc.days, tc.preset, got, tc.want)
		}
		if got := totalCount(t, base, "all"); got != 2000 {
			t.Errorf("-posts-days %s: range all holds %d posts, want 2000", tc.days, got)
		}
	}
}

// totalCount returns the totalCount of the workspace's posts in the range
// preset.
func totalCount(t *testing.T, base, preset string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/analytics/summary/posts?limit=1&range="+preset, nil)
	req.Header.Set("Authorization", "Bearer "+emulator.WorkspaceKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env struct {
		Data struct {
			TotalCount int `json:"totalCount"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("range %s: %d %v", preset, resp.StatusCode, err)
	}
	return env.Data.TotalCount
}

func TestStatsRouteOffByDefault(t *testing.T) {
	out := startRun(t)
	if strings.Contains(out, "stats:") {
		t.Errorf("printed a stats URL without -stats-route: %q", out)
	}
	base := lineValue(t, out, "genviral emulator listening on ")
	resp, err := http.Get(strings.TrimSuffix(base, emulator.BasePath) + "/__emulator/stats")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(body), "not_found") {
		t.Errorf("GET /__emulator/stats without -stats-route: %d %s, want the API's 404", resp.StatusCode, body)
	}
}

func writeSeed(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestParseNow(t *testing.T) {
	started := time.Date(2027, time.July, 4, 9, 30, 15, 987654321, time.FixedZone("X", 3600))
	clock := func() time.Time { return started }
	for _, tt := range []struct {
		in   string
		want time.Time
	}{
		{"", time.Date(2027, time.July, 4, 8, 30, 15, 0, time.UTC)},
		{"2026-03-15T12:00:00Z", time.Date(2026, time.March, 15, 12, 0, 0, 0, time.UTC)},
		{"2025-01-02T03:04:05+02:00", time.Date(2025, time.January, 2, 1, 4, 5, 0, time.UTC)},
		{"2025-12-31", time.Date(2025, time.December, 31, 12, 0, 0, 0, time.UTC)},
	} {
		got, err := parseNow(tt.in, clock)
		if err != nil || !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("parseNow(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"now", "2025-13-01", "15/03/2026", "2026-03-15 12:00"} {
		if _, err := parseNow(in, clock); err == nil {
			t.Errorf("parseNow(%q) accepted", in)
		}
	}
}

// createdTarget creates a target on the emulator at base and returns its id
// and, as GET /analytics/targets/{id} reports it, created_at.
func createdTarget(t *testing.T, base string) (id, createdAt string) {
	t.Helper()
	call := func(method, url, body string) []byte {
		t.Helper()
		req, _ := http.NewRequest(method, url, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+emulator.WorkspaceKey)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode/100 != 2 {
			t.Fatalf("%s %s: %d %s", method, url, resp.StatusCode, raw)
		}
		return raw
	}
	var env struct {
		Data struct {
			Target struct {
				ID        string `json:"id"`
				CreatedAt string `json:"created_at"`
			} `json:"target"`
		} `json:"data"`
	}
	raw := call("POST", base+"/analytics/targets", `{"platform":"tiktok","identifier":"@clock"}`)
	if err := json.Unmarshal(raw, &env); err != nil || env.Data.Target.ID == "" {
		t.Fatalf("create: %s", raw)
	}
	id = env.Data.Target.ID
	raw = call("GET", base+"/analytics/targets/"+id, "")
	if err := json.Unmarshal(raw, &env); err != nil {
		t.Fatalf("get: %s", raw)
	}
	return id, env.Data.Target.CreatedAt
}

// TestRunClockAndIDs: the served emulator's clock is the current time by
// default and -now when given; its ids differ between runs unless -id-seed
// is given.
func TestRunClockAndIDs(t *testing.T) {
	before := time.Now().UTC().Truncate(time.Second)
	out := startRun(t)
	after := time.Now().UTC()
	clock, err := time.Parse(time.RFC3339, strings.TrimSuffix(lineValue(t, out, "clock: "), " (fixed; set it with -now)"))
	if err != nil || clock.Before(before) || clock.After(after) {
		t.Errorf("default clock %v (%v) is not the time of the start, between %v and %v", clock, err, before, after)
	}
	id1, _ := createdTarget(t, lineValue(t, startRun(t), "genviral emulator listening on "))
	id2, _ := createdTarget(t, lineValue(t, startRun(t), "genviral emulator listening on "))
	if id1 == id2 {
		t.Errorf("two runs gave the same id %s", id1)
	}

	out = startRun(t, "-now", "2025-06-01T08:00:00Z", "-id-seed", "42")
	if got := lineValue(t, out, "clock: "); got != "2025-06-01T08:00:00Z (fixed; set it with -now)" {
		t.Errorf("clock line = %q", got)
	}
	seeded, createdAt := createdTarget(t, lineValue(t, out, "genviral emulator listening on "))
	if !strings.HasPrefix(createdAt, "2025-06-01T08:00:00") {
		t.Errorf("created_at = %q, want the -now instant", createdAt)
	}
	again, _ := createdTarget(t, lineValue(t, startRun(t, "-id-seed", "42"), "genviral emulator listening on "))
	if seeded != again {
		t.Errorf("-id-seed 42 gave %s, then %s", seeded, again)
	}
}
