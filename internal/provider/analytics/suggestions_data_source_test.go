package analytics_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
)

// TestAccAnalyticsWorkspaceSuggestions_workspaceKey lists the personal scope
// (workspace_id null) and the other workspace, not the key's own.
func TestAccAnalyticsWorkspaceSuggestions_workspaceKey(t *testing.T) {
	e := acctest.NewTestEnv(t)
	seedOtherScopes(e)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: e.Config(suggestionsHCL),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.StateValue(suggestionsAddr, "id", knownvalue.StringExact("workspace-suggestions")),
				acctest.StateValue(suggestionsAddr, "suggestions", knownvalue.ListExact([]knownvalue.Check{
					suggestion(knownvalue.Null(), "Personal", 2, true),
					suggestion(knownvalue.StringExact("7d1c2b3a-0000-4000-8000-000000000001"), "Agency", 1, false),
				})),
			},
			Check: e.CheckRequests(map[string]int{emulator.RouteSuggestions: 1}).Check,
		}},
	})
}

// TestAccAnalyticsWorkspaceSuggestions_personalKey lists the workspaces; an
// owner with nothing elsewhere gets an empty list, not null.
func TestAccAnalyticsWorkspaceSuggestions_personalKey(t *testing.T) {
	e := acctest.NewTestEnv(t)
	e.Key = emulator.PersonalKey
	seedOtherScopes(e)
	empty := acctest.NewTestEnv(t)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: e.Config(suggestionsHCL),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateValue(suggestionsAddr, "suggestions", knownvalue.ListExact([]knownvalue.Check{
						suggestion(knownvalue.StringExact("7d1c2b3a-0000-4000-8000-000000000001"), "Agency", 1, false),
						suggestion(knownvalue.StringExact(emulator.WorkspaceID), "Workspace 0b8e6c1a", 1, false),
					})),
				},
			},
			{
				Config: empty.Config(suggestionsHCL),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateValue(suggestionsAddr, "suggestions", knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}
