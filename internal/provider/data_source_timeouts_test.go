package provider_test

import (
	"regexp"
	"testing"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
)

// TestAccDataSources_timeoutNotPositive: a timeouts.read of zero or less
// would end every read at once; it is refused when the configuration is
// validated, naming timeouts.read, before any API request, also when the
// read itself would wait for apply (a filter from a resource of the same
// apply).
func TestAccDataSources_timeoutNotPositive(t *testing.T) {
	want := func(d string) string {
		return `(?s)Invalid Timeout.*` + regexp.QuoteMeta(`timeouts.read = "`+d+`" must be greater than 0, such as "5m"; remove it to use the default.`)
	}
	cases := map[string]acctest.PlanError{}
	for _, typ := range []string{
		"genviral_analytics_posts", "genviral_analytics_posts_report", "genviral_analytics_summary",
		"genviral_analytics_workspace_suggestions",
	} {
		for _, d := range []string{"0s", "-1m"} {
			cases[typ+"/"+d] = acctest.PlanError{
				"data \"" + typ + "\" \"x\" {\n  timeouts { read = \"" + d + "\" }\n}\n",
				want(d),
			}
		}
	}
	cases["unknown filter"] = acctest.PlanError{
		`resource "terraform_data" "ids" {
  input = ["365fd4e0-9327-471e-aa3f-eb68e4a9cb9d"]
}
data "genviral_analytics_posts" "x" {
  account_ids = terraform_data.ids.output
  timeouts { read = "0s" }
}
`,
		want("0s"),
	}
	acctest.RunPlanErrors(t, func(e *acctest.TestEnv, body string) string { return e.Config(body) }, cases)
}
