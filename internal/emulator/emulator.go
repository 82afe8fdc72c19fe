// Package emulator is an in-process, stateful fake of the Genviral Partner
// API's analytics endpoints (the contract in genviral-api.md), served as an
// http.Handler.
//
// It backs the API client's unit tests, the provider's acceptance tests and
// the offline demo. It encodes the contract on its own — it does not import
// the API client — so a wrong path, field name or casing in the client makes a
// test fail instead of being mirrored here.
//
// What it implements:
//
//   - Bearer-key authentication with single-scope keys (workspace or
//     personal), 401 invalid_token for missing or unknown keys, and per-key
//     error overrides (402 subscription_required, 403 tier_not_allowed, ...).
//   - The response envelope {ok, code, message, data?, error_code?} on every
//     answer, with an error_code on every error.
//   - All ten analytics routes: targets (list, create with per-scope
//     de-duplication, get, patch, delete), refreshes (trigger with free/paid
//     billing, 409 conflicts, per-target 429; poll with a status that advances
//     per poll), summary, post-level metrics with the documented filters,
//     sorting and offset paging, and workspace suggestions.
//   - Deterministic synthetic posts per account (platform and handle), and
//     random target and refresh ids (Options.IDSeed makes them a
//     deterministic sequence).
//   - Fault switches (latency, stalls, 5xx error rate, 429 bursts, malformed
//     bodies) and per-route request counters plus a request log.
//
// Where the contract is silent the emulator chooses, and tests pin:
//
//   - Unnamed error codes: validation_error (create/patch bodies),
//     invalid_query_parameter (summary/posts), not_found (targets, unknown
//     routes), insufficient_credits (402 on refresh), method_not_allowed
//     (405); injected 5xx use internal_error, bad_gateway,
//     service_unavailable.
//   - Route matching (404/405) happens before authentication; faults happen
//     before both.
//   - Create de-duplicates on (scope, platform, normalized identifier) with
//     normalization = trim, strip one "@", lower-case as JavaScript does
//     (final sigma "ς", "İ" to "i̇"); an existing target is
//     returned unchanged (alias not applied) with Options.ExistingStatus.
//     An alias or displayName of "" is stored as null.
//   - PATCH validates the whole body before applying anything; an empty body
//     is "No valid updates"; refreshPolicy is shallow-merged and keys set to
//     null are removed; favorite must be a boolean (null is rejected).
//   - GET /analytics/targets/{id} adds free_refresh_available, metadata
//     (always an object) and created_at to the stored row.
//   - Summary and posts treat empty parameter values as absent, validate
//     range even when start/end win over it, use UTC days with an inclusive
//     end, and end presets at the clock (1y = 365 days). KPI objects are
//     {value, previous, delta} against the preceding window of equal length
//     (previous is 0 for "all"); series list only days with posts;
//     postingStreak is the longest run of consecutive posting days.
//   - A refresh's outcome is fixed when it starts; every refresh POST for
//     an existing target counts toward RefreshRateLimit, for the lifetime of
//     the Server.
//
// Paths are served under [BasePath] ("/api/partner/v1/analytics/..."), as
// by the API: any other path, such as "/analytics/..." or
// "/api/partner/v2/analytics/...", is answered 404 not_found "Route not
// found". [Serve] runs the handler on an httptest server and returns a base
// URL that already ends in [BasePath].
//
// All methods of [Server] are safe for concurrent use.
package emulator

import (
	"context"
	cryptorand "crypto/rand"
	"maps"
	"math/rand/v2"
	"net"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
)

// Default credentials registered by New. Their secrets look random, as real
// ones do: the client removes any 8 characters of the secret from what a
// server says, so a secret made of words would blank those words out of
// error messages.
const (
	// WorkspaceID is the workspace of WorkspaceKey.
	WorkspaceID = "0b8e6c1a-5d2f-4f7e-9a61-3c2d8e7f1a90"
	// UserID is the user that owns PersonalKey and created WorkspaceKey.
	UserID = "e2a47f19-6c0d-4b8e-a3f2-7d5c1b9e0f46"
	// WorkspaceKey is a key of the workspace scope WorkspaceID.
	WorkspaceKey = "gva_live_wsp001.Wq7Zk2Vx9Lp4Rz8Nc3Tb6Hd1Ej5"
	// PersonalKey is a key of the personal scope of UserID.
	PersonalKey = "gva_live_usr001.Pm3Xc8Jv1Ks6Gy0Fq5Bn9Dw2At7"
	// OtherUserID is another user, with a personal scope of their own.
	OtherUserID = "9a7c3e52-1b4d-4f6a-8e0c-5d2b7f9a1c38"
	// OtherPersonalKey is a key of the personal scope of OtherUserID: like
	// PersonalKey, its target list says only workspace_id = null.
	OtherPersonalKey = "gva_live_usr002.Tr4Yh8Mn2Qw6Zs0Lc5Vb1Xk9Dp3"
)

// BasePath is the path prefix of the real API's base URL. ServeHTTP knows
// no route outside it.
const BasePath = "/api/partner/v1"

// Defaults used when the corresponding Options field is zero, and fixed
// billing numbers.
const (
	// DefaultPostsPerTarget is the number of synthetic posts of a new target.
	DefaultPostsPerTarget = 12
	// DefaultRefreshPolls is the number of polls after which a refresh
	// reaches its final status.
	DefaultRefreshPolls = 2
	// DefaultCredits is the credit balance of a new Server.
	DefaultCredits = 100.0
	// RefreshCost is the number of credits a paid refresh spends.
	RefreshCost = 2.0
	// RefreshRateLimit is the number of refresh POSTs accepted per target
	// over the lifetime of a Server; further ones get 429 rate_limited.
	RefreshRateLimit = 5
)

// defaultNow is the clock of a Server whose Options.Now is zero: a fixed
// instant, so that in-process tests see the same dates on every run.
var defaultNow = time.Date(2026, time.March, 15, 12, 0, 0, 0, time.UTC)

// Scope is the single scope of an API key: a workspace, or the personal
// scope of a user.
type Scope struct {
	// WorkspaceID is the workspace of a workspace-scoped key; "" for a
	// personal key.
	WorkspaceID string
	// UserID is the owner of a personal key, or the user who created a
	// workspace key (recorded as user_id of the targets it creates).
	UserID string
}

// WorkspaceScope returns the scope of WorkspaceKey.
func WorkspaceScope() Scope { return Scope{WorkspaceID: WorkspaceID, UserID: UserID} }

// PersonalScope returns the scope of PersonalKey.
func PersonalScope() Scope { return Scope{UserID: UserID} }

// OtherPersonalScope returns the scope of OtherPersonalKey.
func OtherPersonalScope() Scope { return Scope{UserID: OtherUserID} }

// IsPersonal reports whether s is a personal scope.
func (s Scope) IsPersonal() bool { return s.WorkspaceID == "" }

// contains reports whether a target or refresh owned by (workspaceID, userID)
// is visible in s. Workspace scopes see everything of their workspace;
// personal scopes see their user's rows that belong to no workspace.
func (s Scope) contains(workspaceID, userID string) bool {
	if s.WorkspaceID != "" {
		return workspaceID == s.WorkspaceID
	}
	return workspaceID == "" && userID == s.UserID
}

// Options configures a Server. The zero value is a useful default.
type Options struct {
	// Now is the clock for range filters and timestamps. It does not
	// advance while the Server runs. Zero means the fixed instant
	// 2026-03-15T12:00:00Z, which keeps tests deterministic;
	// the genviral-emulator command sets it to the current time unless its
	// -now flag says otherwise.
	Now time.Time
	// PostsPerTarget is the number of synthetic posts generated for each new
	// target; 0 means DefaultPostsPerTarget, negative means none.
	PostsPerTarget int
	// PostsDays, when positive, publishes the synthetic posts of each new
	// target within the PostsDays days before Now (the oldest just under
	// PostsDays days old, so the range preset of that length holds them
	// all); 0 spreads them over about 400 days.
	PostsDays int
	// MaxPostsLimit, when above the API's 100, is the largest limit GET
	// /analytics/summary/posts accepts: one answer can then hold every
	// post of a query, which benchmarks use to hand a generic provider the
	// same rows as one body (the real API caps limit at 100).
	MaxPostsLimit int
	// Seed seeds the randomness of faults (error rate, malformed rate).
	Seed int64
	// ExistingStatus is the HTTP status of POST /analytics/targets when it
	// returns an existing target (created: false); 0 means 200. The
	// contract leaves it undocumented, so clients must accept 200 and 201.
	ExistingStatus int
	// FlatTargetDetail makes GET /analytics/targets/{id} answer with the flat
	// target row as data instead of {"target": {...}, "summary": {...}}.
	FlatTargetDetail bool
	// RefreshPolls is the number of GET polls of a refresh before it reaches
	// its final status; 0 means DefaultRefreshPolls (pending -> processing
	// -> completed).
	RefreshPolls int
	// RefreshPollsNotFound makes the first RefreshPollsNotFound GET polls of
	// each refresh answer 404 refresh_not_found, as a refresh not yet
	// visible right after it was started would; those polls do not advance
	// it. Negative means every poll answers 404.
	RefreshPollsNotFound int
	// IDSeed, when non-zero, makes target and refresh ids a deterministic
	// UUID v4 sequence derived from it: the same seed and operations give the
	// same ids in every process. Zero (the default) draws every id from
	// crypto/rand, so ids never repeat across Servers, processes or
	// restarts, as with the real API: state written against one emulator
	// never names another's targets. Posts do not depend on ids (see
	// generatePosts).
	IDSeed uint64
}

// Target is a snapshot of one analytics target as the emulator stores it.
type Target struct {
	// ID is the target's UUID.
	ID string
	// Platform is tiktok, instagram or youtube.
	Platform string
	// Identifier is the handle as first sent to create.
	Identifier string
	// NormalizedIdentifier is Identifier trimmed, without one leading "@",
	// lower-cased; it is the de-duplication key within a scope.
	NormalizedIdentifier string
	// DisplayName is the alias; "" means null.
	DisplayName string
	// WorkspaceID owns the target; "" for a personal target.
	WorkspaceID string
	// UserID is the creating user (the owner for personal targets).
	UserID string
	// Favorite is metadata.favorite; nil when never set.
	Favorite *bool
	// RefreshPolicy is the stored refresh policy; nil when none. The API
	// never echoes it, so this is the only way to observe it.
	RefreshPolicy map[string]any
	// LastRefreshedAt is the RFC 3339 time of the last completed refresh;
	// "" means null.
	LastRefreshedAt string
	// FreeRefreshAvailable says whether the next refresh is free.
	FreeRefreshAvailable bool
}

// Request is one entry of the request log.
type Request struct {
	// Method is the HTTP method.
	Method string
	// Path is the URL path as received.
	Path string
	// Route is the matched route (one of the Route constants, or
	// "METHOD /pattern" for a known path with a wrong method); for unknown
	// paths it is "METHOD " followed by the path as received.
	Route string
	// Query is the parsed query string.
	Query url.Values
	// Body is the request body (at most its first MiB).
	Body []byte
	// Status is the HTTP status answered; 0 when the client went away
	// before an answer was written.
	Status int
	// Authorized says whether the request carried a registered key that has
	// no error override, regardless of faults.
	Authorized bool
	// InFlight is how many requests the server was working on when this one
	// arrived, itself included.
	InFlight int
}

// keyError is an error forced on every request made with one key.
type keyError struct {
	status int
	code   string
}

// target is the stored form of a target.
type target struct {
	Target
	seq       int
	createdAt time.Time
	posts     []post
}

// Server is the emulator. Create it with New or Start; it is an http.Handler.
type Server struct {
	mu sync.Mutex

	now            time.Time
	postsPerTarget int
	// maxPostsLimit is the largest limit of a posts query (Options).
	maxPostsLimit int
	// postHorizon is the age before jitter of the oldest synthetic post
	// (horizonOf of Options.PostsDays).
	postHorizon    time.Duration
	existingStatus int
	flatDetail     bool
	refreshPolls   int

	keys           map[string]Scope
	keyErrors      map[string]keyError
	workspaceNames map[string]string

	targets      map[string]*target
	seq          int
	ids          uint64
	refreshes    map[string]*refresh
	refreshCalls map[string]int
	outcomes     map[string]string
	credits      float64

	faults        Faults
	stateFaults   StateFaults
	echo          keyEcho
	valueEcho     keyEcho
	malformedTurn int
	rng           *rand.Rand

	counts map[string]int
	total  int
	log    []*Request

	refreshPollsNotFound int
	idSeed               uint64 // Options.IDSeed

	// inFlight and peakInFlight count requests without s.mu (see load.go):
	// a request leaves even when its handler panics while holding s.mu.
	inFlight, peakInFlight atomic.Int64
	// bucket is the state of Faults.RateLimit (see load.go).
	bucket tokenBucket

	// sortedCache holds the sorted post lists of the last sortedCacheSize
	// posts queries, the most recent first (see sortedPosts).
	sortedCache []sortedList
}

// sortedCacheSize is how many sorted post lists the emulator keeps: a
// client reading several queries at once (windows of a report) gets each
// sorted once, not once per page.
const sortedCacheSize = 4

// sortedList is the sorted post list of one posts query.
type sortedList struct {
	key   string
	posts []targetPost
}

// New returns a Server with WorkspaceKey, PersonalKey and OtherPersonalKey registered, no
// targets and DefaultCredits credits.
func New(opts Options) *Server {
	s := &Server{
		now:            opts.Now,
		postsPerTarget: opts.PostsPerTarget,
		postHorizon:    horizonOf(opts.PostsDays),
		maxPostsLimit:  max(opts.MaxPostsLimit, maxPostsLimit),
		existingStatus: opts.ExistingStatus,
		flatDetail:     opts.FlatTargetDetail,
		refreshPolls:   opts.RefreshPolls,
		idSeed:         opts.IDSeed,
		keys:           map[string]Scope{},
		keyErrors:      map[string]keyError{},
		workspaceNames: map[string]string{},
		targets:        map[string]*target{},
		refreshes:      map[string]*refresh{},
		refreshCalls:   map[string]int{},
		outcomes:       map[string]string{},
		credits:        DefaultCredits,
		rng:            rand.New(rand.NewPCG(uint64(opts.Seed), 0x67656e766972616c)),
		counts:         map[string]int{},

		refreshPollsNotFound: opts.RefreshPollsNotFound,
	}
	if s.now.IsZero() {
		s.now = defaultNow
	}
	s.now = s.now.UTC()
	switch {
	case s.postsPerTarget == 0:
		s.postsPerTarget = DefaultPostsPerTarget
	case s.postsPerTarget < 0:
		s.postsPerTarget = 0
	}
	if s.existingStatus == 0 {
		s.existingStatus = 200
	}
	if s.refreshPolls <= 0 {
		s.refreshPolls = DefaultRefreshPolls
	}
	s.keys[WorkspaceKey] = WorkspaceScope()
	s.keys[PersonalKey] = PersonalScope()
	s.keys[OtherPersonalKey] = OtherPersonalScope()
	return s
}

// Serve serves a new Server on a local httptest server bound to 127.0.0.1
// and returns it with its base URL (the server URL plus BasePath, no
// trailing slash), to which clients append "/analytics/...", and a function
// that releases stalled requests and closes the server. Tests use
// emulatortest.Start, which calls stop in their cleanup.
func Serve(opts Options) (s *Server, baseURL string, stop func()) {
	s = New(opts)
	ctx, cancel := context.WithCancel(context.Background())
	hs := httptest.NewUnstartedServer(s)
	hs.Config.BaseContext = func(net.Listener) context.Context { return ctx }
	hs.Start()
	return s, hs.URL + BasePath, func() {
		cancel()
		hs.Close()
	}
}

// Now returns the emulator's clock.
func (s *Server) Now() time.Time { return s.now }

// AddKey registers token as a key of scope, replacing any earlier scope of
// that token.
func (s *Server) AddKey(token string, scope Scope) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys[token] = scope
}

// SetKeyError makes every request made with token fail with status and
// errorCode (for example 402 "subscription_required" or 403
// "tier_not_allowed"), whether or not the token is registered. A status of 0
// removes the override.
func (s *Server) SetKeyError(token string, status int, errorCode string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if status == 0 {
		delete(s.keyErrors, token)
		return
	}
	s.keyErrors[token] = keyError{status: status, code: errorCode}
}

// SetWorkspaceName sets the name workspace suggestions report for a
// workspace; the default is "Workspace " plus the first 8 characters of its
// id.
func (s *Server) SetWorkspaceName(workspaceID, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.workspaceNames[workspaceID] = name
}

// SeedTarget creates a target in scope directly, without going through HTTP
// and without touching the request counters. Like the API it de-duplicates:
// when scope already has a target with the same platform and normalized
// identifier, that target is returned unchanged. displayName "" means none.
func (s *Server) SeedTarget(scope Scope, platform, identifier, displayName string) Target {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, _ := s.createTarget(scope, platform, identifier, displayName)
	return t.snapshot()
}

// Targets returns copies of the targets visible in scope, in creation order.
func (s *Server) Targets(scope Scope) []Target {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Target
	for _, t := range s.scopedTargets(scope) {
		out = append(out, t.snapshot())
	}
	return out
}

// Target returns a copy of the target with id, whatever its scope.
func (s *Server) Target(id string) (Target, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.targets[id]
	if !ok {
		return Target{}, false
	}
	return t.snapshot(), true
}

// RemoveTarget deletes a target out of band, as if it had been deleted in the
// web UI. It reports whether the target existed.
func (s *Server) RemoveTarget(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.targets[id]; !ok {
		return false
	}
	delete(s.targets, id)
	return true
}

// MoveTarget moves a target to another scope out of band, so that keys of its
// old scope no longer see it. It reports whether the target existed.
func (s *Server) MoveTarget(id string, to Scope) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.targets[id]
	if !ok {
		return false
	}
	t.WorkspaceID, t.UserID = to.WorkspaceID, to.UserID
	return true
}

// SetPosts replaces the synthetic posts of a target with n deterministic
// posts. It does nothing when the target does not exist.
func (s *Server) SetPosts(targetID string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.targets[targetID]; ok {
		t.posts = generatePosts(t.Platform, t.NormalizedIdentifier, n, s.now, s.postHorizon)
	}
}

// SetPostsOn replaces the synthetic posts of a target with n deterministic
// posts all published on the UTC day of day, spread evenly over it: a
// day holding more posts than one query serves. It does nothing when the
// target does not exist.
func (s *Server) SetPostsOn(targetID string, n int, day time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.targets[targetID]
	if !ok {
		return
	}
	posts := generatePosts(t.Platform, t.NormalizedIdentifier, n, s.now, s.postHorizon)
	midnight := day.UTC().Truncate(24 * time.Hour)
	for i := range posts {
		posts[i].publishedAt = midnight.Add(time.Duration(i) * 24 * time.Hour / time.Duration(n))
	}
	t.posts = posts
}

// SetRefreshOutcome decides how refreshes of a target created from now on
// end: failMessage "" makes them complete, anything else makes them fail with
// that error message.
func (s *Server) SetRefreshOutcome(targetID string, failMessage string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if failMessage == "" {
		delete(s.outcomes, targetID)
		return
	}
	s.outcomes[targetID] = failMessage
}

// SetCredits sets the credits available for paid refreshes (default
// DefaultCredits); a paid refresh costs RefreshCost.
func (s *Server) SetCredits(n float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.credits = n
}

// Credits returns the credits left for paid refreshes.
func (s *Server) Credits() float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.credits
}

// Count returns the number of requests received for route (one of the Route
// constants), including faulted and rejected ones, since the last
// ResetCounts.
func (s *Server) Count(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[route]
}

// TotalCount returns the number of requests received on any path since the
// last ResetCounts.
func (s *Server) TotalCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// ResetCounts zeroes the request counters and clears the request log.
func (s *Server) ResetCounts() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts = map[string]int{}
	s.total = 0
	s.log = nil
	s.peakInFlight.Store(s.inFlight.Load())
}

// Requests returns a copy of the request log in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.log))
	for i, r := range s.log {
		out[i] = *r
		out[i].Query = maps.Clone(r.Query)
		for k, v := range out[i].Query {
			out[i].Query[k] = slices.Clone(v)
		}
		out[i].Body = slices.Clone(r.Body)
	}
	return out
}

// snapshot returns a deep copy of the exported part of t.
func (t *target) snapshot() Target {
	c := t.Target
	if t.Favorite != nil {
		f := *t.Favorite
		c.Favorite = &f
	}
	c.RefreshPolicy = maps.Clone(t.RefreshPolicy)
	return c
}

// scopedTargets returns the targets visible in scope in creation order.
// The caller holds s.mu.
func (s *Server) scopedTargets(scope Scope) []*target {
	var out []*target
	for _, t := range s.targets {
		if scope.contains(t.WorkspaceID, t.UserID) {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b *target) int { return a.seq - b.seq })
	return out
}

// lookupTarget returns the target with id when it is visible in scope.
// The caller holds s.mu.
func (s *Server) lookupTarget(scope Scope, id string) (*target, bool) {
	t, ok := s.targets[id]
	if !ok || !scope.contains(t.WorkspaceID, t.UserID) {
		return nil, false
	}
	return t, true
}

// createTarget returns the target of scope with the same platform and
// normalized identifier, or creates one. It reports whether it created.
// The caller holds s.mu.
func (s *Server) createTarget(scope Scope, platform, identifier, displayName string) (*target, bool) {
	norm := normalizeIdentifier(identifier)
	for _, t := range s.scopedTargets(scope) {
		if t.Platform == platform && t.NormalizedIdentifier == norm {
			return t, false
		}
	}
	s.seq++
	t := &target{
		Target: Target{
			ID:                   s.newID(),
			Platform:             platform,
			Identifier:           identifier,
			NormalizedIdentifier: norm,
			DisplayName:          displayName,
			WorkspaceID:          scope.WorkspaceID,
			UserID:               scope.UserID,
			FreeRefreshAvailable: true,
		},
		seq:       s.seq,
		createdAt: s.now,
	}
	t.posts = generatePosts(platform, norm, s.postsPerTarget, s.now, s.postHorizon)
	s.targets[t.ID] = t
	return t, true
}

// newID returns a new UUID v4: random, or the next of the sequence of
// Options.IDSeed. The caller holds s.mu.
func (s *Server) newID() string {
	s.ids++
	if s.idSeed != 0 {
		return uuidFrom(hashOf("id", s.idSeed, s.ids))
	}
	var h [32]byte
	_, _ = cryptorand.Read(h[:16]) // documented to never return an error

	return uuidFrom(h)
}

// normalizeIdentifier trims white space, strips one leading "@" and
// lower-cases as JavaScript's toLowerCase does, as the API plausibly does:
// "İ" becomes "i" and a combining dot, and a capital sigma ending a word
// becomes the final "ς" (Go's strings.ToLower gives "i" and "σ"); a small
// sigma stays as written.
func normalizeIdentifier(s string) string {
	runes := []rune(strings.TrimPrefix(strings.TrimSpace(s), "@"))
	var b strings.Builder
	for i, r := range runes {
		switch {
		case r == 'İ':
			b.WriteString("i\u0307")
		case r == 'Σ' && i > 0 && unicode.IsLetter(runes[i-1]) && (i+1 == len(runes) || !unicode.IsLetter(runes[i+1])):
			b.WriteRune('ς')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// workspaceName returns the display name of a workspace. The caller holds
// s.mu.
func (s *Server) workspaceName(id string) string {
	if n, ok := s.workspaceNames[id]; ok {
		return n
	}
	short := id
	if len(short) > 8 {
		short = short[:8]
	}
	return "Workspace " + short
}
