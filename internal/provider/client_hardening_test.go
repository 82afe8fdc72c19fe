package provider

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// threeTargetsHCL declares one target on each platform.
var threeTargetsHCL = targetHCL("a", "tiktok", "@one") + targetHCL("b", "instagram", "two") + targetHCL("c", "youtube", "@three")

// TestAccClientHardening_html404KeepsState: while the list misses its rows
// and a proxy answers the single GETs with an HTML 404, a refresh fails and
// keeps every target in state; afterwards the plan is empty (nothing is
// created or adopted again).
func TestAccClientHardening_html404KeepsState(t *testing.T) {
	e := newTestEnv(t)
	parallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: e.config(threeTargetsHCL)},
			e.withFaults(emulator.Faults{HideListedTargets: true, HTML404Routes: []string{emulator.RouteGetTarget}}, resource.TestStep{
				RefreshState: true,
				ExpectError: errorPattern(`(?s)Unable to Read Analytics Target.*stays in state unchanged.*` +
					`GET /analytics/targets/[0-9a-f-]+: HTTP 404 Not Found.*did not come with the API's JSON error envelope.*` +
					`base_url.*Nothing was removed from state`),
			}),
			// PlanOnly fails on a plan that is not empty.
			e.withFaults(emulator.Faults{}, resource.TestStep{Config: e.config(threeTargetsHCL), PlanOnly: true}),
		},
	})
	if n := e.srv.Count(emulator.RouteCreateTarget); n != 3 {
		t.Errorf("creates = %d, want 3 (none after the failed refresh)", n)
	}
}

// TestAccClientHardening_wrongBaseURLKeepsState: with base_url ending in
// /api/partner/v2, every read fails naming the URL requested and saying
// what base_url must end in; neither a target nor a refresh leaves state
// (the API's 404 for an unknown route is not its 404 for a missing object).
func TestAccClientHardening_wrongBaseURLKeepsState(t *testing.T) {
	e := newTestEnv(t)
	seeded := e.srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@seeded", "Seeded")
	body := targetHCL("a", "tiktok", "@brand") + refreshHCL("r", seeded.ID)
	v2 := e.wrongVersionURL()
	parallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: e.config(body)},
			{
				Config: e.provider(fmt.Sprintf("base_url = %q", v2)) + body,
				ExpectError: errorPattern(`(?s)GET /analytics/targets: HTTP 404 Not Found \(not_found\): Route not found ` +
					`\(the API has no endpoint at ` + regexp.QuoteMeta(v2) + `/analytics/targets,.*the base URL must end ` +
					`in /api/partner/v1\).*base_url must be the Partner API's address, ending in /api/partner/v1.*` +
					`Nothing was removed from state`),
			},
			{
				Config: e.provider(fmt.Sprintf("base_url = %q", v2)) + refreshHCL("r", seeded.ID),
				ExpectError: errorPattern(`(?s)GET /analytics/refreshes/[0-9a-f-]+: HTTP 404 Not Found \(not_found\): Route not ` +
					`found \(the API has no endpoint at ` + regexp.QuoteMeta(v2) + `/analytics/refreshes/[0-9a-f-]+,.*` +
					`/api/partner/v1\).*Nothing was removed from state`),
			},
			// PlanOnly fails on a plan that is not empty: both are still
			// in state.
			{Config: e.config(body), PlanOnly: true},
		},
	})
}

// TestAccClientHardening_redirectOnDeleteFailsDestroy: a DELETE answered
// with a redirect is neither followed nor replayed as a GET: destroy fails
// and the target stays tracked (and in state, for the next destroy).
func TestAccClientHardening_redirectOnDeleteFailsDestroy(t *testing.T) {
	e := newTestEnv(t)
	body := targetHCL("a", "tiktok", "@brand")
	parallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: e.config(body)},
			e.withFaults(emulator.Faults{RedirectTo: e.url + "/analytics/targets", RedirectStatus: 301,
				RedirectRoutes: []string{emulator.RouteDeleteTarget}}, resource.TestStep{
				Config: e.provider(),
				ExpectError: errorPattern(`(?s)Unable to Delete Analytics Target.*stays in state.*` +
					`DELETE /analytics/targets/[0-9a-f-]+: HTTP 301 Moved Permanently.*redirect to ` + e.url + `/analytics/targets;.*` +
					`not repeated.*does not redirect.*base_url`),
			}),
			e.withFaults(emulator.Faults{}, resource.TestStep{
				PreConfig: func() {
					if n := len(e.srv.Targets(emulator.WorkspaceScope())); n != 1 {
						t.Errorf("after the redirected DELETE the workspace has %d targets, want 1", n)
					}
					for _, r := range e.srv.Requests() {
						if r.Route == emulator.RouteDeleteTarget && r.Status != 301 {
							t.Errorf("DELETE answered %d, want only the redirect", r.Status)
						}
					}
				},
				Config: e.provider(),
				// Destroyed: the workspace holds no target.
				Check: e.checkTargets(),
			}),
		},
	})
}

// TestAccClientHardening_redirectOnPatchFailsUpdate: a PATCH answered with a
// redirect fails the update (instead of "succeeding" as a GET), and the
// next apply patches.
func TestAccClientHardening_redirectOnPatchFailsUpdate(t *testing.T) {
	e := newTestEnv(t)
	parallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: e.config(targetHCL("a", "tiktok", "@brand", `alias = "one"`))},
			e.withFaults(emulator.Faults{RedirectTo: e.url + "/analytics/targets", RedirectStatus: 302,
				RedirectRoutes: []string{emulator.RouteUpdateTarget}}, resource.TestStep{
				Config: e.config(targetHCL("a", "tiktok", "@brand", `alias = "two"`)),
				ExpectError: errorPattern(`(?s)Unable to Update Analytics Target.*PATCH /analytics/targets/[0-9a-f-]+: HTTP 302 Found.*` +
					`not repeated`),
			}),
			e.withFaults(emulator.Faults{}, resource.TestStep{
				PreConfig: func() {
					for _, tg := range e.srv.Targets(emulator.WorkspaceScope()) {
						if tg.DisplayName != "one" {
							t.Errorf("display name %q after the redirected PATCH, want \"one\"", tg.DisplayName)
						}
					}
				},
				Config: e.config(targetHCL("a", "tiktok", "@brand", `alias = "two"`)),
				Check:  e.checkDisplayName("two"),
			}),
		},
	})
}

// TestAccClientHardening_readTimeout: a data source facing Retry-After:
// 999999 ends within its timeouts.read, and the error says so.
func TestAccClientHardening_readTimeout(t *testing.T) {
	e := newTestEnv(t)
	e.srv.SetFaults(emulator.Faults{RateLimitBurst: 1000, RetryAfter: "999999"})
	parallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: e.provider(`max_retries = 4`) + `
data "genviral_analytics_summary" "x" {
  range = "30d"
  timeouts {
    read = "30s"
  }
}`,
			PlanOnly: true,
			ExpectError: errorPattern(`(?s)Unable to Read Analytics Summary.*GET /analytics/summary: HTTP 429.*not retried: ` +
				`the API asked to wait 5m0s \(Retry-After\), longer than the [0-9]+s left of the read timeout \(timeouts.read\)`),
		}},
	})
	if n := e.srv.Count(emulator.RouteSummary); n != 1 {
		t.Errorf("summary requests = %d, want 1", n)
	}
}

// TestAccClientHardening_sharedListFailureReportedOnce: a list request that
// fails for every target is reported in full once; the other targets refer
// to it briefly.
func TestAccClientHardening_sharedListFailureReportedOnce(t *testing.T) {
	e := newTestEnv(t)
	parallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: e.config(threeTargetsHCL)},
			e.withFaults(emulator.Faults{ErrorRate: 1, ErrorStatuses: []int{503}, Routes: []string{emulator.RouteListTargets}}, resource.TestStep{
				PreConfig: e.resetCounts(),
				Config:    e.config(threeTargetsHCL),
				PlanOnly:  true,
				ExpectError: errorPattern(`(?s)^(.*GET /analytics/targets \(HTTP 503\) failed; every target read of this run shares ` +
					`that one request.*){2}$`),
			}),
			e.withFaults(emulator.Faults{}, resource.TestStep{
				PreConfig: func() {
					if n := e.srv.Count(emulator.RouteListTargets); n != 1 {
						t.Errorf("list requests = %d, want 1", n)
					}
				},
				Config:   e.config(threeTargetsHCL),
				PlanOnly: true,
			}),
		},
	})
}

// TestAPIErrorDetailOfASharedFailure: the short reference gets no advice but
// where the full error is; the full error gets its advice.
func TestAPIErrorDetailOfASharedFailure(t *testing.T) {
	full := &genviral.APIError{Method: "GET", Path: "/analytics/targets", StatusCode: 503, Message: "down for maintenance", Attempts: 5}
	short := apiErrorDetail("Reading target t1 failed.", &genviral.SharedRequestError{Err: full})
	if strings.Contains(short, "maintenance") || strings.Contains(short, apiErrorHint(full)) {
		t.Errorf("short detail repeats the error or its hint:\n%s", short)
	}
	if !strings.Contains(short, "reported in full once") || !strings.Contains(short, "another resource or data source") {
		t.Errorf("short detail does not refer to the full error:\n%s", short)
	}
	if d := apiErrorDetail("Reading target t1 failed.", full); !strings.Contains(d, apiErrorHint(full)) || !strings.Contains(d, "maintenance") {
		t.Errorf("full detail:\n%s", d)
	}
	if !errors.Is(&genviral.SharedRequestError{Err: full}, full) {
		t.Error("SharedRequestError does not unwrap")
	}
}

// TestMessagePartsShortensIDLists: an error names a long account id list by
// its count and first ids, never all 3,000.
func TestMessagePartsShortensIDLists(t *testing.T) {
	ids := make([]string, 3000)
	for i := range ids {
		ids[i] = fmt.Sprintf("%08x-0000-4000-8000-%012d", i+0x0400a7dd, i)
	}
	f := genviral.AnalyticsFilter{Range: "30d", AccountIDs: ids}
	got := messageParts(postsQueryParts(genviral.PostsQuery{AnalyticsFilter: f}, 100))
	want := "range=30d, account_ids=3000 account ids: 0400a7dd…, 0400a7de…, 0400a7df…, …, offset=0, max_results=100"
	if got != want {
		t.Errorf("messageParts = %q\nwant %q", got, want)
	}
	if got := describeFilter(genviral.AnalyticsFilter{AccountIDs: ids[:2]}); got != "account_ids="+ids[0]+","+ids[1] {
		t.Errorf("a short list is shown in full: %q", got)
	}
	if queryID(postsQueryParts(genviral.PostsQuery{AnalyticsFilter: f}, 100)) == queryID(postsQueryParts(genviral.PostsQuery{
		AnalyticsFilter: genviral.AnalyticsFilter{Range: "30d", AccountIDs: ids[:2999]}}, 100)) {
		t.Error("the id still depends on every account id")
	}
}
