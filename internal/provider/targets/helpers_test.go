package targets_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/list"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
	"github.com/genviral/terraform-provider-genviral/internal/provider/targets"
)

// expectTargetIdentity checks the identity Terraform recorded for addr: its
// id (any string when id is "") and account.
func expectTargetIdentity(addr, id, platform, identifier string) statecheck.StateCheck {
	var idCheck knownvalue.Check = knownvalue.StringRegexp(regexp.MustCompile(`^.+$`))
	if id != "" {
		idCheck = knownvalue.StringExact(id)
	}
	return statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{
		"id":         idCheck,
		"platform":   knownvalue.StringExact(platform),
		"identifier": knownvalue.StringExact(identifier),
	})
}

// importIdentityHCL renders an import block by identity for
// genviral_analytics_target.a.
func importIdentityHCL(platform, identifier string) string {
	return fmt.Sprintf(`
import {
  to       = genviral_analytics_target.a
  identity = { platform = %q, identifier = %q }
}
`, platform, identifier)
}

// dsTargetRow is the expected value of one target row.
func dsTargetRow(t emulator.Target) knownvalue.Check {
	var display knownvalue.Check = knownvalue.Null()
	if t.DisplayName != "" {
		display = knownvalue.StringExact(t.DisplayName)
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":                     knownvalue.StringExact(t.ID),
		"platform":               knownvalue.StringExact(t.Platform),
		"identifier":             knownvalue.StringExact(t.Identifier),
		"normalized_identifier":  knownvalue.StringExact(t.NormalizedIdentifier),
		"display_name":           display,
		"free_refresh_available": knownvalue.Bool(t.FreeRefreshAvailable),
	})
}

// checkScopeTargets compares the accounts ("tiktok/brand") tracked in scope
// with want.
func checkScopeTargets(e *acctest.TestEnv, scope emulator.Scope, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error { return acctest.CompareScopeTargets(e, scope, want) }
}

// checkStateMatchesTarget asserts that the workspace tracks exactly one
// target and that addr's state holds its id.
func checkStateMatchesTarget(e *acctest.TestEnv, addr string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ts := e.Srv.Targets(emulator.WorkspaceScope())
		rs, ok := s.RootModule().Resources[addr]
		switch {
		case len(ts) != 1:
			return fmt.Errorf("want one tracked target, got %+v", ts)
		case !ok:
			return fmt.Errorf("%s is not in state", addr)
		case rs.Primary.ID != ts[0].ID:
			return fmt.Errorf("%s holds %s, but the tracked target is %s", addr, rs.Primary.ID, ts[0].ID)
		}
		return nil
	}
}

// checkPatches asserts the PATCH bodies sent since the last reset.
func checkPatches(e *acctest.TestEnv, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := e.PatchBodies()
		if len(got) != len(want) {
			return fmt.Errorf("got %d PATCH requests %v, want %d", len(got), got, len(want))
		}
		for i, w := range want {
			var wm map[string]any
			if err := json.Unmarshal([]byte(w), &wm); err != nil {
				return err
			}
			gj, _ := json.Marshal(got[i])
			wj, _ := json.Marshal(wm)
			if string(gj) != string(wj) {
				return fmt.Errorf("PATCH %d: got %s, want %s", i, gj, wj)
			}
		}
		return nil
	}
}

// listTargets runs the genviral_analytics_target list resource as
// `terraform query` with include_resource runs it, without a platform, and
// returns what it streams.
func listTargets(e *acctest.TestEnv) []list.ListResult {
	e.T.Helper()
	ctx := context.Background()
	l := &targets.AnalyticsTargetListResource{shared.WithResourceData{Data: e.ProviderData()}}
	var cfg list.ListResourceSchemaResponse
	l.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &cfg)
	var rs fwresource.SchemaResponse
	var is fwresource.IdentitySchemaResponse
	r := &targets.AnalyticsTargetResource{}
	r.Schema(ctx, fwresource.SchemaRequest{}, &rs)
	r.IdentitySchema(ctx, fwresource.IdentitySchemaRequest{}, &is)
	var stream list.ListResultsStream
	l.List(ctx, list.ListRequest{
		Config: tfsdk.Config{Schema: cfg.Schema, Raw: tftypes.NewValue(cfg.Schema.Type().TerraformType(ctx),
			map[string]tftypes.Value{"platform": tftypes.NewValue(tftypes.String, nil)})},
		IncludeResource:        true,
		ResourceSchema:         rs.Schema,
		ResourceIdentitySchema: is.IdentitySchema,
	}, &stream)
	return slices.Collect(stream.Results)
}
