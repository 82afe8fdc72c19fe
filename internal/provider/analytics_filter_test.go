package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
)

// TestAccAnalyticsFilter_emptySetsMeanAll: platforms = [] and account_ids =
// [] (the usual default of a module variable) mean "no filter": nothing of
// them is sent, and every post is read.
func TestAccAnalyticsFilter_emptySetsMeanAll(t *testing.T) {
	e := newTestEnv(t, emulator.Options{PostsPerTarget: 20})
	e.srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@a", "")
	e.srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "@b", "")
	parallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: e.config(`
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
					for _, r := range e.srv.Requests() {
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
	testPlanErrors(t, dataSourceBody("genviral_analytics_posts"), map[string]planError{
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
			testPlanErrors(t, dataSourceBody(typ), map[string]planError{
				"account_ids [null]":        {`account_ids = [null]`, `(?s)Null Element in Filter.*1 of the 1 elements of account_ids are null`},
				"platforms [null, tiktok]":  {`platforms = [null, "tiktok"]`, `(?s)Null Element in Filter.*1 of the 2 elements of platforms are null`},
				"null from a variable-like": {`platforms = [try(null, null), "youtube"]`, `(?s)Null Element in Filter.*platforms`},
			})
		})
	}
}
