package targets_test

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
	"github.com/genviral/terraform-provider-genviral/internal/provider/targets"
)

// TestAccAnalyticsTargetList_query: `terraform query` lists the key's
// targets (all, or one platform's), each with its identity, display name
// and, when asked, the resource as an import leaves it.
func TestAccAnalyticsTargetList_query(t *testing.T) {
	e := acctest.NewTestEnv(t)
	named := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@Handle", "Handle Inc")
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "second", "")
	plain := e.Srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "plainchannel", "")
	// Another scope's target is not listed.
	e.Srv.SeedTarget(emulator.PersonalScope(), "tiktok", "personal", "")
	const all, tiktok = "genviral_analytics_target.all", "genviral_analytics_target.tiktok"
	byID := func(id string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
			"id": knownvalue.StringExact(id), "platform": knownvalue.NotNull(), "identifier": knownvalue.NotNull(),
		})
	}
	value := func(attr string, v knownvalue.Check) querycheck.KnownValueCheck {
		return querycheck.KnownValueCheck{Path: tfjsonpath.New(attr), KnownValue: v}
	}
	acctest.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Config: e.Config("")},
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
						value("deletion_policy", knownvalue.StringExact(targets.DeleteUnlessAdopted)),
						value("workspace_id", knownvalue.NotNull()),
					}),
				},
			},
		},
	})
}

// TestAnalyticsTargetList_rowsThatPlan: the list resource streams each id
// once, however often the API lists it; leaves out, with a warning naming
// it, a row whose identifier the provider refuses (a profile URL); and takes
// a display name as alias only when an alias can hold it (a long one, not an
// empty one), so that the configuration generated from it plans.
func TestAnalyticsTargetList_rowsThatPlan(t *testing.T) {
	t.Parallel()
	e := acctest.NewTestEnv(t)
	e.Srv.SetStateFaults(emulator.StateFaults{ListRepeatRows: true, ListBlankFields: []string{"display_name"}})
	long := strings.Repeat("Acme Coffee ", 25)
	named := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@Handle", "Handle Inc")
	longRow := e.Srv.SeedTarget(emulator.WorkspaceScope(), "instagram", "acme.coffee", long)
	blank := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "blank", "")
	url := e.Srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "https://www.youtube.com/@brandchannel", "Brand")
	want := map[string]string{named.ID: `"Handle Inc"`, longRow.ID: fmt.Sprintf("%q", long), blank.ID: "<null>"}
	got := map[string]string{}
	var warnings []string
	for _, r := range listTargets(e) {
		if r.Diagnostics.HasError() {
			t.Fatalf("list result with an error: %s", acctest.DiagText(r.Diagnostics))
		}
		if r.Identity == nil {
			warnings = append(warnings, acctest.DiagText(r.Diagnostics))
			continue
		}
		var m targets.TargetModel
		if d := r.Resource.Get(context.Background(), &m); d.HasError() {
			t.Fatal(acctest.DiagText(d))
		}
		if _, twice := got[m.ID.ValueString()]; twice {
			t.Errorf("target %s listed twice", m.ID.ValueString())
		}
		got[m.ID.ValueString()] = m.Alias.String()
	}
	if !maps.Equal(got, want) {
		t.Errorf("listed ids and aliases %v, want %v", got, want)
	}
	re := acctest.ErrorPattern(`(?s)Analytics Target ` + url.ID + ` Not Listed.*youtube/https://www.youtube.com/@brandchannel.*profile URL`)
	if len(warnings) != 1 || !re.MatchString(warnings[0]) {
		t.Errorf("warnings %q, want one matching %s", warnings, re)
	}
}

// TestAccAnalyticsTargetList_generateConfig is the bulk onboarding path end
// to end with the CLI: `terraform query -generate-config-out` writes a
// resource and an import block per listed target; applying that
// configuration imports them all without changing any, the plan after it
// is empty, and destroying them leaves them tracked. That holds too for rows
// the API stores but the provider would refuse or repeat: a row listed twice
// gets one block, a display name of 300 characters or listed empty is
// imported as it is, and a profile URL stored as the identifier is left out
// with a warning naming it.
func TestAccAnalyticsTargetList_generateConfig(t *testing.T) {
	cases := map[string]struct {
		faults emulator.StateFaults
		// seed tracks the accounts, and returns the targets the query lists
		// and the warnings (acctest.ErrorPattern syntax) its output has.
		seed func(e *acctest.TestEnv) (listed int, warnings []string)
	}{
		"ordinary rows": {seed: func(e *acctest.TestEnv) (int, []string) {
			e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@Handle", "Handle Inc")
			e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "second", "")
			e.Srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "@PlainChannel", "")
			e.Srv.SeedTarget(emulator.WorkspaceScope(), "instagram", "acme.coffee", "Acme Coffee")
			e.Srv.SeedTarget(emulator.PersonalScope(), "tiktok", "personal", "")
			return 4, nil
		}},
		"repeated, long, empty and URL rows": {
			faults: emulator.StateFaults{ListRepeatRows: true, ListBlankFields: []string{"display_name"}},
			seed: func(e *acctest.TestEnv) (int, []string) {
				e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@Handle", "Handle Inc")
				e.Srv.SeedTarget(emulator.WorkspaceScope(), "instagram", "acme.coffee", strings.Repeat("Acme Coffee ", 25))
				e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "blank", "")
				url := e.Srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "https://www.youtube.com/@brandchannel", "Brand")
				return 3, []string{`Analytics Target ` + url.ID + ` Not Listed.*youtube/https://www.youtube.com/@brandchannel.*profile URL`}
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := acctest.NewCLIRun(t, "1.14.0")
			e := acctest.NewTestEnv(t)
			e.Srv.SetStateFaults(tc.faults)
			listed, warnings := tc.seed(e)
			c.Write("main.tf", `terraform {
  required_providers {
    genviral = { source = "genviral/genviral" }
  }
}
`+e.Provider())
			c.Write("targets.tfquery.hcl", `list "genviral_analytics_target" "all" {
  provider         = genviral
  include_resource = true
}
`)
			ok := []int{0}
			c.Run(ok, "init", "-no-color")
			_, queried := c.Run(ok, "query", "-no-color", "-generate-config-out=generated.tf")
			for _, w := range warnings {
				if !acctest.ErrorPattern(`(?s)` + w).MatchString(queried) {
					t.Errorf("the query output lacks the warning %q:\n%s", w, queried)
				}
			}
			generated := c.Read("generated.tf")
			t.Logf("generated.tf:\n%s", generated)
			if n := strings.Count(generated, "import {"); n != listed {
				t.Fatalf("generated.tf has %d import blocks, want %d:\n%s", n, listed, generated)
			}
			if n := strings.Count(generated, "identity = {"); n != listed {
				t.Fatalf("generated.tf has %d import blocks by identity, want %d:\n%s", n, listed, generated)
			}
			e.Srv.ResetCounts()
			c.Run(ok, "apply", "-no-color", "-auto-approve")
			e.ExpectNoWrites(t)
			if _, out := c.Run(ok, "state", "list"); strings.Count(out, "genviral_analytics_target.") != listed {
				t.Errorf("state has not the %d targets:\n%s", listed, out)
			}
			code, out := c.Run([]int{0, 2}, "plan", "-no-color", "-detailed-exitcode")
			t.Logf("plan after the import:\n%s", out)
			if code != 0 {
				t.Errorf("the plan after importing the generated configuration is not empty:\n%s\n\ngenerated.tf:\n%s", out, generated)
			}
			// The imported targets are adopted: destroying them says so for
			// each, and deletes nothing.
			e.Srv.ResetCounts()
			if _, out := c.Run(ok, "destroy", "-no-color", "-auto-approve"); strings.Count(out, "Warning: Analytics Target Will Stay Tracked: ") != listed {
				t.Errorf("the destroy does not say, for each of the %d targets, that it stays tracked:\n%s", listed, out)
			}
			e.ExpectNoWrites(t)
		})
	}
}
