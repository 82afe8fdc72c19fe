package analytics_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
)

// The acceptance tests of examples/reporting: a test configuration calls
// the module by an absolute path (Terraform copies a module with an absolute
// source into .terraform/modules, no registry involved) and its outputs are
// compared with aggregates computed here, independently, from the emulator's
// own answers over HTTP.
//
// Three details of terraform-plugin-testing shape these tests:
//   - It runs terraform init on a step's own configuration (which installs
//     the module) only for a ConfigFile or ConfigDirectory step; for a Config
//     string it initialises the provider blocks only. So each step's
//     configuration is written to a file and given as ConfigFile.
//   - It reattaches the in-process provider as hashicorp/genviral (the
//     namespace can only be changed process-wide, with
//     TF_ACC_PROVIDER_NAMESPACE, which would stop these tests from running
//     in parallel with the others), while the module requires
//     genviral/genviral, which terraform init would look up in the registry.
//     So the tests use a copy of the module's .tf files plus an override
//     file (versions_override.tf) that only changes that source address;
//     everything else is the module as shipped.
//   - Its legacy state shim, which it runs on the final state, rejects a
//     state with child modules ("Modules are not supported"). A last step
//     without the module empties the state first.

// reportingModule copies the .tf files of examples/reporting into a
// temporary directory, adds the override of the provider source (see
// above) and returns the copy's absolute path.
func reportingModule(t *testing.T) string {
	t.Helper()
	src := acctest.Examples(t, "reporting")
	files, err := filepath.Glob(filepath.Join(src, "*.tf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no .tf files in %s (%v)", src, err)
	}
	dst := filepath.Join(t.TempDir(), "reporting")
	if err := os.Mkdir(dst, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dst, "versions_override.tf"), []byte(reportingRequiredProviders), 0o600); err != nil {
		t.Fatal(err)
	}
	return dst
}

// reportingRequiredProviders declares the provider under the address the
// test framework reattaches it at.
const reportingRequiredProviders = `terraform {
  required_providers {
    genviral = {
      source = "hashicorp/genviral"
    }
  }
}
`

// repPost is a post row as the emulator answers it (contract §7).
type repPost struct {
	ID                 string   `json:"id"`
	Platform           string   `json:"platform"`
	AccountIdentifier  string   `json:"accountIdentifier"`
	AccountDisplayName string   `json:"accountDisplayName"`
	PublishedAt        string   `json:"publishedAt"`
	EngagementRate     *float64 `json:"engagementRate"`
	Metrics            *struct {
		Views    int64 `json:"views"`
		Likes    int64 `json:"likes"`
		Comments int64 `json:"comments"`
		Shares   int64 `json:"shares"`
		Saves    int64 `json:"saves"`
	} `json:"metrics"`
}

func (p repPost) metric(name string) int64 {
	if p.Metrics == nil {
		return 0
	}
	switch name {
	case "views":
		return p.Metrics.Views
	case "likes":
		return p.Metrics.Likes
	case "comments":
		return p.Metrics.Comments
	case "shares":
		return p.Metrics.Shares
	case "saves":
		return p.Metrics.Saves
	}
	panic("unknown metric " + name)
}

// repAgg is an aggregate computed in the test.
type repAgg struct {
	posts, views, likes, comments, shares, saves int64
	rates                                        []float64
}

func (a *repAgg) add(p repPost) {
	a.posts++
	a.views += p.metric("views")
	a.likes += p.metric("likes")
	a.comments += p.metric("comments")
	a.shares += p.metric("shares")
	a.saves += p.metric("saves")
	if p.EngagementRate != nil {
		a.rates = append(a.rates, *p.EngagementRate)
	}
}

func (a *repAgg) interactions() int64 { return a.likes + a.comments + a.shares + a.saves }

// exactRates returns the exact (unrounded) weighted, average and median rates;
// NaN where undefined.
func (a *repAgg) exactRates() (weighted, avg, median float64) {
	weighted, avg, median = math.NaN(), math.NaN(), math.NaN()
	if a.views > 0 {
		weighted = float64(a.interactions()) / float64(a.views) * 100
	}
	if n := len(a.rates); n > 0 {
		var sum float64
		for _, r := range a.rates {
			sum += r
		}
		avg = sum / float64(n)
		s := slices.Clone(a.rates)
		slices.Sort(s)
		if n%2 == 1 {
			median = s[n/2]
		} else {
			median = (s[n/2-1] + s[n/2]) / 2
		}
	}
	return weighted, avg, median
}

func repGroup(posts []repPost, key func(repPost) string) map[string]*repAgg {
	out := map[string]*repAgg{}
	for _, p := range posts {
		k := key(p)
		if out[k] == nil {
			out[k] = &repAgg{}
		}
		out[k].add(p)
	}
	return out
}

func repOverall(posts []repPost) *repAgg {
	a := &repAgg{}
	for _, p := range posts {
		a.add(p)
	}
	return a
}

func repNum(v any) (float64, error) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, fmt.Errorf("expected a number, got %T %v", v, v)
	}
	return n.Float64()
}

func repInt(v any) (int64, error) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, fmt.Errorf("expected a number, got %T %v", v, v)
	}
	return n.Int64()
}

// repCheckRate checks a rounded rate output against its exact value: null
// when the exact value is undefined (NaN), else a number with at most 2
// decimals within half a hundredth of it.
func repCheckRate(name string, got any, exact float64) error {
	if math.IsNaN(exact) {
		if got != nil {
			return fmt.Errorf("%s: got %v, want null (undefined)", name, got)
		}
		return nil
	}
	g, err := repNum(got)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if math.Abs(g-exact) > 0.005+1e-9 || math.Abs(g*100-math.Round(g*100)) > 1e-6 {
		return fmt.Errorf("%s: got %v, want %.6f rounded to 2 decimals", name, g, exact)
	}
	return nil
}

// repCheckAgg compares one aggregate object of the module with want.
func repCheckAgg(name string, v any, want *repAgg) error {
	obj, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("%s: expected an object, got %T", name, v)
	}
	for field, w := range map[string]int64{
		"posts": want.posts, "views": want.views, "likes": want.likes, "comments": want.comments,
		"shares": want.shares, "saves": want.saves, "interactions": want.interactions(),
	} {
		g, err := repInt(obj[field])
		if err != nil {
			return fmt.Errorf("%s.%s: %w", name, field, err)
		}
		if g != w {
			return fmt.Errorf("%s.%s: got %d, want %d", name, field, g, w)
		}
	}
	weighted, avg, median := want.exactRates()
	for field, exact := range map[string]float64{
		"weighted_engagement_rate": weighted, "avg_engagement_rate": avg, "median_engagement_rate": median,
	} {
		if err := repCheckRate(name+"."+field, obj[field], exact); err != nil {
			return err
		}
	}
	return nil
}

// repCheckGroups checks a per_platform or per_account output: the same keys
// as want, each aggregate equal; extra(key, object) checks more fields.
func repCheckGroups(desc string, want map[string]*repAgg, extra func(string, map[string]any) error) knownvalue.Check {
	return acctest.NewValueCheck(desc, func(v any) error {
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("expected a map, got %T", v)
		}
		if len(m) != len(want) {
			return fmt.Errorf("got keys %v, want %d groups", slices.Sorted(maps.Keys(m)), len(want))
		}
		for k, w := range want {
			got, ok := m[k]
			if !ok {
				return fmt.Errorf("group %q is missing (got %v)", k, slices.Sorted(maps.Keys(m)))
			}
			if err := repCheckAgg(k, got, w); err != nil {
				return err
			}
			if extra != nil {
				m, _ := got.(map[string]any)
				if err := extra(k, m); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// repCheckTop checks top_posts: exactly n rows ranked 1..n, non-increasing
// by metric, whose metric values are the n highest among all matching posts,
// and each row is the API's post (same platform, account and metric).
func repCheckTop(all []repPost, metric string, n int) knownvalue.Check {
	byID := map[string]repPost{}
	var values []int64
	for _, p := range all {
		byID[p.ID] = p
		values = append(values, p.metric(metric))
	}
	slices.Sort(values)
	slices.Reverse(values)
	want := values[:min(n, len(values))]
	return acctest.NewValueCheck(fmt.Sprintf("top %d by %s", n, metric), func(v any) error {
		rows, ok := v.([]any)
		if !ok {
			return fmt.Errorf("expected a list, got %T", v)
		}
		if len(rows) != len(want) {
			return fmt.Errorf("got %d top posts, want %d", len(rows), len(want))
		}
		for i, r := range rows {
			row, _ := r.(map[string]any)
			rank, err := repInt(row["rank"])
			if err != nil || rank != int64(i+1) {
				return fmt.Errorf("row %d: rank %v, want %d", i, row["rank"], i+1)
			}
			got, err := repInt(row[metric])
			if err != nil {
				return fmt.Errorf("row %d: %s: %w", i, metric, err)
			}
			if got != want[i] {
				return fmt.Errorf("row %d: %s = %d, want %d (top values %v)", i, metric, got, want[i], want)
			}
			p, ok := byID[row["id"].(string)]
			if !ok {
				return fmt.Errorf("row %d: post %v is not among the matching posts", i, row["id"])
			}
			if p.Platform != row["platform"] || p.AccountIdentifier != row["account_identifier"] || p.metric(metric) != got {
				return fmt.Errorf("row %d: %v does not match the API's post %+v", i, row, p)
			}
		}
		return nil
	})
}

// repCheckTable checks top_posts_table: a header marking the ranking metric,
// then one line per top post: rank, platform, account, views, likes,
// comments, shares, engagement rate, date and caption, with the ranking
// metric's column holding the n highest values.
func repCheckTable(all []repPost, metric string, n int) knownvalue.Check {
	col := map[string]int{"views": 3, "likes": 4, "comments": 5, "shares": 6}[metric]
	var values []int64
	for _, p := range all {
		values = append(values, p.metric(metric))
	}
	slices.Sort(values)
	slices.Reverse(values)
	return knownvalue.StringFunc(func(s string) error {
		lines := strings.Split(s, "\n")
		if len(lines) != n+1 {
			return fmt.Errorf("got %d lines, want a header and %d rows:\n%s", len(lines), n, s)
		}
		if h := strings.Fields(lines[0]); len(h) < 10 || h[col] != strings.ToUpper(metric)+"*" {
			return fmt.Errorf("header does not mark %s: %q", metric, lines[0])
		}
		for i, l := range lines[1:] {
			f := strings.Fields(l)
			if len(f) < 9 || f[0] != strconv.Itoa(i+1) || f[col] != strconv.FormatInt(values[i], 10) {
				return fmt.Errorf("line %d is not row %d with %s %d: %q", i+1, i+1, metric, values[i], l)
			}
		}
		return nil
	})
}

// TestAccReportingModule_aggregates runs the module over four accounts on
// three platforms and compares every aggregate with sums computed from the
// API's rows, first over all posts, then with a platform filter, another
// ranking metric and a max_posts that truncates the aggregates.
func TestAccReportingModule_aggregates(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{PostsPerTarget: 45})
	module := reportingModule(t)
	scope := emulator.WorkspaceScope()
	e.Srv.SeedTarget(scope, "tiktok", "@alpha", "Alpha")
	e.Srv.SeedTarget(scope, "tiktok", "@bravo", "Bravo")
	e.Srv.SeedTarget(scope, "instagram", "@charlie", "Charlie")
	e.Srv.SeedTarget(scope, "youtube", "@delta", "")

	byPlatform := func(p repPost) string { return p.Platform }
	byAccount := func(p repPost) string { return p.Platform + "/" + p.AccountIdentifier }
	accountFields := func(posts []repPost) func(string, map[string]any) error {
		return func(key string, obj map[string]any) error {
			for _, p := range posts {
				if byAccount(p) == key {
					if obj["platform"] != p.Platform || obj["account_identifier"] != p.AccountIdentifier ||
						obj["account_display_name"] != p.AccountDisplayName {
						return fmt.Errorf("%s: got %v, want platform %q, identifier %q, display name %q",
							key, obj, p.Platform, p.AccountIdentifier, p.AccountDisplayName)
					}
					return nil
				}
			}
			return fmt.Errorf("%s: no such account among the posts", key)
		}
	}
	summaryCheck := func(read []repPost, matching int, truncated bool) knownvalue.Check {
		want := repOverall(read)
		var maxRate float64
		for _, p := range read {
			if p.EngagementRate != nil {
				maxRate = max(maxRate, *p.EngagementRate)
			}
		}
		return acctest.NewValueCheck("summary", func(v any) error {
			if err := repCheckAgg("summary", v, want); err != nil {
				return err
			}
			s, _ := v.(map[string]any)
			if got, _ := repInt(s["posts_matching"]); got != int64(matching) {
				return fmt.Errorf("summary.posts_matching = %v, want %d", s["posts_matching"], matching)
			}
			if got, _ := repInt(s["posts_read"]); got != int64(len(read)) {
				return fmt.Errorf("summary.posts_read = %v, want %d", s["posts_read"], len(read))
			}
			if s["truncated"] != truncated {
				return fmt.Errorf("summary.truncated = %v, want %v", s["truncated"], truncated)
			}
			best, ok := s["best_post"].(map[string]any)
			if !ok || best["rank"] != json.Number("1") {
				return fmt.Errorf("summary.best_post = %v, want the first top post", s["best_post"])
			}
			me, ok := s["most_engaging_post"].(map[string]any)
			if !ok {
				return fmt.Errorf("summary.most_engaging_post = %v, want a post", s["most_engaging_post"])
			}
			if r, _ := repNum(me["engagement_rate"]); r != maxRate {
				return fmt.Errorf("summary.most_engaging_post.engagement_rate = %v, want the highest rate %v", r, maxRate)
			}
			return nil
		})
	}

	// Step 1: everything, top 7 by likes.
	all, total, err := apiPosts[repPost](e, url.Values{"range": {"all"}, "sortBy": {"published_at"}, "sortOrder": {"desc"}}, -1)
	if err != nil {
		t.Fatal(err)
	}
	if total != 180 || len(all) != 180 {
		t.Fatalf("the emulator has %d posts (totalCount %d), want 180", len(all), total)
	}
	// Step 2: tiktok and instagram, top 3 by comments, aggregates over the
	// newest 50 of 135.
	filtered, filteredTotal, err := apiPosts[repPost](e, url.Values{
		"range": {"all"}, "platforms": {"instagram,tiktok"}, "sortBy": {"published_at"}, "sortOrder": {"desc"},
	}, -1)
	if err != nil {
		t.Fatal(err)
	}
	if filteredTotal != 135 {
		t.Fatalf("the emulator has %d tiktok and instagram posts, want 135", filteredTotal)
	}
	newest50 := filtered[:50]
	// outputs checks every output of the module: the aggregates over read
	// (matching posts match the filters, truncated when read is fewer) and
	// the top n of ranked by metric.
	outputs := func(read []repPost, matching int, truncated bool, ranked []repPost, metric string, n int) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("per_platform", repCheckGroups("per_platform", repGroup(read, byPlatform), nil)),
			statecheck.ExpectKnownOutputValue("per_account", repCheckGroups("per_account", repGroup(read, byAccount), accountFields(read))),
			statecheck.ExpectKnownOutputValue("summary", summaryCheck(read, matching, truncated)),
			statecheck.ExpectKnownOutputValue("top_posts", repCheckTop(ranked, metric, n)),
			statecheck.ExpectKnownOutputValue("top_posts_table", repCheckTable(ranked, metric, n)),
			statecheck.ExpectKnownOutputValue("total_count", knownvalue.Int64Exact(int64(matching))),
			statecheck.ExpectKnownOutputValue("truncated", knownvalue.Bool(truncated)),
		}
	}

	reportingTest(e, t,
		resource.TestStep{
			Config:            reportingConfig(e, module, `range = "all"`, `top_n = 7`, `top_by = "likes"`),
			ConfigStateChecks: outputs(all, 180, false, all, "likes", 7),
		},
		resource.TestStep{
			Config: reportingConfig(e, module, `range = "all"`, `platforms = ["tiktok", "instagram"]`,
				`top_n = 3`, `top_by = "comments"`, `max_posts = 50`),
			// The top posts rank all 135 matching posts, not only the 50 read.
			ConfigStateChecks: outputs(newest50, 135, true, filtered, "comments", 3),
		},
	)
}

// TestAccReportingModule_noPosts runs the module where nothing matches: all
// counts are 0, every rate (a division by views or by a number of posts) is
// null instead of a division error or infinity, and the table says so.
func TestAccReportingModule_noPosts(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{PostsPerTarget: -1})
	module := reportingModule(t)
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@quiet", "Quiet")

	reportingTest(e, t, resource.TestStep{
		Config: reportingConfig(e, module, `range = "all"`),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("summary", knownvalue.ObjectExact(map[string]knownvalue.Check{
				"posts":                    knownvalue.Int64Exact(0),
				"posts_matching":           knownvalue.Int64Exact(0),
				"posts_read":               knownvalue.Int64Exact(0),
				"truncated":                knownvalue.Bool(false),
				"views":                    knownvalue.Int64Exact(0),
				"likes":                    knownvalue.Int64Exact(0),
				"comments":                 knownvalue.Int64Exact(0),
				"shares":                   knownvalue.Int64Exact(0),
				"saves":                    knownvalue.Int64Exact(0),
				"interactions":             knownvalue.Int64Exact(0),
				"weighted_engagement_rate": knownvalue.Null(),
				"avg_engagement_rate":      knownvalue.Null(),
				"median_engagement_rate":   knownvalue.Null(),
				"top_by":                   knownvalue.StringExact("views"),
				"best_post":                knownvalue.Null(),
				"most_engaging_post":       knownvalue.Null(),
			})),
			statecheck.ExpectKnownOutputValue("per_platform", knownvalue.MapSizeExact(0)),
			statecheck.ExpectKnownOutputValue("per_account", knownvalue.MapSizeExact(0)),
			statecheck.ExpectKnownOutputValue("top_posts", knownvalue.ListSizeExact(0)),
			statecheck.ExpectKnownOutputValue("top_posts_table", knownvalue.StringRegexp(acctest.ErrorPattern(`(?s)VIEWS\*.*\(no posts match the filters\)$`))),
			statecheck.ExpectKnownOutputValue("total_count", knownvalue.Int64Exact(0)),
			statecheck.ExpectKnownOutputValue("truncated", knownvalue.Bool(false)),
		},
	})
}

// TestAccReportingModule_invalidInput checks that bad module inputs fail at
// plan on the input (variable validations) or on the module's date rules
// (preconditions), before any API request.
func TestAccReportingModule_invalidInput(t *testing.T) {
	cases := map[string]struct {
		args []string
		want string
	}{
		"top_by saves":        {[]string{`top_by = "saves"`}, `top_by must be one of`},
		"top_n zero":          {[]string{`top_n = 0`}, `top_n must be a whole number from 1 to 10100`},
		"top_n fraction":      {[]string{`top_n = 2.5`}, `top_n must be a whole number`},
		"max_posts too large": {[]string{`max_posts = 1000001`}, `max_posts must be a whole number from 1 to 1000000`},
		"range unknown":       {[]string{`range = "7d"`}, `range must be one of`},
		"platform unknown":    {[]string{`platforms = ["facebook"]`}, `platforms may only contain`},
		"account handle":      {[]string{`account_ids = ["@brand"]`}, `account_ids must be analytics target ids`},
		"date not a date":     {[]string{`start_date = "2026-02-30"`, `end_date = "2026-03-01"`}, `start_date must be a calendar date`},
		"range and dates":     {[]string{`range = "30d"`, `start_date = "2026-01-01"`, `end_date = "2026-01-31"`}, `Set either range or start_date/end_date, not both`},
		"start without end":   {[]string{`start_date = "2026-01-01"`}, `start_date and end_date must be set together`},
		"start after end":     {[]string{`start_date = "2026-02-01"`, `end_date = "2026-01-31"`}, `start_date must not be after end_date`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			e := acctest.NewTestEnv(t)
			module := reportingModule(t)
			reportingTest(e, t, resource.TestStep{
				Config:      reportingConfig(e, module, tc.args...),
				PlanOnly:    true,
				ExpectError: acctest.ErrorPattern(tc.want),
			})
			e.ExpectNoRequests()
		})
	}
}
