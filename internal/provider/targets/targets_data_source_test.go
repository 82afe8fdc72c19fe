package targets_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
)

// TestAccTargetsDataSource_filtersByPlatform lists every target of a
// workspace key, then only its TikTok ones, then those of a personal key.
func TestAccTargetsDataSource_filtersByPlatform(t *testing.T) {
	e := acctest.NewTestEnv(t)
	ws := emulator.WorkspaceScope()
	a := e.Srv.SeedTarget(ws, "tiktok", "@Alpha", "Alpha Inc")
	b := e.Srv.SeedTarget(ws, "instagram", "beta", "")
	c := e.Srv.SeedTarget(ws, "tiktok", "@gamma", "")
	p := e.Srv.SeedTarget(emulator.PersonalScope(), "youtube", "@mine", "Mine")

	const all, tiktok = "data.genviral_analytics_targets.all", "data.genviral_analytics_targets.tiktok"
	body := `
data "genviral_analytics_targets" "all" {}

data "genviral_analytics_targets" "tiktok" {
  platform = "tiktok"
}`
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: e.Config(body),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateValue(all, "workspace_id", knownvalue.StringExact(emulator.WorkspaceID)),
					acctest.StateValue(all, "platform", knownvalue.Null()),
					acctest.StateValue(all, "targets", knownvalue.ListExact([]knownvalue.Check{
						dsTargetRow(a), dsTargetRow(b), dsTargetRow(c),
					})),
					acctest.StateValue(tiktok, "targets", knownvalue.ListExact([]knownvalue.Check{
						dsTargetRow(a), dsTargetRow(c),
					})),
					acctest.StateValue(all, "id", knownvalue.StringExact(emulator.WorkspaceID+"/all")),
					acctest.StateValue(tiktok, "id", knownvalue.StringExact(emulator.WorkspaceID+"/tiktok")),
				},
			},
			{
				Config: e.Provider(`api_key = "`+emulator.PersonalKey+`"`) + body,
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateValue(all, "workspace_id", knownvalue.Null()),
					acctest.StateValue(all, "targets", knownvalue.ListExact([]knownvalue.Check{dsTargetRow(p)})),
					acctest.StateValue(tiktok, "targets", knownvalue.ListSizeExact(0)),
					acctest.StateValue(all, "id", knownvalue.StringExact("personal/all")),
				},
			},
		},
	})
}

// TestAccTargetsDataSource_invalidPlatform fails at plan without requests.
func TestAccTargetsDataSource_invalidPlatform(t *testing.T) {
	acctest.RunPlanErrors(t, acctest.DataSourceBody("genviral_analytics_targets"), map[string]acctest.PlanError{
		"facebook": {`platform = "facebook"`, `(?s)platform.*value must be one of`},
	})
}
