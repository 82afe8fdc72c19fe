package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/emulator/emulatortest"
)

// testProviders runs the provider in process for acceptance tests.
var testProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"genviral": NewServer("test"),
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

func (e *testEnv) requestSummary() string {
	var parts []string
	for _, r := range e.srv.Requests() {
		parts = append(parts, fmt.Sprintf("%s %s -> %d", r.Method, r.Path, r.Status))
	}
	return strings.Join(parts, "; ")
}

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
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
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

// TestAccProvider_invalidConfiguration checks that each bad provider
// argument fails at plan on its attribute, without any API request.
func TestAccProvider_invalidConfiguration(t *testing.T) {
	testPlanErrors(t, func(e *testEnv, arg string) string {
		return e.provider(arg) + targetHCL("x", "tiktok", "@brand")
	}, map[string]planError{
		"key without dot":      {`api_key = "gva_live_abc123secretvalue"`, `(?s)api_key.*no "\." between the public id`},
		"key with space":       {`api_key = "gva_live_abc123.secret value"`, `(?s)api_key.*white space`},
		"key secret short":     {`api_key = "gva_live_abc123.short"`, `(?s)api_key.*shorter than 8`},
		"http non-loopback":    {`base_url = "http://api.example.com/v1"`, `(?s)base_url.*plain http://`},
		"ftp":                  {`base_url = "ftp://api.example.com"`, `(?s)base_url.*scheme "ftp"`},
		"relative url":         {`base_url = "/api"`, `(?s)base_url.*absolute URL`},
		"max_retries 99":       {`max_retries = 99`, `(?s)max_retries.*between 0 and 10`},
		"parallel 0":           {`max_parallel_requests = 0`, `(?s)max_parallel_requests.*between 1 and 16`},
		"timeout not duration": {`request_timeout = "thirty"`, `(?s)request_timeout.*not a duration`},
		"timeout out of range": {`request_timeout = "1h"`, `(?s)request_timeout.*at most 10m`},
		"timeout zero":         {`request_timeout = "0s"`, `(?s)request_timeout.*greater than 0`},
	})
}

// TestAccProvider_unknownConfiguration: a key known only after apply (from
// another resource) does not break the plan; the target is created once the
// key is known.
func TestAccProvider_unknownConfiguration(t *testing.T) {
	e := newTestEnv(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "key" {
  input = %q
}
provider "genviral" {
  api_key  = terraform_data.key.output
  base_url = %q
}
resource "genviral_analytics_target" "a" {
  platform   = "tiktok"
  identifier = "@later"
}
`, e.key, e.url),
			Check: func(*terraform.State) error { return e.compareTargets([]string{"tiktok/later"}) },
		}},
	})
}
