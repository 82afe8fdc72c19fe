package targets_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
)

// TestAccAnalyticsTarget_identity: create and read record the identity with
// the handle in comparison form, a respelled handle keeps it, and the
// testing framework's identity and id import blocks both reproduce state
// (their plans are no-ops).
func TestAccAnalyticsTarget_identity(t *testing.T) {
	e := acctest.NewTestEnv(t)
	const a = "genviral_analytics_target.a"
	acctest.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		CheckDestroy:           e.CheckTargets(),
		Steps: []resource.TestStep{
			{
				Config:            e.Config(acctest.TargetHCL("a", "tiktok", "@Brand.Co")),
				ConfigStateChecks: []statecheck.StateCheck{expectTargetIdentity(a, "", "tiktok", "brand.co")},
			},
			{
				// A respelling is an in-place update; the identity stays.
				Config: e.Config(acctest.TargetHCL("a", "tiktok", "BRAND.co")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectTargetIdentity(a, "", "tiktok", "brand.co")},
			},
			{
				// Imports take the API's spelling: the configuration uses it.
				Config:            e.Config(acctest.TargetHCL("a", "tiktok", "@Brand.Co")),
				ConfigStateChecks: []statecheck.StateCheck{expectTargetIdentity(a, "", "tiktok", "brand.co")},
			},
			{
				ResourceName:    a,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				ResourceName:    a,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
}

// TestAccAnalyticsTarget_importByIdentity: an import block's identity may
// spell platform and handle in any way; the state takes the API's spelling
// and the identity the comparison form, the target is adopted (this
// configuration did not create it), and the plan after it is empty. An import by id of a target
// created before identities existed, or by an identity that gives only the
// id, gets its account's identity from the first read.
func TestAccAnalyticsTarget_importByIdentity(t *testing.T) {
	e := acctest.NewTestEnv(t)
	seeded := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@Handle", "Handle Inc")
	plain := e.Srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "plainchannel", "")
	third := e.Srv.SeedTarget(emulator.WorkspaceScope(), "instagram", "third", "")
	const a, b, c = "genviral_analytics_target.a", "genviral_analytics_target.b", "genviral_analytics_target.c"
	cfg := acctest.TargetHCL("a", "tiktok", "@Handle", `alias = "Handle Inc"`) + acctest.TargetHCL("b", "youtube", "plainchannel") +
		acctest.TargetHCL("c", "instagram", "third")
	acctest.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		// Imported targets are adopted: destroy leaves them tracked.
		CheckDestroy: e.CheckTargets("tiktok/handle", "youtube/plainchannel", "instagram/third"),
		Steps: []resource.TestStep{
			{
				Config: e.Config(cfg + importIdentityHCL(" TikTok", "HANDLE") + fmt.Sprintf(`
import {
  to = %s
  id = %q
}

import {
  to       = %s
  identity = { id = %q }
}
`, b, plain.ID, c, third.ID)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(a, plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction(b, plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction(c, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateString(a, "id", seeded.ID),
					acctest.StateString(a, "identifier", "@Handle"),
					acctest.StateBool(a, "adopted", true),
					expectTargetIdentity(a, seeded.ID, "tiktok", "handle"),
					acctest.StateString(b, "id", plain.ID),
					expectTargetIdentity(b, plain.ID, "youtube", "plainchannel"),
					expectTargetIdentity(c, third.ID, "instagram", "third"),
				},
			},
			{
				Config: e.Config(cfg),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
}

// TestAccAnalyticsTarget_importByIdentityErrors: an identity that names no
// tracked account, or no valid account, fails the plan with what to do.
func TestAccAnalyticsTarget_importByIdentityErrors(t *testing.T) {
	e := acctest.NewTestEnv(t)
	other := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "other", "")
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "nobody", "")
	const a = "genviral_analytics_target.a"
	body := acctest.TargetHCL("a", "tiktok", "@nobody")
	acctest.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []resource.TestStep{
			{
				Config:      e.Config(body + importIdentityHCL("tiktok", "@somebody")),
				ExpectError: regexp.MustCompile(`No tiktok target with handle "@somebody"`),
			},
			{
				Config: e.Config(body + fmt.Sprintf(`
import {
  to       = %s
  identity = { id = %q, platform = "tiktok", identifier = "@nobody" }
}
`, a, other.ID)),
				ExpectError: regexp.MustCompile(`(?s)Import Identity Names Two Targets.*` + other.ID),
			},
			{
				Config:      e.Config(body + fmt.Sprintf("import {\n  to = %s\n  identity = { id = \"@nobody\" }\n}\n", a)),
				ExpectError: regexp.MustCompile(`(?s)Invalid Import Identity.*is an account handle`),
			},
			{
				Config:      e.Config(body + importIdentityHCL("myspace", "@nobody")),
				ExpectError: regexp.MustCompile(`(?s)Invalid Import Identity.*"myspace"\s+is not one of`),
			},
			{
				Config:      e.Config(body + importIdentityHCL("tiktok", "@no body")),
				ExpectError: regexp.MustCompile(`(?s)Invalid Import Identity.*white space`),
			},
		},
	})
}
