package targets_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
)

// TestAccTargetDataSource_byHandleAndID looks a target up by a differently
// spelled handle ("@Handle" for a target stored as "handle") and by id. The
// same handle on another platform must not match.
func TestAccTargetDataSource_byHandleAndID(t *testing.T) {
	e := acctest.NewTestEnv(t)
	ws := emulator.WorkspaceScope()
	e.Srv.SeedTarget(ws, "tiktok", "handle", "Wrong Platform")
	ig := e.Srv.SeedTarget(ws, "instagram", "handle", "Handle Inc")
	yt := e.Srv.SeedTarget(ws, "youtube", "@Tube", "")

	const byHandle, byID = "data.genviral_analytics_target.by_handle", "data.genviral_analytics_target.by_id"
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: e.Config(fmt.Sprintf(`
data "genviral_analytics_target" "by_handle" {
  platform   = "instagram"
  identifier = "@Handle"
}

data "genviral_analytics_target" "by_id" {
  id = %q
}

output "id_matches" {
  value = data.genviral_analytics_target.by_handle.id == %q
}`, yt.ID, ig.ID)),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.StateValue(byHandle, "id", knownvalue.StringExact(ig.ID)),
				acctest.StateValue(byHandle, "platform", knownvalue.StringExact("instagram")),
				// The configured spelling is kept; the normalized form is the API's.
				acctest.StateValue(byHandle, "identifier", knownvalue.StringExact("@Handle")),
				acctest.StateValue(byHandle, "normalized_identifier", knownvalue.StringExact("handle")),
				acctest.StateValue(byHandle, "display_name", knownvalue.StringExact("Handle Inc")),
				acctest.StateValue(byHandle, "free_refresh_available", knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValue("id_matches", knownvalue.Bool(true)),

				acctest.StateValue(byID, "id", knownvalue.StringExact(yt.ID)),
				acctest.StateValue(byID, "platform", knownvalue.StringExact("youtube")),
				acctest.StateValue(byID, "identifier", knownvalue.StringExact("@Tube")),
				acctest.StateValue(byID, "normalized_identifier", knownvalue.StringExact("tube")),
				acctest.StateValue(byID, "display_name", knownvalue.Null()),
			},
		}},
	})
}

// TestAccTargetDataSource_notFound checks the errors for an unknown handle
// and an unknown id: what was searched, in which scope, what to do.
func TestAccTargetDataSource_notFound(t *testing.T) {
	cases := map[string]struct {
		body string
		want string
	}{
		"handle": {
			"platform   = \"instagram\"\nidentifier = \"@nobody\"",
			`(?s)Analytics Target Not Found.*identifier.*No analytics target for the instagram handle "@nobody" exists in workspace ` +
				emulator.WorkspaceID + `.*tracks these instagram accounts: "@someone".*genviral_analytics_target resource`,
		},
		"id": {
			`id = "00000000-0000-4000-8000-000000000000"`,
			`(?s)Analytics Target Not Found.*No analytics target with id "00000000-0000-4000-8000-000000000000" exists in workspace.*Check the id`,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			e := acctest.NewTestEnv(t)
			e.Srv.SeedTarget(emulator.WorkspaceScope(), "instagram", "@someone", "")
			acctest.ParallelTest(t, resource.TestCase{
				Steps: []resource.TestStep{{
					Config:      e.Config("data \"genviral_analytics_target\" \"x\" {\n" + tc.body + "\n}\n"),
					PlanOnly:    true,
					ExpectError: acctest.ErrorPattern(tc.want),
				}},
			})
		})
	}
}

// TestAccTargetDataSource_invalidLookup checks that a lookup that is not
// exactly one of id, or platform and identifier, fails at plan without
// requests.
func TestAccTargetDataSource_invalidLookup(t *testing.T) {
	const id = `id = "5c9d2e41-0a7b-4c3f-b8e2-91d4f6a0c3b5"`
	acctest.RunPlanErrors(t, acctest.DataSourceBody("genviral_analytics_target"), map[string]acctest.PlanError{
		"nothing":               {``, `(?s)Missing Target Lookup.*Set either id, or platform and identifier`},
		"id and platform":       {id + "\nplatform = \"tiktok\"", `(?s)"platform" cannot be specified when "id" is specified`},
		"id and identifier":     {id + "\nidentifier = \"@x\"", `(?s)"identifier" cannot be specified when "id" is specified`},
		"platform alone":        {`platform = "tiktok"`, `(?s)"identifier" must be specified when "platform" is specified`},
		"identifier alone":      {`identifier = "@x"`, `(?s)"platform" must be specified when "identifier" is specified`},
		"unknown platform":      {"platform = \"facebook\"\nidentifier = \"@x\"", `(?s)platform.*value must be one of`},
		"identifier with space": {"platform = \"tiktok\"\nidentifier = \"@a b\"", `(?s)Invalid Account Handle.*white space`},
		"empty id":              {`id = ""`, `(?s)Invalid Target ID.*empty`},
	})
}
