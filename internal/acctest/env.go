// Package acctest is what the acceptance tests of every package share: the
// timing overrides, the in-process provider factories (ParallelTest,
// SerialTest), the emulator-backed TestEnv, the configuration renderers, the
// request filters and checks over what the emulator received, the raw API
// client that talks to the emulator outside Terraform, the fault proxies,
// the CLI harness of the tests that run Terraform by hand (cli.go) and the
// diagnostics recorder (diag_recorder.go). Checks that belong to one feature
// live beside that feature's tests. Only tests import it.
package acctest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/emulator/emulatortest"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/provider"
	"github.com/genviral/terraform-provider-genviral/internal/provider/refresh"
	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

// Timing overrides and how a test runs the provider.

// init holds the timing overrides of every test of the package, set once
// before any test runs, since the provider runs in this process:
//   - retry backoff in milliseconds, not seconds, for the tests that inject
//     faults (Retry-After still wins);
//   - fast refresh polls: the emulator advances a refresh on every poll;
//   - refresh action progress on (almost) every poll.
func init() {
	provider.RetryWaitMin = 5 * time.Millisecond
	refresh.RefreshPollInterval = 5 * time.Millisecond
	refresh.RefreshPollMaxInterval = 20 * time.Millisecond
	refresh.RefreshProgressInterval = time.Millisecond
}

// TestProviders runs the provider in process for acceptance tests.
var TestProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"genviral": provider.NewServer("test"),
}

// ParallelTest runs tc in parallel with the other tests of the package,
// against the in-process provider (see withTestProviders).
func ParallelTest(t *testing.T, tc resource.TestCase) {
	t.Helper()
	resource.ParallelTest(t, withTestProviders(tc))
}

// SerialTest runs tc alone, for the tests that may not run in parallel
// (t.Setenv, the live API), against the in-process provider.
func SerialTest(t *testing.T, tc resource.TestCase) {
	t.Helper()
	resource.Test(t, withTestProviders(tc))
}

// withTestProviders gives tc the in-process provider (testProviders) unless
// tc or one of its steps names its own factories.
func withTestProviders(tc resource.TestCase) resource.TestCase {
	if tc.ProtoV6ProviderFactories == nil && !slices.ContainsFunc(tc.Steps, func(s resource.TestStep) bool { return s.ProtoV6ProviderFactories != nil }) {
		tc.ProtoV6ProviderFactories = TestProviders
	}
	return tc
}

// The environment: one emulator per test and the provider block for it.

// TestEnv is one emulator and the provider configuration that talks to it.
// Each test gets its own, so acceptance tests run in parallel.
type TestEnv struct {
	T   *testing.T
	Srv *emulator.Server
	URL string
	Key string
}

// NewTestEnv starts an emulator for t, with the options opts when given.
func NewTestEnv(t *testing.T, opts ...emulator.Options) *TestEnv {
	t.Helper()
	var o emulator.Options
	switch len(opts) {
	case 0:
	case 1:
		o = opts[0]
	default:
		t.Fatal("newTestEnv takes at most one emulator.Options")
	}
	srv, url := emulatortest.Start(t, o)
	return &TestEnv{T: t, Srv: srv, URL: url, Key: emulator.WorkspaceKey}
}

// Provider renders a provider block for the emulator. Each override is a
// line "name = value" that replaces the default of that argument or adds it.
func (e *TestEnv) Provider(overrides ...string) string {
	args := []string{
		fmt.Sprintf("api_key = %q", e.Key),
		fmt.Sprintf("base_url = %q", e.URL),
		"max_retries = 0",
	}
	for _, o := range overrides {
		name, _, _ := strings.Cut(o, "=")
		replaced := false
		for i, a := range args {
			if n, _, _ := strings.Cut(a, "="); strings.TrimSpace(n) == strings.TrimSpace(name) {
				args[i], replaced = o, true
			}
		}
		if !replaced {
			args = append(args, o)
		}
	}
	return "provider \"genviral\" {\n  " + strings.Join(args, "\n  ") + "\n}\n"
}

// Config returns the provider block followed by body.
func (e *TestEnv) Config(body string) string { return e.Provider() + body }

// ResetCounts returns a PreConfig func that clears the request counters.
func (e *TestEnv) ResetCounts() func() { return e.Srv.ResetCounts }

// WithFaults returns step with the emulator's faults set to f before the
// step runs, after the step's own PreConfig (which may check what the
// previous step left). emulator.Faults{} switches every fault off.
func (e *TestEnv) WithFaults(f emulator.Faults, step resource.TestStep) resource.TestStep {
	pre := step.PreConfig
	step.PreConfig = func() {
		if pre != nil {
			pre()
		}
		e.Srv.SetFaults(f)
	}
	return step
}

// Configuration renderers.

// TargetHCL renders one genviral_analytics_target resource.
func TargetHCL(name, platform, identifier string, extra ...string) string {
	return fmt.Sprintf(`
resource "genviral_analytics_target" %q {
  platform   = %q
  identifier = %q
  %s
}
`, name, platform, identifier, strings.Join(extra, "\n  "))
}

// TargetsHCL renders n genviral_analytics_target resources named
// <prefix>_<i>, with handles @<prefix>_<i>.
func TargetsHCL(prefix string, n int) string {
	var b strings.Builder
	for i := range n {
		name := fmt.Sprintf("%s_%02d", prefix, i)
		b.WriteString(TargetHCL(name, "tiktok", "@"+name))
	}
	return b.String()
}

// RefreshHCL renders one genviral_analytics_refresh resource.
func RefreshHCL(name, targetID string, extra ...string) string {
	return fmt.Sprintf(`
resource "genviral_analytics_refresh" %q {
  target_id = %q
  %s
}
`, name, targetID, strings.Join(extra, "\n  "))
}

// TerraformDataHCL renders a terraform_data resource whose output is input:
// a value Terraform knows only at apply.
func TerraformDataHCL(name, input string) string {
	return fmt.Sprintf(`
resource "terraform_data" %q {
  input = %q
}
`, name, input)
}

// Handles returns n account keys platform/format(i), for i from 0.
func Handles(platform, format string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = platform + "/" + fmt.Sprintf(format, i)
	}
	return out
}

// DataSourceBody renders a data source of type typ named x around the
// arguments in body, after the emulator's provider block.
func DataSourceBody(typ string) func(e *TestEnv, body string) string {
	return func(e *TestEnv, body string) string {
		return e.Config("data \"" + typ + "\" \"x\" {\n" + body + "\n}\n")
	}
}

// Errors: configurations that must fail at plan, and error checks.

// PlanError is a configuration that must fail at plan time: {body, want},
// where body is rendered into a configuration by the test and want is an
// ErrorPattern.
type PlanError [2]string

// RunPlanErrors runs each case as a plan of render(env, body) that must
// fail with its pattern and send no API request.
func RunPlanErrors(t *testing.T, render func(e *TestEnv, body string) string, cases map[string]PlanError) {
	t.Helper()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			e := NewTestEnv(t)
			ParallelTest(t, resource.TestCase{
				Steps: []resource.TestStep{{
					Config:      render(e, tc[0]),
					PlanOnly:    true,
					ExpectError: ErrorPattern(tc[1]),
				}},
			})
			e.ExpectNoRequests()
		})
	}
}

// ErrorPattern compiles a diagnostic pattern in which each space matches
// any white space, since Terraform wraps diagnostic text.
func ErrorPattern(p string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(p, " ", `\s+`))
}

// CaptureError is an ErrorCheck that records the error of the step and
// lets the test go on, so that the test can assert on the whole text, and
// on what it must not contain (which ExpectError cannot).
func CaptureError(into *error) resource.ErrorCheckFunc {
	return func(err error) error {
		*into = err
		return nil
	}
}

// CheckError asserts that err happened, matches the errorPattern want and
// does not contain avoid (when set).
func CheckError(t *testing.T, err error, want, avoid string) {
	t.Helper()
	switch {
	case err == nil:
		t.Fatalf("expected an error matching %s, got none", want)
	case !ErrorPattern(want).MatchString(err.Error()):
		t.Errorf("the error does not match %s:\n%v", want, err)
	case avoid != "" && strings.Contains(sourceLines.ReplaceAllString(err.Error(), ""), avoid):
		t.Errorf("the error contains %q:\n%v", avoid, err)
	}
}

// sourceLines matches the configuration lines Terraform quotes under a
// diagnostic ("  12:   api_key = ..."): they show what the user wrote,
// not what the provider said.
var sourceLines = regexp.MustCompile(`(?m)^\s*\d+:.*$`)

// Request filters over what the emulator received since the last reset.

// Requests returns the requests of route the emulator received since the
// last reset, in order: the one request filter of the tests.
func (e *TestEnv) Requests(route string) []emulator.Request {
	var out []emulator.Request
	for _, r := range e.Srv.Requests() {
		if r.Route == route {
			out = append(out, r)
		}
	}
	return out
}

// RequestSummary lists every request received since the last reset, for
// failure messages.
func (e *TestEnv) RequestSummary() string {
	var parts []string
	for _, r := range e.Srv.Requests() {
		parts = append(parts, fmt.Sprintf("%s %s -> %d", r.Method, r.Path, r.Status))
	}
	return strings.Join(parts, "; ")
}

// PatchBodies returns the decoded bodies of the PATCH requests received.
func (e *TestEnv) PatchBodies() []map[string]any {
	var out []map[string]any
	for _, r := range e.Requests(emulator.RouteUpdateTarget) {
		var m map[string]any
		if err := json.Unmarshal(r.Body, &m); err != nil {
			e.T.Fatalf("PATCH body is not JSON: %q", r.Body)
		}
		out = append(out, m)
	}
	return out
}

// Checks of the emulator's requests and workspace against the state.

// requestCheck asserts how many requests of each route the emulator
// received since the last reset. It is a plan check (run it after the
// refresh plan of a step) and, as its method Check, a
// resource.TestCheckFunc.
type requestCheck struct {
	e    *TestEnv
	want map[string]int
}

// CheckRequests returns the check that the emulator received want[route]
// requests of each route of want since the last reset.
func (e *TestEnv) CheckRequests(want map[string]int) requestCheck {
	return requestCheck{e: e, want: want}
}

// err names every route whose count is not the wanted one.
func (c requestCheck) err() error {
	var errs []error
	for _, route := range slices.Sorted(maps.Keys(c.want)) {
		if got := c.e.Srv.Count(route); got != c.want[route] {
			errs = append(errs, fmt.Errorf("%s: got %d requests, want %d", route, got, c.want[route]))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("%w (all requests: %s)", errors.Join(errs...), c.e.RequestSummary())
}

// CheckPlan implements plancheck.PlanCheck.
func (c requestCheck) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c.err()
}

// Check is the check as a resource.TestCheckFunc.
func (c requestCheck) Check(*terraform.State) error { return c.err() }

// ExpectNoRequests fails the test when the emulator received any request.
func (e *TestEnv) ExpectNoRequests() {
	e.T.Helper()
	if n := e.Srv.TotalCount(); n != 0 {
		e.T.Errorf("expected no API request, got %d: %s", n, e.RequestSummary())
	}
}

// ExpectNoWrites fails the test when the emulator received a POST, PATCH
// or DELETE of a target.
func (e *TestEnv) ExpectNoWrites(t *testing.T) {
	t.Helper()
	if err := e.CheckRequests(map[string]int{emulator.RouteCreateTarget: 0, emulator.RouteUpdateTarget: 0, emulator.RouteDeleteTarget: 0}).err(); err != nil {
		t.Error(err)
	}
}

// CheckOnlyRefreshReads fails when anything but refresh status reads
// reached the emulator since the last reset: destroying refreshes must not
// call the API.
func (e *TestEnv) CheckOnlyRefreshReads(*terraform.State) error {
	for _, r := range e.Srv.Requests() {
		if r.Route != emulator.RouteGetRefresh {
			return fmt.Errorf("unexpected request during destroy: %s %s (all requests: %s)", r.Method, r.Path, e.RequestSummary())
		}
	}
	return nil
}

// CheckTargets asserts which handles (platform/normalized) the workspace has.
func (e *TestEnv) CheckTargets(want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error { return e.CompareTargets(want) }
}

func (e *TestEnv) CompareTargets(want []string) error {
	return CompareScopeTargets(e, emulator.WorkspaceScope(), want)
}

// CheckTargetsMatchState compares the emulator with the state: every
// genviral_analytics_target in state exists in the workspace under its id
// and handle, each account is tracked exactly once, and the workspace holds
// exactly the handles of want plus those of extra (targets the test seeded
// outside the configuration).
func (e *TestEnv) CheckTargetsMatchState(want []string, extra ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		byID := map[string]emulator.Target{}
		seen := map[string]int{}
		for _, tg := range e.Srv.Targets(emulator.WorkspaceScope()) {
			byID[tg.ID] = tg
			seen[tg.Platform+"/"+tg.NormalizedIdentifier]++
		}
		for handle, n := range seen {
			if n > 1 {
				return fmt.Errorf("%s is tracked %d times", handle, n)
			}
		}
		inState := 0
		for addr, rs := range s.RootModule().Resources {
			if rs.Type != "genviral_analytics_target" {
				continue
			}
			inState++
			a := rs.Primary.Attributes
			tg, ok := byID[rs.Primary.ID]
			if !ok {
				return fmt.Errorf("%s: target %s is in state but not in the workspace", addr, rs.Primary.ID)
			}
			if got, want := tg.Platform+"/"+tg.NormalizedIdentifier, genviral.AccountKey(a["platform"], a["identifier"]); got != want {
				return fmt.Errorf("%s: state says %s, the API has %s for %s", addr, want, got, tg.ID)
			}
		}
		if inState != len(want) {
			return fmt.Errorf("%d targets in state, want %d", inState, len(want))
		}
		return e.CompareTargets(append(slices.Clone(want), extra...))
	}
}

// CheckDisplayName asserts the display name of the workspace's first
// target.
func (e *TestEnv) CheckDisplayName(want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := e.Srv.Targets(emulator.WorkspaceScope())[0].DisplayName; n != want {
			return fmt.Errorf("display name %q, want %q", n, want)
		}
		return nil
	}
}

// RecordTargetID is a check that stores the id of the workspace's first
// target in into, for the steps that follow.
func (e *TestEnv) RecordTargetID(into *string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ts := e.Srv.Targets(emulator.WorkspaceScope())
		if len(ts) == 0 {
			return errors.New("the workspace has no target")
		}
		*into = ts[0].ID
		return nil
	}
}

// SideEffect is a check that only runs f: what a step must do after its
// apply, before the next step.
func SideEffect(f func()) resource.TestCheckFunc {
	return func(*terraform.State) error {
		f()
		return nil
	}
}

// StateValue is the state check that the top-level attribute attr of
// addr passes want.
func StateValue(addr, attr string, want knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), want)
}

func StateString(addr, attr string, want string) statecheck.StateCheck {
	return StateValue(addr, attr, knownvalue.StringExact(want))
}

func StateBool(addr, attr string, want bool) statecheck.StateCheck {
	return StateValue(addr, attr, knownvalue.Bool(want))
}

// IdsDiffer is the state check that the resources or data sources a and b
// have different ids.
func IdsDiffer(a, b string) statecheck.StateCheck {
	return statecheck.CompareValuePairs(a, tfjsonpath.New("id"), b, tfjsonpath.New("id"), compare.ValuesDiffer())
}

// PlanBool is the plan check that the top-level attribute attr of addr is
// planned as the known value want.
func PlanBool(addr, attr string, want bool) plancheck.PlanCheck {
	return plancheck.ExpectKnownValue(addr, tfjsonpath.New(attr), knownvalue.Bool(want))
}

// PlanUnknown is the plan check that the top-level attribute attr of addr
// is planned as unknown ("known after apply").
func PlanUnknown(addr, attr string) plancheck.PlanCheck {
	return plancheck.ExpectUnknownValue(addr, tfjsonpath.New(attr))
}

// ValueCheck is a knownvalue.Check backed by a function over the decoded
// value (maps, slices, json.Number, string, bool, nil): the one check
// adapter of the tests, for what the knownvalue package cannot express.
type ValueCheck struct {
	desc string
	fn   func(any) error
}

// NewValueCheck returns the check desc that fn performs.
func NewValueCheck(desc string, fn func(any) error) ValueCheck {
	return ValueCheck{desc: desc, fn: fn}
}

// CheckValue implements knownvalue.Check.
func (c ValueCheck) CheckValue(v any) error { return c.fn(v) }

// String implements knownvalue.Check.
func (c ValueCheck) String() string { return c.desc }

// The raw API client: the emulator's API outside Terraform.

// APICall sends one request straight to the emulator with the env's API
// key, outside Terraform, as another tool would: the one raw API client of
// the tests. It decodes the JSON answer into out (numbers in interface
// values as json.Number) unless out is nil. A transport error, a status
// other than 200 or a body that does not decode is an error naming the
// request.
func (e *TestEnv) APICall(method, pathAndQuery, body string, out any) error {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.URL+pathAndQuery, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+e.Key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s", method, pathAndQuery, resp.Status)
	}
	if out == nil {
		return nil
	}
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("%s %s: %w", method, pathAndQuery, err)
	}
	return nil
}

// PatchDirectly changes a target through the API, as another tool would.
func (e *TestEnv) PatchDirectly(id, body string) {
	if err := e.APICall(http.MethodPatch, "/analytics/targets/"+id, body, nil); err != nil {
		e.T.Fatal(err)
	}
}

// WrongVersionURL is e's base URL with another API version: the API
// answers its paths with its own 404 envelope, "Route not found".
func (e *TestEnv) WrongVersionURL() string {
	return strings.TrimSuffix(e.URL, emulator.BasePath) + "/api/partner/v2"
}

// Proxies that put a misbehaving network between provider and emulator.

// Proxy serves the emulator behind a test server whose intercept may answer
// a request itself (it returns true when it did), and returns the test
// server's base_url: the one way the tests put a misbehaving network or
// gateway between the provider and the emulator.
func (e *TestEnv) Proxy(intercept func(w http.ResponseWriter, r *http.Request) bool) string {
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !intercept(w, r) {
			e.Srv.ServeHTTP(w, r)
		}
	}))
	e.T.Cleanup(hs.Close)
	return hs.URL + emulator.BasePath
}

// EmulatorAnswer lets the emulator serve r (with all its effects) and
// returns its answer, for a proxy to change before passing it on.
func (e *TestEnv) EmulatorAnswer(r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.Srv.ServeHTTP(rec, r)
	return rec
}

// Fixtures and checks of one resource, data source or action each: they
// live here so that the test files hold only tests.
//
// genviral_analytics_target identity.

// The genviral_analytics_refresh action.

// ProviderData is what Configure hands the resources for the emulator,
// for the tests that call a resource, list resource or action directly.
func (e *TestEnv) ProviderData() *shared.ProviderData {
	e.T.Helper()
	cfg := genviral.DefaultConfig()
	cfg.BaseURL, cfg.APIKey, cfg.RetryWaitMin = e.URL, e.Key, provider.RetryWaitMin
	client, err := genviral.New(cfg)
	if err != nil {
		e.T.Fatal(err)
	}
	return &shared.ProviderData{Client: client}
}

// DiagText renders diagnostics for assertions.
func DiagText(diags diag.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "%s: %s: %s\n", d.Severity(), d.Summary(), d.Detail())
	}
	return b.String()
}

// SlicesMatch reports whether any of values matches re.
func SlicesMatch(values []string, re *regexp.Regexp) bool {
	for _, v := range values {
		if re.MatchString(v) {
			return true
		}
	}
	return false
}

// genviral_analytics_posts.

// DsNoDuplicateRows fails when the posts data source addr returns a row
// whose analytics id is empty or repeated.
func DsNoDuplicateRows(addr string) resource.TestCheckFunc {
	return DsCheckPosts(addr, func(rows []map[string]string) error {
		seen := make(map[string]bool, len(rows))
		for i, r := range rows {
			id := r["analytics_id"]
			if id == "" || seen[id] {
				return fmt.Errorf("row %d: analytics id %q is empty or repeated", i, id)
			}
			seen[id] = true
		}
		return nil
	})
}

// DsPostFields maps the attributes of a post to the fields of an API row
// ("metrics.x" for the counters).
var DsPostFields = map[string]string{
	"id": "id", "analytics_id": "analyticsId", "platform_post_id": "platformPostId",
	"genviral_post_id": "genviralPostId", "external_id": "externalId", "published_at": "publishedAt",
	"caption": "caption", "permalink": "permalink", "thumbnail_url": "thumbnailUrl",
	"duration_seconds": "durationSeconds", "views": "metrics.views", "likes": "metrics.likes",
	"comments": "metrics.comments", "shares": "metrics.shares", "saves": "metrics.saves",
	"engagement_rate": "engagementRate", "platform": "platform", "account_identifier": "accountIdentifier",
	"account_display_name": "accountDisplayName", "account_avatar_url": "accountAvatarUrl",
}

// DsSameValue compares a state value with an API value (both decoded with
// UseNumber).
func DsSameValue(got, want any) error {
	switch w := want.(type) {
	case nil:
		if got != nil {
			return fmt.Errorf("got %v, want null", got)
		}
	case string:
		if g, ok := got.(string); !ok || g != w {
			return fmt.Errorf("got %#v, want string %q", got, w)
		}
	case json.Number:
		g, ok := got.(json.Number)
		if !ok {
			return fmt.Errorf("got %#v (%T), want number %s", got, got, w)
		}
		gf, _ := g.Float64()
		wf, _ := w.Float64()
		if gf != wf {
			return fmt.Errorf("got %s, want %s", g, w)
		}
	default:
		return fmt.Errorf("unexpected API value %#v", want)
	}
	return nil
}

// DsField returns the field at a dotted path of an API row.
func DsField(row map[string]any, field string) any {
	var v any = row
	for part := range strings.SplitSeq(field, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[part]
	}
	return v
}

// EdgePosts are rows with every kind of value the encoder distinguishes.
func EdgePosts() []genviral.Post {
	s := func(v string) *string { return &v }
	i := func(v int64) *int64 { return &v }
	f := func(v float64) *float64 { return &v }
	return []genviral.Post{
		{}, // everything absent: ids and all values null
		{ID: "legacy-only", Metrics: &genviral.PostMetrics{}},
		{AnalyticsID: s("a-1"), Caption: s(""), Metrics: &genviral.PostMetrics{Views: i(0), Likes: i(-1)}},
		{
			ID: "id-2", AnalyticsID: s("a-2"), PlatformPostID: s("pp"), GenviralPostID: s("gp"), ExternalID: s("ext"),
			PublishedAt: s("2026-01-02T03:04:05Z"), Caption: s("héllo ✓ \"quoted\"\n" + strings.Repeat("x", 300)),
			Permalink: s("https://example.com/p"), ThumbnailURL: s(strings.Repeat("t", 70000)),
			DurationSeconds: f(30), EngagementRate: f(4.92), Platform: s("tiktok"),
			AccountIdentifier: s("@a"), AccountDisplayName: s("A"), AccountAvatarURL: s("https://example.com/a.png"),
			Metrics: &genviral.PostMetrics{
				Views: i(math.MaxInt64), Likes: i(math.MinInt64), Comments: i(127), Shares: i(128), Saves: i(-33),
			},
		},
		{AnalyticsID: s("a-3"), DurationSeconds: f(math.Copysign(0, -1)), EngagementRate: f(1e20)},
		{AnalyticsID: s("a-4"), DurationSeconds: f(0.1), EngagementRate: f(-2.5e-300)},
		{AnalyticsID: s("a-5"), DurationSeconds: f(1 << 63), EngagementRate: f(-(1 << 63))},
		{AnalyticsID: s("a-6"), DurationSeconds: f(1e300), EngagementRate: f(65536)},
	}
}

// genviral_analytics_posts_report.

// genviral_analytics_targets.

// genviral_analytics_workspace_suggestions.

// The provider's schemas as Terraform receives them.

// The provider server driven directly, without Terraform.

// ConfiguredServer starts the provider server that newServer returns and
// configures it, as Terraform 1.11 would, for the API at url with the
// workspace key and the extra provider arguments. It returns the server and
// its schemas, failing t on an error or an error diagnostic.
func ConfiguredServer(t testing.TB, newServer func() (tfprotov6.ProviderServer, error), url string,
	extra map[string]tftypes.Value) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	ps, err := newServer()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	schemas, err := ps.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || HasErrorDiag(schemas.Diagnostics) {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	args := map[string]tftypes.Value{
		"api_key":  tftypes.NewValue(tftypes.String, emulator.WorkspaceKey),
		"base_url": tftypes.NewValue(tftypes.String, url),
	}
	maps.Copy(args, extra)
	conf, err := ps.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		Config: DynamicValue(t, schemas.Provider, args), TerraformVersion: "1.11.0",
	})
	if err != nil || HasErrorDiag(conf.Diagnostics) {
		t.Fatalf("ConfigureProvider: %v %v", err, conf.Diagnostics)
	}
	return ps, schemas
}

// HasErrorDiag reports whether diags hold an error.
func HasErrorDiag(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

// DynamicValue encodes an object of schema s with the given attributes set
// and every other attribute null.
func DynamicValue(t testing.TB, s *tfprotov6.Schema, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	typ, ok := s.ValueType().(tftypes.Object)
	if !ok {
		t.Fatalf("schema type %T is not an object", s.ValueType())
	}
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		if v, ok := set[name]; ok {
			vals[name] = v
		} else {
			vals[name] = tftypes.NewValue(at, nil)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func CompareScopeTargets(e *TestEnv, scope emulator.Scope, want []string) error {
	var got []string
	for _, t := range e.Srv.Targets(scope) {
		got = append(got, t.Platform+"/"+t.NormalizedIdentifier)
	}
	slices.Sort(got)
	want = slices.Sorted(slices.Values(want))
	if strings.Join(got, ",") != strings.Join(want, ",") {
		name := "workspace"
		if scope.IsPersonal() {
			name = "personal scope of user " + scope.UserID
		}
		return fmt.Errorf("%s targets: got %v, want %v", name, got, want)
	}
	return nil
}

// DsCheckPosts passes the posts of the posts data source addr, as flat maps
// of their attributes (null attributes are absent), to check.
func DsCheckPosts(addr string, check func([]map[string]string) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		attrs := rs.Primary.Attributes
		n, err := strconv.Atoi(attrs["posts.#"])
		if err != nil {
			return fmt.Errorf("posts.#: %v", err)
		}
		rows := make([]map[string]string, n)
		for i := range rows {
			rows[i] = map[string]string{}
			prefix := fmt.Sprintf("posts.%d.", i)
			for k, v := range attrs {
				if name, ok := strings.CutPrefix(k, prefix); ok {
					rows[i][name] = v
				}
			}
		}
		return check(rows)
	}
}

// Examples returns the absolute path of examples/<elem...> in the
// repository, from whichever package's folder the test runs.
func Examples(t testing.TB, elem ...string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(append([]string{dir, "examples"}, elem...)...)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}
