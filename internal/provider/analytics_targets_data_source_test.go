package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
)

// TestAccTargetsDataSource_filtersByPlatform lists every target of a
// workspace key, then only its TikTok ones, then those of a personal key.
func TestAccTargetsDataSource_filtersByPlatform(t *testing.T) {
	e := newTestEnv(t, emulator.Options{})
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
					statecheck.ExpectKnownValue(all, tfjsonpath.New("workspace_id"), knownvalue.StringExact(emulator.WorkspaceID)),
					statecheck.ExpectKnownValue(all, tfjsonpath.New("platform"), knownvalue.Null()),
					statecheck.ExpectKnownValue(all, tfjsonpath.New("targets"), knownvalue.ListExact([]knownvalue.Check{
						dsTargetRow(a), dsTargetRow(b), dsTargetRow(c),
					})),
					statecheck.ExpectKnownValue(tiktok, tfjsonpath.New("targets"), knownvalue.ListExact([]knownvalue.Check{
						dsTargetRow(a), dsTargetRow(c),
					})),
					statecheck.ExpectKnownValue(all, tfjsonpath.New("id"), knownvalue.StringExact(emulator.WorkspaceID+"/all")),
					statecheck.ExpectKnownValue(tiktok, tfjsonpath.New("id"), knownvalue.StringExact(emulator.WorkspaceID+"/tiktok")),
				},
			},
			{
				Config: e.provider(`api_key = "`+emulator.PersonalKey+`"`) + body,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(all, tfjsonpath.New("workspace_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(all, tfjsonpath.New("targets"), knownvalue.ListExact([]knownvalue.Check{dsTargetRow(p)})),
					statecheck.ExpectKnownValue(tiktok, tfjsonpath.New("targets"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(all, tfjsonpath.New("id"), knownvalue.StringExact("personal/all")),
				},
			},
		},
	})
}

// TestAccTargetsDataSource_invalidPlatform fails at plan without requests.
func TestAccTargetsDataSource_invalidPlatform(t *testing.T) {
	e := newTestEnv(t, emulator.Options{})
	parallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: e.config(`
data "genviral_analytics_targets" "x" {
  platform = "facebook"
}`),
			PlanOnly:    true,
			ExpectError: errorPattern(`(?s)platform.*value must be one of`),
		}},
	})
	e.expectNoRequests()
}
