package analytics_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/vmihailenco/msgpack/v5"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
	ctymsgpack "github.com/zclconf/go-cty/cty/msgpack"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
	"github.com/genviral/terraform-provider-genviral/internal/provider/analytics"
)

// terraformRows is rows as Terraform holds them in `posts`: the msgpack the
// provider sends for them (encodePostsRows, byte for byte the framework's
// encoding), decoded by cty as Terraform decodes it.
func terraformRows(t *testing.T, rows []genviral.Post) (cty.Value, cty.Type) {
	t.Helper()
	attrTypes := map[string]cty.Type{}
	for _, c := range analytics.PostColumns {
		attrTypes[c.Name] = cty.Number
		if c.Str != nil {
			attrTypes[c.Name] = cty.String
		}
	}
	typ := cty.List(cty.Object(attrTypes))
	var buf bytes.Buffer
	if err := analytics.EncodePostsRows(msgpack.NewEncoder(&buf), rows); err != nil {
		t.Fatal(err)
	}
	val, err := ctymsgpack.Unmarshal(buf.Bytes(), typ)
	if err != nil {
		t.Fatalf("decoding the rows as Terraform does: %v", err)
	}
	return val, typ
}

// appendJSONString writes every string as encoding/json does (which is how
// cty encodes strings): each single byte, each byte between ASCII letters,
// and multi-byte runes, so that the fast path for printable ASCII never
// skips an escape.
func TestAppendJSONString_matchesEncodingJSON(t *testing.T) {
	var cases []string
	for c := range 256 {
		cases = append(cases, string([]byte{byte(c)}), "ab"+string([]byte{byte(c)})+"cd")
	}
	cases = append(cases, "", "@handle_1", "https://example.com/v?a=1&b=2", "é", "\u2028", "日本", "a\"b", "x\x7fy")
	for _, v := range cases {
		b, err := analytics.AppendJSONString([]byte("x"), v)
		if err != nil {
			t.Fatalf("%q: %v", v, err)
		}
		want, _ := json.Marshal(v)
		if string(b) != "x"+string(want) {
			t.Errorf("%q: got %s, want x%s", v, b, want)
		}
	}
}

// posts_json is byte for byte what Terraform's jsonencode() (cty's JSON
// encoding) makes of the same rows in `posts`, for every kind of value:
// strings with HTML characters, U+2028, invalid UTF-8; -0 (an integer 0
// in msgpack), subnormal, huge and fractional floats.
func TestPostsJSON_matchesJsonencode(t *testing.T) {
	s := func(v string) *string { return &v }
	f := func(v float64) *float64 { return &v }
	extra := []genviral.Post{
		{AnalyticsID: s("a-7"), Caption: s("<b>&amp;</b> \u2028 \u2029 \x00 \xff\xfe bad utf-8"), DurationSeconds: f(5e-324), EngagementRate: f(math.MaxFloat64)},
		{AnalyticsID: s("a-8"), DurationSeconds: f(-1e-310), EngagementRate: f(1e21)},
	}
	for name, rows := range map[string][]genviral.Post{"edge cases": append(acctest.EdgePosts(), extra...), "no rows": nil} {
		t.Run(name, func(t *testing.T) {
			got, err := analytics.PostsJSONOf(rows, 3)
			if err != nil {
				t.Fatal(err)
			}
			val, typ := terraformRows(t, rows)
			want, err := ctyjson.Marshal(val, typ)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				for i := range min(len(got), len(want)) {
					if got[i] != want[i] {
						t.Fatalf("posts_json differs from jsonencode(posts) at byte %d:\n got: …%.120s\nwant: …%.120s", i, got[max(i-40, 0):], want[max(i-40, 0):])
					}
				}
				t.Errorf("posts_json (%d bytes) differs from jsonencode(posts) (%d bytes)", len(got), len(want))
			}
		})
	}
}

// A json read keeps of each row only what the totals read (statsOf): the
// totals of what it keeps are those of the whole rows, with the same
// negative counts and the same first row named in warnings.
func TestStatsOf_keepsWhatTotalsRead(t *testing.T) {
	s := func(v string) *string { return &v }
	rows := append(acctest.EdgePosts(), genviral.Post{ID: "legacy-negative", AnalyticsID: s(""),
		Metrics: &genviral.PostMetrics{Comments: new(int64(-5))}, EngagementRate: new(math.NaN())})
	if got, want := analytics.TotalsOf(rows, true), analytics.TotalsOf(rows, false); !reflect.DeepEqual(got, want) {
		t.Errorf("totals of the kept fields:\n%+v\nwant those of the rows:\n%+v", got, want)
	}
}

// With posts_format = "json" the rows arrive as one string that equals
// Terraform's own jsonencode of the list form, and posts is null; the
// default leaves posts_json null. Both read the same pages.
func TestAccPostsDataSource_jsonFormat(t *testing.T) {
	e := acctest.NewTestEnv(t, emulator.Options{PostsPerTarget: 130})
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@alpha", "Alpha")
	e.Srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "@beta", "")
	query := `
  range       = "all"
  sort_by     = "views"
  max_results = 250`
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig: e.ResetCounts(),
				Config: e.Config(fmt.Sprintf(`
data "genviral_analytics_posts" "list" {%s
}

data "genviral_analytics_posts" "json" {%s
  posts_format = "json"
}

output "same" {
  value = jsonencode(data.genviral_analytics_posts.list.posts) == data.genviral_analytics_posts.json.posts_json
}

output "rows" {
  value = length(jsondecode(data.genviral_analytics_posts.json.posts_json))
}`, query, query)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("same", knownvalue.Bool(true)),
					statecheck.ExpectKnownOutputValue("rows", knownvalue.Int64Exact(250)),
					statecheck.ExpectKnownValue("data.genviral_analytics_posts.json", tfjsonpath.New("posts"), knownvalue.Null()),
					statecheck.ExpectKnownValue("data.genviral_analytics_posts.list", tfjsonpath.New("posts_json"), knownvalue.Null()),
					statecheck.ExpectKnownValue("data.genviral_analytics_posts.json", tfjsonpath.New("totals").AtMapKey("posts"), knownvalue.Int64Exact(250)),
				},
				Check: e.CheckRequests(map[string]int{emulator.RoutePosts: 6}).Check,
			},
		},
	})
}

// appendJSONFloat prints every float as the big.Float text Terraform's
// jsonencode prints: 20,000 random bit patterns (every exponent, normal
// or subnormal, whole or not), 40,000 rates and durations as the API
// sends them, and the bounds of the strconv fast path.
func TestAppendJSONFloat_matchesBigFloat(t *testing.T) {
	t.Parallel()
	want := func(f float64) string {
		if f == math.Trunc(f) && f >= -(1<<63) && f < 1<<63 {
			return strconv.FormatInt(int64(f), 10)
		}
		return big.NewFloat(f).Text('f', -1)
	}
	r := rand.New(rand.NewPCG(26, 4))
	cases := []float64{analytics.MinNormalFloat64, -analytics.MinNormalFloat64, math.Nextafter(analytics.MinNormalFloat64, 0), math.MaxFloat64,
		math.SmallestNonzeroFloat64, 0.1, 4.92, 1e21, 1 << 63, -(1 << 63), 1<<53 + 2}
	for range 20000 {
		if f := math.Float64frombits(r.Uint64()); !math.IsNaN(f) && !math.IsInf(f, 0) {
			cases = append(cases, f)
		}
		// Engagement rates and durations as the API sends them.
		cases = append(cases, math.Round(r.Float64()*10000)/100, r.Float64()*600)
	}
	for _, f := range cases {
		if got := string(analytics.AppendJSONFloat(nil, f)); got != want(f) {
			t.Fatalf("%v (bits %#x): got %s, want %s", f, math.Float64bits(f), got, want(f))
		}
	}
}
