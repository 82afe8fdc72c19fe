package targets_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
)

// The tests of this file run against an emulator that answers badly: a
// wrong key, rows missing fields, answers lost after the server committed,
// answers naming another account. None of them may delete, duplicate or
// leak a target.

const otherWorkspaceKey = "gva_live_oth001.emulatorOtherWorkspace0001"

// TestAccStateSafety_wrongScopeKey: switching the key to a personal key or
// another workspace's key is a plan-time error naming both scopes; nothing
// leaves state, nothing is created, and the right key plans nothing again.
func TestAccStateSafety_wrongScopeKey(t *testing.T) {
	e := acctest.NewTestEnv(t)
	e.Srv.AddKey(otherWorkspaceKey, emulator.Scope{WorkspaceID: "7d0c2b1e-0000-4000-8000-00000000beef", UserID: emulator.UserID})
	body := acctest.TargetHCL("a", "tiktok", "@alpha") + acctest.TargetHCL("b", "youtube", "@beta") + acctest.TargetHCL("c", "instagram", "@gamma")
	want := []string{"tiktok/alpha", "youtube/beta", "instagram/gamma"}
	wrong := func(key, scope string) resource.TestStep {
		// One resource's error says it all; the others refer to it, in
		// whatever order Terraform prints them.
		full := `Analytics Target in Another Scope.*was recorded in workspace ` + emulator.WorkspaceID +
			`, but the provider's API key belongs to ` + scope + `.*wrong one.*Nothing was removed from state`
		short := `not in the key's ` + scope + `: the "Analytics Target in Another Scope" error of another resource says what to do`
		return resource.TestStep{
			PreConfig:   e.ResetCounts(),
			Config:      e.Provider(fmt.Sprintf("api_key = %q", key)) + body,
			ExpectError: acctest.ErrorPattern(`(?s)(` + full + `.*` + short + `|` + short + `.*` + full + `)`),
		}
	}
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: e.CheckTargets(),
		Steps: []resource.TestStep{
			{Config: e.Config(body), Check: e.CheckTargetsMatchState(want)},
			wrong(emulator.PersonalKey, "personal scope"),
			wrong(otherWorkspaceKey, "workspace 7d0c2b1e-0000-4000-8000-00000000beef"),
			{
				PreConfig: func() {
					e.ExpectNoWrites(t)
					if n := len(e.Srv.Targets(emulator.PersonalScope())); n != 0 {
						t.Errorf("the personal scope has %d targets, want none", n)
					}
				},
				Config:   e.Config(body),
				PlanOnly: true,
				Check:    e.CheckTargetsMatchState(want),
			},
		},
	})
}

// TestAccStateSafety_wrongScopeKeyAtDestroy: a destroy that does not
// refresh first (`terraform destroy -refresh=false`, or a saved plan applied
// with another key than it was planned with) sends the DELETE with the
// wrong key. The API answers 404 for a target of another scope; that must
// not count as "already deleted": the destroy fails naming both scopes, and
// the target stays in state and tracked.
func TestAccStateSafety_wrongScopeKeyAtDestroy(t *testing.T) {
	c := acctest.NewCLIRun(t, "1.5.0")
	e := acctest.NewTestEnv(t)
	config := func(key string) string {
		return savedPlanRequiredProviders + e.Provider(fmt.Sprintf("api_key = %q", key)) + acctest.TargetHCL("a", "tiktok", "@brand")
	}
	c.Write("main.tf", config(e.Key))
	c.Run([]int{0}, "init", "-no-color")
	c.Run([]int{0}, "apply", "-no-color", "-auto-approve")
	c.Write("main.tf", config(emulator.PersonalKey))
	_, out := c.Run([]int{1}, "destroy", "-no-color", "-auto-approve", "-refresh=false")
	// The CLI wraps the message: any white space between words.
	if !regexp.MustCompile(`(?s)Analytics Target in Another Scope.*recorded\s+in\s+workspace\s+` + emulator.WorkspaceID +
		`.*belongs\s+to\s+personal\s+scope`).MatchString(out) {
		t.Errorf("the destroy with the wrong key did not fail naming both scopes:\n%s", out)
	}
	if _, state := c.Run([]int{0}, "state", "list"); !strings.Contains(state, "genviral_analytics_target.a") {
		t.Errorf("the target left state:\n%s", state)
	}
	if err := e.CompareTargets([]string{"tiktok/brand"}); err != nil {
		t.Error(err)
	}
	// With the right key, destroy deletes it.
	c.Write("main.tf", config(e.Key))
	c.Run([]int{0}, "destroy", "-no-color", "-auto-approve", "-refresh=false")
	if err := e.CompareTargets(nil); err != nil {
		t.Error(err)
	}
}

// TestAccStateSafety_wrongBaseURLAtDestroy: a destroy that does not refresh
// first sends the DELETE to base_url; with base_url ending in
// /api/partner/v2 the API's "Route not found" must not count as "already
// deleted": the destroy fails naming the URL and base_url, and the target
// stays in state and tracked.
func TestAccStateSafety_wrongBaseURLAtDestroy(t *testing.T) {
	c := acctest.NewCLIRun(t, "1.5.0")
	e := acctest.NewTestEnv(t)
	config := func(baseURL string) string {
		return savedPlanRequiredProviders + e.Provider(fmt.Sprintf("base_url = %q", baseURL)) + acctest.TargetHCL("a", "tiktok", "@brand")
	}
	c.Write("main.tf", config(e.URL))
	c.Run([]int{0}, "init", "-no-color")
	c.Run([]int{0}, "apply", "-no-color", "-auto-approve")
	v2 := e.WrongVersionURL()
	c.Write("main.tf", config(v2))
	_, out := c.Run([]int{1}, "destroy", "-no-color", "-auto-approve", "-refresh=false")
	if !acctest.ErrorPattern(`(?s)DELETE /analytics/targets/[0-9a-f-]+: HTTP 404 Not Found.*Route not found.*` + regexp.QuoteMeta(v2) +
		`/analytics/targets/[0-9a-f-]+.*the base URL must end in /api/partner/v1.*base_url must be the Partner API's address`).MatchString(out) {
		t.Errorf("the destroy with base_url %s did not fail naming the URL and base_url:\n%s", v2, out)
	}
	if _, state := c.Run([]int{0}, "state", "list"); !strings.Contains(state, "genviral_analytics_target.a") {
		t.Errorf("the target left state:\n%s", state)
	}
	if err := e.CompareTargets([]string{"tiktok/brand"}); err != nil {
		t.Error(err)
	}
	c.Write("main.tf", config(e.URL))
	c.Run([]int{0}, "destroy", "-no-color", "-auto-approve", "-refresh=false")
	if err := e.CompareTargets(nil); err != nil {
		t.Error(err)
	}
}

// TestAccStateSafety_otherPersonalKey: personal keys of different users are
// different scopes. Switching to another person's personal key is a
// plan-time error naming the recorded user's scope: with the key's user
// known (its scope tracks a target) both users are named; with an empty
// scope, whose user the API does not name, the error says the provider
// cannot tell. Nothing leaves state, nothing is created in either scope,
// and the right key plans nothing again.
func TestAccStateSafety_otherPersonalKey(t *testing.T) {
	e := acctest.NewTestEnv(t)
	e.Key = emulator.PersonalKey
	body := acctest.TargetHCL("a", "tiktok", "@alpha") + acctest.TargetHCL("b", "youtube", "@beta")
	other := e.Provider(fmt.Sprintf("api_key = %q", emulator.OtherPersonalKey)) + body
	recorded := `personal scope of user ` + emulator.UserID
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: checkScopeTargets(e, emulator.PersonalScope()),
		Steps: []resource.TestStep{
			{Config: e.Config(body), Check: checkScopeTargets(e, emulator.PersonalScope(), "tiktok/alpha", "youtube/beta")},
			{
				PreConfig: e.ResetCounts(),
				Config:    other,
				ExpectError: acctest.ErrorPattern(`(?s)Analytics Target in Another Scope.*recorded in ` + recorded +
					`.*does not say whose personal scope.*Nothing was removed from state`),
			},
			{
				PreConfig: func() {
					e.ExpectNoWrites(t)
					e.Srv.SeedTarget(emulator.OtherPersonalScope(), "instagram", "@theirs", "")
				},
				Config: other,
				ExpectError: acctest.ErrorPattern(`(?s)Analytics Target in Another Scope.*recorded in ` + recorded +
					`, but the provider's API key belongs to personal scope of user ` + emulator.OtherUserID +
					`.*Nothing was removed from state`),
			},
			{
				PreConfig: func() { e.ExpectNoWrites(t) },
				Config:    e.Config(body),
				PlanOnly:  true,
				Check: resource.ComposeTestCheckFunc(
					checkScopeTargets(e, emulator.PersonalScope(), "tiktok/alpha", "youtube/beta"),
					checkScopeTargets(e, emulator.OtherPersonalScope(), "instagram/theirs"),
				),
			},
		},
	})
}

// TestAccStateSafety_otherPersonalKeyAtDestroy: a destroy with another
// person's personal key fails and keeps state, with and without a refresh
// first (`-refresh=false` sends the DELETE, which the API answers 404), also
// for a state written by an earlier version, which recorded no scope in
// private state: the scope is derived from the recorded workspace_id and
// user_id before the target is declared gone. Nothing is deleted; the
// owner's key then destroys it.
func TestAccStateSafety_otherPersonalKeyAtDestroy(t *testing.T) {
	c := acctest.NewCLIRun(t, "1.5.0")
	e := acctest.NewTestEnv(t)
	e.Srv.SeedTarget(emulator.OtherPersonalScope(), "instagram", "@theirs", "")
	config := func(key string) string {
		return savedPlanRequiredProviders + e.Provider(fmt.Sprintf("api_key = %q", key)) + acctest.TargetHCL("a", "tiktok", "@brand")
	}
	c.Write("main.tf", config(emulator.PersonalKey))
	c.Run([]int{0}, "init", "-no-color")
	c.Run([]int{0}, "apply", "-no-color", "-auto-approve")
	c.Write("main.tf", config(emulator.OtherPersonalKey))
	refused := regexp.MustCompile(`(?s)Analytics Target in Another Scope.*recorded\s+in\s+personal\s+scope\s+of\s+user\s+` +
		emulator.UserID + `.*belongs\s+to\s+personal\s+scope\s+of\s+user\s+` + emulator.OtherUserID)
	for _, older := range []bool{false, true} {
		if older {
			c.Write("terraform.tfstate", withoutPrivateState(t, c.Read("terraform.tfstate")))
		}
		for _, args := range [][]string{{"-refresh=false"}, nil} {
			_, out := c.Run([]int{1}, append([]string{"destroy", "-no-color", "-auto-approve"}, args...)...)
			if !refused.MatchString(out) {
				t.Errorf("destroy %v (state of an earlier version: %v) with another person's key did not fail naming both scopes:\n%s",
					args, older, out)
			}
			if _, state := c.Run([]int{0}, "state", "list"); !strings.Contains(state, "genviral_analytics_target.a") {
				t.Fatalf("the target left state:\n%s", state)
			}
		}
	}
	if err := checkScopeTargets(e, emulator.PersonalScope(), "tiktok/brand")(nil); err != nil {
		t.Error(err)
	}
	c.Write("main.tf", config(emulator.PersonalKey))
	c.Run([]int{0}, "destroy", "-no-color", "-auto-approve", "-refresh=false")
	if err := checkScopeTargets(e, emulator.PersonalScope())(nil); err != nil {
		t.Error(err)
	}
}

// withoutPrivateState returns a local state file with the private state of
// every resource instance removed, as an earlier version of the provider
// that recorded no scope would have left it.
func withoutPrivateState(t *testing.T, state string) string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(state), &doc); err != nil {
		t.Fatal(err)
	}
	resources, _ := doc["resources"].([]any)
	for _, r := range resources {
		instances, _ := r.(map[string]any)["instances"].([]any)
		for _, i := range instances {
			if instance, ok := i.(map[string]any); ok {
				delete(instance, "private")
			}
		}
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAccStateSafety_rowsMissingFields: list rows without identifier,
// platform or display name (absent or null) keep the state's values: the
// plan stays empty instead of replacing every target.
func TestAccStateSafety_rowsMissingFields(t *testing.T) {
	e := acctest.NewTestEnv(t)
	body := acctest.TargetHCL("a", "tiktok", "@Alpha", `alias = "Alpha"`) + acctest.TargetHCL("b", "youtube", "@beta")
	faults := func(f emulator.StateFaults) func() {
		return func() { e.Srv.ResetCounts(); e.Srv.SetStateFaults(f) }
	}
	quiet := func(f emulator.StateFaults) resource.TestStep {
		return resource.TestStep{PreConfig: faults(f), Config: e.Config(body), PlanOnly: true}
	}
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: e.CheckTargets(),
		Steps: []resource.TestStep{
			{Config: e.Config(body)},
			quiet(emulator.StateFaults{ListOmitFields: []string{"identifier"}}),
			quiet(emulator.StateFaults{ListNullFields: []string{"identifier"}}),
			quiet(emulator.StateFaults{ListOmitFields: []string{"platform", "identifier", "display_name", "free_refresh_available"}}),
			quiet(emulator.StateFaults{ListNullFields: []string{"platform", "free_refresh_available"}}),
			{
				PreConfig: func() { e.ExpectNoWrites(t); e.Srv.SetStateFaults(emulator.StateFaults{}) },
				Config:    e.Config(body),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateString("genviral_analytics_target.a", "identifier", "@Alpha"),
					acctest.StateString("genviral_analytics_target.a", "display_name", "Alpha"),
				},
			},
		},
	})
}

// TestAccStateSafety_rowNamesAnotherAccount: a target whose id now names
// another account (an id reused by a restarted server, another server behind
// base_url) is an error; state is kept and nothing is deleted or created.
func TestAccStateSafety_rowNamesAnotherAccount(t *testing.T) {
	e := acctest.NewTestEnv(t)
	body := acctest.TargetHCL("a", "tiktok", "@brand", `deletion_policy = "delete"`)
	var id string
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: e.Config(body), Check: e.RecordTargetID(&id)},
			{
				PreConfig: func() {
					e.Srv.ResetCounts()
					e.Srv.RepointTarget(id, "youtube", "@someone_else")
				},
				Config:      e.Config(body),
				PlanOnly:    true,
				ExpectError: acctest.ErrorPattern(`(?s)Analytics Target Names Another Account.*now names youtube/@someone_else.*tiktok/@brand.*State is unchanged`),
			},
			{
				// Put back, the target plans nothing: state still holds it.
				PreConfig: func() {
					e.ExpectNoWrites(t)
					e.Srv.RepointTarget(id, "tiktok", "@brand")
				},
				Config:   e.Config(body),
				PlanOnly: true,
			},
		},
	})
}

// TestAccStateSafety_misdirectedCreate: a created:false answer naming
// another account is an error; nothing is written to state, so a later
// destroy with deletion_policy = "delete" cannot delete that account.
func TestAccStateSafety_misdirectedCreate(t *testing.T) {
	e := acctest.NewTestEnv(t)
	other := e.Srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "@someone_else", "")
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { e.Srv.SetStateFaults(emulator.StateFaults{MisdirectCreates: 1}) },
				Config:      e.Config(acctest.TargetHCL("a", "tiktok", "@brand", `deletion_policy = "delete"`)),
				ExpectError: acctest.ErrorPattern(`(?s)Unexpected Create Answer.*Asked to track tiktok/@brand.*target ` + other.ID + `.*names youtube/@someone_else.*Nothing was written to state`),
			},
			{
				// No resource holds the other account: removing the
				// configuration deletes nothing.
				Config: e.Config(""),
				Check: resource.ComposeTestCheckFunc(e.CheckRequests(map[string]int{emulator.RouteDeleteTarget: 0}).Check, func(*terraform.State) error {
					if _, ok := e.Srv.Target(other.ID); !ok {
						return fmt.Errorf("the other account's target %s is gone", other.ID)
					}
					return nil
				}),
			},
		},
	})
}

// TestAccStateSafety_lostCreateAnswer: a create whose answer is lost after
// the server committed it (a 5xx, a dropped connection; retried or not) is
// owned by this configuration: adopted = false, and destroy deletes it.
func TestAccStateSafety_lostCreateAnswer(t *testing.T) {
	cases := map[string]struct {
		faults  emulator.StateFaults
		retries string
	}{
		"5xx after commit, retried":  {emulator.StateFaults{CommitThenFail: 1}, "max_retries = 2"},
		"5xx after commit, no retry": {emulator.StateFaults{CommitThenFail: 1}, "max_retries = 0"},
		"answer dropped, retried":    {emulator.StateFaults{CommitThenDrop: 1}, "max_retries = 2"},
		"answer dropped, no retry":   {emulator.StateFaults{CommitThenDrop: 1}, "max_retries = 0"},
		"504 after commit, no retry": {emulator.StateFaults{CommitThenFail: 1, CommitFailStatus: 504}, "max_retries = 0"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			e := acctest.NewTestEnv(t)
			const a = "genviral_analytics_target.a"
			acctest.ParallelTest(t, resource.TestCase{
				// Owned: destroy deletes it.
				CheckDestroy: e.CheckTargets(),
				Steps: []resource.TestStep{{
					PreConfig: func() { e.Srv.SetStateFaults(tc.faults) },
					Config:    e.Provider(tc.retries) + acctest.TargetHCL("a", "tiktok", "@brand"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						acctest.PlanUnknown(a, "adopted"),
					}},
					ConfigStateChecks: []statecheck.StateCheck{acctest.StateBool(a, "adopted", false)},
					Check:             e.CheckTargetsMatchState([]string{"tiktok/brand"}),
				}},
			})
		})
	}
}

// TestAccStateSafety_adoptionDecidedAtPlan: the plan shows whether create
// adopts (adopted known, a warning naming the existing id); adopt_existing =
// false fails at plan without a write; a new account plans adopted unknown,
// and the create that creates it records adopted = false.
func TestAccStateSafety_adoptionDecidedAtPlan(t *testing.T) {
	e := acctest.NewTestEnv(t)
	existing := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@taken", "Taken")
	const a, b = "genviral_analytics_target.a", "genviral_analytics_target.b"
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:      e.Config(acctest.TargetHCL("a", "tiktok", "@Taken", "adopt_existing = false") + acctest.TargetHCL("b", "tiktok", "@new")),
				PlanOnly:    true,
				ExpectError: acctest.ErrorPattern(`(?s)Analytics Target Already Exists.*tiktok/@Taken account is already tracked.*` + existing.ID + `.*terraform import`),
			},
			{
				PreConfig: func() { e.ExpectNoWrites(t) },
				Config:    e.Config(acctest.TargetHCL("a", "tiktok", "@Taken") + acctest.TargetHCL("b", "tiktok", "@new")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					acctest.PlanBool(a, "adopted", true),
					// Not tracked yet: someone may track it before the apply.
					acctest.PlanUnknown(b, "adopted"),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateString(a, "id", existing.ID),
					acctest.StateBool(a, "adopted", true),
					acctest.StateBool(b, "adopted", false),
					// Filled at create, so a refresh-only plan right after
					// the apply finds no drift.
					acctest.StateBool(a, "free_refresh_available", true),
					acctest.StateBool(b, "free_refresh_available", true),
				},
			},
			{
				// A refresh right after the apply changes nothing.
				RefreshState: true,
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(a, "free_refresh_available", "true"),
					resource.TestCheckResourceAttr(b, "free_refresh_available", "true"),
				),
			},
		},
		// The adopted target stays, the created one is deleted.
		CheckDestroy: e.CheckTargets("tiktok/taken"),
	})
}

// TestAccStateSafety_duplicateDeclarations: two resources declaring one
// account fail at plan, at most after reading the target list, and nothing
// is written.
func TestAccStateSafety_duplicateDeclarations(t *testing.T) {
	e := acctest.NewTestEnv(t)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:      e.Config(acctest.TargetHCL("a", "tiktok", "@Brand") + acctest.TargetHCL("b", "tiktok", "brand")),
			PlanOnly:    true,
			ExpectError: acctest.ErrorPattern(`(?s)Duplicate Analytics Target.*same account`),
		}},
	})
	e.ExpectNoWrites(t)
	if n := e.Srv.TotalCount(); n > 1 {
		t.Errorf("%d requests, want at most the list: %s", n, e.RequestSummary())
	}
}

// TestAccStateSafety_replacementKeepsOwnership: a forced replacement (taint)
// of a target this configuration created leaves a target this configuration
// owns: destroy deletes it.
func TestAccStateSafety_replacementKeepsOwnership(t *testing.T) {
	e := acctest.NewTestEnv(t)
	const a = "genviral_analytics_target.a"
	cfg := e.Config(acctest.TargetHCL("a", "tiktok", "@brand"))
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: e.CheckTargets(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				Taint:  []string{a},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(a, plancheck.ResourceActionReplace),
				}},
				Check: e.CheckTargetsMatchState([]string{"tiktok/brand"}),
			},
			{
				RefreshState: true,
				Check:        resource.TestCheckResourceAttr(a, "adopted", "false"),
			},
		},
	})
}

// TestAccStateSafety_replacementWithAdoptExistingFalse: with adopt_existing
// = false, a forced replacement (-replace, replace_triggered_by) of a target
// the configuration owns deletes it and creates it again. The new object
// must not be refused as "already tracked" because of the target the same
// apply has just deleted: that failure would leave the account untracked and
// out of state. Both owners count: a created target, and an adopted one with
// deletion_policy = "delete".
func TestAccStateSafety_replacementWithAdoptExistingFalse(t *testing.T) {
	for name, adopted := range map[string]bool{"created": false, "adoptedDeletePolicy": true} {
		t.Run(name, func(t *testing.T) {
			e := acctest.NewTestEnv(t)
			const a = "genviral_analytics_target.a"
			render := func(trigger string, extra ...string) string {
				return e.Config(acctest.TerraformDataHCL("t", trigger) + acctest.TargetHCL("a", "tiktok", "@brand", append(extra,
					`deletion_policy = "delete"`, `lifecycle {
    replace_triggered_by = [terraform_data.t]
  }`)...))
			}
			var steps []resource.TestStep
			if adopted {
				e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "brand", "")
				// Adopted while adoption was allowed, then made strict.
				steps = append(steps, resource.TestStep{
					Config: render("1"),
					Check:  resource.TestCheckResourceAttr(a, "adopted", "true"),
				})
			}
			var first string
			steps = append(steps,
				resource.TestStep{Config: render("1", `adopt_existing = false`), Check: e.RecordTargetID(&first)},
				resource.TestStep{
					Config: render("2", `adopt_existing = false`),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(a, plancheck.ResourceActionReplace),
					}},
					Check: resource.ComposeTestCheckFunc(
						e.CheckTargetsMatchState([]string{"tiktok/brand"}),
						func(s *terraform.State) error {
							if s.RootModule().Resources[a].Primary.ID == first {
								return fmt.Errorf("the replacement kept target %s, which its destroy deleted", first)
							}
							return nil
						}),
				},
				resource.TestStep{
					RefreshState: true,
					Check:        resource.TestCheckResourceAttr(a, "adopted", "false"),
				},
			)
			acctest.ParallelTest(t, resource.TestCase{CheckDestroy: e.CheckTargets(), Steps: steps})
		})
	}
}

// TestAccStateSafety_renameWithoutMoved: a resource renamed (or a for_each
// re-keyed) without a moved block, whose destroy deletes the target
// (deletion_policy = "delete", here on an adopted target). Terraform would
// run the old resource's delete and the new one's create in no fixed order:
// the new resource would adopt what the delete removes, or create the
// account again under a new id. The plan fails instead, naming the target,
// and nothing is written.
func TestAccStateSafety_renameWithoutMoved(t *testing.T) {
	e := acctest.NewTestEnv(t)
	seeded := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@brand", "")
	render := func(name string) string {
		return e.Config(acctest.TargetHCL(name, "tiktok", "@brand", `deletion_policy = "delete"`))
	}
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: e.CheckTargets(),
		Steps: []resource.TestStep{
			{Config: render("old")},
			{
				PreConfig:   e.ResetCounts(),
				Config:      render("new"),
				ExpectError: acctest.ErrorPattern(`(?s)Analytics Target Deleted and Declared Again: tiktok/@brand \(` + seeded.ID + `\).*Nothing was changed.*moved block`),
			},
			{
				PreConfig: func() { e.ExpectNoWrites(t) },
				Config:    render("old"),
				Check:     e.CheckTargetsMatchState([]string{"tiktok/brand"}),
			},
		},
	})
}
