package analytics_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
	"github.com/genviral/terraform-provider-genviral/internal/provider/analytics"
)

// TestAccAnalyticsFilter_emptySetsMeanAll: platforms = [] and account_ids =
// [] (the usual default of a module variable) mean "no filter": nothing of
// them is sent, and every post is read.
func TestAccAnalyticsFilter_emptySetsMeanAll(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{PostsPerTarget: 20})
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@a", "")
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "@b", "")
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: e.Config(`
data "genviral_analytics_posts" "x" {
  range       = "all"
  platforms   = []
  account_ids = []
}
data "genviral_analytics_summary" "x" {
  range       = "all"
  platforms   = []
  account_ids = []
}
`),
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr("data.genviral_analytics_posts.x", "total_count", "40"),
				resource.TestCheckResourceAttr("data.genviral_analytics_posts.x", "posts.#", "40"),
				func(*terraform.State) error {
					for _, r := range e.Srv.Requests() {
						if r.Route != emulator.RoutePosts && r.Route != emulator.RouteSummary {
							continue
						}
						for k := range r.Query {
							if k == "platforms" || k == "accounts" || k == "accountIds" || k == "account_ids" {
								return fmt.Errorf("%s sent %s=%q for an empty set", r.Route, k, r.Query.Get(k))
							}
						}
					}
					return nil
				},
			),
		}},
	})
}

// TestAccAnalyticsFilter_tooManyAccountIDs: 3,000 account ids would make a
// 117 KB URL: the plan fails on account_ids, naming the limit, without a
// request.
func TestAccAnalyticsFilter_tooManyAccountIDs(t *testing.T) {
	ids := make([]string, 3000)
	for i := range ids {
		ids[i] = fmt.Sprintf("%q", fmt.Sprintf("0400a7dd-0000-4000-8000-%012d", i))
	}
	acctest.RunPlanErrors(t, acctest.DataSourceBody("genviral_analytics_posts"), map[string]acctest.PlanError{
		"3000 ids": {"account_ids = [" + strings.Join(ids, ", ") + "]", `(?s)Too Many Account IDs.*3000 account ids take 117000 bytes.*at most 6000`},
		"160 ids":  {"account_ids = [" + strings.Join(ids[:160], ", ") + "]", `(?s)Too Many Account IDs.*160 account ids`},
	})
}

// TestAccAnalyticsFilter_nullElements: a null element in platforms or
// account_ids fails at plan on its attribute, with no request, in every
// data source with the filters.
func TestAccAnalyticsFilter_nullElements(t *testing.T) {
	for _, typ := range []string{"genviral_analytics_posts", "genviral_analytics_posts_report", "genviral_analytics_summary"} {
		t.Run(typ, func(t *testing.T) {
			acctest.RunPlanErrors(t, acctest.DataSourceBody(typ), map[string]acctest.PlanError{
				"account_ids [null]":        {`account_ids = [null]`, `(?s)Null Element in Filter.*1 of the 1 elements of account_ids are null`},
				"platforms [null, tiktok]":  {`platforms = [null, "tiktok"]`, `(?s)Null Element in Filter.*1 of the 2 elements of platforms are null`},
				"null from a variable-like": {`platforms = [try(null, null), "youtube"]`, `(?s)Null Element in Filter.*platforms`},
			})
		})
	}
}

// TestAccAnalyticsFilter_accountIDsCase: a target id in upper case matches
// the target: the API's canonical (lower-case) form is sent, in every data
// source with the filters, and nothing is warned about.
func TestAccAnalyticsFilter_accountIDsCase(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{PostsPerTarget: 20})
	tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@a", "")
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@b", "")
	upper := strings.ToUpper(tg.ID)
	rec := &acctest.DiagRecorder{}
	acctest.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.Factories(),
		Steps: []resource.TestStep{{
			Config: e.Config(fmt.Sprintf(`
data "genviral_analytics_posts" "x" {
  range       = "all"
  account_ids = [%[1]q, %[2]q]
}
data "genviral_analytics_posts_report" "x" {
  range       = "all"
  account_ids = [%[1]q]
}
data "genviral_analytics_summary" "x" {
  range       = "all"
  account_ids = [%[1]q]
}
`, upper, tg.ID)),
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr(dsPostsAddr, "total_count", "20"),
				resource.TestCheckResourceAttr("data.genviral_analytics_posts_report.x", "posts_read", "20"),
				rec.ExpectWarnings(),
				func(*terraform.State) error {
					for _, r := range append(e.Requests(emulator.RoutePosts), e.Requests(emulator.RouteSummary)...) {
						if got := r.Query.Get("accounts"); got != tg.ID {
							return fmt.Errorf("%s sent accounts=%q, want %q", r.Route, got, tg.ID)
						}
					}
					return nil
				},
			),
		}},
	})
}

// TestAccAnalyticsFilter_unknownAccountIDs: an account id the key's scope
// does not know is a warning naming it, saying the results exclude it; the
// check uses the run's one target list request, shared by every data
// source.
func TestAccAnalyticsFilter_unknownAccountIDs(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{PostsPerTarget: 20})
	tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@a", "")
	const unknown = "0400a7dd-0000-4000-8000-00000000dead"
	rec := &acctest.DiagRecorder{}
	ids := fmt.Sprintf("account_ids = [%q, %q]", tg.ID, unknown)
	acctest.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.Factories(),
		Steps: []resource.TestStep{{
			PreConfig: e.ResetCounts(),
			Config: e.Config(fmt.Sprintf(`
data "genviral_analytics_posts" "x" {
  range = "all"
  %[1]s
}
data "genviral_analytics_posts_report" "x" {
  range = "all"
  %[1]s
}
data "genviral_analytics_summary" "x" {
  range = "all"
  %[1]s
}
`, ids)),
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr(dsPostsAddr, "total_count", "20"),
				rec.ExpectWarnings(`Unknown Account ID: 1 of the 2 account_ids are not targets of the API key's scope.*"`+
					unknown+`"\. The results exclude them`),
				func(*terraform.State) error {
					// Each run reads the summary once, and the list once.
					lists, summaries := len(e.Requests(emulator.RouteListTargets)), len(e.Requests(emulator.RouteSummary))
					if summaries == 0 || lists != summaries {
						return fmt.Errorf("%d target list requests for %d runs, want one per run", lists, summaries)
					}
					return nil
				},
			),
		}},
	})
}

// TestAccAnalyticsFilter_accountIDsUnchecked: when the target list cannot
// be read, the ids are sent as given and a warning says they were not
// checked; the read itself goes on.
func TestAccAnalyticsFilter_accountIDsUnchecked(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{PostsPerTarget: 20})
	tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@a", "")
	rec := &acctest.DiagRecorder{}
	acctest.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.Factories(),
		Steps: []resource.TestStep{e.WithFaults(emulator.Faults{ErrorRate: 1, Routes: []string{emulator.RouteListTargets}}, resource.TestStep{
			Config: e.Config(fmt.Sprintf("data \"genviral_analytics_posts\" \"x\" {\n  range = \"all\"\n  account_ids = [%q]\n}\n", tg.ID)),
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr(dsPostsAddr, "total_count", "20"),
				rec.ExpectWarnings(`Account IDs Not Checked: The account_ids could not be checked against the API key's targets, `+
					`since reading the target list failed: .*HTTP 5\d\d`),
			),
		})},
	})
}

func TestCanonicalUUID(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"0400A7DD-AbCd-4000-8000-00000000DEAD":  "0400a7dd-abcd-4000-8000-00000000dead",
		"0400a7dd-abcd-4000-8000-00000000dead":  "0400a7dd-abcd-4000-8000-00000000dead",
		"0400A7DD_ABCD-4000-8000-00000000DEAD":  "0400A7DD_ABCD-4000-8000-00000000DEAD", // not a UUID: as given
		"0400A7DD-ABCD-4000-8000-00000000DEAZ":  "0400A7DD-ABCD-4000-8000-00000000DEAZ",
		"Target-1":                              "Target-1",
		"0400A7DD-ABCD-4000-8000-00000000DEAD0": "0400A7DD-ABCD-4000-8000-00000000DEAD0",
	} {
		if got := analytics.CanonicalUUID(in); got != want {
			t.Errorf("canonicalUUID(%q) = %q, want %q", in, got, want)
		}
	}
}
