package provider

import "testing"

// TestAccDataSources_notWholeNumber: a whole-number argument given a number
// with a fraction, or one beyond int64, is the user's mistake, reported on
// the attribute at plan without an API request, not the framework's
// "Configuration Read Error ... always an error in the provider".
func TestAccDataSources_notWholeNumber(t *testing.T) {
	fraction := func(attr string) string {
		return `(?s)Invalid Whole Number.*` + attr + ` = 1.5 is not a whole number: give a whole number, without a fraction`
	}
	RunPlanErrors(t, DataSourceBody("genviral_analytics_posts"), map[string]PlanError{
		"max_results": {Body: "max_results = 1.5", Want: fraction("max_results")},
		"offset":      {Body: "offset = 1.5", Want: fraction("offset")},
		"huge": {Body: "max_results = 1e20",
			Want: `(?s)Invalid Whole Number.*max_results = 1e\+20 is too large: give a whole number within the range`},
	})
	RunPlanErrors(t, DataSourceBody("genviral_analytics_posts_report"), map[string]PlanError{
		"max_posts": {Body: "max_posts = 1.5", Want: fraction("max_posts")},
		"top_n":     {Body: "top_n = 1.5", Want: fraction("top_n")},
	})
}
