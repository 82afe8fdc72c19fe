package targets_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
)

// guideSnapshotHCL is the guide's snapshot configuration for Terraform 1.5
// to 1.13 (after the provider block): the key's target list as one output.
const guideSnapshotHCL = `
data "genviral_analytics_targets" "all" {}

output "targets" {
  value = jsonencode({
    for t in data.genviral_analytics_targets.all.targets : "${t.platform}_${t.normalized_identifier}" => {
      id         = t.id
      platform   = t.platform
      identifier = t.identifier
      alias      = t.display_name != "" ? t.display_name : null
    }
  })
}
`

// guideFrozenImportHCL is the guide's import from the reviewed file.
const guideFrozenImportHCL = `
locals {
  targets = jsondecode(file("${path.module}/targets.json"))
}

import {
  for_each = local.targets
  to       = genviral_analytics_target.tracked[each.key]
  id       = each.value.id
}

resource "genviral_analytics_target" "tracked" {
  for_each   = local.targets
  platform   = each.value.platform
  identifier = each.value.identifier
  alias      = each.value.alias
}
`

// guideLiveImportHCL is what earlier versions of the guide gave: import and
// resource blocks with for_each over the live list.
const guideLiveImportHCL = `
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
`

// seedGuideTargets seeds the targets the guide tests adopt.
func seedGuideTargets(e *acctest.TestEnv) {
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@Handle", "Handle Inc")
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "plain", "")
}

// TestAccGuideAdoptExistingWorkspace_frozenList runs the guide's onboarding
// for Terraform 1.7 to 1.13: the list written once to a file, then imported
// from it, without a write, and the plan after it is empty. An entry
// removed from the file later is an imported target: the plan says it stays
// tracked, and the apply deletes nothing.
func TestAccGuideAdoptExistingWorkspace_frozenList(t *testing.T) {
	snapshot, c := acctest.NewCLIRun(t, "1.7.0"), acctest.NewCLIRun(t, "1.7.0")
	e := acctest.NewTestEnv(t)
	seedGuideTargets(e)
	snapshot.Write("main.tf", cliConfig(e, guideSnapshotHCL))
	snapshot.Run([]int{0}, "init", "-no-color")
	snapshot.Run([]int{0}, "apply", "-no-color", "-auto-approve")
	_, frozen := snapshot.Run([]int{0}, "output", "-raw", "targets")
	c.Write("targets.json", frozen)
	c.Write("main.tf", cliConfig(e, guideFrozenImportHCL))
	c.Run([]int{0}, "init", "-no-color")
	if _, out := c.Run([]int{0}, "apply", "-no-color", "-auto-approve"); !strings.Contains(out, "2 imported, 0 added, 0 changed, 0 destroyed") {
		t.Errorf("the apply did not import both targets and nothing else:\n%s", out)
	}
	e.ExpectNoWrites(t)
	if code, out := c.Run([]int{0, 2}, "plan", "-no-color", "-detailed-exitcode"); code != 0 {
		t.Errorf("the plan after the import is not empty:\n%s", out)
	}
	// The live list answering empty changes nothing: the file decides.
	e.Srv.SetStateFaults(emulator.StateFaults{ListEmpty: true})
	if code, out := c.Run([]int{0, 2}, "plan", "-no-color", "-detailed-exitcode"); code != 0 {
		t.Errorf("an empty live list changes the plan:\n%s", out)
	}
	e.Srv.SetStateFaults(emulator.StateFaults{})
	var entries map[string]any
	if err := json.Unmarshal([]byte(frozen), &entries); err != nil {
		t.Fatalf("targets.json: %v\n%s", err, frozen)
	}
	delete(entries, "youtube_plain")
	edited, _ := json.Marshal(entries)
	c.Write("targets.json", string(edited))
	_, out := c.Run([]int{0}, "apply", "-no-color", "-auto-approve")
	if !strings.Contains(out, "Warning: Analytics Target Will Stay Tracked: youtube/plain") || !strings.Contains(out, "1 destroyed") {
		t.Errorf("removing an entry does not say the target stays tracked:\n%s", out)
	}
	e.ExpectNoWrites(t)
	if err := e.CompareTargets([]string{"tiktok/handle", "youtube/plain"}); err != nil {
		t.Error(err)
	}
}

// TestAccGuideAdoptExistingWorkspace_liveListAnswersEmpty: a workspace
// onboarded with the earlier guide's for_each over the live list, whose
// list then answers empty while single reads work (a proxy, a partial
// outage). The plan drops every resource, but each is an imported target:
// the plan says each stays tracked, and the apply deletes nothing.
func TestAccGuideAdoptExistingWorkspace_liveListAnswersEmpty(t *testing.T) {
	c := acctest.NewCLIRun(t, "1.7.0")
	e := acctest.NewTestEnv(t)
	seedGuideTargets(e)
	c.Write("main.tf", cliConfig(e, guideLiveImportHCL))
	c.Run([]int{0}, "init", "-no-color")
	c.Run([]int{0}, "apply", "-no-color", "-auto-approve")
	e.Srv.SetStateFaults(emulator.StateFaults{ListEmpty: true})
	_, out := c.Run([]int{0}, "apply", "-no-color", "-auto-approve")
	if n := strings.Count(out, "Warning: Analytics Target Will Stay Tracked: "); n != 2 || !strings.Contains(out, "2 destroyed") {
		t.Errorf("the apply does not say, for each of the 2 targets, that it stays tracked (%d):\n%s", n, out)
	}
	e.ExpectNoWrites(t)
	if err := e.CompareTargets([]string{"tiktok/handle", "youtube/plain"}); err != nil {
		t.Error(err)
	}
}
