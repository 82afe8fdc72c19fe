package provider

import (
	"strings"
	"testing"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
)

// TestAccGuideAdoptExistingWorkspace_importForEach runs the guide's
// onboarding snippet for Terraform 1.7 to 1.13 (import blocks with
// for_each over genviral_analytics_targets): every target imports without a
// write, and the plan after it is empty.
func TestAccGuideAdoptExistingWorkspace_importForEach(t *testing.T) {
	c := newCLIRun(t, "1.7.0")
	e := newTestEnv(t)
	e.srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@Handle", "Handle Inc")
	e.srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "plain", "")
	c.write("main.tf", `terraform {
  required_providers {
    genviral = { source = "genviral/genviral" }
  }
}
`+e.provider()+`
data "genviral_analytics_targets" "all" {}

import {
  for_each = { for t in data.genviral_analytics_targets.all.targets : "${t.platform}_${t.normalized_identifier}" => t }
  to       = genviral_analytics_target.tracked[each.key]
  id       = each.value.id
}

resource "genviral_analytics_target" "tracked" {
  for_each   = { for t in data.genviral_analytics_targets.all.targets : "${t.platform}_${t.normalized_identifier}" => t }
  platform   = each.value.platform
  identifier = each.value.identifier
  alias      = each.value.display_name
}
`)
	c.run([]int{0}, "init", "-no-color")
	if _, out := c.run([]int{0}, "apply", "-no-color", "-auto-approve"); !strings.Contains(out, "2 imported, 0 added, 0 changed, 0 destroyed") {
		t.Errorf("the apply did not import both targets and nothing else:\n%s", out)
	}
	e.expectNoWrites(t)
	if code, out := c.run([]int{0, 2}, "plan", "-no-color", "-detailed-exitcode"); code != 0 {
		t.Errorf("the plan after the import is not empty:\n%s", out)
	}
}
