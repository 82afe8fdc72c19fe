package targets_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

// TestCheckIdentifier pins the handle rule of each platform: valid handles
// give "", invalid ones a message containing want.
func TestCheckIdentifier(t *testing.T) {
	cases := []struct {
		platform, handle string
		want             string // "" = valid
	}{
		// YouTube: letters of any script, digits, "_", "-", ".", "·".
		{"youtube", "@カフェ東京", ""},
		{"youtube", "@Café·Paris", ""},
		{"youtube", "@brand.co", ""},
		{"youtube", "кафе-москва_1", ""},
		{"youtube", "@नमस्ते", ""},                               // Devanagari, with combining marks
		{"youtube", "@Cafe\u0301" + strings.Repeat("x", 25), ""}, // a combining accent is not counted: 30 characters
		{"youtube", "@ab", "at least 3"},
		{"youtube", "@" + strings.Repeat("カ", 31), "31 characters long; YouTube handles have at most 30"},
		{"youtube", "@café☕", `contains '☕': YouTube handles may contain only letters and digits of any script`},
		{"youtube", "@a+b+c", `contains '+'`},
		// TikTok and Instagram: ASCII letters, digits, "_" and ".".
		{"tiktok", "@brand.co", ""},
		{"tiktok", "@Northwind_Labs", ""},
		{"tiktok", "@x", ""},
		{"tiktok", "@" + strings.Repeat("a", 24), ""},
		{"tiktok", "@" + strings.Repeat("a", 25), "25 characters long; TikTok handles have at most 24"},
		{"tiktok", "@カフェ東京", "TikTok handles may contain only ASCII letters"},
		{"tiktok", "@brändon", "only ASCII letters"},
		{"tiktok", "@my-brand", `contains '-'`},
		{"instagram", "acme.coffee", ""},
		{"instagram", "@" + strings.Repeat("a", 30), ""},
		{"instagram", "@" + strings.Repeat("a", 31), "31 characters long; Instagram handles have at most 30"},
		{"instagram", "@Café", "Instagram handles may contain only ASCII letters"},
		// Every platform, and an unknown one.
		{"youtube", "", "is empty"},
		{"youtube", "@", "is empty"},
		{"tiktok", " ", "is empty"},
		{"youtube", "@カフェ 東京", "white space"},
		{"instagram", "@brand\t", "white space"},
		{"youtube", "@カフェ\u3000東京", "white space"}, // ideographic space
		{"tiktok", "@@brand", "more than one leading"},
		{"youtube", "https://youtube.com/@brand", "not a profile URL"},
		{"tiktok", "tiktok.com/@brand", "not a profile URL"},
		{"instagram", "brand:1", "not a profile URL"},
		{"", "@カフェ東京", ""},
		{"", "@a b", "white space"},
		{"", strings.Repeat("a", 101), "101 characters long; handles have at most 100"},
	}
	for _, tc := range cases {
		got := shared.CheckIdentifier(tc.platform, tc.handle)
		switch {
		case tc.want == "" && got != "":
			t.Errorf("%s %q: refused: %s", tc.platform, tc.handle, got)
		case tc.want != "" && !strings.Contains(got, tc.want):
			t.Errorf("%s %q: got %q, want a message containing %q", tc.platform, tc.handle, got, tc.want)
		}
	}
}

// TestAccAnalyticsTarget_unicodeYouTubeHandle: a YouTube handle in another
// script is created and imported (by platform/handle, with a command and
// with an import block), with nothing to change after.
func TestAccAnalyticsTarget_unicodeYouTubeHandle(t *testing.T) {
	e := acctest.NewTestEnv(t)
	paris := e.Srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "@Café·Paris", "")
	const cafe, parisAddr = "genviral_analytics_target.cafe", "genviral_analytics_target.paris"
	created := e.Config(acctest.TargetHCL("cafe", "youtube", "@カフェ東京"))
	both := created + acctest.TargetHCL("paris", "youtube", "@Café·Paris")
	empty := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: created,
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateString(cafe, "identifier", "@カフェ東京"),
					acctest.StateString(cafe, "normalized_identifier", "カフェ東京"),
				},
				Check: e.CheckTargets("youtube/café·paris", "youtube/カフェ東京"),
			},
			{Config: created, ConfigPlanChecks: empty},
			{
				Config:             both,
				ResourceName:       parisAddr,
				ImportState:        true,
				ImportStateId:      "youtube/@Café·Paris",
				ImportStatePersist: true,
			},
			{
				Config:            both,
				ConfigPlanChecks:  empty,
				ConfigStateChecks: []statecheck.StateCheck{acctest.StateString(parisAddr, "id", paris.ID)},
			},
			{
				Config:          both,
				ResourceName:    cafe,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   "youtube/@カフェ東京",
			},
		},
	})
}

// TestAccAnalyticsTarget_handleCaseFolding: handles compare as the API
// compares them. A Greek handle ending in a capital sigma, which the API
// normalizes with the final "ς", is created and kept (not refused as an
// answer for another account), plans nothing after, is imported by its
// handle, and a respelling of it is an in-place change, not a new account.
func TestAccAnalyticsTarget_handleCaseFolding(t *testing.T) {
	e := acctest.NewTestEnv(t)
	const addr = "genviral_analytics_target.cafe"
	created := e.Config(acctest.TargetHCL("cafe", "youtube", "@ΚΑΦΕΟΔΟΣ"))
	empty := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: created,
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateString(addr, "identifier", "@ΚΑΦΕΟΔΟΣ"),
					acctest.StateString(addr, "normalized_identifier", "καφεοδος"),
				},
				Check: e.CheckTargets("youtube/καφεοδος"),
			},
			{Config: created, ConfigPlanChecks: empty},
			{
				Config:            created,
				ResourceName:      addr,
				ImportState:       true,
				ImportStateId:     "youtube/@ΚΑΦΕΟΔΟΣ",
				ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{
					"adopted", "adopt_existing", "deletion_policy", "favorite", "refresh_policy", "timeouts", "user_id",
				},
			},
			{
				Config: e.Config(acctest.TargetHCL("cafe", "youtube", "καφεοδοσ")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: e.CheckTargets("youtube/καφεοδος"),
			},
		},
	})
}

// TestAccAnalyticsTarget_handleRulePerPlatform: handles that the platform
// does not allow fail at plan on identifier, with no API request; the same
// rule applies to the target data source.
func TestAccAnalyticsTarget_handleRulePerPlatform(t *testing.T) {
	resourceCases := map[string]acctest.PlanError{
		"tiktok non-ascii":    {acctest.TargetHCL("a", "tiktok", "@カフェ東京"), `(?s)Invalid Account Handle.*identifier = .*TikTok handles may contain only ASCII letters`},
		"instagram too long":  {acctest.TargetHCL("a", "instagram", "@"+strings.Repeat("a", 31)), `(?s)Invalid Account Handle.*identifier = .*at most 30`},
		"youtube too short":   {acctest.TargetHCL("a", "youtube", "@ab"), `(?s)Invalid Account Handle.*identifier = .*at least 3`},
		"youtube url":         {acctest.TargetHCL("a", "youtube", "https://www.youtube.com/@カフェ東京"), `(?s)Invalid Account Handle.*identifier = .*not a profile URL`},
		"youtube space":       {acctest.TargetHCL("a", "youtube", "@カフェ 東京"), `(?s)Invalid Account Handle.*identifier = .*white space`},
		"youtube emoji":       {acctest.TargetHCL("a", "youtube", "@café☕"), `(?s)Invalid Account Handle.*identifier = .*YouTube handles may contain only`},
		"platform from input": {`variable "p" { default = "tiktok" }` + "\n" + strings.Replace(acctest.TargetHCL("a", "tiktok", "@カフェ東京"), `"tiktok"`, "var.p", 1), `(?s)Invalid Account Handle.*identifier = .*TikTok handles`},
	}
	acctest.RunPlanErrors(t, func(e *acctest.TestEnv, hcl string) string { return e.Config(hcl) }, resourceCases)
	acctest.RunPlanErrors(t, acctest.DataSourceBody("genviral_analytics_target"), map[string]acctest.PlanError{
		"data source tiktok non-ascii": {"platform = \"tiktok\"\nidentifier = \"@カフェ東京\"", `(?s)Invalid Account Handle.*identifier = .*TikTok handles may contain only ASCII letters`},
	})
}

// TestAccTargetDataSource_unicodeYouTubeHandle: the data source finds a
// YouTube target by a handle in another script.
func TestAccTargetDataSource_unicodeYouTubeHandle(t *testing.T) {
	e := acctest.NewTestEnv(t)
	tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "@Café·Paris", "")
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: acctest.DataSourceBody("genviral_analytics_target")(e, fmt.Sprintf("platform = %q\nidentifier = %q", "youtube", "@CAFÉ·PARIS")),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.StateString("data.genviral_analytics_target.x", "id", tg.ID),
			},
		}},
	})
}
