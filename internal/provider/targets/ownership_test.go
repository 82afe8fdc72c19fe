package targets_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
)

// The tests of this file pin who owns a target across configurations: a
// create owns a target only on proof that it created it; everything else
// (an account tracked by another configuration, pipeline or person, an
// import) is adopted, and destroy leaves it tracked. The plan says, per
// account, what an apply and a destroy will do.

// twoProvidersHCL is a configuration with two provider configurations of
// one key, each declaring tiktok/@brand (extra: more arguments of both
// resources); b applies after a, so a creates the target and b, planned
// again at apply, finds it (an order two pipelines may also take; creates
// at the same moment are TestAccOwnership_trackedDuringCreate's). The
// second provider configuration has a source of its own, served by another
// provider instance: Terraform runs one provider process per provider
// configuration (alias), while its reattach mode used by the tests would
// hand every alias of one source to one shared instance.
func twoProvidersHCL(e *acctest.TestEnv, extra ...string) string {
	return `terraform {
  required_providers {
    genviral    = { source = "genviral/genviral" }
    genviraltwo = { source = "genviral/genviraltwo" }
  }
}
` + e.Provider() + strings.Replace(e.Provider(), `provider "genviral"`, `provider "genviraltwo"`, 1) +
		acctest.TargetHCL("a", "tiktok", "@brand", extra...) +
		acctest.TargetHCL("b", "tiktok", "@brand", append([]string{"provider = genviraltwo",
			"depends_on = [genviral_analytics_target.a]"}, extra...)...)
}

// TestAccOwnership_twoProviderConfigurations: two provider configurations
// of one key declare one account. Both plans see it absent; a's create
// creates it and owns it, b adopts it with a warning naming the target, and
// removing b's declaration deletes nothing. With adopt_existing = false on
// both, b fails and records nothing.
func TestAccOwnership_twoProviderConfigurations(t *testing.T) {
	for name, refuse := range map[string]bool{"adopt": false, "refuse": true} {
		t.Run(name, func(t *testing.T) {
			e := acctest.NewTestEnv(t)
			c := acctest.NewCLIRun(t, "1.5", "genviraltwo")
			c.Write("main.tf", twoProvidersHCL(e, fmt.Sprintf("adopt_existing = %t", !refuse)))
			c.Run([]int{0}, "init", "-no-color")
			code, out := c.Run([]int{0, 1}, "apply", "-no-color", "-auto-approve")
			if err := e.CompareTargets([]string{"tiktok/brand"}); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			id := e.Srv.Targets(emulator.WorkspaceScope())[0].ID
			if got := stateAttr(c, "genviral_analytics_target.a", "adopted"); got != false {
				t.Errorf("a: adopted = %v, want false:\n%s", got, out)
			}
			if refuse {
				if code != 1 || !regexp.MustCompile(`(?s)Already Exists: tiktok/@brand.*`+id).MatchString(out) ||
					stateAttr(c, "genviral_analytics_target.b", "id") != nil {
					t.Errorf("want b refused with nothing recorded:\n%s", out)
				}
				return
			}
			if code != 0 || stateAttr(c, "genviral_analytics_target.b", "adopted") != true ||
				stateAttr(c, "genviral_analytics_target.b", "id") != id ||
				!regexp.MustCompile(`Warning: (Analytics Target Will Be Adopted|Adopted Existing Analytics Target): tiktok/@brand \(`+id+`\)`).MatchString(out) {
				t.Errorf("want b adopting %s with a warning naming it:\n%s", id, out)
			}
			// b's declaration goes: the target stays.
			c.Write("main.tf", twoProvidersHCL(e)[:strings.Index(twoProvidersHCL(e), "\nresource \"genviral_analytics_target\" \"b\"")])
			if _, out := c.Run([]int{0}, "apply", "-no-color", "-auto-approve"); !strings.Contains(out, "Will Stay Tracked: tiktok/@brand ("+id+")") {
				t.Errorf("removing b does not say the target stays tracked:\n%s", out)
			}
			if err := e.CompareTargets([]string{"tiktok/brand"}); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestAccOwnership_trackedDuringCreate: another client tracks the account
// while this apply's create is under way (the plan, and the apply's own
// plan, saw it absent). The create's created:false answer makes the target
// adopted, or with adopt_existing = false an error that records nothing;
// either way destroy leaves the target tracked.
func TestAccOwnership_trackedDuringCreate(t *testing.T) {
	for name, refuse := range map[string]bool{"adopt": false, "refuse": true} {
		t.Run(name, func(t *testing.T) {
			e := acctest.NewTestEnv(t)
			rec := &acctest.DiagRecorder{}
			const a = "genviral_analytics_target.a"
			step := resource.TestStep{
				PreConfig: func() { e.Srv.SetStateFaults(emulator.StateFaults{TrackElsewhereBeforeCreate: 1}) },
				Config:    e.Config(acctest.TargetHCL("a", "tiktok", "@brand", fmt.Sprintf("adopt_existing = %t", !refuse))),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					acctest.PlanUnknown(a, "adopted"),
				}},
				ConfigStateChecks: []statecheck.StateCheck{acctest.StateBool(a, "adopted", true)},
				Check: rec.ExpectWarnings(`Adopted Existing Analytics Target: tiktok/@brand \([0-9a-f-]{36}\).*destroying this ` +
					`resource will only remove it from state.*not tracked when this run planned it`),
			}
			if refuse {
				step.ConfigPlanChecks, step.ConfigStateChecks, step.Check = resource.ConfigPlanChecks{}, nil, nil
				step.ExpectError = regexp.MustCompile(`(?s)Analytics Target Already Exists: tiktok/@brand.*nothing was ` +
					`recorded in state.*not tracked when this run planned it`)
			}
			acctest.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: rec.Factories(),
				Steps:                    []resource.TestStep{step},
				CheckDestroy:             e.CheckTargets("tiktok/brand"),
			})
		})
	}
}

// cliConfig is a CLI working directory's configuration: the provider
// requirement, the provider block of e and body.
func cliConfig(e *acctest.TestEnv, body string) string {
	return savedPlanRequiredProviders + e.Provider() + body
}

// stateAttr returns attribute attr of the instance of address addr
// ("genviral_analytics_target.a") in the CLI run's state, or nil.
func stateAttr(c *acctest.CLIRun, addr, attr string) any {
	c.T.Helper()
	var state struct {
		Resources []struct {
			Type, Name string
			Instances  []struct {
				Attributes map[string]any
			}
		}
	}
	if err := json.Unmarshal([]byte(c.Read("terraform.tfstate")), &state); err != nil {
		c.T.Fatalf("terraform.tfstate: %v", err)
	}
	for _, r := range state.Resources {
		if r.Type+"."+r.Name == addr && len(r.Instances) > 0 {
			return r.Instances[0].Attributes[attr]
		}
	}
	return nil
}

// TestAccOwnership_twoStateFiles: two working directories (two pipelines,
// two state files) declare one account and apply at the same time. However
// their plans and creates interleave, exactly one owns the target, nothing
// is duplicated, and destroying the adopter keeps the target.
func TestAccOwnership_twoStateFiles(t *testing.T) {
	e := acctest.NewTestEnv(t)
	runs := []*acctest.CLIRun{acctest.NewCLIRun(t, "1.5"), acctest.NewCLIRun(t, "1.5")}
	for _, c := range runs {
		c.Write("main.tf", cliConfig(e, acctest.TargetHCL("a", "tiktok", "@brand")))
		c.Run([]int{0}, "init", "-no-color")
	}
	// Slow creates make the overlap likely (both plans see the account
	// absent, both creates are under way at once); what is asserted holds
	// for every interleaving.
	e.Srv.SetFaults(emulator.Faults{Latency: time.Second, Routes: []string{emulator.RouteCreateTarget}})
	var wg sync.WaitGroup
	outs := make([]string, len(runs))
	for i, c := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, stdout, stderr := c.CLI.Command(t, c.Dir, c.Env, "apply", "-no-color", "-auto-approve")
			outs[i] = fmt.Sprintf("exit %d\n%s%s", code, stdout, stderr)
		}()
	}
	wg.Wait()
	e.Srv.SetFaults(emulator.Faults{})
	var owner, adopter *acctest.CLIRun
	for i, c := range runs {
		if !strings.HasPrefix(outs[i], "exit 0\n") {
			t.Fatalf("apply %d failed:\n%s", i, outs[i])
		}
		switch stateAttr(c, "genviral_analytics_target.a", "adopted") {
		case false:
			owner = c
		case true:
			adopter = c
		}
	}
	if owner == nil || adopter == nil {
		t.Fatalf("want one owner and one adopter:\n%s\n---\n%s", outs[0], outs[1])
	}
	if err := e.CompareTargets([]string{"tiktok/brand"}); err != nil {
		t.Fatal(err)
	}
	if got, want := stateAttr(adopter, "genviral_analytics_target.a", "id"), stateAttr(owner, "genviral_analytics_target.a", "id"); got != want {
		t.Errorf("the adopter holds %v, the owner %v", got, want)
	}
	if _, out := adopter.Run([]int{0}, "destroy", "-no-color", "-auto-approve"); !strings.Contains(out, "Will Stay Tracked: tiktok/@brand") {
		t.Errorf("the adopter's destroy does not say the target stays tracked:\n%s", out)
	}
	if err := e.CompareTargets([]string{"tiktok/brand"}); err != nil {
		t.Fatalf("after the adopter's destroy: %v", err)
	}
	if _, out := owner.Run([]int{0}, "destroy", "-no-color", "-auto-approve"); !strings.Contains(out, "Will Be Deleted: tiktok/@brand") {
		t.Errorf("the owner's destroy does not say the target is deleted:\n%s", out)
	}
	if err := e.CompareTargets(nil); err != nil {
		t.Fatalf("after the owner's destroy: %v", err)
	}
}

// TestAccOwnership_savedPlanMeetsTrackedAccount: an account tracked
// elsewhere between plan -out and apply. With adopt_existing = true the
// apply adopts it (the saved plan left adopted unknown, so nothing
// contradicts it); with false it fails with the provider's own error before
// anything is written. Never Terraform's "inconsistent final plan".
func TestAccOwnership_savedPlanMeetsTrackedAccount(t *testing.T) {
	for name, adopt := range map[string]bool{"adopt": true, "refuse": false} {
		t.Run(name, func(t *testing.T) {
			e := acctest.NewTestEnv(t)
			c := acctest.NewCLIRun(t, "1.5")
			c.Write("main.tf", cliConfig(e, acctest.TargetHCL("a", "tiktok", "@brand", fmt.Sprintf("adopt_existing = %t", adopt))))
			c.Run([]int{0}, "init", "-no-color")
			if _, out := c.Run([]int{0}, "plan", "-no-color", "-out=tfplan"); !regexp.MustCompile(`adopted +?= \(known after apply\)`).MatchString(out) {
				t.Errorf("the plan does not leave adopted unknown:\n%s", out)
			}
			tracked := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@brand", "")
			e.Srv.ResetCounts()
			code, out := c.Run([]int{0, 1}, "apply", "-no-color", "tfplan")
			if strings.Contains(out, "inconsistent final plan") || strings.Contains(out, "bug in the provider") {
				t.Fatalf("the apply blames the provider:\n%s", out)
			}
			if adopt {
				if code != 0 || !strings.Contains(out, "Will Be Adopted: tiktok/@brand ("+tracked.ID+")") ||
					stateAttr(c, "genviral_analytics_target.a", "adopted") != true {
					t.Errorf("want the tracked target adopted with a warning:\n%s", out)
				}
			} else {
				if code != 1 || !regexp.MustCompile(`(?s)Already Exists: tiktok/@brand.*`+tracked.ID+`.*Nothing\s+was\s+done.*tracked\s+after\s+the\s+plan\s+was\s+made.*plan\s+again`).MatchString(out) {
					t.Errorf("want the provider's error naming the target:\n%s", out)
				}
				if n := len(e.Requests(emulator.RouteCreateTarget)); n != 0 {
					t.Errorf("%d creates sent, want none", n)
				}
			}
			if err := e.CompareTargets([]string{"tiktok/brand"}); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestAccOwnership_everyAccountInPlanOutput: Terraform folds warnings of one
// summary into "(and N more similar warnings elsewhere)"; each account's
// adoption at plan and its fate at destroy is a summary of its own, so the
// plan output shows all of them.
func TestAccOwnership_everyAccountInPlanOutput(t *testing.T) {
	e := acctest.NewTestEnv(t)
	var seeded []emulator.Target
	for _, h := range []string{"@one", "@two", "@three"} {
		seeded = append(seeded, e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", h, ""))
	}
	c := acctest.NewCLIRun(t, "1.5")
	c.Write("main.tf", cliConfig(e, acctest.TargetHCL("one", "tiktok", "@one")+acctest.TargetHCL("two", "tiktok", "@two")+
		acctest.TargetHCL("three", "tiktok", "@three")+acctest.TargetHCL("own", "tiktok", "@own")))
	c.Run([]int{0}, "init", "-no-color")
	_, plan := c.Run([]int{0}, "plan", "-no-color")
	c.Run([]int{0}, "apply", "-no-color", "-auto-approve")
	_, destroy := c.Run([]int{0}, "plan", "-destroy", "-no-color")
	own := stateAttr(c, "genviral_analytics_target.own", "id")
	for _, out := range []string{plan, destroy} {
		if strings.Contains(out, "more similar warning") {
			t.Errorf("warnings folded:\n%s", out)
		}
	}
	for _, tg := range seeded {
		if want := "Warning: Analytics Target Will Be Adopted: tiktok/" + tg.Identifier + " (" + tg.ID + ")"; !strings.Contains(plan, want) {
			t.Errorf("the plan lacks %q:\n%s", want, plan)
		}
		if want := "Warning: Analytics Target Will Stay Tracked: tiktok/" + tg.Identifier + " (" + tg.ID + ")"; !strings.Contains(destroy, want) {
			t.Errorf("the destroy plan lacks %q:\n%s", want, destroy)
		}
	}
	if want := fmt.Sprintf("Warning: Analytics Target Will Be Deleted: tiktok/@own (%v)", own); !strings.Contains(destroy, want) {
		t.Errorf("the destroy plan lacks %q:\n%s", want, destroy)
	}
}

// TestAccOwnership_renamedWithoutMoved: a resource renamed without a moved
// block. Holding a target it created, the plan fails naming the target and
// the moved block (the apply would delete what the new resource adopts, or
// create it again, in no fixed order); with the moved block it keeps the id
// and the next plan is empty. Holding an adopted target, the plan says it
// stays tracked and is adopted by the new resource; the apply does that,
// and the next plan is empty.
func TestAccOwnership_renamedWithoutMoved(t *testing.T) {
	e := acctest.NewTestEnv(t)
	seeded := e.Srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "@adopted", "")
	var owned string
	body := func(name string, extra string) string {
		return e.Config(acctest.TargetHCL(name, "tiktok", "@brand") + acctest.TargetHCL(name+"_yt", "youtube", "@adopted") + extra)
	}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: body("old", ""), Check: func(s *terraform.State) error {
				owned = s.RootModule().Resources["genviral_analytics_target.old"].Primary.ID
				return nil
			}},
			{
				PreConfig:   e.ResetCounts(),
				Config:      body("new", ""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Analytics Target Deleted and Declared Again: tiktok/@brand.*moved block`),
			},
			{
				Config: body("new", `
moved {
  from = genviral_analytics_target.old
  to   = genviral_analytics_target.new
}
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("genviral_analytics_target.new", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("genviral_analytics_target.new_yt", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("genviral_analytics_target.old_yt", plancheck.ResourceActionDestroy),
					acctest.PlanBool("genviral_analytics_target.new_yt", "adopted", true),
				}},
				ConfigStateChecks: []statecheck.StateCheck{acctest.StateString("genviral_analytics_target.new_yt", "id", seeded.ID)},
				Check: resource.ComposeTestCheckFunc(func(s *terraform.State) error {
					if got := s.RootModule().Resources["genviral_analytics_target.new"].Primary.ID; got != owned {
						return fmt.Errorf("the moved resource holds %s, want %s", got, owned)
					}
					return nil
				}, e.CheckRequests(map[string]int{emulator.RouteDeleteTarget: 0}).Check,
					e.CheckTargets("tiktok/brand", "youtube/adopted")),
			},
			{
				Config: body("new", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
		CheckDestroy: e.CheckTargets("youtube/adopted"),
	})
}

// TestAccOwnership_oneMixedPlan: one plan that keeps, updates, adopts and
// destroys says what it does for each resource it changes, and nothing for
// the one it keeps: ModifyPlan reads only the attributes its decisions need,
// and no shortcut for unchanged resources may skip the others' warnings.
func TestAccOwnership_oneMixedPlan(t *testing.T) {
	e := acctest.NewTestEnv(t)
	c := acctest.NewCLIRun(t, "1.5")
	keep, update := acctest.TargetHCL("keep", "tiktok", "@keep"), acctest.TargetHCL("update", "instagram", "@update", `alias = "Before"`)
	c.Write("main.tf", cliConfig(e, keep+update+acctest.TargetHCL("gone", "youtube", "@gone")))
	c.Run([]int{0}, "init", "-no-color")
	c.Run([]int{0}, "apply", "-no-color", "-auto-approve")
	gone := stateAttr(c, "genviral_analytics_target.gone", "id")
	seeded := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@adopt", "")

	c.Write("main.tf", cliConfig(e, keep+acctest.TargetHCL("update", "instagram", "@update", `alias = "After"`)+
		acctest.TargetHCL("adopt", "tiktok", "@adopt")))
	_, plan := c.Run([]int{0}, "plan", "-no-color")
	for _, want := range []string{
		"Warning: Analytics Target Will Be Adopted: tiktok/@adopt (" + seeded.ID + ")",
		fmt.Sprintf("Warning: Analytics Target Will Be Deleted: youtube/@gone (%v)", gone),
		"genviral_analytics_target.update will be updated in-place",
		"Plan: 1 to add, 1 to change, 1 to destroy.",
	} {
		if !strings.Contains(plan, want) {
			t.Errorf("the plan lacks %q:\n%s", want, plan)
		}
	}
	if strings.Contains(plan, "@keep") || strings.Contains(plan, "@update (") {
		t.Errorf("the plan warns about a resource it keeps or only updates:\n%s", plan)
	}
}
