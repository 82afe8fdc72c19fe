package targets_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
	"github.com/genviral/terraform-provider-genviral/internal/provider/targets"
)

// TestAccAnalyticsTarget_lifecycle covers create, the quiet second plan,
// in-place alias updates (one PATCH each), a respelled handle and a platform
// change.
func TestAccAnalyticsTarget_lifecycle(t *testing.T) {
	e := acctest.NewTestEnv(t)
	const a, b = "genviral_analytics_target.a", "genviral_analytics_target.b"
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: e.CheckTargets(),
		Steps: []resource.TestStep{
			{
				Config: e.Config(acctest.TargetHCL("a", "tiktok", "@Northwind_Labs", `alias = "Northwind"`) + acctest.TargetHCL("b", "instagram", "acme.coffee")),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateString(a, "identifier", "@Northwind_Labs"),
					acctest.StateString(a, "normalized_identifier", "northwind_labs"),
					acctest.StateString(a, "display_name", "Northwind"),
					acctest.StateString(a, "workspace_id", emulator.WorkspaceID),
					acctest.StateString(a, "deletion_policy", "delete_unless_adopted"),
					acctest.StateBool(a, "adopted", false),
					acctest.StateBool(a, "adopt_existing", true),
					acctest.StateValue(a, "id", knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`))),
					acctest.StateValue(b, "display_name", knownvalue.Null()),
					acctest.IdsDiffer(a, b),
				},
				// Alias rides on the POST: no PATCH when nothing else is set.
				Check: resource.ComposeTestCheckFunc(checkPatches(e), e.CheckTargets("tiktok/northwind_labs", "instagram/acme.coffee")),
			},
			{
				// Same configuration: nothing to do, one list request to refresh.
				PreConfig: e.ResetCounts(),
				Config:    e.Config(acctest.TargetHCL("a", "tiktok", "@Northwind_Labs", `alias = "Northwind"`) + acctest.TargetHCL("b", "instagram", "acme.coffee")),
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), e.CheckRequests(map[string]int{
						emulator.RouteListTargets: 1, emulator.RouteGetTarget: 0,
					})},
				},
			},
			{
				PreConfig: e.ResetCounts(),
				Config:    e.Config(acctest.TargetHCL("a", "tiktok", "@Northwind_Labs", `alias = "Northwind Labs"`) + acctest.TargetHCL("b", "instagram", "acme.coffee")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(b, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{acctest.StateString(a, "display_name", "Northwind Labs")},
				Check:             checkPatches(e, `{"displayName":"Northwind Labs"}`),
			},
			{
				PreConfig: e.ResetCounts(),
				Config:    e.Config(acctest.TargetHCL("a", "tiktok", "@Northwind_Labs") + acctest.TargetHCL("b", "instagram", "acme.coffee")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{acctest.StateValue(a, "display_name", knownvalue.Null())},
				Check:             checkPatches(e, `{"displayName":null}`),
			},
			{
				// A new spelling of the same handle: in place, no API call.
				PreConfig: e.ResetCounts(),
				Config:    e.Config(acctest.TargetHCL("a", "tiktok", "northwind_labs") + acctest.TargetHCL("b", "instagram", "acme.coffee")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{acctest.StateString(a, "identifier", "northwind_labs")},
				Check:             resource.ComposeTestCheckFunc(checkPatches(e), e.CheckTargets("tiktok/northwind_labs", "instagram/acme.coffee")),
			},
			{
				// A different platform is a different account: replace.
				Config: e.Config(acctest.TargetHCL("a", "youtube", "northwind_labs") + acctest.TargetHCL("b", "instagram", "acme.coffee")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(a, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: e.CheckTargets("instagram/acme.coffee", "youtube/northwind_labs"),
			},
			{
				// A different handle too.
				Config: e.Config(acctest.TargetHCL("a", "youtube", "northwind") + acctest.TargetHCL("b", "instagram", "acme.coffee")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(a, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: e.CheckTargets("instagram/acme.coffee", "youtube/northwind"),
			},
		},
	})
}

// TestAccAnalyticsTarget_settings covers favorite and refresh_policy: one
// PATCH after the POST on create, only changed fields on update, nulls to
// clear.
func TestAccAnalyticsTarget_settings(t *testing.T) {
	e := acctest.NewTestEnv(t)
	const a = "genviral_analytics_target.a"
	policy := func(s string) string { return "refresh_policy = { " + s + " }" }
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: e.Config(acctest.TargetHCL("a", "tiktok", "@brand", `alias = "Brand"`, `favorite = true`, policy(`free_daily_refresh = true, max_posts = 50`))),
				Check: resource.ComposeTestCheckFunc(
					checkPatches(e, `{"favorite":true,"refreshPolicy":{"freeDailyRefresh":true,"maxPosts":50}}`),
					func(*terraform.State) error {
						tg := e.Srv.Targets(emulator.WorkspaceScope())[0]
						if tg.Favorite == nil || !*tg.Favorite || tg.DisplayName != "Brand" || fmt.Sprint(tg.RefreshPolicy) != "map[freeDailyRefresh:true maxPosts:50]" {
							return fmt.Errorf("emulator target not updated: %+v", tg)
						}
						return nil
					},
				),
				ConfigStateChecks: []statecheck.StateCheck{acctest.StateBool(a, "favorite", true)},
			},
			{
				PreConfig: e.ResetCounts(),
				Config:    e.Config(acctest.TargetHCL("a", "tiktok", "@brand", `alias = "Brand"`, `favorite = true`, policy(`max_posts = 80`))),
				Check:     checkPatches(e, `{"refreshPolicy":{"freeDailyRefresh":null,"maxPosts":80}}`),
			},
			{
				// Favorite no longer managed: left as it is. Policy removed: cleared.
				PreConfig: e.ResetCounts(),
				Config:    e.Config(acctest.TargetHCL("a", "tiktok", "@brand", `alias = "Brand"`)),
				Check:     checkPatches(e, `{"refreshPolicy":null}`),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateBool(a, "favorite", true),
					acctest.StateValue(a, "refresh_policy", knownvalue.Null()),
				},
			},
			{
				PreConfig: e.ResetCounts(),
				Config:    e.Config(acctest.TargetHCL("a", "tiktok", "@brand", `alias = "Brand"`, `favorite = false`, `deletion_policy = "delete"`)),
				Check:     checkPatches(e, `{"favorite":false}`),
			},
		},
	})
}

// TestAccAnalyticsTarget_adoption: an account already tracked is adopted,
// not duplicated; destroy leaves it tracked by default.
func TestAccAnalyticsTarget_adoption(t *testing.T) {
	e := acctest.NewTestEnv(t)
	existing := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@Brand", "Brand HQ")
	const a = "genviral_analytics_target.a"
	acctest.ParallelTest(t, resource.TestCase{
		// Adopted: destroy only forgets it.
		CheckDestroy: e.CheckTargets("tiktok/brand"),
		Steps: []resource.TestStep{
			{
				Config: e.Config(acctest.TargetHCL("a", "tiktok", "brand")),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateString(a, "id", existing.ID),
					acctest.StateBool(a, "adopted", true),
					acctest.StateString(a, "display_name", "Brand HQ"),
				},
				// No alias configured: the existing name is left alone.
				Check: resource.ComposeTestCheckFunc(e.CheckTargets("tiktok/brand"), checkPatches(e)),
			},
			{
				// Adopting then setting an alias: one PATCH.
				PreConfig: e.ResetCounts(),
				Config:    e.Config(acctest.TargetHCL("a", "tiktok", "brand", `alias = "Brand"`)),
				Check:     checkPatches(e, `{"displayName":"Brand"}`),
			},
		},
	})
}

// TestAccAnalyticsTarget_adoptionWithAliasAndStatus201: the alias is applied
// with one PATCH since the API does not apply it to an existing target, and
// a 201 for an existing target is handled the same way (only data.created
// counts).
func TestAccAnalyticsTarget_adoptionWithAliasAndStatus201(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{ExistingStatus: 201})
	existing := e.Srv.SeedTarget(emulator.WorkspaceScope(), "instagram", "acme", "")
	const a = "genviral_analytics_target.a"
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: e.CheckTargets("instagram/acme"),
		Steps: []resource.TestStep{{
			Config: e.Config(acctest.TargetHCL("a", "instagram", "@ACME", `alias = "Acme"`)),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.StateString(a, "id", existing.ID),
				acctest.StateBool(a, "adopted", true),
				acctest.StateString(a, "display_name", "Acme"),
			},
			Check: checkPatches(e, `{"displayName":"Acme"}`),
		}},
	})
}

// TestAccAnalyticsTarget_adoptionRefused: adopt_existing = false fails with
// the id and the import command, and changes nothing.
func TestAccAnalyticsTarget_adoptionRefused(t *testing.T) {
	e := acctest.NewTestEnv(t)
	existing := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "brand", "")
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:      e.Config(acctest.TargetHCL("a", "tiktok", "@brand", `adopt_existing = false`, `alias = "X"`)),
			ExpectError: regexp.MustCompile(`(?s)Analytics Target Already Exists.*` + existing.ID + `.*terraform import`),
		}},
	})
	if err := e.CompareTargets([]string{"tiktok/brand"}); err != nil {
		t.Error(err)
	}
	for _, r := range e.Srv.Requests() {
		if r.Method != "GET" && r.Route != emulator.RouteCreateTarget {
			t.Errorf("unexpected write %s %s", r.Method, r.Path)
		}
	}
	if tg, _ := e.Srv.Target(existing.ID); tg.DisplayName != "" {
		t.Errorf("existing target was changed: %+v", tg)
	}
}

// TestAccAnalyticsTarget_deletionPolicy: "delete" deletes an adopted
// target; "abandon" keeps a created one; the default deletes a created one.
func TestAccAnalyticsTarget_deletionPolicy(t *testing.T) {
	e := acctest.NewTestEnv(t)
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "adopted_deleted", "")
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "adopted_kept", "")
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: e.CheckTargets("tiktok/adopted_kept", "youtube/abandoned"),
		Steps: []resource.TestStep{{
			Config: e.Config(
				acctest.TargetHCL("a", "tiktok", "adopted_deleted", `deletion_policy = "delete"`) +
					acctest.TargetHCL("b", "tiktok", "adopted_kept") +
					acctest.TargetHCL("c", "youtube", "abandoned", `deletion_policy = "abandon"`) +
					acctest.TargetHCL("d", "youtube", "created")),
			Check: e.CheckTargets("tiktok/adopted_deleted", "tiktok/adopted_kept", "youtube/abandoned", "youtube/created"),
		}},
	})
}

// TestAccAnalyticsTarget_deletedOutOfBand: a target deleted elsewhere is
// removed from state on refresh and created again by the next apply.
func TestAccAnalyticsTarget_deletedOutOfBand(t *testing.T) {
	e := acctest.NewTestEnv(t)
	cfg := e.Config(acctest.TargetHCL("a", "tiktok", "@gone", `alias = "Gone"`))
	var firstID string
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check:  e.RecordTargetID(&firstID),
			},
			{
				PreConfig: func() {
					if !e.Srv.RemoveTarget(firstID) {
						t.Fatal("target to remove not found")
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("genviral_analytics_target.a", plancheck.ResourceActionCreate),
				}},
				Check: func(*terraform.State) error {
					ts := e.Srv.Targets(emulator.WorkspaceScope())
					if len(ts) != 1 || ts[0].ID == firstID || ts[0].DisplayName != "Gone" {
						return fmt.Errorf("target not re-created: %+v", ts)
					}
					return nil
				},
			},
		},
	})
}

// TestAccAnalyticsTarget_renamedElsewhere: a display name changed outside
// Terraform shows as a change that puts the alias back.
func TestAccAnalyticsTarget_renamedElsewhere(t *testing.T) {
	e := acctest.NewTestEnv(t)
	cfg := e.Config(acctest.TargetHCL("a", "tiktok", "@brand", `alias = "Brand"`))
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					id := e.Srv.Targets(emulator.WorkspaceScope())[0].ID
					e.PatchDirectly(id, `{"displayName":"Someone Else"}`)
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("genviral_analytics_target.a", plancheck.ResourceActionUpdate),
				}},
				Check: e.CheckDisplayName("Brand"),
			},
		},
	})
}

// TestAccAnalyticsTarget_import: by id and by platform/handle, with the CLI
// and with import blocks; the matching configuration then plans nothing.
func TestAccAnalyticsTarget_import(t *testing.T) {
	e := acctest.NewTestEnv(t)
	named := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@Handle", "Handle Inc")
	plain := e.Srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "plainchannel", "")
	// Import by id takes the API's spelling; import by platform/handle
	// keeps the one given, so each configuration matches its import.
	cfg := e.Config(acctest.TargetHCL("a", "tiktok", "@Handle", `alias = "Handle Inc"`) + acctest.TargetHCL("b", "youtube", "@PlainChannel"))
	const a, b = "genviral_analytics_target.a", "genviral_analytics_target.b"
	acctest.ParallelTest(t, resource.TestCase{
		// Imported targets are adopted: destroy leaves them tracked.
		CheckDestroy: e.CheckTargets("tiktok/handle", "youtube/plainchannel"),
		Steps: []resource.TestStep{
			{
				Config:             cfg,
				ResourceName:       a,
				ImportState:        true,
				ImportStateId:      named.ID,
				ImportStatePersist: true,
			},
			{
				Config:             cfg,
				ResourceName:       b,
				ImportState:        true,
				ImportStateId:      "youtube/@PlainChannel",
				ImportStatePersist: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateString(a, "id", named.ID),
					acctest.StateBool(a, "adopted", true),
					acctest.StateString(b, "id", plain.ID),
					acctest.StateBool(b, "adopted", true),
				},
			},
			{
				Config:          cfg,
				ResourceName:    a,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   "tiktok/@Handle",
			},
			{
				Config:          cfg,
				ResourceName:    b,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   "youtube/@PlainChannel",
			},
		},
	})
}

// TestAccAnalyticsTarget_importKeepsDisplayName: after an import, a
// configuration without alias leaves the display name alone (no PATCH, an
// empty plan), and one whose alias equals it plans nothing, whatever the
// name: an ordinary one, one of 300 characters, one the API lists as
// empty. An alias set by a later apply manages the name again: removing it
// then clears the name, as for a target this configuration created.
func TestAccAnalyticsTarget_importKeepsDisplayName(t *testing.T) {
	long := strings.Repeat("Long name ", 30)
	blank := emulator.StateFaults{ListBlankFields: []string{"display_name"}}
	cases := map[string]struct {
		name   string
		faults emulator.StateFaults
		alias  bool
	}{
		"named, no alias":            {name: "Brand Inc"},
		"named, same alias":          {name: "Brand Inc", alias: true},
		"300 characters, no alias":   {name: long},
		"300 characters, same alias": {name: long, alias: true},
		"listed empty, no alias":     {faults: blank},
	}
	const a = "genviral_analytics_target.a"
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			e := acctest.NewTestEnv(t)
			e.Srv.SetStateFaults(tc.faults)
			tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@brand", tc.name)
			var extra []string
			if tc.alias {
				extra = append(extra, fmt.Sprintf("alias = %q", tc.name))
			}
			cfg := e.Config(acctest.TargetHCL("a", "tiktok", "@brand", extra...))
			empty := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
			steps := []resource.TestStep{
				{Config: cfg, ResourceName: a, ImportState: true, ImportStateId: tg.ID, ImportStatePersist: true},
				{
					PreConfig:        e.ResetCounts(),
					Config:           cfg,
					ConfigPlanChecks: empty,
					Check:            resource.ComposeTestCheckFunc(checkPatches(e), e.CheckDisplayName(tc.name)),
				},
			}
			if !tc.alias {
				steps = append(steps,
					resource.TestStep{
						Config: e.Config(acctest.TargetHCL("a", "tiktok", "@brand", `alias = "Set Later"`)),
						Check:  checkPatches(e, `{"displayName":"Set Later"}`),
					},
					resource.TestStep{
						PreConfig: e.ResetCounts(),
						Config:    cfg,
						Check:     resource.ComposeTestCheckFunc(checkPatches(e, `{"displayName":null}`), e.CheckDisplayName("")),
					},
					resource.TestStep{Config: cfg, ConfigPlanChecks: empty},
				)
			}
			acctest.ParallelTest(t, resource.TestCase{Steps: steps})
		})
	}
}

// TestAccAnalyticsTarget_importNotFound gives a clear error.
func TestAccAnalyticsTarget_importNotFound(t *testing.T) {
	e := acctest.NewTestEnv(t)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:        e.Config(acctest.TargetHCL("a", "tiktok", "@nobody")),
				ResourceName:  "genviral_analytics_target.a",
				ImportState:   true,
				ImportStateId: "tiktok/@nobody",
				ExpectError:   regexp.MustCompile(`No tiktok target with handle "@nobody"`),
			},
			{
				Config:        e.Config(acctest.TargetHCL("a", "tiktok", "@nobody")),
				ResourceName:  "genviral_analytics_target.a",
				ImportState:   true,
				ImportStateId: "myspace/@nobody",
				ExpectError:   regexp.MustCompile(`(?s)Invalid Import ID.*"myspace" is not one of`),
			},
			{
				// Two problems read as two sentences, never glued together.
				Config:        e.Config(acctest.TargetHCL("a", "tiktok", "@nobody")),
				ResourceName:  "genviral_analytics_target.a",
				ImportState:   true,
				ImportStateId: "myspace/https://example.com/x",
				ExpectError:   regexp.MustCompile(`(?s)Invalid Import ID.*"myspace" is not one of[^;]*;\s+the handle`),
			},
			{
				// A handle without its platform: said at once, with the
				// form to use, and no request for a target named "@nobody".
				PreConfig:     e.ResetCounts(),
				Config:        e.Config(acctest.TargetHCL("a", "tiktok", "@nobody")),
				ResourceName:  "genviral_analytics_target.a",
				ImportState:   true,
				ImportStateId: "@nobody",
				ExpectError:   acctest.ErrorPattern(`(?s)Invalid Import ID.*"@nobody" is an account handle.*"<platform>/<handle>", for example "tiktok/@nobody"`),
			},
			{
				// An id the key's scope does not know: the provider's own
				// error, naming the id and the scope, not Terraform's
				// generic "non-existent remote object".
				PreConfig: func() {
					if n := e.Srv.Count(emulator.RouteGetTarget); n != 0 {
						t.Errorf("importing a handle sent %d target reads", n)
					}
				},
				Config:        e.Config(acctest.TargetHCL("a", "tiktok", "@nobody")),
				ResourceName:  "genviral_analytics_target.a",
				ImportState:   true,
				ImportStateId: "0b5e0000-0000-4000-8000-000000000000",
				ExpectError: acctest.ErrorPattern(`(?s)Analytics Target Not Found.*0b5e0000-0000-4000-8000-000000000000.*workspace ` +
					emulator.WorkspaceID),
			},
		},
	})
}

// TestParseImportID: an import ID is a UUID (any letter case, recorded
// lower-cased) or "<platform>/<handle>"; anything else is refused with the
// expected forms, and a long value is shortened in the message.
func TestParseImportID(t *testing.T) {
	const id = "5C9D2E41-0A7B-4C3F-B8E2-91D4F6A0C3B5"
	valid := map[string]targets.ParsedImportID{
		id:                       {ID: strings.ToLower(id)},
		" " + id + " ":           {ID: strings.ToLower(id)},
		"tiktok/@Brand":          {Platform: "tiktok", Identifier: "@Brand"},
		" TikTok / brand ":       {Platform: "tiktok", Identifier: "brand"},
		"youtube/@ΚΑΦΕΟΔΟΣ":      {Platform: "youtube", Identifier: "@ΚΑΦΕΟΔΟΣ"},
		"instagram/acme.coffee_": {Platform: "instagram", Identifier: "acme.coffee_"},
	}
	for in, want := range valid {
		if got, bad := targets.ParseImportID(in); bad != nil || got != want {
			t.Errorf("parseImportID(%q) = %+v, %v; want %+v", in, got, bad, want)
		}
	}
	refused := map[string]string{
		"":                               "import ID is empty",
		"..":                             `"\.\." is not a target id .*not a UUID`,
		"%2e%2e":                         `"%2e%2e" is not a target id .*not a UUID`,
		"../../analytics/summary":        `platform ".." is not one of`,
		"tiktok/../x":                    `contains "/"`,
		"@brand":                         "account handle without its platform",
		id[:35]:                          "not a UUID",
		id + "0":                         "not a UUID",
		strings.Replace(id, "-", "", 1):  "not a UUID",
		strings.Replace(id, "A", "G", 1): "not a UUID",
		"a,b":                            "contains a comma",
		strings.Repeat("x", 10000):       `"x{48}"… \(10000 characters\)`,
	}
	for in, want := range refused {
		_, bad := targets.ParseImportID(in)
		if bad == nil {
			t.Errorf("parseImportID(%.40q) accepted", in)
			continue
		}
		detail := bad.Detail()
		if !regexp.MustCompile(want).MatchString(detail) || !strings.Contains(detail, "tiktok/@brand") {
			t.Errorf("parseImportID(%.40q): %q, want a message matching %s and naming the forms", in, detail, want)
		}
		if len(detail) > 1000 {
			t.Errorf("parseImportID(%.40q): a message of %d bytes", in, len(detail))
		}
	}
}

// TestQuoteInput: short values are quoted whole, long ones shortened with
// their length.
func TestQuoteInput(t *testing.T) {
	for in, want := range map[string]string{
		"":                         `""`,
		"@brand":                   `"@brand"`,
		strings.Repeat("é", 64):    `"` + strings.Repeat("é", 64) + `"`,
		strings.Repeat("é", 65):    `"` + strings.Repeat("é", 48) + `"… (65 characters)`,
		strings.Repeat("a", 10000): `"` + strings.Repeat("a", 48) + `"… (10000 characters)`,
	} {
		if got := shared.QuoteInput(in); got != want {
			t.Errorf("quoteInput(%.20q…) = %q, want %q", in, got, want)
		}
	}
}

// TestAccAnalyticsTarget_importIDForms: import IDs that are neither a UUID
// nor "<platform>/<handle>" are refused before any request, with terraform
// import and with an import block (at plan); a 10,000-character ID is
// shortened in the message. An upper-case UUID is
// TestAccAnalyticsTarget_importIDSpelling.
func TestAccAnalyticsTarget_importIDForms(t *testing.T) {
	e := acctest.NewTestEnv(t)
	cfg := e.Config(acctest.TargetHCL("a", "tiktok", "@nobody"))
	var long error
	command := func(id, want string) resource.TestStep {
		return resource.TestStep{
			Config:        cfg,
			ResourceName:  "genviral_analytics_target.a",
			ImportState:   true,
			ImportStateId: id,
			ExpectError:   acctest.ErrorPattern(`(?s)Invalid Import ID.*` + want + `.*tiktok/@brand`),
		}
	}
	block := func(id, want string) resource.TestStep {
		return resource.TestStep{
			Config:      cfg + fmt.Sprintf("import {\n  to = genviral_analytics_target.a\n  id = %q\n}\n", id),
			PlanOnly:    true,
			ExpectError: acctest.ErrorPattern(`(?s)Invalid Import ID.*` + want + `.*tiktok/@brand`),
		}
	}
	longStep := command(strings.Repeat("9", 10000), "")
	longStep.ExpectError = nil
	acctest.ParallelTest(t, resource.TestCase{
		// Sees the error of the step without ExpectError, to assert what
		// it must not contain.
		ErrorCheck: acctest.CaptureError(&long),
		Steps: []resource.TestStep{
			command("..", `"\.\." is not a target id.*not a UUID`),
			command("%2e%2e", `"%2e%2e" is not a target id.*not a UUID`),
			block("..", `"\.\." is not a target id.*not a UUID`),
			block("%2e%2e", `"%2e%2e" is not a target id.*not a UUID`),
			longStep,
		},
	})
	acctest.CheckError(t, long, `(?s)Invalid Import ID.*"9{48}"… \(10000 characters\)`, strings.Repeat("9", 100))
	e.ExpectNoRequests()
}

// TestAccAnalyticsTarget_importIDSpelling: an id imported in capitals is
// recorded as the API spells it, so references to it (account_ids) match.
func TestAccAnalyticsTarget_importIDSpelling(t *testing.T) {
	e := acctest.NewTestEnv(t)
	named := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@handle", "")
	cfg := e.Config(acctest.TargetHCL("a", "tiktok", "@handle"))
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:             cfg,
				ResourceName:       "genviral_analytics_target.a",
				ImportState:        true,
				ImportStateId:      strings.ToUpper(named.ID),
				ImportStatePersist: true,
			},
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{acctest.StateString("genviral_analytics_target.a", "id", named.ID)},
			},
		},
	})
}

// TestAccAnalyticsTarget_invalidInput: bad arguments fail at plan on their
// attribute, with no API request.
func TestAccAnalyticsTarget_invalidInput(t *testing.T) {
	acctest.RunPlanErrors(t, func(e *acctest.TestEnv, hcl string) string { return e.Config(hcl) }, map[string]acctest.PlanError{
		"platform":         {acctest.TargetHCL("a", "facebook", "@brand"), `(?s)platform.*value must be one of`},
		"empty identifier": {acctest.TargetHCL("a", "tiktok", ""), `(?s)identifier.*is empty`},
		"only at":          {acctest.TargetHCL("a", "tiktok", "@"), `(?s)identifier.*is empty`},
		"inner space":      {acctest.TargetHCL("a", "tiktok", "@my brand"), `(?s)identifier.*white space`},
		"trailing space":   {acctest.TargetHCL("a", "tiktok", "@brand "), `(?s)identifier.*white space`},
		"double at":        {acctest.TargetHCL("a", "tiktok", "@@brand"), `(?s)identifier.*more than one leading`},
		"unicode":          {acctest.TargetHCL("a", "tiktok", "@brändon"), `(?s)identifier.*only ASCII letters`},
		"url":              {acctest.TargetHCL("a", "tiktok", "https://tiktok.com/@brand"), `(?s)identifier.*not a profile URL`},
		"300 characters":   {acctest.TargetHCL("a", "tiktok", strings.Repeat("a", 300)), `(?s)identifier.*300 characters long`},
		"max_posts 0":      {acctest.TargetHCL("a", "tiktok", "@brand", `refresh_policy = { max_posts = 0 }`), `(?s)refresh_policy.max_posts.*at least 1`},
		"max_posts 2.5":    {acctest.TargetHCL("a", "tiktok", "@brand", `refresh_policy = { max_posts = 2.5 }`), `(?s)Invalid Whole Number.*refresh_policy.max_posts = 2.5 is not a whole number`},
		"empty policy":     {acctest.TargetHCL("a", "tiktok", "@brand", `refresh_policy = {}`), `(?s)refresh_policy.*neither free_daily_refresh nor max_posts`},
		"empty alias":      {acctest.TargetHCL("a", "tiktok", "@brand", `alias = ""`), `(?s)alias.*length must be at least 1`},
		"deletion policy":  {acctest.TargetHCL("a", "tiktok", "@brand", `deletion_policy = "never"`), `(?s)deletion_policy.*value must be one of`},
	})
}

// TestAccAnalyticsTarget_manyTargetsOneList: refreshing 50 targets costs one
// list request, and creating them costs one POST each.
func TestAccAnalyticsTarget_manyTargetsOneList(t *testing.T) {
	e := acctest.NewTestEnv(t)
	cfg := e.Config(`
resource "genviral_analytics_target" "many" {
  count      = 50
  platform   = "tiktok"
  identifier = "@account_${count.index}"
}
`)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(*terraform.State) error {
					if n := e.Srv.Count(emulator.RouteCreateTarget); n != 50 {
						return fmt.Errorf("got %d POSTs, want 50", n)
					}
					if n := len(e.Srv.Targets(emulator.WorkspaceScope())); n != 50 {
						return fmt.Errorf("got %d targets, want 50", n)
					}
					return nil
				},
			},
			{
				PreConfig: e.ResetCounts(),
				Config:    cfg,
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					e.CheckRequests(map[string]int{emulator.RouteListTargets: 1, emulator.RouteGetTarget: 0}),
				}},
			},
		},
	})
}

// TestAccAnalyticsTarget_outOfScope: a target moved to another scope is
// removed from state (with a warning, not an error) and planned again; the
// next apply creates it in the key's scope and then plans nothing. The key
// never touches the moved target: destroy leaves it in its new scope.
func TestAccAnalyticsTarget_outOfScope(t *testing.T) {
	e := acctest.NewTestEnv(t)
	cfg := e.Config(acctest.TargetHCL("a", "tiktok", "@mover", `alias = "Mover"`, `deletion_policy = "delete"`))
	var moved string
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: func(*terraform.State) error {
			if ts := e.Srv.Targets(emulator.PersonalScope()); len(ts) != 1 || ts[0].ID != moved {
				return fmt.Errorf("the moved target was touched: personal scope has %+v", ts)
			}
			return e.CompareTargets(nil)
		},
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					moved = e.Srv.Targets(emulator.WorkspaceScope())[0].ID
					e.Srv.MoveTarget(moved, emulator.PersonalScope())
				},
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("genviral_analytics_target.a", plancheck.ResourceActionCreate),
				}},
			},
			{
				// The apply re-creates it in the key's scope; the harness
				// then checks that the plans after it are empty.
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("genviral_analytics_target.a", plancheck.ResourceActionCreate),
				}},
				Check: func(s *terraform.State) error {
					ts := e.Srv.Targets(emulator.WorkspaceScope())
					if len(ts) != 1 || ts[0].ID == moved || ts[0].DisplayName != "Mover" {
						return fmt.Errorf("not re-created in the workspace: %+v", ts)
					}
					if id := s.RootModule().Resources["genviral_analytics_target.a"].Primary.ID; id != ts[0].ID {
						return fmt.Errorf("state id %s, workspace target %s", id, ts[0].ID)
					}
					return nil
				},
			},
			{Config: cfg, PlanOnly: true},
		},
	})
}

// Regression tests for review findings: each failed before its fix.

// TestAccAnalyticsTarget_favoriteSetElsewhereThenAliasChange: a PATCH
// answer must not overwrite planned values (favorite set elsewhere while
// unmanaged), or Terraform reports an inconsistent result.
func TestAccAnalyticsTarget_favoriteSetElsewhereThenAliasChange(t *testing.T) {
	e := acctest.NewTestEnv(t)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: e.Config(acctest.TargetHCL("a", "tiktok", "brand", `alias = "A"`))},
			{
				PreConfig: func() { e.PatchDirectly(e.Srv.Targets(emulator.WorkspaceScope())[0].ID, `{"favorite":true}`) },
				Config:    e.Config(acctest.TargetHCL("a", "tiktok", "brand", `alias = "B"`)),
				Check:     e.CheckDisplayName("B"),
			},
		},
	})
}

// TestAccAnalyticsTarget_unknownIdentifierReplaces: an identifier known
// only at apply may be another account, so it plans a replacement instead
// of an update that apply would have to turn into one.
func TestAccAnalyticsTarget_unknownIdentifierReplaces(t *testing.T) {
	e := acctest.NewTestEnv(t)
	cfg := func(h string) string {
		return e.Config(acctest.TerraformDataHCL("h", h) + `
resource "genviral_analytics_target" "a" {
  platform   = "tiktok"
  identifier = terraform_data.h.output
}
`)
	}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: cfg("brand")},
			{
				Config: cfg("other"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("genviral_analytics_target.a", plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: e.CheckTargets("tiktok/other"),
			},
		},
	})
}

// TestAccAnalyticsTarget_forcedReplacementIsNotADuplicate: replace_triggered_by
// (like -replace) plans the same account twice for one resource; that is
// not a duplicate declaration.
func TestAccAnalyticsTarget_forcedReplacementIsNotADuplicate(t *testing.T) {
	e := acctest.NewTestEnv(t)
	cfg := func(v string) string {
		return e.Config(acctest.TerraformDataHCL("t", v) + acctest.TargetHCL("a", "tiktok", "brand", `lifecycle {
    replace_triggered_by = [terraform_data.t]
  }`))
	}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: cfg("1")},
			{Config: cfg("2"), Check: e.CheckTargets("tiktok/brand")},
		},
	})
}

// TestAccAnalyticsTarget_createBeforeDestroyKeepsTarget: the new object
// gets the target the old one still holds; the old one's destroy must not
// delete it from under the new one.
func TestAccAnalyticsTarget_createBeforeDestroyKeepsTarget(t *testing.T) {
	e := acctest.NewTestEnv(t)
	cfg := e.Config(`
resource "genviral_analytics_target" "a" {
  platform   = "tiktok"
  identifier = "brand"
  lifecycle {
    create_before_destroy = true
  }
}
`)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: cfg},
			{Config: cfg, Taint: []string{"genviral_analytics_target.a"}, Check: checkStateMatchesTarget(e, "genviral_analytics_target.a")},
		},
	})
}

// TestAccAnalyticsTarget_newDuplicateOfExisting: a new resource declaring
// an account another resource already manages is still refused at plan.
func TestAccAnalyticsTarget_newDuplicateOfExisting(t *testing.T) {
	e := acctest.NewTestEnv(t)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: e.Config(acctest.TargetHCL("a", "tiktok", "brand"))},
			{
				Config:      e.Config(acctest.TargetHCL("a", "tiktok", "brand") + acctest.TargetHCL("b", "tiktok", "@Brand")),
				PlanOnly:    true,
				ExpectError: acctest.ErrorPattern(`Duplicate Analytics Target`),
			},
		},
	})
}
