package shared_test

import (
	"testing"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
)

// TestAccDataSources_notWholeNumber: a whole-number argument given a number
// with a fraction, or one beyond int64, is the user's mistake, reported on
// the attribute at plan without an API request, not the framework's
// "Configuration Read Error ... always an error in the provider".
func TestAccDataSources_notWholeNumber(t *testing.T) {
	fraction := func(attr string) string {
		return `(?s)Invalid Whole Number.*` + attr + ` = 1.5 is not a whole number: give a whole number, without a fraction`
	}
	acctest.RunPlanErrors(t, acctest.DataSourceBody("genviral_analytics_posts"), map[string]acctest.PlanError{
		"max_results": {"max_results = 1.5", fraction("max_results")},
		"offset":      {"offset = 1.5", fraction("offset")},
		"huge": {"max_results = 1e20",
			`(?s)Invalid Whole Number.*max_results = 1e\+20 is too large: give a whole number within the range`},
	})
	acctest.RunPlanErrors(t, acctest.DataSourceBody("genviral_analytics_posts_report"), map[string]acctest.PlanError{
		"max_posts": {"max_posts = 1.5", fraction("max_posts")},
		"top_n":     {"top_n = 1.5", fraction("top_n")},
	})
}
