package acctest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

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
