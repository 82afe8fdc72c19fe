package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
)

// TestAccAnalyticsTargetList_query: `terraform query` lists the key's
// targets (all, or one platform's), each with its identity, display name
// and, when asked, the resource as an import leaves it.
func TestAccAnalyticsTargetList_query(t *testing.T) {
	e := newTestEnv(t)
	named := e.srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@Handle", "Handle Inc")
	e.srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "second", "")
	plain := e.srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "plainchannel", "")
	// Another scope's target is not listed.
	e.srv.SeedTarget(emulator.PersonalScope(), "tiktok", "personal", "")
	const all, tiktok = "genviral_analytics_target.all", "genviral_analytics_target.tiktok"
	byID := func(id string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
			"id": knownvalue.StringExact(id), "platform": knownvalue.NotNull(), "identifier": knownvalue.NotNull(),
		})
	}
	value := func(attr string, v knownvalue.Check) querycheck.KnownValueCheck {
		return querycheck.KnownValueCheck{Path: tfjsonpath.New(attr), KnownValue: v}
	}
	parallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Config: e.config("")},
			{
				Query: true,
				Config: `
list "genviral_analytics_target" "all" {
  provider = genviral
}

list "genviral_analytics_target" "tiktok" {
  provider         = genviral
  include_resource = true
  config {
    platform = "tiktok"
  }
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength(all, 3),
					querycheck.ExpectLength(tiktok, 2),
					querycheck.ExpectIdentity(all, map[string]knownvalue.Check{
						"id":         knownvalue.StringExact(plain.ID),
						"platform":   knownvalue.StringExact("youtube"),
						"identifier": knownvalue.StringExact("plainchannel"),
					}),
					querycheck.ExpectIdentity(tiktok, map[string]knownvalue.Check{
						"id":         knownvalue.StringExact(named.ID),
						"platform":   knownvalue.StringExact("tiktok"),
						"identifier": knownvalue.StringExact("handle"),
					}),
					querycheck.ExpectResourceDisplayName(tiktok, byID(named.ID), knownvalue.StringExact("tiktok/@Handle (Handle Inc)")),
					querycheck.ExpectResourceKnownValues(tiktok, byID(named.ID), []querycheck.KnownValueCheck{
						value("id", knownvalue.StringExact(named.ID)),
						value("identifier", knownvalue.StringExact("@Handle")),
						value("alias", knownvalue.StringExact("Handle Inc")),
						value("display_name", knownvalue.StringExact("Handle Inc")),
						value("normalized_identifier", knownvalue.StringExact("handle")),
						value("adopted", knownvalue.Bool(true)),
						value("deletion_policy", knownvalue.StringExact(deleteUnlessAdopted)),
						value("workspace_id", knownvalue.NotNull()),
					}),
				},
			},
		},
	})
}

// TestAccAnalyticsTargetList_generateConfig is the bulk onboarding path end
// to end with the CLI: `terraform query -generate-config-out` writes a
// resource and an import block per listed target; applying that
// configuration imports them all without changing any, the plan after it
// is empty, and destroying them leaves them tracked.
func TestAccAnalyticsTargetList_generateConfig(t *testing.T) {
	c := newCLIRun(t, "1.14.0")
	e := newTestEnv(t)
	e.srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@Handle", "Handle Inc")
	e.srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "second", "")
	e.srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "@PlainChannel", "")
	e.srv.SeedTarget(emulator.WorkspaceScope(), "instagram", "acme.coffee", "Acme Coffee")
	e.srv.SeedTarget(emulator.PersonalScope(), "tiktok", "personal", "")
	c.write("main.tf", `terraform {
  required_providers {
    genviral = { source = "genviral/genviral" }
  }
}
`+e.provider())
	c.write("targets.tfquery.hcl", `list "genviral_analytics_target" "all" {
  provider         = genviral
  include_resource = true
}
`)
	ok := []int{0}
	c.run(ok, "init", "-no-color")
	c.run(ok, "query", "-no-color", "-generate-config-out=generated.tf")
	generated := c.read("generated.tf")
	t.Logf("generated.tf:\n%s", generated)
	if n := strings.Count(generated, "import {"); n != 4 {
		t.Fatalf("generated.tf has %d import blocks, want 4:\n%s", n, generated)
	}
	if n := strings.Count(generated, "identity = {"); n != 4 {
		t.Fatalf("generated.tf has %d import blocks by identity, want 4:\n%s", n, generated)
	}
	e.srv.ResetCounts()
	c.run(ok, "apply", "-no-color", "-auto-approve")
	e.expectNoWrites(t)
	if _, out := c.run(ok, "state", "list"); strings.Count(out, "genviral_analytics_target.") != 4 {
		t.Errorf("state has not the 4 targets:\n%s", out)
	}
	code, out := c.run([]int{0, 2}, "plan", "-no-color", "-detailed-exitcode")
	t.Logf("plan after the import:\n%s", out)
	if code != 0 {
		t.Errorf("the plan after importing the generated configuration is not empty:\n%s\n\ngenerated.tf:\n%s", out, generated)
	}
	// The imported targets are adopted: destroying them says so for each,
	// and deletes nothing.
	if _, out := c.run(ok, "destroy", "-no-color", "-auto-approve"); strings.Count(out, "Warning: Analytics Target Will Stay Tracked: ") != 4 {
		t.Errorf("the destroy does not say, for each of the 4 targets, that it stays tracked:\n%s", out)
	}
	e.expectNoWrites(t)
}
