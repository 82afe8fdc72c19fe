package analytics_test

import (
	"cmp"
	"fmt"
	"math"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
	"github.com/genviral/terraform-provider-genviral/internal/provider/analytics"
)

// TestAccPostsReport_aggregates: every aggregate of the report equals the
// sums computed here from the API's rows; top_posts ranks by any metric,
// engagement rate included.
func TestAccPostsReport_aggregates(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{PostsPerTarget: 60})
	scope := emulator.WorkspaceScope()
	e.Srv.SeedTarget(scope, "tiktok", "@alpha", "Alpha")
	e.Srv.SeedTarget(scope, "instagram", "@charlie", "Charlie")
	e.Srv.SeedTarget(scope, "youtube", "@delta", "")
	all, total, err := apiPosts[repPost](e, url.Values{"range": {"all"}}, -1)
	if err != nil {
		t.Fatal(err)
	}
	if total != 180 || len(all) != 180 {
		t.Fatalf("the emulator serves %d of %d posts, want 180", len(all), total)
	}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: e.Config(`
data "genviral_analytics_posts_report" "r" {
  range  = "all"
  top_n  = 7
  top_by = "saves"
}
`),
			ConfigStateChecks: reportMatchesRows("data.genviral_analytics_posts_report.r", all, "saves", 7),
		}},
	})
}

// reportMatchesRows checks that the report ds read every one of the API's
// rows all, once, and that each of its aggregates equals the one computed
// here from them; top_posts ranks the first topN by topBy.
func reportMatchesRows(ds string, all []repPost, topBy string, topN int) []statecheck.StateCheck {
	check := func(attr string, c knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(ds, tfjsonpath.New(attr), c)
	}
	return []statecheck.StateCheck{
		check("total_count", knownvalue.Int64Exact(int64(len(all)))),
		check("posts_read", knownvalue.Int64Exact(int64(len(all)))),
		check("truncated", knownvalue.Bool(false)),
		check("summary", acctest.NewValueCheck("summary", func(v any) error { return repCheckAgg("summary", v, repOverall(all)) })),
		check("per_platform", repCheckGroups("per platform", repGroup(all, func(p repPost) string { return p.Platform }), nil)),
		check("per_account", repCheckGroups("per account", repGroup(all, func(p repPost) string {
			return p.Platform + "/" + p.AccountIdentifier
		}), nil)),
		check("per_day", repCheckGroups("per day", repGroup(all, reportDay), nil)),
		check("per_week", repCheckGroups("per week", repGroup(all, reportWeek), nil)),
		check("top_posts", repCheckTopRows(all, topBy, topN)),
	}
}

// TestAccPostsReport_smallState: a report over 10,100 posts keeps a few
// kilobytes in state, where the rows themselves take megabytes; and
// max_posts truncates, newest first.
func TestAccPostsReport_smallState(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{PostsPerTarget: 1010})
	for i := range 10 {
		e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", fmt.Sprintf("@acct%02d", i), "")
	}
	const ds = "data.genviral_analytics_posts_report.r"
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: e.Config(`data "genviral_analytics_posts_report" "r" { range = "all" }`),
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(ds, "posts_read", "10100"),
					resource.TestCheckResourceAttr(ds, "truncated", "false"),
					resource.TestCheckResourceAttr(ds, "top_posts.#", "10"),
					func(s *terraform.State) error {
						n := stateBytes(s)
						t.Logf("a report over 10,100 posts takes %d bytes of state", n)
						if n > 256<<10 {
							return fmt.Errorf("the report takes %d bytes of state, want at most 256 KiB", n)
						}
						return nil
					},
				),
			},
			{
				Config: e.Config(`data "genviral_analytics_posts_report" "r" {
  range     = "all"
  max_posts = 250
}`),
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(ds, "posts_read", "250"),
					resource.TestCheckResourceAttr(ds, "total_count", "10100"),
					resource.TestCheckResourceAttr(ds, "truncated", "true"),
					resource.TestCheckResourceAttr(ds, "summary.posts", "250"),
				),
			},
		},
	})
}

// TestAccPostsReport_invalidInput: bad options fail at plan on their
// attribute, with no API request.
func TestAccPostsReport_invalidInput(t *testing.T) {
	acctest.RunPlanErrors(t, acctest.DataSourceBody("genviral_analytics_posts_report"), map[string]acctest.PlanError{
		"unknown metric":     {`top_by = "reach"`, `(?s)top_by.*value must be one of`},
		"too many top":       {`top_n = 101`, `(?s)top_n.*between 0 and 100`},
		"too many posts":     {`max_posts = 1000001`, `(?s)max_posts.*between 1 and 1000000`},
		"range and dates":    {`range = "30d"` + "\n" + `start_date = "2026-01-01"` + "\n" + `end_date = "2026-01-31"`, `(?s)range`},
		"dates out of order": {`start_date = "2026-02-01"` + "\n" + `end_date = "2026-01-01"`, `(?s)start_date`},
	})
}

// TestAccPostsReport_errorNamesItsArguments: a failed read says what it
// read in the report's own terms (its filters, max_posts, top_n, top_by),
// not in those of genviral_analytics_posts (offset, max_results, sort_by),
// which the report's configuration does not have.
func TestAccPostsReport_errorNamesItsArguments(t *testing.T) {
	e := acctest.NewTestEnv(t)
	var err error
	acctest.ParallelTest(t, resource.TestCase{
		ErrorCheck: acctest.CaptureError(&err),
		Steps: []resource.TestStep{e.WithFaults(emulator.Faults{ErrorRate: 1, Routes: []string{emulator.RoutePosts}}, resource.TestStep{
			Config: e.Config(`data "genviral_analytics_posts_report" "x" {
  range     = "90d"
  max_posts = 300
  top_n     = 3
}
`),
		})},
	})
	acctest.CheckError(t, err, `Reading the posts of the report \(range=90d, max_posts=300, top_n=3, top_by=views\) failed`, "max_results")
}

// badMetricsEnv returns an emulator with one account of n posts, each
// with the metrics m (a buggy API's huge or negative values).
func badMetricsEnv(t *testing.T, n int, m emulator.PostMetrics) *acctest.TestEnv {
	t.Helper()
	e := acctest.NewTestEnv(t, emulator.Options{PostsPerTarget: n})
	tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@huge", "")
	for i := range n {
		if !e.Srv.SetPostMetrics(tg.ID, i, m) {
			t.Fatalf("post %d does not exist", i)
		}
	}
	return e
}

// TestAccPostsReport_checkedSums: a sum that does not fit (two posts of
// MaxInt64 views wrapped around to -2) is an error naming the metric, the
// group and how many posts, in the report and in the posts' totals;
// engagement rates adding up beyond the largest float (three of 1e308)
// are the API's bad data, said as such.
func TestAccPostsReport_checkedSums(t *testing.T) {
	rate := 1e308
	for name, tc := range map[string]struct {
		n    int
		m    emulator.PostMetrics
		ds   string
		want string
	}{
		"report views": {2, emulator.PostMetrics{Views: math.MaxInt64, Likes: 1}, "genviral_analytics_posts_report",
			`Sum Out of Range.*The views of the 2 posts of summary add up to a number outside the range.*bad data`},
		"report interactions": {2, emulator.PostMetrics{Views: 10, Likes: math.MaxInt64 / 2, Saves: math.MaxInt64 / 2}, "genviral_analytics_posts_report",
			`Sum Out of Range.*interactions \(likes \+ comments \+ shares \+ saves\) of the 2 posts of summary`},
		"posts totals": {2, emulator.PostMetrics{Views: math.MaxInt64}, "genviral_analytics_posts",
			`Sum Out of Range.*The views of the 2 posts of totals`},
		"report rates": {3, emulator.PostMetrics{Views: 10, EngagementRate: &rate}, "genviral_analytics_posts_report",
			`Engagement Rates Out of Range.*engagement rates of the 3 posts of summary add up to more than the largest number.*bad data`},
	} {
		t.Run(name, func(t *testing.T) {
			e := badMetricsEnv(t, tc.n, tc.m)
			acctest.ParallelTest(t, resource.TestCase{Steps: []resource.TestStep{{
				Config:      e.Config(fmt.Sprintf("data %q \"x\" {\n  range = \"all\"\n}\n", tc.ds)),
				ExpectError: acctest.ErrorPattern(`(?s)` + tc.want),
			}}})
		})
	}
}

// TestAccPostsReport_negativeMetrics: negative counts are summed as sent,
// with a warning naming the metric, how many posts and one of them, in the
// report and in the posts' totals.
func TestAccPostsReport_negativeMetrics(t *testing.T) {
	e := badMetricsEnv(t, 3, emulator.PostMetrics{Views: -5, Likes: 2})
	rec := &acctest.DiagRecorder{}
	warning := `Negative Metric from the API: views is negative for 3 of the 3 posts read \(for example post "[0-9a-f-]{36}"\)`
	acctest.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.Factories(),
		Steps: []resource.TestStep{{
			Config: e.Config(`
data "genviral_analytics_posts_report" "x" { range = "all" }
data "genviral_analytics_posts" "x" { range = "all" }
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.genviral_analytics_posts_report.x", tfjsonpath.New("summary").AtMapKey("views"), knownvalue.Int64Exact(-15)),
				statecheck.ExpectKnownValue(dsPostsAddr, tfjsonpath.New("totals").AtMapKey("views"), knownvalue.Int64Exact(-15)),
			},
			Check: rec.ExpectWarnings(warning),
		}},
	})
}

// TestTopPostsExactCounts: counts rank as whole numbers; as floats,
// 2^63-2 and 2^63-1 tie and the first would win.
func TestTopPostsExactCounts(t *testing.T) {
	t.Parallel()
	post := func(id string, views int64) genviral.Post {
		return genviral.Post{ID: id, Metrics: &genviral.PostMetrics{Views: &views}}
	}
	posts := []genviral.Post{post("lower", math.MaxInt64-1), post("higher", math.MaxInt64), post("none", 0)}
	posts[2].Metrics = nil
	k := analytics.NewTopKeeper("views", 3)
	for i := range posts {
		k.Add(&posts[i])
	}
	top := k.Sorted()
	if got := []string{top[0].ID, top[1].ID, top[2].ID}; !slices.Equal(got, []string{"higher", "lower", "none"}) {
		t.Errorf("ranked %v, want [higher lower none]", got)
	}
}

// TestAccPostsReport_beyondOneQuery: a report over more posts than one
// query serves (18,000, of which 12,000 on a single day) covers every post
// exactly once: its aggregates equal the sums computed here from each
// account's rows, read one account at a time. (The requests it takes are
// counted by TestScanPosts_requests.)
func TestAccPostsReport_beyondOneQuery(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{PostsPerTarget: 3000})
	scope := emulator.WorkspaceScope()
	accounts := []emulator.Target{
		e.Srv.SeedTarget(scope, "tiktok", "@spread", "Spread"),
		e.Srv.SeedTarget(scope, "instagram", "@wide", "Wide"),
	}
	busyDay := e.Srv.Now().AddDate(0, 0, -100)
	for i := range 3 {
		tg := e.Srv.SeedTarget(scope, "youtube", fmt.Sprintf("@busy%d", i), "")
		e.Srv.SetPostsOn(tg.ID, 4000, busyDay)
		accounts = append(accounts, tg)
	}
	var all []repPost
	for _, tg := range accounts {
		rows, _, err := apiPosts[repPost](e, url.Values{"range": {"all"}, "accounts": {tg.ID}}, -1)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, rows...)
	}
	const posts = 18000
	if len(all) != posts {
		t.Fatalf("the emulator serves %d posts, want %d", len(all), posts)
	}
	if day := repGroup(all, reportDay)[busyDay.Format(time.DateOnly)]; day == nil || day.posts <= genviral.MaxQueryRows {
		t.Fatalf("the busy day holds %v posts, want more than one query serves", day)
	}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: e.Config(`
data "genviral_analytics_posts_report" "r" {
  range     = "all"
  max_posts = 100000
  top_n     = 5
}
`),
			ConfigStateChecks: reportMatchesRows("data.genviral_analytics_posts_report.r", all, "views", 5),
		}},
	})
}

// TestTopKeeperMatchesSort: the bounded heap keeps the same posts, in the
// same order, as a stable sort of all of them would (ties: read first,
// ranked first), for any n.
func TestTopKeeperMatchesSort(t *testing.T) {
	t.Parallel()
	var posts []genviral.Post
	for i := range 500 {
		views := int64(i*7919) % 37 // many ties
		p := genviral.Post{ID: fmt.Sprintf("p%03d", i), Metrics: &genviral.PostMetrics{Views: &views}}
		if i%11 == 0 {
			p.Metrics = nil
		}
		posts = append(posts, p)
	}
	sorted := slices.Clone(posts)
	slices.SortStableFunc(sorted, func(a, b genviral.Post) int {
		va, _, oka := analytics.MetricOf(&a, "views")
		vb, _, okb := analytics.MetricOf(&b, "views")
		if oka != okb {
			if oka {
				return -1
			}
			return 1
		}
		return cmp.Compare(vb, va)
	})
	for _, n := range []int{0, 1, 10, 100, 499, 500, 600} {
		k := analytics.NewTopKeeper("views", n)
		for i := range posts {
			k.Add(&posts[i])
		}
		var got, want []string
		for _, p := range k.Sorted() {
			got = append(got, p.ID)
		}
		for _, p := range sorted[:min(n, len(sorted))] {
			want = append(want, p.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("top %d: got %v, want %v", n, got, want)
		}
	}
}
