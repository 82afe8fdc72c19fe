package analytics_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
	"github.com/genviral/terraform-provider-genviral/internal/provider/analytics"
)

// TestAccAnalyticsSummary_outputs: the JSON outputs decode with
// jsondecode() and agree with each other; posting_streak is a number.
func TestAccAnalyticsSummary_outputs(t *testing.T) {
	e := acctest.NewTestEnv(t)
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@brand", "")
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "instagram", "brand.ig", "")
	const addr = "data.genviral_analytics_summary.all"
	posts := 2 * emulator.DefaultPostsPerTarget
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: e.Config(`
data "genviral_analytics_summary" "all" {
  range = "all"
}

locals {
  s    = data.genviral_analytics_summary.all
  kpis = jsondecode(local.s.kpis)
}

output "published" { value = local.kpis.publishedVideos.value }
output "accounts" { value = local.kpis.activeAccounts.value }
output "mix_total" { value = sum([for m in jsondecode(local.s.content_mix) : m.count]) }
output "mix_platforms" { value = sort([for m in jsondecode(local.s.content_mix) : m.platform]) }
output "heatmap_total" { value = sum([for d in jsondecode(local.s.posting_heatmap) : d.count]) }
output "series_days" { value = length(jsondecode(local.s.interaction_series)) == length(jsondecode(local.s.posting_heatmap)) }
output "engagement_days" { value = length(jsondecode(local.s.engagement_series)) }
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("published", knownvalue.Int64Exact(int64(posts))),
				statecheck.ExpectKnownOutputValue("accounts", knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownOutputValue("mix_total", knownvalue.Int64Exact(int64(posts))),
				statecheck.ExpectKnownOutputValue("mix_platforms", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("instagram"), knownvalue.StringExact("tiktok"),
				})),
				statecheck.ExpectKnownOutputValue("heatmap_total", knownvalue.Int64Exact(int64(posts))),
				statecheck.ExpectKnownOutputValue("series_days", knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValue("engagement_days", knownvalue.Int64Func(func(n int64) error {
					if n < 1 {
						return fmt.Errorf("want at least one day of engagement series, got %d", n)
					}
					return nil
				})),
				acctest.StateValue(addr, "posting_streak", knownvalue.Float64Func(func(v float64) error {
					if v < 1 || v != float64(int64(v)) {
						return fmt.Errorf("posting_streak %v: want a whole number of days >= 1", v)
					}
					return nil
				})),
				// Normalized: compact, keys sorted, numbers as the API sent them.
				acctest.StateValue(addr, "kpis", knownvalue.StringRegexp(
					regexp.MustCompile(`^\{"activeAccounts":\{"delta":[-0-9.]+,"previous":[0-9.]+,"value":2\},"comments":\{`))),
				acctest.StateValue(addr, "content_mix", knownvalue.StringRegexp(
					regexp.MustCompile(`^\[\{"count":\d+,"platform":"tiktok"\},\{"count":\d+,"platform":"instagram"\}\]$`))),
				acctest.StateValue(addr, "id", knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{32}$`))),
				acctest.StateValue(addr, "platforms", knownvalue.Null()),
			},
			Check: e.CheckRequests(map[string]int{emulator.RouteSummary: 1}).Check,
		}},
	})
}

// TestAccAnalyticsSummary_filters: filters are sent with the API's names
// (start, end, platforms, accounts), set elements sorted.
func TestAccAnalyticsSummary_filters(t *testing.T) {
	e := acctest.NewTestEnv(t)
	a := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@a", "")
	b := e.Srv.SeedTarget(emulator.WorkspaceScope(), "instagram", "b", "")
	ids := []string{a.ID, b.ID}
	slices.Sort(ids)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: e.Config(fmt.Sprintf(`
data "genviral_analytics_summary" "dates" {
  start_date  = "2026-02-01"
  end_date    = "2026-03-01"
  platforms   = ["tiktok", "instagram"]
  account_ids = [%q, %q]
}

data "genviral_analytics_summary" "preset" {
  range = "90d"
}

data "genviral_analytics_summary" "none" {}
`, b.ID, a.ID)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.CompareValuePairs("data.genviral_analytics_summary.dates", tfjsonpath.New("id"),
					"data.genviral_analytics_summary.preset", tfjsonpath.New("id"), compare.ValuesDiffer()),
			},
			Check: func(*terraform.State) error {
				want := []string{
					"",
					fmt.Sprintf("accounts=%s&end=2026-03-01&platforms=instagram%%2Ctiktok&start=2026-02-01", strings.Join(ids, "%2C")),
					"range=90d",
				}
				slices.Sort(want)
				if got := summaryQueries(e); !slices.Equal(got, want) {
					return fmt.Errorf("summary queries:\n got %q\nwant %q", got, want)
				}
				return nil
			},
		}},
	})
}

// TestAccAnalyticsSummary_invalidFilters: every invalid filter fails at
// plan on its attribute, before any API request.
func TestAccAnalyticsSummary_invalidFilters(t *testing.T) {
	acctest.RunPlanErrors(t, acctest.DataSourceBody("genviral_analytics_summary"), map[string]acctest.PlanError{
		"unknown range":       {`range = "7d"`, `(?s)range.*value must be one of`},
		"range and dates":     {`range = "30d"` + "\n" + `start_date = "2026-01-01"` + "\n" + `end_date = "2026-01-31"`, `(?s)Invalid Attribute Combination.*range`},
		"start without end":   {`start_date = "2026-01-01"`, `(?s)end_date.*must be specified when.*start_date`},
		"end without start":   {`end_date = "2026-01-01"`, `(?s)start_date.*must be specified when.*end_date`},
		"not a date":          {`start_date = "2026-02-30"` + "\n" + `end_date = "2026-03-01"`, `(?s)start_date.*not a calendar date`},
		"wrong date format":   {`start_date = "01/02/2026"` + "\n" + `end_date = "2026-03-01"`, `(?s)not a calendar date in the form YYYY-MM-DD`},
		"start after end":     {`start_date = "2026-03-02"` + "\n" + `end_date = "2026-03-01"`, `(?s)Invalid Date Range.*start_date = "2026-03-02".*is after end_date`},
		"unknown platform":    {`platforms = ["tiktok", "facebook"]`, `(?s)platforms.*value must be one of`},
		"handle as target id": {`account_ids = ["@brand"]`, `(?s)account_ids.*account handle, not a target id`},
	})
}

// TestNormalizedJSON pins the normalization of the JSON outputs.
func TestNormalizedJSON(t *testing.T) {
	cases := []struct {
		in   string
		want string // "null" means a null string
	}{
		{"", "null"},
		{"null", "null"},
		{" null ", "null"},
		{`{ "b": 1, "a": [1.50, 2e3, 12345678901234567890] }`, `{"a":[1.50,2e3,12345678901234567890],"b":1}`},
		{`[{"z":"<&>","y":null}]`, `[{"y":null,"z":"<&>"}]`},
		{`"text"`, `"text"`},
		{`0`, `0`},
	}
	for _, tc := range cases {
		got, err := analytics.NormalizedJSON(json.RawMessage(tc.in))
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if tc.want == "null" {
			if !got.IsNull() {
				t.Errorf("%q: got %s, want null", tc.in, got)
			}
			continue
		}
		if got.ValueString() != tc.want {
			t.Errorf("%q: got %s, want %s", tc.in, got.ValueString(), tc.want)
		}
	}
	var syntaxErr *json.SyntaxError
	if _, err := analytics.NormalizedJSON(json.RawMessage(`{"a":`)); err == nil || (!errors.As(err, &syntaxErr) && !strings.Contains(err.Error(), "EOF")) {
		t.Errorf("truncated JSON: got %v, want a decode error", err)
	}
}
