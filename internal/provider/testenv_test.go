package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/emulator/emulatortest"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// This file is the acceptance-test environment of the package, in one
// place: the timing overrides, the in-process provider and how a test runs
// it, the emulator-backed testEnv, the request filters and checks over what
// the emulator received, the raw API client that talks to the emulator
// outside Terraform, and the configuration renderers. The *_test.go file of
// each resource, data source, action and function holds only its tests.

// init holds the timing overrides of every test of the package, set once
// before any test runs, since the provider runs in this process:
//   - retry backoff in milliseconds, not seconds, for the tests that inject
//     faults (Retry-After still wins);
//   - fast refresh polls: the emulator advances a refresh on every poll;
//   - refresh action progress on (almost) every poll.
func init() {
	retryWaitMin = 5 * time.Millisecond
	refreshPollInterval = 5 * time.Millisecond
	refreshPollMaxInterval = 20 * time.Millisecond
	refreshProgressInterval = time.Millisecond
}

// testProviders runs the provider in process for acceptance tests.
var testProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"genviral": NewServer("test"),
}

// parallelTest runs tc in parallel with the other tests of the package,
// against the in-process provider (see withTestProviders).
func parallelTest(t *testing.T, tc resource.TestCase) {
	t.Helper()
	resource.ParallelTest(t, withTestProviders(tc))
}

// serialTest runs tc alone, for the tests that may not run in parallel
// (t.Setenv, the live API), against the in-process provider.
func serialTest(t *testing.T, tc resource.TestCase) {
	t.Helper()
	resource.Test(t, withTestProviders(tc))
}

// withTestProviders gives tc the in-process provider (testProviders) unless
// tc or one of its steps names its own factories.
func withTestProviders(tc resource.TestCase) resource.TestCase {
	if tc.ProtoV6ProviderFactories == nil && !slices.ContainsFunc(tc.Steps, func(s resource.TestStep) bool { return s.ProtoV6ProviderFactories != nil }) {
		tc.ProtoV6ProviderFactories = testProviders
	}
	return tc
}

// testEnv is one emulator and the provider configuration that talks to it.
// Each test gets its own, so acceptance tests run in parallel.
type testEnv struct {
	t   *testing.T
	srv *emulator.Server
	url string
	key string
}

func newTestEnv(t *testing.T, opts emulator.Options) *testEnv {
	t.Helper()
	srv, url := emulatortest.Start(t, opts)
	return &testEnv{t: t, srv: srv, url: url, key: emulator.WorkspaceKey}
}

// provider renders a provider block for the emulator. Each override is a
// line "name = value" that replaces the default of that argument or adds it.
func (e *testEnv) provider(overrides ...string) string {
	args := []string{
		fmt.Sprintf("api_key = %q", e.key),
		fmt.Sprintf("base_url = %q", e.url),
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

// config returns the provider block followed by body.
func (e *testEnv) config(body string) string { return e.provider() + body }

// resetCounts returns a PreConfig func that clears the request counters.
func (e *testEnv) resetCounts() func() { return e.srv.ResetCounts }

// planError is a configuration that must fail at plan time: body is
// rendered into a configuration by the test, want is an errorPattern.
type planError struct {
	body string
	want string
}

// testPlanErrors runs each case as a plan of render(env, body) that must
// fail with its pattern and send no API request.
func testPlanErrors(t *testing.T, render func(e *testEnv, body string) string, cases map[string]planError) {
	t.Helper()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			e := newTestEnv(t, emulator.Options{})
			parallelTest(t, resource.TestCase{
				Steps: []resource.TestStep{{
					Config:      render(e, tc.body),
					PlanOnly:    true,
					ExpectError: errorPattern(tc.want),
				}},
			})
			e.expectNoRequests()
		})
	}
}

// dataSourceBody renders a data source of type typ named x around the
// arguments in body, after the emulator's provider block.
func dataSourceBody(typ string) func(e *testEnv, body string) string {
	return func(e *testEnv, body string) string {
		return e.config("data \"" + typ + "\" \"x\" {\n" + body + "\n}\n")
	}
}

// errorPattern compiles a diagnostic pattern in which each space matches
// any white space, since Terraform wraps diagnostic text.
func errorPattern(p string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(p, " ", `\s+`))
}

func (e *testEnv) requestSummary() string {
	var parts []string
	for _, r := range e.srv.Requests() {
		parts = append(parts, fmt.Sprintf("%s %s -> %d", r.Method, r.Path, r.Status))
	}
	return strings.Join(parts, "; ")
}

// patchBodies returns the decoded bodies of the PATCH requests received.
func (e *testEnv) patchBodies() []map[string]any {
	var out []map[string]any
	for _, r := range e.srv.Requests() {
		if r.Route == emulator.RouteUpdateTarget {
			var m map[string]any
			if err := json.Unmarshal(r.Body, &m); err != nil {
				e.t.Fatalf("PATCH body is not JSON: %q", r.Body)
			}
			out = append(out, m)
		}
	}
	return out
}

func (e *testEnv) dsPostsRequests() []emulator.Request {
	var out []emulator.Request
	for _, r := range e.srv.Requests() {
		if r.Route == emulator.RoutePosts {
			out = append(out, r)
		}
	}
	return out
}

// summaryQueries returns the query strings of the summary requests
// received, sorted.
func (e *testEnv) summaryQueries() []string {
	var out []string
	for _, r := range e.srv.Requests() {
		if r.Route == emulator.RouteSummary {
			out = append(out, r.Query.Encode())
		}
	}
	slices.Sort(out)
	return out
}

// checkRequests is a plan check (run after the refresh plan of a step) that
// asserts on the emulator's request counters, then resets them.
func (e *testEnv) checkRequests(want map[string]int) plancheck.PlanCheck {
	return planCheckFunc(func(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
		for route, n := range want {
			if got := e.srv.Count(route); got != n {
				resp.Error = fmt.Errorf("%s: got %d requests, want %d (all requests: %s)", route, got, n, e.requestSummary())
				return
			}
		}
	})
}

type planCheckFunc func(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse)

func (f planCheckFunc) CheckPlan(ctx context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	f(ctx, req, resp)
}

// expectNoRequests fails the test when the emulator received any request.
func (e *testEnv) expectNoRequests() {
	e.t.Helper()
	if n := e.srv.TotalCount(); n != 0 {
		e.t.Errorf("expected no API request, got %d: %s", n, e.requestSummary())
	}
}

// countRoute returns how many requests of route the emulator received.
func (e *testEnv) countRoute(route string) int { return e.srv.Count(route) }

// expectNoWrites fails the test when the emulator received a POST, PATCH
// or DELETE of a target.
func (e *testEnv) expectNoWrites(t *testing.T) {
	t.Helper()
	for _, r := range []string{emulator.RouteCreateTarget, emulator.RouteUpdateTarget, emulator.RouteDeleteTarget} {
		if n := e.countRoute(r); n != 0 {
			t.Errorf("%s: %d requests, want none (%s)", r, n, e.requestSummary())
		}
	}
}

// checkCount asserts the request count of a route since the last reset.
func (e *testEnv) checkCount(route string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := e.srv.Count(route); got != want {
			return fmt.Errorf("%s: got %d requests, want %d (all requests: %s)", route, got, want, e.requestSummary())
		}
		return nil
	}
}

// checkCredits asserts the emulator's credit balance.
func (e *testEnv) checkCredits(want float64) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := e.srv.Credits(); got != want {
			return fmt.Errorf("credits: got %g, want %g", got, want)
		}
		return nil
	}
}

// checkOnlyRefreshReads fails when anything but refresh status reads
// reached the emulator since the last reset: destroying refreshes must not
// call the API.
func (e *testEnv) checkOnlyRefreshReads(*terraform.State) error {
	for _, r := range e.srv.Requests() {
		if r.Route != emulator.RouteGetRefresh {
			return fmt.Errorf("unexpected request during destroy: %s %s (all requests: %s)", r.Method, r.Path, e.requestSummary())
		}
	}
	return nil
}

// checkTargets asserts which handles (platform/normalized) the workspace has.
func (e *testEnv) checkTargets(want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error { return e.compareTargets(want) }
}

func (e *testEnv) compareTargets(want []string) error {
	var got []string
	for _, t := range e.srv.Targets(emulator.WorkspaceScope()) {
		got = append(got, t.Platform+"/"+t.NormalizedIdentifier)
	}
	slices.Sort(got)
	want = slices.Sorted(slices.Values(want))
	if strings.Join(got, ",") != strings.Join(want, ",") {
		return fmt.Errorf("workspace targets: got %v, want %v", got, want)
	}
	return nil
}

// checkTargetsMatchState compares the emulator with the state: every
// genviral_analytics_target in state exists in the workspace under its id
// and handle, each account is tracked exactly once, and the workspace holds
// exactly the handles of want plus those of extra (targets the test seeded
// outside the configuration).
func (e *testEnv) checkTargetsMatchState(want []string, extra ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		byID := map[string]emulator.Target{}
		seen := map[string]int{}
		for _, tg := range e.srv.Targets(emulator.WorkspaceScope()) {
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
		return e.compareTargets(append(slices.Clone(want), extra...))
	}
}

// checkStateMatchesTarget asserts that the workspace tracks exactly one
// target and that addr's state holds its id.
func (e *testEnv) checkStateMatchesTarget(addr string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ts := e.srv.Targets(emulator.WorkspaceScope())
		rs, ok := s.RootModule().Resources[addr]
		switch {
		case len(ts) != 1:
			return fmt.Errorf("want one tracked target, got %+v", ts)
		case !ok:
			return fmt.Errorf("%s is not in state", addr)
		case rs.Primary.ID != ts[0].ID:
			return fmt.Errorf("%s holds %s, but the tracked target is %s", addr, rs.Primary.ID, ts[0].ID)
		}
		return nil
	}
}

// checkPatches asserts the PATCH bodies sent since the last reset.
func (e *testEnv) checkPatches(want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := e.patchBodies()
		if len(got) != len(want) {
			return fmt.Errorf("got %d PATCH requests %v, want %d", len(got), got, len(want))
		}
		for i, w := range want {
			var wm map[string]any
			if err := json.Unmarshal([]byte(w), &wm); err != nil {
				return err
			}
			gj, _ := json.Marshal(got[i])
			wj, _ := json.Marshal(wm)
			if string(gj) != string(wj) {
				return fmt.Errorf("PATCH %d: got %s, want %s", i, gj, wj)
			}
		}
		return nil
	}
}

func (e *testEnv) checkPatchedDisplayName(want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := e.srv.Targets(emulator.WorkspaceScope())[0].DisplayName; n != want {
			return fmt.Errorf("display name %q, want %q", n, want)
		}
		return nil
	}
}

func stateString(addr, attr string, want string) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), knownvalue.StringExact(want))
}

func stateBool(addr, attr string, want bool) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), knownvalue.Bool(want))
}

type compareDifferent struct{}

func (compareDifferent) CompareValues(values ...any) error {
	if len(values) == 2 && values[0] == values[1] {
		return fmt.Errorf("expected different values, got %v twice", values[0])
	}
	return nil
}

// dsExpectPostsQueries checks that posts requests were sent and that each
// had exactly the query want.
func (e *testEnv) dsExpectPostsQueries(want url.Values) resource.TestCheckFunc {
	return func(*terraform.State) error {
		reqs := e.dsPostsRequests()
		if len(reqs) == 0 {
			return errors.New("no posts request was sent")
		}
		for _, r := range reqs {
			if r.Query.Encode() != want.Encode() {
				return fmt.Errorf("posts request query\n got: %s\nwant: %s", r.Query.Encode(), want.Encode())
			}
		}
		return nil
	}
}

// dsExpectPagesPerRead checks that every read requested exactly the pages
// of want (offset -> limit), once each: the requests are len(want) per read.
func (e *testEnv) dsExpectPagesPerRead(want map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		reqs := e.dsPostsRequests()
		perOffset := map[string]int{}
		for _, r := range reqs {
			o, l := r.Query.Get("offset"), r.Query.Get("limit")
			if want[o] != l {
				return fmt.Errorf("unexpected page request offset=%s limit=%s (want pages %v)", o, l, want)
			}
			perOffset[o]++
		}
		reads := perOffset["0"]
		if reads == 0 {
			return errors.New("no first page was requested")
		}
		for o := range want {
			if perOffset[o] != reads {
				return fmt.Errorf("offset %s requested %d times over %d reads", o, perOffset[o], reads)
			}
		}
		if len(reqs) != reads*len(want) {
			return fmt.Errorf("%d requests for %d reads, want %d per read", len(reqs), reads, len(want))
		}
		return nil
	}
}

// dsRowsMatchAPI asks the emulator directly for the first n rows of the
// query and compares them with the data source's posts: same rows in the
// same order, every field equal, numbers as numbers and nulls as nulls.
func (e *testEnv) dsRowsMatchAPI(query url.Values, n int) statecheck.StateCheck {
	return dsStateCheck(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		want, err := e.dsFetchRows(query, n)
		if err != nil {
			resp.Error = err
			return
		}
		var got []any
		for _, r := range req.State.Values.RootModule.Resources {
			if r.Address == dsPostsAddr {
				got, _ = r.AttributeValues["posts"].([]any)
			}
		}
		if len(got) != len(want) {
			resp.Error = fmt.Errorf("state has %d posts, the API %d", len(got), len(want))
			return
		}
		nulls := map[string]int{}
		for i := range want {
			row, _ := got[i].(map[string]any)
			if len(row) != len(dsPostFields) {
				resp.Error = fmt.Errorf("post %d has %d attributes, want %d", i, len(row), len(dsPostFields))
				return
			}
			for attr, field := range dsPostFields {
				w := dsField(want[i], field)
				g := row[attr]
				if w == nil {
					nulls[attr]++
				}
				if err := dsSameValue(g, w); err != nil {
					resp.Error = fmt.Errorf("post %d %s: %v", i, attr, err)
					return
				}
			}
		}
		// The synthetic data must exercise nulls, or the check proves little.
		for _, attr := range []string{"platform_post_id", "genviral_post_id", "external_id", "thumbnail_url", "duration_seconds"} {
			if nulls[attr] == 0 {
				resp.Error = fmt.Errorf("no post has a null %s: the test data is too thin", attr)
				return
			}
		}
	})
}

type dsStateCheck func(context.Context, statecheck.CheckStateRequest, *statecheck.CheckStateResponse)

func (f dsStateCheck) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	f(ctx, req, resp)
}

// patchDirectly changes a target through the API, as another tool would.
func (e *testEnv) patchDirectly(id, body string) {
	req, _ := http.NewRequest(http.MethodPatch, e.url+"/analytics/targets/"+id, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+e.key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("PATCH %s: %s", id, resp.Status)
	}
}

// dsFetchRows reads the first n rows of query from the emulator, page by
// page, the way a plain HTTP client would.
func (e *testEnv) dsFetchRows(query url.Values, n int) ([]map[string]any, error) {
	var out []map[string]any
	for offset := 0; offset < n; offset += 100 {
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set("offset", strconv.Itoa(offset))
		q.Set("limit", strconv.Itoa(min(100, n-offset)))
		req, err := http.NewRequest(http.MethodGet, e.url+"/analytics/summary/posts?"+q.Encode(), nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+emulator.WorkspaceKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		var body bytes.Buffer
		_, err = body.ReadFrom(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		dec := json.NewDecoder(&body)
		dec.UseNumber()
		var env struct {
			Data struct {
				Posts []map[string]any `json:"posts"`
			} `json:"data"`
		}
		if err := dec.Decode(&env); err != nil {
			return nil, err
		}
		out = append(out, env.Data.Posts...)
		if len(env.Data.Posts) < min(100, n-offset) {
			break
		}
	}
	return out, nil
}

// repFetchPosts reads every post matching query straight from the emulator,
// page by page, in server order, and the API's totalCount.
func (e *testEnv) repFetchPosts(t *testing.T, query url.Values) ([]repPost, int) {
	t.Helper()
	var all []repPost
	var total int
	for offset := 0; ; offset += 100 {
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set("limit", "100")
		q.Set("offset", strconv.Itoa(offset))
		req, err := http.NewRequest(http.MethodGet, e.url+"/analytics/summary/posts?"+q.Encode(), nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+e.key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var env struct {
			OK   bool `json:"ok"`
			Data struct {
				Posts      []repPost `json:"posts"`
				TotalCount int       `json:"totalCount"`
				HasMore    bool      `json:"hasMore"`
			} `json:"data"`
		}
		err = json.NewDecoder(resp.Body).Decode(&env)
		resp.Body.Close()
		if err != nil || !env.OK {
			t.Fatalf("GET posts %s: ok=%v err=%v", q.Encode(), env.OK, err)
		}
		all = append(all, env.Data.Posts...)
		total = env.Data.TotalCount
		if !env.Data.HasMore || len(env.Data.Posts) == 0 {
			return all, total
		}
	}
}

// targetHCL renders one genviral_analytics_target resource.
func targetHCL(name, platform, identifier string, extra ...string) string {
	return fmt.Sprintf(`
resource "genviral_analytics_target" %q {
  platform   = %q
  identifier = %q
  %s
}
`, name, platform, identifier, strings.Join(extra, "\n  "))
}

// refreshHCL renders one genviral_analytics_refresh resource.
func refreshHCL(name, targetID string, extra ...string) string {
	return fmt.Sprintf(`
resource "genviral_analytics_refresh" %q {
  target_id = %q
  %s
}
`, name, targetID, strings.Join(extra, "\n  "))
}

// reportingConfig renders a root configuration: required_providers, the
// provider block for the emulator, a module "report" from module with the
// given arguments (HCL lines) and one root output per module output.
func (e *testEnv) reportingConfig(module string, args ...string) string {
	var b strings.Builder
	b.WriteString(reportingRequiredProviders + "\n")
	b.WriteString(e.provider())
	fmt.Fprintf(&b, "\nmodule \"report\" {\n  source = %q\n", module)
	for _, a := range args {
		b.WriteString("  " + a + "\n")
	}
	b.WriteString("}\n")
	for _, o := range []string{"top_posts", "top_posts_table", "per_platform", "per_account", "summary", "total_count", "truncated"} {
		fmt.Fprintf(&b, "\noutput %q {\n  value = module.report.%s\n}\n", o, o)
	}
	return b.String()
}

// reportingTest runs steps in parallel with other tests, each step's Config
// moved to a file, plus a last step that empties the state (see above).
func (e *testEnv) reportingTest(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	if slices.ContainsFunc(steps, func(s resource.TestStep) bool { return !s.PlanOnly }) {
		steps = append(steps, resource.TestStep{Config: reportingRequiredProviders + "\n" + e.provider()})
	}
	dir := t.TempDir()
	for i := range steps {
		file := filepath.Join(dir, fmt.Sprintf("step%d.tf", i+1))
		if err := os.WriteFile(file, []byte(steps[i].Config), 0o600); err != nil {
			t.Fatal(err)
		}
		steps[i].Config = ""
		steps[i].ConfigFile = config.StaticFile(file)
		// A step whose file has a provider block counts as declaring its
		// providers, so they are given per step, not on the TestCase.
		steps[i].ProtoV6ProviderFactories = testProviders
	}
	parallelTest(t, resource.TestCase{Steps: steps})
}

// invokeRefresh invokes the genviral_analytics_refresh action against the
// test's emulator, as Terraform's InvokeAction would after configuring the
// provider, and returns its diagnostics and progress messages. args are
// the action's arguments (target_id, wait_for_completion, timeout).
func (e *testEnv) invokeRefresh(args map[string]any) (diag.Diagnostics, []string) {
	e.t.Helper()
	ctx := context.Background()
	cfg := genviral.DefaultConfig()
	cfg.BaseURL, cfg.APIKey, cfg.RetryWaitMin = e.url, e.key, retryWaitMin
	client, err := genviral.New(cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	a := &analyticsRefreshAction{data: &providerData{client: client}}
	var sr action.SchemaResponse
	a.Schema(ctx, action.SchemaRequest{}, &sr)
	vals := map[string]tftypes.Value{
		"target_id":           tftypes.NewValue(tftypes.String, nil),
		"wait_for_completion": tftypes.NewValue(tftypes.Bool, nil),
		"timeout":             tftypes.NewValue(tftypes.String, nil),
	}
	for k, v := range args {
		switch v := v.(type) {
		case string:
			vals[k] = tftypes.NewValue(tftypes.String, v)
		case bool:
			vals[k] = tftypes.NewValue(tftypes.Bool, v)
		}
	}
	var mu sync.Mutex
	var messages []string
	resp := action.InvokeResponse{SendProgress: func(ev action.InvokeProgressEvent) {
		mu.Lock()
		defer mu.Unlock()
		messages = append(messages, ev.Message)
	}}
	a.Invoke(ctx, action.InvokeRequest{Config: tfsdk.Config{
		Schema: sr.Schema,
		Raw:    tftypes.NewValue(sr.Schema.Type().TerraformType(ctx), vals),
	}}, &resp)
	mu.Lock()
	defer mu.Unlock()
	return resp.Diagnostics, messages
}
