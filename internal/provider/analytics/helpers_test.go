package analytics_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
	"github.com/genviral/terraform-provider-genviral/internal/provider/analytics"
)

// apiPosts reads the first n posts matching query (all of them when n < 0)
// straight from the emulator, page by page (at most 100 rows a page), in
// server order, each decoded as a T, and the API's totalCount.
func apiPosts[T any](e *acctest.TestEnv, query url.Values, n int) ([]T, int, error) {
	if n < 0 {
		n = math.MaxInt
	}
	var rows []T
	var total int
	for offset := 0; offset < n; offset += 100 {
		limit := min(100, n-offset)
		q := url.Values{}
		maps.Copy(q, query)
		q.Set("offset", strconv.Itoa(offset))
		q.Set("limit", strconv.Itoa(limit))
		var env struct {
			OK   bool `json:"ok"`
			Data struct {
				Posts      []T  `json:"posts"`
				TotalCount int  `json:"totalCount"`
				HasMore    bool `json:"hasMore"`
			} `json:"data"`
		}
		if err := e.APICall(http.MethodGet, "/analytics/summary/posts?"+q.Encode(), "", &env); err != nil {
			return nil, 0, err
		}
		if !env.OK {
			return nil, 0, fmt.Errorf("GET posts %s: ok=false", q.Encode())
		}
		rows = append(rows, env.Data.Posts...)
		total = env.Data.TotalCount
		if !env.Data.HasMore || len(env.Data.Posts) < limit {
			break
		}
	}
	return rows, total, nil
}

const dsPostsAddr = "data.genviral_analytics_posts.x"

// dsCheckTotals checks that totals are the sums of the returned rows.
func dsCheckTotals(s *terraform.State) error {
	return acctest.DsCheckPosts(dsPostsAddr, func(rows []map[string]string) error {
		totals := s.RootModule().Resources[dsPostsAddr].Primary.Attributes
		if got := totals["totals.posts"]; got != strconv.Itoa(len(rows)) {
			return fmt.Errorf("totals.posts = %s, want %d", got, len(rows))
		}
		for _, metric := range []string{"views", "likes", "comments", "shares", "saves"} {
			var sum int64
			for _, r := range rows {
				sum += dsAtoi(r[metric])
			}
			if sum == 0 {
				return fmt.Errorf("sum of %s is 0: the test data is too thin", metric)
			}
			if got := totals["totals."+metric]; got != strconv.FormatInt(sum, 10) {
				return fmt.Errorf("totals.%s = %s, want %d", metric, got, sum)
			}
		}
		return nil
	})(s)
}

func dsAtoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// postsListType is the type of the data source's posts attribute.
func postsListType(t *testing.T) types.ListType {
	t.Helper()
	var resp datasource.SchemaResponse
	(&analytics.AnalyticsPostsDataSource{}).Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	lt, ok := resp.Schema.GetAttributes()[analytics.PostsAttribute].GetType().(types.ListType)
	if !ok {
		t.Fatalf("posts is not a list")
	}
	return lt
}

// reportDay and reportWeek group a post by its UTC day and ISO week, as the
// test computes them independently.
func reportDay(p repPost) string {
	t, _ := time.Parse(time.RFC3339, p.PublishedAt)
	return t.UTC().Format("2006-01-02")
}

func reportWeek(p repPost) string {
	t, _ := time.Parse(time.RFC3339, p.PublishedAt)
	y, w := t.UTC().ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// repCheckTopRows checks a list of post rows: n rows whose metric values are
// the n highest among all, in non-increasing order, each the API's post.
func repCheckTopRows(all []repPost, metric string, n int) knownvalue.Check {
	inner := repCheckTop(all, metric, n)
	return acctest.NewValueCheck(fmt.Sprintf("top %d rows by %s", n, metric), func(v any) error {
		rows, ok := v.([]any)
		if !ok {
			return fmt.Errorf("expected a list, got %T", v)
		}
		ranked := make([]any, len(rows))
		for i, r := range rows {
			row, _ := r.(map[string]any)
			withRank := map[string]any{"rank": json.Number(strconv.Itoa(i + 1))}
			for k, v := range row {
				withRank[k] = v
			}
			ranked[i] = withRank
		}
		return inner.CheckValue(ranked)
	})
}

// stateBytes approximates the size of the state: its attribute names and
// values.
func stateBytes(s *terraform.State) int {
	n := 0
	for _, m := range s.Modules {
		for _, r := range m.Resources {
			for k, v := range r.Primary.Attributes {
				n += len(k) + len(v)
			}
		}
	}
	return n
}

const suggestionsAddr = "data.genviral_analytics_workspace_suggestions.x"

const suggestionsHCL = `
data "genviral_analytics_workspace_suggestions" "x" {}
`

func suggestion(workspaceID knownvalue.Check, name string, total int64, personal bool) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"workspace_id":   workspaceID,
		"workspace_name": knownvalue.StringExact(name),
		"total_items":    knownvalue.Int64Exact(total),
		"is_personal":    knownvalue.Bool(personal),
	})
}

// seedOtherScopes gives the key owner targets in the personal scope and in
// a second workspace ("Agency"), besides one in the default workspace.
func seedOtherScopes(e *acctest.TestEnv) {
	const agency = "7d1c2b3a-0000-4000-8000-000000000001"
	e.Srv.AddKey("gva_live_agency1.agencyWorkspaceSecret01", emulator.Scope{WorkspaceID: agency, UserID: emulator.UserID})
	e.Srv.SetWorkspaceName(agency, "Agency")
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@brand", "")
	e.Srv.SeedTarget(emulator.PersonalScope(), "tiktok", "@me", "")
	e.Srv.SeedTarget(emulator.PersonalScope(), "youtube", "@me", "")
	e.Srv.SeedTarget(emulator.Scope{WorkspaceID: agency, UserID: emulator.UserID}, "instagram", "client", "")
}

// reportingConfig renders a root configuration: required_providers, the
// provider block for the emulator, a module "report" from module with the
// given arguments (HCL lines) and one root output per module output.
func reportingConfig(e *acctest.TestEnv, module string, args ...string) string {
	var b strings.Builder
	b.WriteString(reportingRequiredProviders + "\n")
	b.WriteString(e.Provider())
	fmt.Fprintf(&b, "\nmodule \"report\" {\n  source = %q\n", module)
	for _, a := range args {
		b.WriteString("  " + a + "\n")
	}
	b.WriteString("}\n")
	for _, o := range []string{"top_posts", "top_posts_table", "per_platform", "per_account", "summary", "total_count", "truncated"} {
		fmt.Fprintf(&b, "\noutput %q {\n  value = module.report.%s\n}\n", o, o)
	}
	return b.String()
}

// reportingTest runs steps in parallel with other tests, each step's Config
// moved to a file, plus a last step that empties the state (see above).
func reportingTest(e *acctest.TestEnv, t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	if slices.ContainsFunc(steps, func(s resource.TestStep) bool { return !s.PlanOnly }) {
		steps = append(steps, resource.TestStep{Config: reportingRequiredProviders + "\n" + e.Provider()})
	}
	dir := t.TempDir()
	for i := range steps {
		file := filepath.Join(dir, fmt.Sprintf("step%d.tf", i+1))
		if err := os.WriteFile(file, []byte(steps[i].Config), 0o600); err != nil {
			t.Fatal(err)
		}
		steps[i].Config = ""
		steps[i].ConfigFile = config.StaticFile(file)
		// A step whose file has a provider block counts as declaring its
		// providers, so they are given per step, not on the TestCase.
		steps[i].ProtoV6ProviderFactories = acctest.TestProviders
	}
	acctest.ParallelTest(t, resource.TestCase{Steps: steps})
}

// summaryQueries returns the query strings of the summary requests
// received, sorted.
func summaryQueries(e *acctest.TestEnv) []string {
	var out []string
	for _, r := range e.Requests(emulator.RouteSummary) {
		out = append(out, r.Query.Encode())
	}
	slices.Sort(out)
	return out
}

// dsExpectPostsQueries checks that posts requests were sent and that each
// had exactly the query want.
func dsExpectPostsQueries(e *acctest.TestEnv, want url.Values) resource.TestCheckFunc {
	return func(*terraform.State) error {
		reqs := e.Requests(emulator.RoutePosts)
		if len(reqs) == 0 {
			return errors.New("no posts request was sent")
		}
		for _, r := range reqs {
			if r.Query.Encode() != want.Encode() {
				return fmt.Errorf("posts request query\n got: %s\nwant: %s", r.Query.Encode(), want.Encode())
			}
		}
		return nil
	}
}

// dsExpectPagesPerRead checks that every read requested exactly the pages
// of want (offset -> limit), once each: the requests are len(want) per read.
func dsExpectPagesPerRead(e *acctest.TestEnv, want map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		reqs := e.Requests(emulator.RoutePosts)
		perOffset := map[string]int{}
		for _, r := range reqs {
			o, l := r.Query.Get("offset"), r.Query.Get("limit")
			if want[o] != l {
				return fmt.Errorf("unexpected page request offset=%s limit=%s (want pages %v)", o, l, want)
			}
			perOffset[o]++
		}
		reads := perOffset["0"]
		if reads == 0 {
			return errors.New("no first page was requested")
		}
		for o := range want {
			if perOffset[o] != reads {
				return fmt.Errorf("offset %s requested %d times over %d reads", o, perOffset[o], reads)
			}
		}
		if len(reqs) != reads*len(want) {
			return fmt.Errorf("%d requests for %d reads, want %d per read", len(reqs), reads, len(want))
		}
		return nil
	}
}

// dsRowsMatchAPI asks the emulator directly for the first n rows of the
// query and compares them with the data source's posts: same rows in the
// same order, every field equal, numbers as numbers and nulls as nulls.
func dsRowsMatchAPI(e *acctest.TestEnv, query url.Values, n int) knownvalue.Check {
	return acctest.NewValueCheck(fmt.Sprintf("the first %d posts of the API for %s", n, query.Encode()), func(v any) error {
		want, _, err := apiPosts[map[string]any](e, query, n)
		if err != nil {
			return err
		}
		got, _ := v.([]any)
		if len(got) != len(want) {
			return fmt.Errorf("state has %d posts, the API %d", len(got), len(want))
		}
		nulls := map[string]int{}
		for i := range want {
			row, _ := got[i].(map[string]any)
			if len(row) != len(acctest.DsPostFields) {
				return fmt.Errorf("post %d has %d attributes, want %d", i, len(row), len(acctest.DsPostFields))
			}
			for attr, field := range acctest.DsPostFields {
				w := acctest.DsField(want[i], field)
				g := row[attr]
				if w == nil {
					nulls[attr]++
				}
				if err := acctest.DsSameValue(g, w); err != nil {
					return fmt.Errorf("post %d %s: %v", i, attr, err)
				}
			}
		}
		// The synthetic data must exercise nulls, or the check proves little.
		for _, attr := range []string{"platform_post_id", "genviral_post_id", "external_id", "thumbnail_url", "duration_seconds"} {
			if nulls[attr] == 0 {
				return fmt.Errorf("no post has a null %s: the test data is too thin", attr)
			}
		}
		return nil
	})
}

// postsRead is a read of the first maxResults posts of range "all" and
// what it must give: the pages each read requests (offset -> limit), the
// rows in state, the API's total_count and has_more.
type postsRead struct {
	maxResults int
	pages      map[string]string
	rows       int
	total      int64
	hasMore    bool
}

// postsReadAllStep is the step that does r after a reset of the request
// counters and checks it; a test appends its own checks.
func postsReadAllStep(e *acctest.TestEnv, r postsRead) resource.TestStep {
	return resource.TestStep{
		PreConfig: e.ResetCounts(),
		Config: e.Config(fmt.Sprintf(`
data "genviral_analytics_posts" "x" {
  range       = "all"
  max_results = %d
}`, r.maxResults)),
		ConfigStateChecks: []statecheck.StateCheck{
			acctest.StateValue(dsPostsAddr, "posts", knownvalue.ListSizeExact(r.rows)),
			acctest.StateValue(dsPostsAddr, "total_count", knownvalue.Int64Exact(r.total)),
			acctest.StateValue(dsPostsAddr, "has_more", knownvalue.Bool(r.hasMore)),
		},
		Check: dsExpectPagesPerRead(e, r.pages),
	}
}
