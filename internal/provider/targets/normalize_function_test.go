package targets_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
)

// TestAccNormalizeHandleFunction: the function normalizes as the resource
// does (its result equals normalized_identifier), needs no provider
// configuration, and refuses an empty handle on its argument.
func TestAccNormalizeHandleFunction(t *testing.T) {
	e := acctest.NewTestEnv(t)
	acctest.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		Steps: []resource.TestStep{
			{
				Config:      `output "bad" { value = provider::genviral::normalize_handle(" @ ") }`,
				ExpectError: regexp.MustCompile(`(?s)Invalid value for "handle" parameter: the handle " @ " is\s+empty`),
			},
			{
				Config: `
output "handles" {
  value = [for h in ["@Brand", " brand ", "BRAND.co", "@acme_Coffee-1", "@ΚΑΦΕΟΔΟΣ", "καφεοδοσ"] : provider::genviral::normalize_handle(h)]
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("handles", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("brand"), knownvalue.StringExact("brand"),
						knownvalue.StringExact("brand.co"), knownvalue.StringExact("acme_coffee-1"),
						knownvalue.StringExact("καφεοδος"), knownvalue.StringExact("καφεοδος"),
					})),
				},
			},
			{
				// Keyed by the function, a target matches its
				// normalized_identifier whatever the spelling.
				Config: e.Config(acctest.TargetHCL("a", "tiktok", "@Acme.Coffee") + `
locals {
  by_handle = { (provider::genviral::normalize_handle("ACME.coffee")) = "wanted" }
}
output "match" {
  value = local.by_handle[genviral_analytics_target.a.normalized_identifier]
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("match", knownvalue.StringExact("wanted")),
				},
			},
		},
	})
}
