package refresh_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
	"github.com/genviral/terraform-provider-genviral/internal/provider/refresh"
)

// TestAccAnalyticsRefresh_freeThenPaid covers the happy path: the first
// refresh uses the free daily refresh, a triggers change replaces the
// resource with a new, paid refresh, plans never start one, changing
// wait_for_completion calls nothing, and destroy only forgets.
func TestAccAnalyticsRefresh_freeThenPaid(t *testing.T) {
	e := acctest.NewTestEnv(t)
	tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@brand", "")
	const addr = "genviral_analytics_refresh.daily"
	ids := statecheck.CompareValue(compare.ValuesDiffer())
	day := func(d string, extra ...string) string {
		return e.Config(acctest.RefreshHCL("daily", tg.ID, append([]string{`triggers = { day = "` + d + `" }`}, extra...)...))
	}
	// startsOne is the step that applies the refresh of day d, planned as
	// action, and starts one refresh: the free daily one or a paid one.
	startsOne := func(d string, action plancheck.ResourceActionType, free bool, more ...statecheck.StateCheck) resource.TestStep {
		cost := 0.0
		if !free {
			cost = emulator.RefreshCost
		}
		return resource.TestStep{
			PreConfig: e.ResetCounts(),
			Config:    day(d),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, action),
				// Planning a refresh starts nothing.
				e.CheckRequests(map[string]int{emulator.RouteRefreshTarget: 0}),
			}},
			ConfigStateChecks: append([]statecheck.StateCheck{
				ids.AddStateValue(addr, tfjsonpath.New("id")),
				acctest.StateString(addr, "status", genviral.RefreshCompleted),
				acctest.StateBool(addr, "was_free", free),
				acctest.StateBool(addr, "free_refresh_used", free),
				acctest.StateValue(addr, "credits_used", knownvalue.Float64Exact(cost)),
			}, more...),
			Check: resource.ComposeTestCheckFunc(
				e.CheckRequests(map[string]int{emulator.RouteRefreshTarget: 1}).Check,
				checkCredits(e, emulator.DefaultCredits-cost),
			),
		}
	}
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: resource.ComposeTestCheckFunc(
			e.CheckOnlyRefreshReads, e.CheckRequests(map[string]int{emulator.RouteRefreshTarget: 0}).Check, checkCredits(e, emulator.DefaultCredits-emulator.RefreshCost),
		),
		Steps: []resource.TestStep{
			startsOne("2026-03-14", plancheck.ResourceActionCreate, true,
				acctest.StateString(addr, "target_id", tg.ID),
				acctest.StateBool(addr, "wait_for_completion", true),
				acctest.StateValue(addr, "id", knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`))),
				acctest.StateValue(addr, "started_at", knownvalue.NotNull()),
				acctest.StateValue(addr, "completed_at", knownvalue.NotNull()),
				acctest.StateValue(addr, "error", knownvalue.Null()),
			),
			{
				// Plans of an existing refresh read its status and start nothing.
				PreConfig: e.ResetCounts(),
				Config:    day("2026-03-14"),
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					e.CheckRequests(map[string]int{emulator.RouteRefreshTarget: 0, emulator.RouteGetRefresh: 1}),
				}},
			},
			// A new trigger value is a new, paid refresh.
			startsOne("2026-03-15", plancheck.ResourceActionReplace, false),
			{
				// wait_for_completion and timeouts change in place, with no API call.
				PreConfig: e.ResetCounts(),
				Config:    day("2026-03-15", "wait_for_completion = false", `timeouts { create = "20m" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateBool(addr, "wait_for_completion", false),
					acctest.StateString(addr, "status", genviral.RefreshCompleted),
					acctest.StateValue(addr, "credits_used", knownvalue.Float64Exact(emulator.RefreshCost)),
				},
				Check: resource.ComposeTestCheckFunc(
					e.CheckRequests(map[string]int{emulator.RouteRefreshTarget: 0}).Check,
					// What remains is destroy: count from here.
					acctest.SideEffect(e.Srv.ResetCounts),
				),
			},
		},
	})
}

// TestAccAnalyticsRefresh_noWait: wait_for_completion = false returns as
// soon as the refresh is queued.
func TestAccAnalyticsRefresh_noWait(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{RefreshPolls: 100})
	tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "instagram", "acme.coffee", "")
	const addr = "genviral_analytics_refresh.x"
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: e.Config(acctest.RefreshHCL("x", tg.ID, "wait_for_completion = false")),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.StateString(addr, "status", genviral.RefreshPending),
				acctest.StateBool(addr, "was_free", true),
				acctest.StateValue(addr, "completed_at", knownvalue.Null()),
				acctest.StateValue(addr, "triggers", knownvalue.Null()),
			},
			Check: resource.ComposeTestCheckFunc(
				e.CheckRequests(map[string]int{emulator.RouteRefreshTarget: 1}).Check,
				e.CheckRequests(map[string]int{emulator.RouteGetRefresh: 0}).Check,
			),
		}},
	})
}

// TestAccAnalyticsRefresh_failure: a failed refresh is an error with the
// server's message; it stays in state, tainted, so the next apply starts a
// new refresh.
func TestAccAnalyticsRefresh_failure(t *testing.T) {
	e := acctest.NewTestEnv(t)
	tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "@private_channel", "")
	e.Srv.SetRefreshOutcome(tg.ID, "profile is private")
	const addr = "genviral_analytics_refresh.x"
	cfg := e.Config(acctest.RefreshHCL("x", tg.ID))
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: acctest.ErrorPattern(`(?s)Analytics Refresh Failed.*failed: profile is private.*tainted`),
			},
			{
				PreConfig: func() {
					if n := e.Srv.Count(emulator.RouteRefreshTarget); n != 1 {
						t.Errorf("failed refresh: got %d refresh requests, want 1 (never retried)", n)
					}
					e.Srv.SetRefreshOutcome(tg.ID, "")
					e.Srv.ResetCounts()
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateString(addr, "status", genviral.RefreshCompleted),
					acctest.StateValue(addr, "error", knownvalue.Null()),
				},
				Check: e.CheckRequests(map[string]int{emulator.RouteRefreshTarget: 1}).Check,
			},
		},
	})
}

// TestAccAnalyticsRefresh_conflict: a refresh already running makes the API
// answer 409; the error says so, and the request is not retried.
func TestAccAnalyticsRefresh_conflict(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{RefreshPolls: 100})
	tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@busy", "")
	first := acctest.RefreshHCL("first", tg.ID, "wait_for_completion = false")
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:            e.Config(first),
				ConfigStateChecks: []statecheck.StateCheck{acctest.StateString("genviral_analytics_refresh.first", "status", genviral.RefreshPending)},
			},
			{
				PreConfig:   e.ResetCounts(),
				Config:      e.Config(first + acctest.RefreshHCL("second", tg.ID)),
				ExpectError: acctest.ErrorPattern(`(?s)Analytics Refresh Already Running.*HTTP 409.*analytics_conflict.*started nothing.*has finished.*run terraform apply again`),
			},
			{
				Config:   e.Config(first),
				PlanOnly: true,
				// The refused request was the only one: never retried.
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					e.CheckRequests(map[string]int{emulator.RouteRefreshTarget: 1}),
				}},
			},
		},
	})
}

// TestAccAnalyticsRefresh_insufficientCredits: a paid refresh without
// credits fails with a credits error.
func TestAccAnalyticsRefresh_insufficientCredits(t *testing.T) {
	e := acctest.NewTestEnv(t)
	tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@brand", "")
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				// The free daily refresh.
				Config: e.Config(acctest.RefreshHCL("x", tg.ID, `triggers = { run = "1" }`)),
			},
			{
				PreConfig:   func() { e.Srv.SetCredits(1) },
				Config:      e.Config(acctest.RefreshHCL("x", tg.ID, `triggers = { run = "2" }`)),
				ExpectError: acctest.ErrorPattern(`(?s)Not Enough Credits for Analytics Refresh.*HTTP 402.*free daily refresh is used up.*Add credits`),
			},
		},
	})
}

// TestAccAnalyticsRefresh_waitEndsEarly: when create stops waiting before
// the refresh is done (create timeout, interruption, a refresh the API does
// not show), the apply succeeds with a warning and the refresh stays in
// state untainted: the plans after it are empty, the next apply starts no
// refresh, a later read settles the status, and only a triggers change
// starts another refresh, with exactly one POST.
func TestAccAnalyticsRefresh_waitEndsEarly(t *testing.T) {
	const addr = "genviral_analytics_refresh.x"
	cases := []struct {
		name string
		opts emulator.Options
		// start prepares the first apply and returns provider overrides
		// and what to undo once it is done.
		start func(e *acctest.TestEnv, rec *acctest.DiagRecorder) (overrides []string, undo func())
		// warning is the first apply's warning (acctest.ErrorPattern), "" for none.
		warning string
		// applied and settled are the status after the first apply and
		// after the next read.
		applied, settled string
		// readWarning is the warning of the next reads, "" for none.
		readWarning string
		// retrigger: a triggers change then starts one new refresh (the
		// emulator cannot start one while it still runs the first).
		retrigger bool
	}{
		{
			name: "create timeout while polls stall",
			opts: emulator.Options{RefreshPolls: 1},
			start: func(e *acctest.TestEnv, _ *acctest.DiagRecorder) ([]string, func()) {
				e.Srv.SetFaults(emulator.Faults{Stall: time.Hour, Routes: []string{emulator.RouteGetRefresh}})
				return nil, func() { e.Srv.SetFaults(emulator.Faults{}) }
			},
			warning: `Timed Out Waiting for Analytics Refresh.*within the create timeout \(10s\).*status "pending".*not tainted.*` +
				`does not start another refresh`,
			applied: genviral.RefreshPending, settled: genviral.RefreshCompleted, retrigger: true,
		},
		{
			name: "interrupted like Ctrl-C",
			opts: emulator.Options{RefreshPolls: 1},
			start: func(e *acctest.TestEnv, rec *acctest.DiagRecorder) ([]string, func()) {
				return []string{fmt.Sprintf("base_url = %q", cancelFirstPoll(e, rec))}, func() {}
			},
			warning: `Stopped Waiting for Analytics Refresh.*interrupted.*status "pending".*not tainted.*context canceled`,
			applied: genviral.RefreshPending, settled: genviral.RefreshCompleted, retrigger: true,
		},
		{
			name:  "polls answer 404 until the wait ends",
			opts:  emulator.Options{RefreshPollsNotFound: -1},
			start: func(*acctest.TestEnv, *acctest.DiagRecorder) ([]string, func()) { return nil, func() {} },
			warning: `Timed Out Waiting for Analytics Refresh.*status "pending".*not tainted.*` +
				`last status poll failed:.*HTTP 404.*refresh_not_found`,
			applied: genviral.RefreshPending, settled: genviral.RefreshPending,
			readWarning: `Analytics Refresh Not Found.*stays in state`,
		},
		{
			name: "a status the provider does not know",
			opts: emulator.Options{RefreshPolls: 1},
			start: func(e *acctest.TestEnv, _ *acctest.DiagRecorder) ([]string, func()) {
				url, stop := rewritePollStatus(e, "rescheduled")
				return []string{fmt.Sprintf("base_url = %q", url)}, stop
			},
			warning: `Timed Out Waiting for Analytics Refresh.*status "rescheduled".*not tainted`,
			applied: "rescheduled", settled: genviral.RefreshCompleted, retrigger: true,
		},
		{
			name:    "transient 404 right after the start",
			opts:    emulator.Options{RefreshPollsNotFound: 3},
			start:   func(*acctest.TestEnv, *acctest.DiagRecorder) ([]string, func()) { return nil, func() {} },
			applied: genviral.RefreshCompleted, settled: genviral.RefreshCompleted, retrigger: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := acctest.NewTestEnv(t, tc.opts)
			rec := &acctest.DiagRecorder{}
			tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@brand", "")
			overrides, undo := tc.start(e, rec)
			cfg := func(day string) string {
				return e.Provider(overrides...) + acctest.RefreshHCL("x", tg.ID, `triggers = { day = "`+day+`" }`, `timeouts { create = "10s" }`)
			}
			var warnings []string
			if tc.warning != "" {
				warnings = append(warnings, tc.warning)
			}
			var readWarnings []string
			if tc.readWarning != "" {
				readWarnings = append(readWarnings, tc.readWarning)
			}
			ids := statecheck.CompareValue(compare.ValuesSame())
			steps := []resource.TestStep{
				{
					Config: cfg("1"),
					Check: resource.ComposeTestCheckFunc(
						acctest.SideEffect(undo),
						rec.ExpectWarnings(warnings...),
						e.CheckRequests(map[string]int{emulator.RouteRefreshTarget: 1}).Check,
					),
					ConfigStateChecks: []statecheck.StateCheck{
						ids.AddStateValue(addr, tfjsonpath.New("id")),
						acctest.StateString(addr, "status", tc.applied),
					},
					ConfigPlanChecks: resource.ConfigPlanChecks{
						// Not tainted: nothing to replace, before or after a read.
						PostApplyPreRefresh:  []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
				},
				{
					// The next apply reads the status and starts nothing.
					Config: cfg("1"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						ids.AddStateValue(addr, tfjsonpath.New("id")),
						acctest.StateString(addr, "status", tc.settled),
					},
					Check: resource.ComposeTestCheckFunc(
						rec.ExpectWarnings(readWarnings...),
						e.CheckRequests(map[string]int{emulator.RouteRefreshTarget: 1}).Check,
					),
				},
			}
			if tc.retrigger {
				steps = append(steps, resource.TestStep{
					Config: cfg("2"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace),
					}},
					ConfigStateChecks: []statecheck.StateCheck{acctest.StateString(addr, "status", genviral.RefreshCompleted)},
					Check: resource.ComposeTestCheckFunc(
						rec.ExpectWarnings(),
						e.CheckRequests(map[string]int{emulator.RouteRefreshTarget: 2}).Check,
					),
				})
			}
			acctest.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: rec.Factories(), Steps: steps})
		})
	}
}

// TestAccAnalyticsRefresh_failureSeenByRead: a failure first seen by a read
// (create did not wait) is a warning; the refresh stays, and nothing new is
// planned or bought.
func TestAccAnalyticsRefresh_failureSeenByRead(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{RefreshPolls: 1})
	rec := &acctest.DiagRecorder{}
	tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "@private_channel", "")
	e.Srv.SetRefreshOutcome(tg.ID, "profile is private")
	const addr = "genviral_analytics_refresh.x"
	cfg := e.Config(acctest.RefreshHCL("x", tg.ID, "wait_for_completion = false"))
	acctest.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.Factories(),
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{acctest.StateString(addr, "status", genviral.RefreshPending)},
				Check:             rec.ExpectWarnings(),
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateString(addr, "status", genviral.RefreshFailed),
					acctest.StateString(addr, "error", "profile is private"),
				},
				Check: resource.ComposeTestCheckFunc(
					rec.ExpectWarnings(`Analytics Refresh Failed.*failed: profile is private.*no new refresh is started unless triggers change`),
					e.CheckRequests(map[string]int{emulator.RouteRefreshTarget: 1}).Check,
				),
			},
		},
	})
}

// TestAccAnalyticsRefresh_invalidTargetID fails at plan without a request.
func TestAccAnalyticsRefresh_invalidTargetID(t *testing.T) {
	e := acctest.NewTestEnv(t)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:      e.Config(acctest.RefreshHCL("x", "@brand")),
			PlanOnly:    true,
			ExpectError: acctest.ErrorPattern(`(?s)Invalid Target ID.*account handle, not a target id`),
		}},
	})
	e.ExpectNoRequests()
}

// TestAccAnalyticsRefresh_targetNotFound: a target outside the key's scope.
func TestAccAnalyticsRefresh_targetNotFound(t *testing.T) {
	e := acctest.NewTestEnv(t)
	personal := e.Srv.SeedTarget(emulator.PersonalScope(), "tiktok", "@mine", "")
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:      e.Config(acctest.RefreshHCL("x", personal.ID)),
			ExpectError: acctest.ErrorPattern(`(?s)Analytics Target Not Found.*HTTP 404.*scope that owns the target`),
		}},
	})
}

// TestAccAnalyticsRefresh_removedRefresh: a refresh the API no longer
// shows stays in state as last seen; nothing new is planned or paid for.
func TestAccAnalyticsRefresh_removedRefresh(t *testing.T) {
	e := acctest.NewTestEnv(t)
	tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@brand", "")
	cfg := e.Config(acctest.RefreshHCL("x", tg.ID))
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				// A key of another scope does not see the refresh: it stays
				// in state as last seen, and no new (paid) refresh is planned.
				Config:   e.Provider(fmt.Sprintf("api_key = %q", emulator.PersonalKey)) + acctest.RefreshHCL("x", tg.ID),
				PlanOnly: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					e.CheckRequests(map[string]int{emulator.RouteRefreshTarget: 1}),
				}},
			},
		},
	})
}

// TestAddRefreshStartError pins the diagnostics of a refresh that could not
// start, including 429, which the client never retries for this request,
// for the resource and for the action: each tells its own next step (apply
// again, invoke again) and never the other's.
func TestAddRefreshStartError(t *testing.T) {
	apiErr := func(status int, code string) error {
		return &genviral.APIError{Method: http.MethodPost, Path: "/analytics/targets/t1/refresh", StatusCode: status, ErrorCode: code, Message: "m", Attempts: 1, Envelope: true}
	}
	cases := []struct {
		err         error
		summary     string
		want, avoid string
		next        bool // the detail says what to run next
	}{
		{apiErr(409, "analytics_conflict"), "Analytics Refresh Already Running", "does not say which refresh is running", "", true},
		{apiErr(429, "rate_limited"), "Analytics Refresh Rate Limited", "never retries a refresh request", "max_retries", true},
		{apiErr(402, "insufficient_credits"), "Not Enough Credits for Analytics Refresh", "Add credits", "", true},
		{apiErr(402, "subscription_required"), "Unable to Refresh Analytics Target", "active Creator, Professional or Business subscription", "free daily refresh is used up", false},
		{apiErr(404, ""), "Analytics Target Not Found", "check target_id", "", false},
		{apiErr(500, ""), "Unable to Refresh Analytics Target", "may have reached the API and started a refresh", "max_retries", true},
		{apiErr(504, ""), "Unable to Refresh Analytics Target", "may have reached the API and started a refresh", "max_retries", true},
		{&genviral.APIError{Method: http.MethodPost, Path: "/x", Err: genviral.ErrTimeout, Attempts: 1}, "Unable to Refresh Analytics Target", "may have reached the API and started a refresh", "", true},
		{&genviral.APIError{Method: http.MethodPost, Path: "/x", Err: context.Canceled, Attempts: 1, Unsent: true}, "Unable to Refresh Analytics Target", "no refresh was started", "may have reached", true},
		{errors.New("target id is empty"), "Unable to Refresh Analytics Target", "target id is empty", "", false},
	}
	starters := map[string]struct{ by, other refresh.RefreshStarter }{
		"resource": {refresh.RefreshByResource, refresh.RefreshByAction},
		"action":   {refresh.RefreshByAction, refresh.RefreshByResource},
	}
	for name, st := range starters {
		for _, tc := range cases {
			var diags diag.Diagnostics
			refresh.AddRefreshStartError(&diags, st.by, "t1", tc.err)
			if len(diags) != 1 {
				t.Fatalf("%s, %v: got %d diagnostics", name, tc.err, len(diags))
			}
			d := diags[0]
			if d.Summary() != tc.summary {
				t.Errorf("%s, %v: summary %q, want %q", name, tc.err, d.Summary(), tc.summary)
			}
			if !strings.Contains(strings.ToLower(d.Detail()), strings.ToLower(tc.want)) {
				t.Errorf("%s, %v: detail lacks %q:\n%s", name, tc.err, tc.want, d.Detail())
			}
			if tc.avoid != "" && strings.Contains(d.Detail(), tc.avoid) {
				t.Errorf("%s, %v: detail mentions %q:\n%s", name, tc.err, tc.avoid, d.Detail())
			}
			if tc.next && !strings.Contains(d.Detail(), st.by.Again) {
				t.Errorf("%s, %v: detail does not say to %q:\n%s", name, tc.err, st.by.Again, d.Detail())
			}
			if strings.Contains(d.Detail(), st.other.Again) || strings.Contains(d.Detail(), st.other.Self+" ") || strings.Contains(d.Detail(), st.other.Often) {
				t.Errorf("%s, %v: detail words the other starter (%q):\n%s", name, tc.err, st.other.Self, d.Detail())
			}
		}
	}
}

// Regression tests for review findings (billing safety): each failed
// before its fix.

// TestAccAnalyticsRefresh_answerLostAfterStart: a refresh that started (and
// was paid for) but whose answer was lost (the connection dropped, a 502 or
// a gateway's 504, an undecodable 200) is kept in state with status
// "unknown" and a warning, untainted, after exactly one POST; the next
// apply with the same triggers posts nothing, and its read finds the
// refresh and records it. When the API does not name the target's latest
// refresh, the entry stays "unknown" with a warning, and still nothing is
// bought twice.
func TestAccAnalyticsRefresh_answerLostAfterStart(t *testing.T) {
	const addr = "genviral_analytics_refresh.x"
	cases := map[string]struct {
		faults emulator.StateFaults
		// proxy returns the base_url of a proxy in front of the emulator, or "".
		proxy func(e *acctest.TestEnv) string
		// settled: the read finds the refresh; otherwise it stays unknown.
		settled bool
	}{
		"connection dropped after the start": {faults: emulator.StateFaults{RefreshThenDrop: 1}, settled: true},
		"502 after the start":                {faults: emulator.StateFaults{RefreshThenFail: 1}, settled: true},
		"504 from a gateway": {proxy: func(e *acctest.TestEnv) string {
			return mangleRefreshPOST(e, func([]byte) (int, string) {
				return http.StatusGatewayTimeout, "<html><body>504 Gateway Time-out</body></html>"
			})
		}, settled: true},
		"200 with credits_used as a string": {proxy: func(e *acctest.TestEnv) string {
			return mangleRefreshPOST(e, func(b []byte) (int, string) {
				return http.StatusOK, string(bytes.Replace(b, []byte(`"credits_used":0`), []byte(`"credits_used":"0.00"`), 1))
			})
		}, settled: true},
		"no latest refresh in the target's detail": {faults: emulator.StateFaults{RefreshThenDrop: 1}, proxy: func(e *acctest.TestEnv) string {
			return e.Proxy(func(w http.ResponseWriter, r *http.Request) bool {
				if r.Method != http.MethodGet || !strings.Contains(r.URL.Path, "/analytics/targets/") {
					return false
				}
				body := regexp.MustCompile(`"refresh_status":\{[^}]*\}`).ReplaceAll(e.EmulatorAnswer(r).Body.Bytes(), []byte(`"refresh_status":{}`))
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write(body)
				return true
			})
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			// The API dates refreshes by the real clock, as the provider does.
			e := acctest.NewTestEnv(t, emulator.Options{Now: time.Now()})
			rec := &acctest.DiagRecorder{}
			tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@brand", "")
			e.Srv.SetStateFaults(tc.faults)
			var overrides []string
			if tc.proxy != nil {
				overrides = append(overrides, fmt.Sprintf("base_url = %q", tc.proxy(e)))
			}
			cfg := e.Provider(overrides...) + acctest.RefreshHCL("x", tg.ID, `triggers = { day = "1" }`)
			status, id, readWarnings := knownvalue.Check(knownvalue.StringRegexp(regexp.MustCompile(`^(pending|processing|completed)$`))),
				knownvalue.Check(knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`))), []string(nil)
			if !tc.settled {
				status, id = knownvalue.StringExact("unknown"), knownvalue.Null()
				readWarnings = []string{`Analytics Refresh Outcome Still Unknown.*` + tg.ID + `.*does not say which refresh.*-replace`}
			}
			acctest.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: rec.Factories(),
				Steps: []resource.TestStep{
					{
						Config: cfg,
						ConfigStateChecks: []statecheck.StateCheck{
							acctest.StateString(addr, "status", "unknown"),
							acctest.StateValue(addr, "id", knownvalue.Null()),
							acctest.StateValue(addr, "credits_used", knownvalue.Null()),
						},
						Check: resource.ComposeTestCheckFunc(
							rec.ExpectWarnings(`Analytics Refresh Outcome Unknown.*`+tg.ID+`.*may have been billed.*never retries.*`+
								`not tainted.*status "unknown".*unchanged triggers starts nothing.*-replace`),
							e.CheckRequests(map[string]int{emulator.RouteRefreshTarget: 1}).Check,
						),
						// Not tainted: nothing to replace, before or after a read.
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPreRefresh:  []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
					{
						// The next apply with the same triggers buys nothing; its
						// read settles what the lost answer would have said.
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
						}},
						ConfigStateChecks: []statecheck.StateCheck{acctest.StateValue(addr, "status", status), acctest.StateValue(addr, "id", id)},
						Check: resource.ComposeTestCheckFunc(
							rec.ExpectWarnings(readWarnings...),
							e.CheckRequests(map[string]int{emulator.RouteRefreshTarget: 1}).Check,
							checkCredits(e, emulator.DefaultCredits),
						),
					},
				},
			})
		})
	}
}

// refreshedTarget starts an emulator with the tracked account tiktok/@brand
// and returns it, the target's id, and the first step of a test: an apply
// of genviral_analytics_refresh.x of that target.
func refreshedTarget(t *testing.T) (*acctest.TestEnv, string, resource.TestStep) {
	e := acctest.NewTestEnv(t)
	tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@brand", "")
	return e, tg.ID, resource.TestStep{Config: e.Config(acctest.RefreshHCL("x", tg.ID))}
}

// TestAccAnalyticsRefresh_triggersNullToEmpty: adding `triggers = {}`
// changes no trigger value and must not start a new, possibly paid refresh.
func TestAccAnalyticsRefresh_triggersNullToEmpty(t *testing.T) {
	e, id, first := refreshedTarget(t)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			first,
			{
				Config: e.Config(acctest.RefreshHCL("x", id, "triggers = {}")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("genviral_analytics_refresh.x", plancheck.ResourceActionUpdate),
				}},
				Check: e.CheckRequests(map[string]int{emulator.RouteRefreshTarget: 1}).Check,
			},
		},
	})
}

// TestAccAnalyticsRefresh_importExplained: a refresh cannot be imported
// (it is a past event, and a resource that adopted one would start a new,
// possibly paid refresh on its next triggers change anyway): the error says
// what to do instead of "contact the provider developer", and reads nothing.
func TestAccAnalyticsRefresh_importExplained(t *testing.T) {
	e, _, first := refreshedTarget(t)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			first,
			{
				PreConfig:     e.ResetCounts(),
				Config:        first.Config,
				ResourceName:  "genviral_analytics_refresh.x",
				ImportState:   true,
				ImportStateId: "9e3b7a10-44c2-4d8f-a0b6-6f1c2e8d5a93",
				ExpectError:   acctest.ErrorPattern(`(?s)Analytics Refresh Cannot Be Imported.*past event.*terraform apply -replace`),
			},
		},
		CheckDestroy: e.CheckRequests(map[string]int{emulator.RouteRefreshTarget: 0, emulator.RouteGetRefresh: 0}).Check,
	})
}
