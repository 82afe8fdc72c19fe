package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
)

// TestAccTargetsDataSource_filtersByPlatform lists every target of a
// workspace key, then only its TikTok ones, then those of a personal key.
func TestAccTargetsDataSource_filtersByPlatform(t *testing.T) {
	e := newTestEnv(t)
	ws := emulator.WorkspaceScope()
	a := e.srv.SeedTarget(ws, "tiktok", "@Alpha", "Alpha Inc")
	b := e.srv.SeedTarget(ws, "instagram", "beta", "")
	c := e.srv.SeedTarget(ws, "tiktok", "@gamma", "")
	p := e.srv.SeedTarget(emulator.PersonalScope(), "youtube", "@mine", "Mine")

	const all, tiktok = "data.genviral_analytics_targets.all", "data.genviral_analytics_targets.tiktok"
	body := `
data "genviral_analytics_targets" "all" {}

data "genviral_analytics_targets" "tiktok" {
  platform = "tiktok"
}`
	parallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: e.config(body),
				ConfigStateChecks: []statecheck.StateCheck{
					stateValue(all, "workspace_id", knownvalue.StringExact(emulator.WorkspaceID)),
					stateValue(all, "platform", knownvalue.Null()),
					stateValue(all, "targets", knownvalue.ListExact([]knownvalue.Check{
						dsTargetRow(a), dsTargetRow(b), dsTargetRow(c),
					})),
					stateValue(tiktok, "targets", knownvalue.ListExact([]knownvalue.Check{
						dsTargetRow(a), dsTargetRow(c),
					})),
					stateValue(all, "id", knownvalue.StringExact(emulator.WorkspaceID+"/all")),
					stateValue(tiktok, "id", knownvalue.StringExact(emulator.WorkspaceID+"/tiktok")),
				},
			},
			{
				Config: e.provider(`api_key = "`+emulator.PersonalKey+`"`) + body,
				ConfigStateChecks: []statecheck.StateCheck{
					stateValue(all, "workspace_id", knownvalue.Null()),
					stateValue(all, "targets", knownvalue.ListExact([]knownvalue.Check{dsTargetRow(p)})),
					stateValue(tiktok, "targets", knownvalue.ListSizeExact(0)),
					stateValue(all, "id", knownvalue.StringExact("personal/all")),
				},
			},
		},
	})
}

// TestAccTargetsDataSource_invalidPlatform fails at plan without requests.
func TestAccTargetsDataSource_invalidPlatform(t *testing.T) {
	testPlanErrors(t, dataSourceBody("genviral_analytics_targets"), map[string]planError{
		"facebook": {`platform = "facebook"`, `(?s)platform.*value must be one of`},
	})
}
