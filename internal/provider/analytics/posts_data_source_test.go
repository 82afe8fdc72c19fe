package analytics_test

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
)

// TestAccPostsDataSource_sendsFiltersWithAPINames checks that every input
// reaches the API under the contract's query name (range, start, end,
// platforms, accounts, sortBy, sortOrder, limit, offset), that nothing else
// is sent, and that rows keep the server's order.
func TestAccPostsDataSource_sendsFiltersWithAPINames(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{PostsPerTarget: 40})
	tt := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@alpha", "Alpha")
	ig := e.Srv.SeedTarget(emulator.WorkspaceScope(), "instagram", "@beta", "")
	yt := e.Srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "@gamma", "")
	accounts := []string{tt.ID, ig.ID, yt.ID}
	slices.Sort(accounts)

	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig: e.ResetCounts(),
				Config: e.Config(fmt.Sprintf(`
data "genviral_analytics_posts" "x" {
  range       = "1y"
  platforms   = ["tiktok", "instagram"]
  account_ids = [%q, %q, %q]
  sort_by     = "views"
  sort_order  = "asc"
  offset      = 2
  max_results = 5
}`, yt.ID, tt.ID, ig.ID)),
				Check: resource.ComposeAggregateTestCheckFunc(
					dsExpectPostsQueries(e, url.Values{
						"range": {"1y"}, "platforms": {"instagram,tiktok"}, "accounts": {strings.Join(accounts, ",")},
						"sortBy": {"views"}, "sortOrder": {"asc"}, "limit": {"5"}, "offset": {"2"},
					}),
					acctest.DsCheckPosts(dsPostsAddr, func(rows []map[string]string) error {
						if len(rows) != 5 {
							return fmt.Errorf("got %d rows, want 5", len(rows))
						}
						for i, r := range rows {
							if r["platform"] != "tiktok" && r["platform"] != "instagram" {
								return fmt.Errorf("row %d has platform %q, which the filter excludes", i, r["platform"])
							}
							if i > 0 && dsAtoi(rows[i-1]["views"]) > dsAtoi(r["views"]) {
								return fmt.Errorf("rows are not in the server's ascending views order at %d", i)
							}
						}
						return nil
					}),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateValue(dsPostsAddr, "offset", knownvalue.Int64Exact(2)),
					acctest.StateValue(dsPostsAddr, "max_results", knownvalue.Int64Exact(5)),
					acctest.StateValue(dsPostsAddr, "has_more", knownvalue.Bool(true)),
					acctest.StateValue(dsPostsAddr, "id", knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{32}$`))),
				},
			},
			{
				PreConfig: e.ResetCounts(),
				Config: e.Config(`
data "genviral_analytics_posts" "x" {
  start_date = "2025-06-01"
  end_date   = "2026-01-31"
}`),
				Check: dsExpectPostsQueries(e, url.Values{
					"start": {"2025-06-01"}, "end": {"2026-01-31"}, "limit": {"100"}, "offset": {"0"},
				}),
				ConfigStateChecks: []statecheck.StateCheck{
					// Defaults are in state.
					acctest.StateValue(dsPostsAddr, "offset", knownvalue.Int64Exact(0)),
					acctest.StateValue(dsPostsAddr, "max_results", knownvalue.Int64Exact(100)),
					acctest.StateValue(dsPostsAddr, "range", knownvalue.Null()),
				},
			},
		},
	})
}

// TestAccPostsDataSource_pagesInParallel reads 250 of 300 rows: three
// requests per read (limits 100, 100, 50), rows in server order, no
// duplicates.
func TestAccPostsDataSource_pagesInParallel(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{PostsPerTarget: 300})
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@big", "Big")
	step := postsReadAllStep(e, postsRead{maxResults: 250, pages: map[string]string{"0": "100", "100": "100", "200": "50"}, rows: 250, total: 300, hasMore: true})
	step.ConfigStateChecks = append(step.ConfigStateChecks,
		statecheck.ExpectKnownValue(dsPostsAddr, tfjsonpath.New("totals").AtMapKey("posts"), knownvalue.Int64Exact(250)))
	step.Check = resource.ComposeAggregateTestCheckFunc(step.Check, acctest.DsNoDuplicateRows(dsPostsAddr), acctest.DsCheckPosts(dsPostsAddr, func(rows []map[string]string) error {
		for i, r := range rows {
			if i > 0 && rows[i-1]["published_at"] < r["published_at"] {
				return fmt.Errorf("rows are not in the server's default (newest first) order at %d", i)
			}
		}
		return nil
	}))
	acctest.ParallelTest(t, resource.TestCase{Steps: []resource.TestStep{step}})
}

// TestAccPostsDataSource_maxResultsBeyondTotal asks for more rows than
// exist: all rows, has_more false, one request per read.
func TestAccPostsDataSource_maxResultsBeyondTotal(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{PostsPerTarget: 30})
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "@small", "")
	acctest.ParallelTest(t, resource.TestCase{Steps: []resource.TestStep{
		postsReadAllStep(e, postsRead{maxResults: 1000, pages: map[string]string{"0": "100"}, rows: 30, total: 30, hasMore: false}),
	}})
}

// TestAccPostsDataSource_rowsAndTotals compares every returned row, field by
// field (value, type and nullness), with what the API itself answers, and
// checks that totals are the sums of the returned rows.
func TestAccPostsDataSource_rowsAndTotals(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{PostsPerTarget: 70})
	for _, h := range []string{"@one", "@two", "@three"} {
		e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", h, "")
	}
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "instagram", "@four", "Four")

	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: e.Config(`
data "genviral_analytics_posts" "x" {
  range       = "all"
  sort_by     = "likes"
  max_results = 150
}`),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.StateValue(dsPostsAddr, "posts", dsRowsMatchAPI(e, url.Values{"range": {"all"}, "sortBy": {"likes"}}, 150)),
				statecheck.ExpectKnownValue(dsPostsAddr, tfjsonpath.New("posts").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"views":           knownvalue.Int64Func(func(int64) error { return nil }),
					"engagement_rate": knownvalue.Float64Func(func(float64) error { return nil }),
					"caption":         knownvalue.StringRegexp(regexp.MustCompile(`#\d+$`)),
				})),
			},
			Check: dsCheckTotals,
		}},
	})
}

// TestAccPostsDataSource_invalidInput checks that each invalid input fails
// at plan on its attribute, without any API request.
func TestAccPostsDataSource_invalidInput(t *testing.T) {
	acctest.RunPlanErrors(t, acctest.DataSourceBody("genviral_analytics_posts"), map[string]acctest.PlanError{
		"range 7d":                {`range = "7d"`, `(?s)range.*value must be one of`},
		"start_date alone":        {`start_date = "2026-01-01"`, `(?s)"end_date" must be specified when "start_date"`},
		"end_date alone":          {`end_date = "2026-01-01"`, `(?s)"start_date" must be specified when "end_date"`},
		"start after end":         {"start_date = \"2026-03-10\"\nend_date = \"2026-03-01\"", `(?s)Invalid Date Range.*start_date "2026-03-10" is after end_date`},
		"not a calendar date":     {"start_date = \"2026-02-30\"\nend_date = \"2026-03-01\"", `(?s)start_date.*"2026-02-30" is not a calendar date`},
		"date not padded":         {"start_date = \"2026-3-1\"\nend_date = \"2026-03-02\"", `(?s)start_date.*"2026-3-1" is not a calendar date`},
		"range with dates":        {"range = \"30d\"\nstart_date = \"2026-01-01\"\nend_date = \"2026-01-31\"", `(?s)cannot be specified when "range"`},
		"offset 10001":            {`offset = 10001`, `(?s)offset.*between 0 and 10000`},
		"offset negative":         {`offset = -1`, `(?s)offset.*between 0 and 10000`},
		"max_results 0":           {`max_results = 0`, `(?s)max_results.*between 1 and 10100`},
		"max_results 10101":       {`max_results = 10101`, `(?s)max_results.*between 1 and 10100`},
		"unknown platform":        {`platforms = ["tiktok", "facebook"]`, `(?s)platforms.*must be one of.*"facebook"`},
		"sort_by saves":           {`sort_by = "saves"`, `(?s)sort_by.*value must be one of`},
		"sort_order up":           {`sort_order = "up"`, `(?s)sort_order.*value must be one of`},
		"handle as account id":    {`account_ids = ["@brand"]`, `(?s)account_ids.*account handle, not a target id`},
		"account id with a comma": {`account_ids = ["a,b"]`, `(?s)account_ids.*contains a comma`},
	})
}

// TestAccPostsDataSource_unauthorized checks that a rejected key gives an
// error with the key hint, and that the error never shows the secret.
func TestAccPostsDataSource_unauthorized(t *testing.T) {
	const secret = "notARealSecret123"
	e := acctest.NewTestEnv(t)
	e.Key = "gva_live_nope00." + secret
	var got error
	acctest.ParallelTest(t, resource.TestCase{
		// ErrorCheck sees the whole error text, which ExpectError cannot
		// assert the absence of anything in.
		ErrorCheck: acctest.CaptureError(&got),
		Steps: []resource.TestStep{{
			Config:   e.Config(`data "genviral_analytics_posts" "x" {}`),
			PlanOnly: true,
		}},
	})
	switch {
	case got == nil:
		t.Fatal("expected an error, got none")
	case !acctest.ErrorPattern(`(?s)Unable to Read Analytics Posts.*HTTP 401.*GENVIRAL_API_KEY`).MatchString(got.Error()):
		t.Errorf("error lacks the summary, the status or the key hint: %v", got)
	case strings.Contains(got.Error(), secret):
		t.Errorf("error contains the key's secret: %v", got)
	}
	if n := e.Srv.Count(emulator.RoutePosts); n < 1 {
		t.Errorf("expected the posts request to have been sent, got %d", n)
	}
}

// TestAccPostsDataSource_partialTotalsWarn: with the default max_results =
// 100, totals over 100 of 162 matching posts say so, naming both numbers
// and what to raise; a window covering every post says nothing.
func TestAccPostsDataSource_partialTotalsWarn(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{PostsPerTarget: 162})
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@many", "")
	rec := &acctest.DiagRecorder{}
	acctest.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.Factories(),
		Steps: []resource.TestStep{{
			Config: e.Config(`
data "genviral_analytics_posts" "x" { range = "all" }
data "genviral_analytics_posts" "all" {
  range       = "all"
  max_results = 200
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dsPostsAddr, tfjsonpath.New("totals").AtMapKey("posts"), knownvalue.Int64Exact(100)),
				acctest.StateBool(dsPostsAddr, "has_more", true),
				acctest.StateBool("data.genviral_analytics_posts.all", "has_more", false),
			},
			// Only the first warns (a warning about the other would match
			// no pattern).
			Check: rec.ExpectWarnings(`Totals Cover Part of the Matching Posts: totals sums the 100 posts returned, but ` +
				`more posts match the filters: 162 as the API counts them \(total_count\)\. Raise max_results \(now 100, ` +
				`at most 10100\).*genviral_analytics_posts_report`),
		}},
	})
}

// TestAccPostsDataSource_lyingTotalCount: a server announcing 10,100 rows
// but serving 250 costs the 3 pages of rows plus those already in flight
// (max_parallel_requests), not 101 requests, and the read says every row
// was read: has_more = false, total_count = 250.
func TestAccPostsDataSource_lyingTotalCount(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{PostsPerTarget: 250})
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@liar", "")
	acctest.ParallelTest(t, resource.TestCase{Steps: []resource.TestStep{e.WithFaults(emulator.Faults{PostsTotalCount: 10100}, resource.TestStep{
		PreConfig: e.ResetCounts(),
		Config: e.Config(`data "genviral_analytics_posts" "x" {
  range       = "all"
  max_results = 10100
  posts_format = "json"
}`),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(dsPostsAddr, tfjsonpath.New("totals").AtMapKey("posts"), knownvalue.Int64Exact(250)),
			acctest.StateBool(dsPostsAddr, "has_more", false),
			acctest.StateValue(dsPostsAddr, "total_count", knownvalue.Int64Exact(250)),
		},
		Check: func(*terraform.State) error {
			// Per read: the 3 pages of rows and at most the 9 others in
			// flight (max_parallel_requests = 10) when the end showed.
			reads := len(slices.DeleteFunc(e.Requests(emulator.RoutePosts), func(r emulator.Request) bool { return r.Query.Get("offset") != "0" }))
			if n := len(e.Requests(emulator.RoutePosts)); reads == 0 || n > reads*(3+9) {
				return fmt.Errorf("%d page requests for %d reads, want at most %d per read", n, reads, 3+9)
			}
			return nil
		},
	})}})
}
