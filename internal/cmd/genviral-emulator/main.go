// Command genviral-emulator serves the in-process Genviral analytics emulator
// (package internal/emulator) on a loopback port, for the offline demo,
// manual experiments and scripts.
//
// Usage:
//
//	go run ./internal/cmd/genviral-emulator [flags]
//
// Flags:
//
//	-addr ADDR              listen address, loopback only (default 127.0.0.1:0 = any free port)
//	-addr-file FILE         write the base URL to FILE once listening (removed on exit)
//	-seed FILE              JSON array of targets to create at start:
//	                        [{"scope":"workspace"|"personal","platform":"tiktok","identifier":"@brand","display_name":"Brand"}]
//	-posts-per-target N     synthetic posts per new target (0 = 12)
//	-posts-days D           publish them within the last D days (the range preset of
//	                        D days holds them all); 0: over about 400 days
//	-max-posts-limit N      accept limit up to N in posts queries (default 100, as the API);
//	                        benchmarks use it to serve every row of a query in one answer
//	-latency DURATION       latency added to every response (e.g. 100ms)
//	-error-rate F           fraction (0..1) of requests answered with a 5xx
//	-malformed-rate F       fraction (0..1) of requests answered with a malformed body
//	-stats-route            also serve the request counters at /__emulator/stats (see below)
//	-now TIME               the emulator's clock: RFC 3339 (2026-03-15T12:00:00Z) or a
//	                        date (2026-03-15, meaning noon UTC); default: the current time
//	-id-seed N              derive target and refresh ids from N (deterministic across
//	                        runs); default 0: random ids, never repeated across restarts
//
// # Clock and ids
//
// The emulator's clock is the instant given by -now, or the time it started:
// it does not advance while it runs. Range presets ("the last 90 days") end
// at it, new targets' synthetic posts are dated before it, and created_at,
// started_at and completed_at are it. (The in-process emulator of the tests,
// emulator.New with a zero Options.Now, is instead fixed at
// 2026-03-15T12:00:00Z.)
//
// Target and refresh ids are random UUIDs, different in every run, as with
// the real API, so Terraform state written against one run never names
// another run's targets. An account's synthetic posts do not depend on its
// id: the same platform and handle get the same posts in every run.
//
// On start it prints one line "genviral emulator listening on <baseURL>"
// followed by its clock ("clock: <RFC 3339>"), the workspace and personal API
// keys (and, with -stats-route, "stats: <statsURL>"), then serves until SIGINT or SIGTERM. The base URL
// already ends in /api/partner/v1, so it can be used as the provider's
// base_url (GENVIRAL_BASE_URL) directly:
//
//	curl -H "Authorization: Bearer gva_live_wsp001.Wq7Zk2Vx9Lp4Rz8Nc3Tb6Hd1Ej5" <base>/analytics/targets
//
// The emulator refuses to listen on anything but a loopback address: it has
// fixed, published keys.
//
// # Request counters (-stats-route)
//
// With -stats-route the emulator also answers, without authentication, at
// http://<addr>/__emulator/stats (outside the API's base path; these requests
// are not counted themselves):
//
//	GET    /__emulator/stats   the counters since start or the last reset, as JSON:
//	                           {"total": 201, "connections": 4,
//	                            "routes": {"GET /analytics/targets": 1, "POST /analytics/targets": 200}}
//	DELETE /__emulator/stats   resets them (204 No Content)
//
// total counts every API request received (faulted and rejected ones too),
// routes splits it by route ("METHOD /pattern", as emulator.Server.Count
// names them; unknown paths as "METHOD path"), and connections counts the TCP
// connections that carried API requests (each counted at its first one),
// which shows whether clients reuse them. Resetting zeroes both; a
// connection already counted is not counted again. Without the flag the path
// is an unknown route of the API like any other. scripts/bench-terraform.sh
// uses it to count the requests of each Terraform command.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
)

// shutdownTimeout bounds the graceful shutdown on a signal.
const shutdownTimeout = 5 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return
	case err != nil:
		fmt.Fprintln(os.Stderr, "genviral-emulator:", err)
		stop()
		os.Exit(1)
	}
}

// seedTarget is one entry of the -seed file.
type seedTarget struct {
	Scope       string `json:"scope"`
	Platform    string `json:"platform"`
	Identifier  string `json:"identifier"`
	DisplayName string `json:"display_name"`
}

// run parses args, serves the emulator until ctx is done and shuts down
// gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("genviral-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "listen `address` (loopback only; port 0 picks a free port)")
	addrFile := fs.String("addr-file", "", "write the base URL to `file` once listening")
	seedFile := fs.String("seed", "", "JSON `file` of targets to create at start")
	postsPerTarget := fs.Int("posts-per-target", 0, "synthetic posts per new target (0 = 12)")
	postsDays := fs.Int("posts-days", 0, "publish the synthetic posts within the last `days` (the range preset of that length holds them all); 0: over about 400 days")
	maxPostsLimit := fs.Int("max-posts-limit", 100, "the largest `limit` a posts query accepts (the API's is 100; benchmarks raise it to serve every row of a query in one answer)")
	latency := fs.Duration("latency", 0, "latency added to every response")
	errorRate := fs.Float64("error-rate", 0, "fraction (0..1) of requests answered with a 5xx")
	malformedRate := fs.Float64("malformed-rate", 0, "fraction (0..1) of requests answered with a malformed body")
	rateLimit := fs.Float64("rate-limit", 0, "one rate limit shared by all clients, in `requests` per second (bursts of as many): requests beyond it are answered 429; 0: none")
	retryAfter := fs.String("retry-after", "", "Retry-After `seconds` sent with the 429s of -rate-limit; empty: none")
	statsRoute := fs.Bool("stats-route", false, "serve the request counters at GET /__emulator/stats (DELETE resets them)")
	nowFlag := fs.String("now", "", "the emulator's `clock`, fixed while it runs: RFC 3339 (2026-03-15T12:00:00Z) or a date (2026-03-15 = noon UTC); default: the current time at start")
	idSeed := fs.Uint64("id-seed", 0, "derive target and refresh ids from this `seed` (the same ids in every run); 0: random ids, never repeated across restarts")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: genviral-emulator [flags]\n\n"+
			"Serves a fake Genviral Partner API (analytics) on a loopback port, for demos and tests.\n"+
			"Its clock is -now (default: the time it started) and does not advance; ranges such as\n"+
			"\"90d\" end at it. Target and refresh ids are random in every run unless -id-seed is set.\n\n"+
			"Flags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	now, err := parseNow(*nowFlag, time.Now)
	if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	for name, rate := range map[string]float64{"-error-rate": *errorRate, "-malformed-rate": *malformedRate} {
		if rate < 0 || rate > 1 {
			return fmt.Errorf("%s must be between 0 and 1, got %v", name, rate)
		}
	}
	if *postsDays < 0 {
		return fmt.Errorf("-posts-days must not be negative, got %d", *postsDays)
	}
	if *maxPostsLimit < 100 {
		return fmt.Errorf("-max-posts-limit must be at least the API's 100, got %d", *maxPostsLimit)
	}
	if *latency < 0 {
		return fmt.Errorf("-latency must not be negative, got %v", *latency)
	}
	if *rateLimit < 0 {
		return fmt.Errorf("-rate-limit must not be negative, got %v", *rateLimit)
	}
	if n, err := strconv.Atoi(*retryAfter); *retryAfter != "" && (err != nil || n < 0) {
		return fmt.Errorf("-retry-after must be a number of seconds, got %q", *retryAfter)
	}
	if err := checkLoopback(*addr); err != nil {
		return err
	}

	srv := emulator.New(emulator.Options{
		PostsPerTarget: *postsPerTarget, PostsDays: *postsDays, MaxPostsLimit: *maxPostsLimit, Now: now, IDSeed: *idSeed,
	})
	if *seedFile != "" {
		if err := seed(srv, *seedFile); err != nil {
			return err
		}
	}
	srv.SetFaults(emulator.Faults{Latency: *latency, ErrorRate: *errorRate, MalformedRate: *malformedRate,
		RateLimit: *rateLimit, RetryAfter: *retryAfter})

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); !ok || !tcp.IP.IsLoopback() {
		ln.Close()
		return fmt.Errorf("refusing to serve on non-loopback address %s", ln.Addr())
	}
	base := "http://" + ln.Addr().String() + emulator.BasePath
	if *addrFile != "" {
		if err := writeFileAtomic(*addrFile, base); err != nil {
			ln.Close()
			return err
		}
		defer os.Remove(*addrFile)
	}

	// Cancelling the requests' base context releases stalled requests on
	// shutdown.
	reqCtx, cancelRequests := context.WithCancel(context.Background())
	defer cancelRequests()
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return reqCtx },
	}
	statsURL := ""
	if *statsRoute {
		st := &stats{srv: srv}
		hs.Handler = st.wrap(srv)
		hs.ConnContext = st.connContext
		statsURL = "http://" + ln.Addr().String() + statsPath
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()

	fmt.Fprintf(stdout, "genviral emulator listening on %s\n", base)
	fmt.Fprintf(stdout, "clock: %s (fixed; set it with -now)\n", srv.Now().Format(time.RFC3339))
	fmt.Fprintf(stdout, "workspace key: %s\n", emulator.WorkspaceKey)
	fmt.Fprintf(stdout, "personal key: %s\n", emulator.PersonalKey)
	if statsURL != "" {
		fmt.Fprintf(stdout, "stats: %s\n", statsURL)
	}

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	cancelRequests()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// statsPath is where -stats-route serves the counters.
const statsPath = "/__emulator/stats"

// stats serves the emulator's request counters and counts connections.
type stats struct {
	srv   *emulator.Server
	conns atomic.Int64
}

// statsBody is the JSON answer of GET /__emulator/stats.
type statsBody struct {
	Total        int            `json:"total"`
	Connections  int64          `json:"connections"`
	PeakInFlight int            `json:"peak_in_flight"`
	Routes       map[string]int `json:"routes"`
	// Statuses counts the answers by HTTP status ("429": the refused).
	Statuses map[string]int `json:"statuses"`
}

// connUsed is the context key of a connection's "carried an API request"
// flag.
type connUsed struct{}

// connContext gives every connection its flag (http.Server.ConnContext).
func (st *stats) connContext(ctx context.Context, _ net.Conn) context.Context {
	return context.WithValue(ctx, connUsed{}, new(atomic.Bool))
}

// wrap answers statsPath itself and passes everything else to next.
func (st *stats) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.TrimSuffix(r.URL.Path, "/") != statsPath {
			if used, ok := r.Context().Value(connUsed{}).(*atomic.Bool); ok && !used.Swap(true) {
				st.conns.Add(1)
			}
			next.ServeHTTP(w, r)
			return
		}
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			body := statsBody{Connections: st.conns.Load(), PeakInFlight: st.srv.PeakInFlight(), Routes: map[string]int{}, Statuses: map[string]int{}}
			for _, req := range st.srv.Requests() {
				body.Routes[req.Route]++
				body.Statuses[strconv.Itoa(req.Status)]++
				body.Total++
			}
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(body)
		case http.MethodDelete:
			st.srv.ResetCounts()
			st.conns.Store(0)
			w.WriteHeader(http.StatusNoContent)
		default:
			w.Header().Set("Allow", "GET, HEAD, DELETE")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		}
	})
}

// parseNow parses the -now flag: "" is clock() truncated to the second, else
// an RFC 3339 time or a YYYY-MM-DD date (noon UTC, so that day boundaries
// are far away in every time zone).
func parseNow(v string, clock func() time.Time) (time.Time, error) {
	if v == "" {
		return clock().UTC().Truncate(time.Second), nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	if d, err := time.Parse(time.DateOnly, v); err == nil {
		return d.Add(12 * time.Hour), nil
	}
	return time.Time{}, fmt.Errorf("-now %q: want an RFC 3339 time (2026-03-15T12:00:00Z) or a date (2026-03-15)", v)
}

// checkLoopback rejects listen addresses that are not loopback: the emulator
// accepts fixed, published keys.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("invalid -addr %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("refusing to listen on non-loopback address %q; use 127.0.0.1, [::1] or localhost", addr)
}

// seed creates the targets listed in a -seed file.
func seed(srv *emulator.Server, path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading seed file: %w", err)
	}
	var targets []seedTarget
	if err := json.Unmarshal(raw, &targets); err != nil {
		return fmt.Errorf("seed file %s: %w", path, err)
	}
	for i, t := range targets {
		var scope emulator.Scope
		switch t.Scope {
		case "workspace":
			scope = emulator.WorkspaceScope()
		case "personal":
			scope = emulator.PersonalScope()
		default:
			return fmt.Errorf("seed file %s: entry %d: scope must be \"workspace\" or \"personal\", got %q", path, i, t.Scope)
		}
		if !slices.Contains([]string{"tiktok", "instagram", "youtube"}, t.Platform) {
			return fmt.Errorf("seed file %s: entry %d: platform must be tiktok, instagram or youtube, got %q", path, i, t.Platform)
		}
		if t.Identifier == "" {
			return fmt.Errorf("seed file %s: entry %d: identifier is required", path, i)
		}
		srv.SeedTarget(scope, t.Platform, t.Identifier, t.DisplayName)
	}
	return nil
}

// writeFileAtomic writes content to path through a temporary file and a
// rename, so readers never see a partial URL.
func writeFileAtomic(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	if _, err := tmp.WriteString(content); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
