package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
	"github.com/genviral/terraform-provider-genviral/internal/provider/analytics"
	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

// threeTargetsHCL declares one target on each platform.
var threeTargetsHCL = acctest.TargetHCL("a", "tiktok", "@one") + acctest.TargetHCL("b", "instagram", "two") + acctest.TargetHCL("c", "youtube", "@three")

// TestAccClientHardening_html404KeepsState: while the list misses its rows
// and a proxy answers the single GETs with an HTML 404, a refresh fails and
// keeps every target in state; afterwards the plan is empty (nothing is
// created or adopted again).
func TestAccClientHardening_html404KeepsState(t *testing.T) {
	e := acctest.NewTestEnv(t)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: e.Config(threeTargetsHCL)},
			e.WithFaults(emulator.Faults{HideListedTargets: true, HTML404Routes: []string{emulator.RouteGetTarget}}, resource.TestStep{
				RefreshState: true,
				ExpectError: acctest.ErrorPattern(`(?s)Unable to Read Analytics Target.*stays in state unchanged.*` +
					`GET /analytics/targets/[0-9a-f-]+: HTTP 404 Not Found.*did not come with the API's JSON error envelope.*` +
					`base_url.*Nothing was removed from state`),
			}),
			// PlanOnly fails on a plan that is not empty.
			e.WithFaults(emulator.Faults{}, resource.TestStep{Config: e.Config(threeTargetsHCL), PlanOnly: true}),
		},
	})
	if n := e.Srv.Count(emulator.RouteCreateTarget); n != 3 {
		t.Errorf("creates = %d, want 3 (none after the failed refresh)", n)
	}
}

// TestAccClientHardening_wrongBaseURLKeepsState: with base_url ending in
// /api/partner/v2, every read fails naming the URL requested and saying
// what base_url must end in; neither a target nor a refresh leaves state
// (the API's 404 for an unknown route is not its 404 for a missing object).
func TestAccClientHardening_wrongBaseURLKeepsState(t *testing.T) {
	e := acctest.NewTestEnv(t)
	seeded := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@seeded", "Seeded")
	body := acctest.TargetHCL("a", "tiktok", "@brand") + acctest.RefreshHCL("r", seeded.ID)
	v2 := e.WrongVersionURL()
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: e.Config(body)},
			{
				Config: e.Provider(fmt.Sprintf("base_url = %q", v2)) + body,
				ExpectError: acctest.ErrorPattern(`(?s)GET /analytics/targets: HTTP 404 Not Found \(not_found\): Route not found ` +
					`\(the API has no endpoint at ` + regexp.QuoteMeta(v2) + `/analytics/targets,.*the base URL must end ` +
					`in /api/partner/v1\).*base_url must be the Partner API's address, ending in /api/partner/v1.*` +
					`Nothing was removed from state`),
			},
			{
				Config: e.Provider(fmt.Sprintf("base_url = %q", v2)) + acctest.RefreshHCL("r", seeded.ID),
				ExpectError: acctest.ErrorPattern(`(?s)GET /analytics/refreshes/[0-9a-f-]+: HTTP 404 Not Found \(not_found\): Route not ` +
					`found \(the API has no endpoint at ` + regexp.QuoteMeta(v2) + `/analytics/refreshes/[0-9a-f-]+,.*` +
					`/api/partner/v1\).*Nothing was removed from state`),
			},
			// PlanOnly fails on a plan that is not empty: both are still
			// in state.
			{Config: e.Config(body), PlanOnly: true},
		},
	})
}

// TestAccClientHardening_redirectOnDeleteFailsDestroy: a DELETE answered
// with a redirect is neither followed nor replayed as a GET: destroy fails
// and the target stays tracked (and in state, for the next destroy).
func TestAccClientHardening_redirectOnDeleteFailsDestroy(t *testing.T) {
	e := acctest.NewTestEnv(t)
	body := acctest.TargetHCL("a", "tiktok", "@brand")
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: e.Config(body)},
			e.WithFaults(emulator.Faults{RedirectTo: e.URL + "/analytics/targets", RedirectStatus: 301,
				RedirectRoutes: []string{emulator.RouteDeleteTarget}}, resource.TestStep{
				Config: e.Provider(),
				ExpectError: acctest.ErrorPattern(`(?s)Unable to Delete Analytics Target.*stays in state.*` +
					`DELETE /analytics/targets/[0-9a-f-]+: HTTP 301 Moved Permanently.*redirect to ` + e.URL + `/analytics/targets;.*` +
					`not repeated.*does not redirect.*base_url`),
			}),
			e.WithFaults(emulator.Faults{}, resource.TestStep{
				PreConfig: func() {
					if n := len(e.Srv.Targets(emulator.WorkspaceScope())); n != 1 {
						t.Errorf("after the redirected DELETE the workspace has %d targets, want 1", n)
					}
					for _, r := range e.Srv.Requests() {
						if r.Route == emulator.RouteDeleteTarget && r.Status != 301 {
							t.Errorf("DELETE answered %d, want only the redirect", r.Status)
						}
					}
				},
				Config: e.Provider(),
				// Destroyed: the workspace holds no target.
				Check: e.CheckTargets(),
			}),
		},
	})
}

// TestAccClientHardening_redirectOnPatchFailsUpdate: a PATCH answered with a
// redirect fails the update (instead of "succeeding" as a GET), and the
// next apply patches.
func TestAccClientHardening_redirectOnPatchFailsUpdate(t *testing.T) {
	e := acctest.NewTestEnv(t)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: e.Config(acctest.TargetHCL("a", "tiktok", "@brand", `alias = "one"`))},
			e.WithFaults(emulator.Faults{RedirectTo: e.URL + "/analytics/targets", RedirectStatus: 302,
				RedirectRoutes: []string{emulator.RouteUpdateTarget}}, resource.TestStep{
				Config: e.Config(acctest.TargetHCL("a", "tiktok", "@brand", `alias = "two"`)),
				ExpectError: acctest.ErrorPattern(`(?s)Unable to Update Analytics Target.*PATCH /analytics/targets/[0-9a-f-]+: HTTP 302 Found.*` +
					`not repeated`),
			}),
			e.WithFaults(emulator.Faults{}, resource.TestStep{
				PreConfig: func() {
					for _, tg := range e.Srv.Targets(emulator.WorkspaceScope()) {
						if tg.DisplayName != "one" {
							t.Errorf("display name %q after the redirected PATCH, want \"one\"", tg.DisplayName)
						}
					}
				},
				Config: e.Config(acctest.TargetHCL("a", "tiktok", "@brand", `alias = "two"`)),
				Check:  e.CheckDisplayName("two"),
			}),
		},
	})
}

// TestAccClientHardening_readTimeout: a data source facing Retry-After:
// 999999 ends within its timeouts.read, and the error says so.
func TestAccClientHardening_readTimeout(t *testing.T) {
	e := acctest.NewTestEnv(t)
	e.Srv.SetFaults(emulator.Faults{RateLimitBurst: 1000, RetryAfter: "999999"})
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: e.Provider(`max_retries = 4`) + `
data "genviral_analytics_summary" "x" {
  range = "30d"
  timeouts {
    read = "30s"
  }
}`,
			PlanOnly: true,
			ExpectError: acctest.ErrorPattern(`(?s)Unable to Read Analytics Summary.*GET /analytics/summary: HTTP 429.*not retried: ` +
				`the API asked to wait 5m0s \(Retry-After\), longer than the [0-9]+s left of the read timeout \(timeouts.read\)`),
		}},
	})
	if n := e.Srv.Count(emulator.RouteSummary); n != 1 {
		t.Errorf("summary requests = %d, want 1", n)
	}
}

// TestAccClientHardening_sharedListFailureReportedOnce: a list request that
// fails for every target is reported in full once; the other targets refer
// to it briefly.
func TestAccClientHardening_sharedListFailureReportedOnce(t *testing.T) {
	e := acctest.NewTestEnv(t)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: e.Config(threeTargetsHCL)},
			e.WithFaults(emulator.Faults{ErrorRate: 1, ErrorStatuses: []int{503}, Routes: []string{emulator.RouteListTargets}}, resource.TestStep{
				PreConfig: e.ResetCounts(),
				Config:    e.Config(threeTargetsHCL),
				PlanOnly:  true,
				ExpectError: acctest.ErrorPattern(`(?s)^(.*GET /analytics/targets \(HTTP 503\) failed; every target read of this run shares ` +
					`that one request.*){2}$`),
			}),
			e.WithFaults(emulator.Faults{}, resource.TestStep{
				PreConfig: func() {
					if n := e.Srv.Count(emulator.RouteListTargets); n != 1 {
						t.Errorf("list requests = %d, want 1", n)
					}
				},
				Config:   e.Config(threeTargetsHCL),
				PlanOnly: true,
			}),
		},
	})
}

// TestMessagePartsShortensIDLists: an error names a long account id list by
// its count and first ids, never all 3,000.
func TestMessagePartsShortensIDLists(t *testing.T) {
	ids := make([]string, 3000)
	for i := range ids {
		ids[i] = fmt.Sprintf("%08x-0000-4000-8000-%012d", i+0x0400a7dd, i)
	}
	f := genviral.AnalyticsFilter{Range: "30d", AccountIDs: ids}
	got := shared.MessageParts(analytics.PostsQueryParts(genviral.PostsQuery{AnalyticsFilter: f}, 100))
	want := "range=30d, account_ids=3000 account ids: 0400a7dd…, 0400a7de…, 0400a7df…, …, offset=0, max_results=100"
	if got != want {
		t.Errorf("messageParts = %q\nwant %q", got, want)
	}
	if got := analytics.DescribeFilter(genviral.AnalyticsFilter{AccountIDs: ids[:2]}); got != "account_ids="+ids[0]+","+ids[1] {
		t.Errorf("a short list is shown in full: %q", got)
	}
	if analytics.QueryID(analytics.PostsQueryParts(genviral.PostsQuery{AnalyticsFilter: f}, 100)) == analytics.QueryID(analytics.PostsQueryParts(genviral.PostsQuery{
		AnalyticsFilter: genviral.AnalyticsFilter{Range: "30d", AccountIDs: ids[:2999]}}, 100)) {
		t.Error("the id still depends on every account id")
	}
}
