package provider_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/emulator/emulatortest"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
	"github.com/genviral/terraform-provider-genviral/internal/provider"
)

// TestAccReliability_faults applies 20 targets and reads 1,000 post rows
// while the API fails 30% of requests with 500/502/503 and sends bursts of
// 429 (with and without Retry-After). With max_retries = 10 everything
// converges (a call fails only after 11 failures in a row: 0.3^11 ≈ 2e-6):
// no duplicate, no lost target, state equal to the API, quiet plans.
func TestAccReliability_faults(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{PostsPerTarget: -1})
	// Posts live on four accounts outside the configuration: 4 × 250 rows.
	var seeded []string
	for i := range 4 {
		tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "instagram", fmt.Sprintf("@reels_%d", i), "")
		e.Srv.SetPosts(tg.ID, 250)
		seeded = append(seeded, "instagram/"+tg.NormalizedIdentifier)
	}
	config := func(alias string) string {
		return e.Provider(`max_retries = 10`) + fmt.Sprintf(`
resource "genviral_analytics_target" "many" {
  count      = 20
  platform   = "tiktok"
  identifier = "@acct_${count.index}"
  %s
}

data "genviral_analytics_posts" "report" {
  range       = "all"
  max_results = 1000
}
`, alias)
	}
	const reportAddr = "data.genviral_analytics_posts.report"
	want := acctest.Handles("tiktok", "acct_%d", 20)
	postsChecks := []statecheck.StateCheck{
		acctest.StateValue(reportAddr, "posts", knownvalue.ListSizeExact(1000)),
		acctest.StateValue(reportAddr, "total_count", knownvalue.Int64Exact(1000)),
		acctest.StateValue(reportAddr, "has_more", knownvalue.Bool(false)),
		statecheck.ExpectKnownValue(reportAddr, tfjsonpath.New("totals").AtMapKey("posts"), knownvalue.Int64Exact(1000)),
	}
	faultsHit := func(*terraform.State) error {
		var failed, limited int
		for _, r := range e.Srv.Requests() {
			switch {
			case r.Status == 429:
				limited++
			case r.Status >= 500:
				failed++
			}
		}
		if failed == 0 || limited == 0 {
			return fmt.Errorf("the faults did not fire (%d 5xx, %d 429): the test proves nothing", failed, limited)
		}
		return nil
	}
	acctest.ParallelTest(t, resource.TestCase{
		// Destroy runs with the faults still on: the 20 created targets are
		// deleted, the seeded ones stay.
		CheckDestroy: e.CheckTargets(seeded...),
		Steps: []resource.TestStep{
			e.WithFaults(emulator.Faults{ErrorRate: 0.3, RateLimitBurst: 6}, resource.TestStep{
				Config:            config(""),
				Check:             resource.ComposeTestCheckFunc(e.CheckTargetsMatchState(want, seeded...), acctest.DsNoDuplicateRows(reportAddr), faultsHit),
				ConfigStateChecks: postsChecks,
			}),
			// 20 PATCHes, with 429s that carry Retry-After.
			e.WithFaults(emulator.Faults{ErrorRate: 0.3, RateLimitBurst: 4, RetryAfter: "1"}, resource.TestStep{
				PreConfig: e.ResetCounts(),
				Config:    config(`alias = "Account ${count.index}"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("genviral_analytics_target.many[7]", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(
					e.CheckTargetsMatchState(want, seeded...),
					acctest.DsNoDuplicateRows(reportAddr),
					faultsHit,
					func(*terraform.State) error {
						for _, tg := range e.Srv.Targets(emulator.WorkspaceScope()) {
							n, found := strings.CutPrefix(tg.NormalizedIdentifier, "acct_")
							if found && tg.DisplayName != "Account "+n {
								return fmt.Errorf("target %s has display name %q", tg.NormalizedIdentifier, tg.DisplayName)
							}
						}
						return nil
					},
				),
				ConfigStateChecks: postsChecks,
			}),
		},
	})
}

// TestAccReliability_retriesExhausted: when retries run out the error names
// the endpoint, the status and the number of attempts; a partial apply keeps
// what succeeded in state; a failed refresh changes nothing; with the faults
// gone the next apply converges and plans are quiet.
func TestAccReliability_retriesExhausted(t *testing.T) {
	e := acctest.NewTestEnv(t)
	body := acctest.TargetHCL("a", "tiktok", "@alpha", `alias = "Alpha"`) + acctest.TargetHCL("b", "youtube", "@beta") + acctest.TargetHCL("c", "instagram", "@gamma")
	want := []string{"tiktok/alpha", "youtube/beta", "instagram/gamma"}
	var ids []string
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: e.CheckTargets(),
		Steps: []resource.TestStep{
			// Every create fails: 3 attempts per create, then a clear error.
			e.WithFaults(emulator.Faults{ErrorRate: 1, ErrorStatuses: []int{503}, Routes: []string{emulator.RouteCreateTarget}}, resource.TestStep{
				Config: e.Provider(`max_retries = 2`) + body,
				ExpectError: acctest.ErrorPattern(`(?s)Unable to Create Analytics Target.*` +
					`POST /analytics/targets: HTTP 503 Service Unavailable \(service_unavailable\).*\(after 3 attempts\).*` +
					`usually transient.*max_retries`),
			}),
			// Nothing was created, by 3 × 3 attempts. Now two of the three
			// creates are rate limited and not retried: the target created
			// is kept in state.
			e.WithFaults(emulator.Faults{RateLimitBurst: 2, RetryAfter: "1", Routes: []string{emulator.RouteCreateTarget}}, resource.TestStep{
				PreConfig: func() {
					if n := e.Srv.Count(emulator.RouteCreateTarget); n != 9 {
						t.Errorf("got %d create requests, want 9 (3 targets × 3 attempts)", n)
					}
					if err := e.CompareTargets(nil); err != nil {
						t.Error(err)
					}
				},
				Config:      e.Provider(`max_retries = 0`) + body,
				ExpectError: acctest.ErrorPattern(`(?s)POST /analytics/targets: HTTP 429 Too Many Requests \(rate_limited\).*lower max_parallel_requests`),
			}),
			// Faults gone: the apply creates the two missing targets.
			e.WithFaults(emulator.Faults{}, resource.TestStep{
				PreConfig: func() {
					if n := len(e.Srv.Targets(emulator.WorkspaceScope())); n != 1 {
						t.Errorf("after the partial apply the workspace has %d targets, want 1", n)
					}
				},
				Config: e.Config(body),
				Check: resource.ComposeTestCheckFunc(e.CheckTargetsMatchState(want), func(*terraform.State) error {
					ids = nil
					for _, tg := range e.Srv.Targets(emulator.WorkspaceScope()) {
						ids = append(ids, tg.ID)
					}
					return nil
				}),
			}),
			// A refresh that cannot read the targets fails, naming the list
			// endpoint, and leaves the state as it was.
			e.WithFaults(emulator.Faults{ErrorRate: 1}, resource.TestStep{
				Config:   e.Provider(`max_retries = 1`) + body,
				PlanOnly: true,
				ExpectError: acctest.ErrorPattern(`(?s)Unable to Read Analytics Target.*stays in state unchanged.*` +
					`GET /analytics/targets: HTTP 50[023] .*\(after 2 attempts\)`),
			}),
			e.WithFaults(emulator.Faults{}, resource.TestStep{
				Config:   e.Config(body),
				PlanOnly: true,
				Check: resource.ComposeTestCheckFunc(e.CheckTargetsMatchState(want), func(*terraform.State) error {
					var now []string
					for _, tg := range e.Srv.Targets(emulator.WorkspaceScope()) {
						now = append(now, tg.ID)
					}
					if !slices.Equal(now, ids) {
						return fmt.Errorf("target ids changed: %v, then %v", ids, now)
					}
					return nil
				}),
			}),
		},
	})
}

// TestAccReliability_requestTimeout: a server that does not answer within
// request_timeout gives an error that names request_timeout.
func TestAccReliability_requestTimeout(t *testing.T) {
	e := acctest.NewTestEnv(t)
	e.Srv.SetFaults(emulator.Faults{Stall: time.Minute})
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:   e.Provider(`request_timeout = "1s"`) + `data "genviral_analytics_targets" "all" {}`,
			PlanOnly: true,
			ExpectError: acctest.ErrorPattern(`(?s)Unable to Read Analytics Targets.*GET /analytics/targets: no response within 1s.*` +
				`did not answer within request_timeout`),
		}},
	})
}

// TestAccReliability_createTimeout: the resource's timeouts.create bounds
// the whole create, well below request_timeout, and the error says which
// timeout ended it.
func TestAccReliability_createTimeout(t *testing.T) {
	e := acctest.NewTestEnv(t)
	e.Srv.SetFaults(emulator.Faults{Stall: 5 * time.Minute, Routes: []string{emulator.RouteCreateTarget}})
	// Had request_timeout applied, the error would read "no response
	// within 60s"; the text below is only produced by the create timeout.
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: e.Provider(`request_timeout = "60s"`, `max_retries = 3`) +
				acctest.TargetHCL("a", "tiktok", "@slow", `timeouts { create = "10s" }`),
			// 10s, not less: the POST must be sent within it on a loaded
			// machine (the stall then holds it past the deadline).
			ExpectError: acctest.ErrorPattern(`(?s)Unable to Create Analytics Target.*POST /analytics/targets.*` +
				`create timeout \(10s\).*timeouts`),
		}},
	})
	if n := e.Srv.Count(emulator.RouteCreateTarget); n != 1 {
		t.Errorf("got %d create requests, want 1 (no retry once the operation's deadline has passed)", n)
	}
}

// TestReliability_cancelStopsPromptly drives the provider server directly:
// cancelling the context of a data source read whose request the API never
// answers ends the read at once, with an error, instead of waiting for
// request_timeout.
func TestReliability_cancelStopsPromptly(t *testing.T) {
	srv, url := emulatortest.Start(t, emulator.Options{})
	srv.SetFaults(emulator.Faults{Stall: 5 * time.Minute})
	ps, schemas := acctest.ConfiguredServer(t, providerserver.NewProtocol6WithError(provider.New("test")()), url, map[string]tftypes.Value{
		"request_timeout": tftypes.NewValue(tftypes.String, "5m"),
	})
	ctx := context.Background()

	for _, ds := range []string{"genviral_analytics_posts", "genviral_analytics_targets"} {
		t.Run(ds, func(t *testing.T) {
			srv.ResetCounts()
			rctx, cancel := context.WithCancel(ctx)
			defer cancel()
			go func() {
				// Cancel once the request has reached the API.
				for srv.TotalCount() == 0 && rctx.Err() == nil {
					time.Sleep(5 * time.Millisecond)
				}
				time.Sleep(50 * time.Millisecond)
				cancel()
			}()
			start := time.Now()
			resp, err := ps.ReadDataSource(rctx, &tfprotov6.ReadDataSourceRequest{
				TypeName: ds,
				Config:   acctest.DynamicValue(t, schemas.DataSourceSchemas[ds], nil),
			})
			elapsed := time.Since(start)
			if err != nil {
				t.Fatal(err)
			}
			// A hang guard only (the stall and request_timeout last 5m):
			// the error checked below is what proves the cancellation.
			if elapsed > 4*time.Minute {
				t.Errorf("the read returned %s after it started; cancelling did not stop it", elapsed)
			}
			if !acctest.HasErrorDiag(resp.Diagnostics) {
				t.Fatalf("a cancelled read returned no error: %v", resp.Diagnostics)
			}
			if d := resp.Diagnostics[0]; !strings.Contains(d.Detail, "cancel") {
				t.Errorf("the error does not say the read was cancelled: %s: %s", d.Summary, d.Detail)
			}
		})
	}
}

// TestAccReliability_malformedResponses: an HTML 502 page from a proxy and a
// truncated JSON body, during create and during refresh, give clear errors
// that quote the body; nothing panics, nothing half-written reaches state,
// and without the faults the next apply converges.
func TestAccReliability_malformedResponses(t *testing.T) {
	e := acctest.NewTestEnv(t)
	body := acctest.TargetHCL("a", "tiktok", "@brand", `alias = "Brand"`)
	// The emulator's malformed answers alternate: HTML 502 page, truncated
	// JSON with 200, {"ok":false} with 200; withFaults starts the cycle anew.
	malformed := emulator.Faults{MalformedRate: 1}
	malformedCreate := emulator.Faults{MalformedRate: 1, Routes: []string{emulator.RouteCreateTarget}}
	const html = `HTTP 502 Bad Gateway: response body was not JSON \(Content-Type "text/html; charset=utf-8"\): <html> <head><title>502 Bad Gateway`
	const truncated = `HTTP 200 OK: response body was incomplete or invalid JSON: \{"ok":true,"code":200,"message":"Analytics targets retrieved","data":\{"workspace_id":"0b8e6c1a-5d2f \(after 2 attempts\)`
	var id string
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: e.CheckTargets(),
		Steps: []resource.TestStep{
			e.WithFaults(malformedCreate, resource.TestStep{
				Config:      e.Config(body),
				ExpectError: acctest.ErrorPattern(`(?s)Unable to Create Analytics Target.*POST /analytics/targets: ` + html),
			}),
			// The 502 is retried; the truncated 200 that follows is not
			// (a 200 is an answer, not a transient failure).
			e.WithFaults(malformedCreate, resource.TestStep{
				Config:      e.Provider(`max_retries = 1`) + body,
				ExpectError: acctest.ErrorPattern(`(?s)Unable to Create Analytics Target.*POST /analytics/targets: ` + truncated),
			}),
			e.WithFaults(emulator.Faults{}, resource.TestStep{
				Config: e.Config(body),
				Check:  resource.ComposeTestCheckFunc(e.CheckTargetsMatchState([]string{"tiktok/brand"}), e.RecordTargetID(&id)),
			}),
			e.WithFaults(malformed, resource.TestStep{
				Config:      e.Config(body),
				PlanOnly:    true,
				ExpectError: acctest.ErrorPattern(`(?s)Unable to Read Analytics Target.*stays in state unchanged.*GET /analytics/targets: ` + html),
			}),
			e.WithFaults(malformed, resource.TestStep{
				Config:      e.Provider(`max_retries = 1`) + body,
				PlanOnly:    true,
				ExpectError: acctest.ErrorPattern(`(?s)Unable to Read Analytics Target.*GET /analytics/targets: ` + truncated),
			}),
			e.WithFaults(emulator.Faults{}, resource.TestStep{
				Config:   e.Config(body),
				PlanOnly: true,
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateValue("genviral_analytics_target.a", "id", knownvalue.StringFunc(func(v string) error {
						if v != id {
							return fmt.Errorf("id %s, want %s", v, id)
						}
						return nil
					})),
				},
			}),
		},
	})
}

// TestAccReliability_malformedPosts: the same bodies while reading posts.
func TestAccReliability_malformedPosts(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{PostsPerTarget: 150})
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@brand", "")
	malformed := emulator.Faults{MalformedRate: 1}
	ds := `data "genviral_analytics_posts" "x" {
  range       = "all"
  max_results = 150
}`
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			e.WithFaults(malformed, resource.TestStep{
				Config:      e.Config(ds),
				PlanOnly:    true,
				ExpectError: acctest.ErrorPattern(`(?s)Unable to Read Analytics Posts.*GET /analytics/summary/posts: HTTP 502 Bad Gateway: response body was not JSON`),
			}),
			e.WithFaults(malformed, resource.TestStep{
				Config:      e.Provider(`max_retries = 1`) + ds,
				PlanOnly:    true,
				ExpectError: acctest.ErrorPattern(`(?s)Unable to Read Analytics Posts.*GET /analytics/summary/posts: HTTP 200 OK: response body was incomplete or invalid JSON`),
			}),
			e.WithFaults(emulator.Faults{}, resource.TestStep{
				Config: e.Config(ds),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateValue("data.genviral_analytics_posts.x", "posts", knownvalue.ListSizeExact(150)),
				},
			}),
		},
	})
}

// TestAccReliability_invalidInput holds the plan-time validation cases the
// per-file tables (TestAccProvider_invalidConfiguration,
// TestAccAnalyticsTarget_invalidInput, the data source tests) do not cover:
// each fails on its attribute before any API request, and the cases marked
// with a secret check that the provider's message does not echo it.
func TestAccReliability_invalidInput(t *testing.T) {
	const target = `
resource "genviral_analytics_target" "x" {
  platform   = "tiktok"
  identifier = "@brand"
}`
	const id = "5c9d2e41-0a7b-4c3f-b8e2-91d4f6a0c3b5"
	ds := func(typ, body string) string { return "data \"" + typ + "\" \"x\" {\n" + body + "\n}\n" }
	cases := map[string]struct {
		provider []string
		body     string
		want     string
		avoid    string
	}{
		// Provider.
		"api_key empty":            {[]string{`api_key = ""`}, target, `(?s)api_key.*it is empty`, ""},
		"api_key bearer":           {[]string{`api_key = "bearer_gva_live_abc123.secretvalue"`}, target, `(?s)api_key.*starts with "Bearer"`, "secretvalue"},
		"api_key Bearer scheme":    {[]string{`api_key = "Bearer gva_live_abc123.secretvalue"`}, target, `(?s)api_key.*starts with "Bearer": give the token alone`, "secretvalue"},
		"api_key no public id":     {[]string{`api_key = ".secretvalue123"`}, target, `(?s)api_key.*public id before the "\." is empty`, "secretvalue123"},
		"api_key public id chars":  {[]string{`api_key = "gva$live.secretvalue123"`}, target, `(?s)api_key.*may contain only letters`, "secretvalue123"},
		"base_url credentials":     {[]string{`base_url = "https://user:hunter2pass@api.example.com/v1"`}, target, `(?s)base_url.*must not contain credentials`, "hunter2pass"},
		"base_url query":           {[]string{`base_url = "https://api.example.com/v1?debug=1"`}, target, `(?s)base_url.*query string`, ""},
		"max_retries negative":     {[]string{`max_retries = -1`}, target, `(?s)max_retries.*between 0 and 10`, ""},
		"max_parallel_requests 17": {[]string{`max_parallel_requests = 17`}, target, `(?s)max_parallel_requests.*between 1 and 16`, ""},
		"request_timeout negative": {[]string{`request_timeout = "-5s"`}, target, `(?s)request_timeout.*greater than 0`, ""},
		"request_timeout empty":    {[]string{`request_timeout = ""`}, target, `(?s)request_timeout.*not a duration`, ""},
		// genviral_analytics_target.
		"identifier 25":           {nil, acctest.TargetHCL("a", "tiktok", "@"+strings.Repeat("b", 25)), `(?s)identifier.*25 characters long; TikTok handles have at most 24`, ""},
		"max_posts negative":      {nil, acctest.TargetHCL("a", "tiktok", "@brand", `refresh_policy = { max_posts = -5 }`), `(?s)refresh_policy.max_posts.*at least 1`, ""},
		"timeouts not a duration": {nil, acctest.TargetHCL("a", "tiktok", "@brand", `timeouts { create = "soon" }`), `(?s)Invalid Attribute Value Time Duration.*create = "soon"`, ""},
		"timeouts zero":           {nil, acctest.TargetHCL("a", "tiktok", "@brand", `timeouts { read = "0s" }`), `(?s)timeouts.read.*greater than 0`, ""},
		"timeouts negative":       {nil, acctest.TargetHCL("a", "tiktok", "@brand", `timeouts { delete = "-1m" }`), `(?s)timeouts.delete.*greater than 0`, ""},
		"platform case":           {nil, acctest.TargetHCL("a", "TikTok", "@brand"), `(?s)platform.*value must be one of`, ""},
		// genviral_analytics_refresh.
		"refresh empty target_id":   {nil, acctest.RefreshHCL("x", ""), `(?s)Invalid Target ID.*target_id = "".*target id is empty`, ""},
		"refresh target_id comma":   {nil, acctest.RefreshHCL("x", id+","+id), `(?s)target_id.*contains a comma`, ""},
		"refresh target_id space":   {nil, acctest.RefreshHCL("x", " "+id), `(?s)target_id.*white space`, ""},
		"refresh timeouts duration": {nil, acctest.RefreshHCL("x", id, `timeouts { create = "1 hour" }`), `(?s)Invalid Attribute Value Time Duration.*create = "1 hour"`, ""},
		"refresh timeouts zero":     {nil, acctest.RefreshHCL("x", id, `timeouts { create = "0s" }`), `(?s)timeouts.create.*greater than 0`, ""},
		// genviral_analytics_posts.
		"posts end_date format":  {nil, ds("genviral_analytics_posts", "start_date = \"2026-03-01\"\nend_date = \"2026/03/31\""), `(?s)end_date.*"2026/03/31" is not a calendar date`, ""},
		"posts empty account id": {nil, ds("genviral_analytics_posts", `account_ids = [""]`), `(?s)account_ids.*target id is empty`, ""},
		"posts account id space": {nil, ds("genviral_analytics_posts", `account_ids = ["`+id+` "]`), `(?s)account_ids.*white space`, ""},
		// genviral_analytics_summary.
		"summary end_date format": {nil, ds("genviral_analytics_summary", "start_date = \"2026-03-01\"\nend_date = \"31-03-2026\""), `(?s)end_date.*not a calendar date`, ""},
		"summary account comma":   {nil, ds("genviral_analytics_summary", `account_ids = ["a,b"]`), `(?s)account_ids.*contains a comma`, ""},
		// genviral_analytics_target data source.
		"target ds handle as id": {nil, ds("genviral_analytics_target", `id = "@brand"`), `(?s)id.*account handle, not a target id`, ""},
		"target ds id space":     {nil, ds("genviral_analytics_target", `id = "a b"`), `(?s)id.*white space`, ""},
		"target ds double at":    {nil, ds("genviral_analytics_target", "platform = \"tiktok\"\nidentifier = \"@@x\""), `(?s)identifier.*more than one leading`, ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			e := acctest.NewTestEnv(t)
			var got error
			acctest.ParallelTest(t, resource.TestCase{
				ErrorCheck: acctest.CaptureError(&got),
				Steps: []resource.TestStep{{
					Config:   e.Provider(tc.provider...) + tc.body,
					PlanOnly: true,
				}},
			})
			acctest.CheckError(t, got, tc.want, tc.avoid)
			e.ExpectNoRequests()
		})
	}
}

// TestAccReliability_invalidEnvironment: the environment variables the
// provider falls back to are checked like the arguments, at plan, without
// requests and without echoing the key. It sets environment variables, so
// it does not run in parallel.
func TestAccReliability_invalidEnvironment(t *testing.T) {
	e := acctest.NewTestEnv(t)
	noKey := fmt.Sprintf("provider \"genviral\" {\n  base_url = %q\n}\n", e.URL)
	noURL := fmt.Sprintf("provider \"genviral\" {\n  api_key = %q\n}\n", e.Key)
	body := acctest.TargetHCL("a", "tiktok", "@brand")
	cases := []struct {
		name, key, url, config, want, avoid string
	}{
		{"no key anywhere", "", "", noKey, `(?s)Missing Genviral API Key.*GENVIRAL_API_KEY.*api_key`, ""},
		{"short secret in the environment", "gva_live_abc123.nope42", "", noKey, `(?s)Malformed Genviral API Key.*GENVIRAL_API_KEY environment variable.*shorter than 8`, "nope42"},
		{"newline in the environment", "gva_live_abc123.notTheRealSecret\n", "", noKey, `(?s)Malformed Genviral API Key.*GENVIRAL_API_KEY environment variable.*white space`, "notTheRealSecret"},
		{"public id only in the environment", "gva_live_abc123", "", noKey, `(?s)Malformed Genviral API Key.*GENVIRAL_API_KEY environment variable.*no "\." between`, "abc123"},
		{"http base URL in the environment", "", "http://api.example.com/v1", noURL, `(?s)Invalid Genviral Base URL.*GENVIRAL_BASE_URL.*plain http://`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(provider.EnvAPIKey, tc.key)
			t.Setenv(provider.EnvBaseURL, tc.url)
			var got error
			acctest.SerialTest(t, resource.TestCase{
				ErrorCheck: acctest.CaptureError(&got),
				Steps: []resource.TestStep{{
					Config:   tc.config + body,
					PlanOnly: true,
				}},
			})
			acctest.CheckError(t, got, tc.want, tc.avoid)
		})
	}
	e.ExpectNoRequests()
}

// TestAccReliability_scope: a workspace key neither sees nor touches a
// personal-scope target: importing its id or handle fails with "not found",
// data source lookups fail, and nothing is written.
func TestAccReliability_scope(t *testing.T) {
	e := acctest.NewTestEnv(t)
	personal := e.Srv.SeedTarget(emulator.PersonalScope(), "tiktok", "@mine", "Mine")
	// b, the workspace's own target, gives the import steps a state to start from.
	ours := acctest.TargetHCL("b", "tiktok", "@ours")
	cfg := e.Config(ours + acctest.TargetHCL("a", "tiktok", "@mine", `deletion_policy = "delete"`))
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: e.CheckTargets(),
		Steps: []resource.TestStep{
			{Config: e.Config(ours)},
			{
				Config:        cfg,
				ResourceName:  "genviral_analytics_target.a",
				ImportState:   true,
				ImportStateId: personal.ID,
				ExpectError:   acctest.ErrorPattern(`(?s)Analytics Target Not Found.*No analytics target with id "` + personal.ID + `" exists in workspace`),
			},
			{
				Config:        cfg,
				ResourceName:  "genviral_analytics_target.a",
				ImportState:   true,
				ImportStateId: "tiktok/@mine",
				ExpectError:   acctest.ErrorPattern(`(?s)No tiktok target with handle "@mine" is tracked in this API key's scope.*workspace or personal`),
			},
			{
				Config:      e.Config(fmt.Sprintf("data \"genviral_analytics_target\" \"x\" {\n  id = %q\n}\n", personal.ID)),
				PlanOnly:    true,
				ExpectError: acctest.ErrorPattern(`(?s)Analytics Target Not Found.*No analytics target with id "` + personal.ID + `" exists in workspace`),
			},
			{
				Config:      e.Config("data \"genviral_analytics_target\" \"x\" {\n  platform   = \"tiktok\"\n  identifier = \"mine\"\n}\n"),
				PlanOnly:    true,
				ExpectError: acctest.ErrorPattern(`(?s)Analytics Target Not Found.*No analytics target for the tiktok handle "mine" exists in workspace`),
			},
		},
	})
	for _, r := range e.Srv.Requests() {
		if r.Method != "GET" && strings.Contains(r.Path, personal.ID) {
			t.Errorf("a request tried to change the personal target: %s %s", r.Method, r.Path)
		}
	}
	if tg, ok := e.Srv.Target(personal.ID); !ok || tg.DisplayName != "Mine" || tg.WorkspaceID != "" || tg.UserID != emulator.UserID {
		t.Errorf("the personal target was changed: %+v (found %v)", tg, ok)
	}
}

// TestAccReliability_settingsFailAfterCreate: when the PATCH after a
// successful POST fails, the created target is kept in state, untainted,
// with a warning; the next plan shows the settings as an in-place update
// (not a replacement: the id stays) and the apply converges.
func TestAccReliability_settingsFailAfterCreate(t *testing.T) {
	e := acctest.NewTestEnv(t)
	cfg := e.Config(acctest.TargetHCL("a", "tiktok", "@half", `favorite = true`, `alias = "Half"`,
		`refresh_policy = { max_posts = 5 }`))
	const a = "genviral_analytics_target.a"
	var id string
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: e.CheckTargets(),
		Steps: []resource.TestStep{
			e.WithFaults(emulator.Faults{ErrorRate: 1, Routes: []string{emulator.RouteUpdateTarget}}, resource.TestStep{
				Config: cfg,
				// The refresh after the apply shows what was not applied.
				ExpectNonEmptyPlan: true,
				Check: func(*terraform.State) error {
					ts := e.Srv.Targets(emulator.WorkspaceScope())
					if len(ts) != 1 || ts[0].Favorite != nil || ts[0].RefreshPolicy != nil {
						return fmt.Errorf("want one target without settings, got %+v", ts)
					}
					id = ts[0].ID
					return nil
				},
			}),
			e.WithFaults(emulator.Faults{}, resource.TestStep{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{acctest.StateBool(a, "favorite", true), acctest.StateBool(a, "adopted", false)},
				Check: func(*terraform.State) error {
					ts := e.Srv.Targets(emulator.WorkspaceScope())
					if len(ts) != 1 || ts[0].ID != id || ts[0].Favorite == nil || !*ts[0].Favorite || ts[0].DisplayName != "Half" ||
						ts[0].RefreshPolicy == nil {
						return fmt.Errorf("want target %s with the settings applied, got %+v", id, ts)
					}
					return nil
				},
			}),
		},
	})
}
