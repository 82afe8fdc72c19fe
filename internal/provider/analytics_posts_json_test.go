package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// ctyRows is rows as Terraform holds them in `posts`: a list of objects of
// the row attributes, absent values null.
func ctyRows(t *testing.T, rows []genviral.Post) (cty.Value, cty.Type) {
	t.Helper()
	attrTypes := map[string]cty.Type{}
	for _, c := range postColumns {
		switch {
		case c.str != nil:
			attrTypes[c.name] = cty.String
		default:
			attrTypes[c.name] = cty.Number
		}
	}
	rowType := cty.Object(attrTypes)
	values := make([]cty.Value, len(rows))
	for i := range rows {
		obj := map[string]cty.Value{}
		for name, v := range postAttributes(&rows[i]) {
			switch v := v.(type) {
			case types.String:
				obj[name] = cty.NullVal(cty.String)
				if !v.IsNull() {
					obj[name] = cty.StringVal(v.ValueString())
				}
			case types.Int64:
				obj[name] = cty.NullVal(cty.Number)
				if !v.IsNull() {
					obj[name] = cty.NumberIntVal(v.ValueInt64())
				}
			case types.Float64:
				obj[name] = cty.NullVal(cty.Number)
				if !v.IsNull() {
					obj[name] = cty.NumberFloatVal(v.ValueFloat64())
				}
			default:
				t.Fatalf("attribute %s: unexpected value type %T", name, v)
			}
		}
		values[i] = cty.ObjectVal(obj)
	}
	if len(values) == 0 {
		return cty.ListValEmpty(rowType), cty.List(rowType)
	}
	return cty.ListVal(values), cty.List(rowType)
}

// posts_json is byte for byte what Terraform's jsonencode() (cty's JSON
// encoding) makes of the same rows in `posts`, for every kind of value.
func TestPostsJSON_matchesJsonencode(t *testing.T) {
	for name, rows := range map[string][]genviral.Post{"edge cases": edgePosts(), "no rows": nil} {
		t.Run(name, func(t *testing.T) {
			got, err := postsJSON(rows)
			if err != nil {
				t.Fatal(err)
			}
			val, typ := ctyRows(t, rows)
			want, err := ctyjson.Marshal(val, typ)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("postsJSON differs from jsonencode(posts):\n got: %.600s\nwant: %.600s", got, want)
			}
		})
	}
}

// With posts_format = "json" the rows arrive as one string that equals
// Terraform's own jsonencode of the list form, and posts is null; the
// default leaves posts_json null. Both read the same pages.
func TestAccPostsDataSource_jsonFormat(t *testing.T) {
	e := newTestEnv(t, emulator.Options{PostsPerTarget: 130})
	e.srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@alpha", "Alpha")
	e.srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "@beta", "")
	query := `
  range       = "all"
  sort_by     = "views"
  max_results = 250`
	parallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig: e.resetCounts(),
				Config: e.config(fmt.Sprintf(`
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
				Check: e.checkRequests(map[string]int{emulator.RoutePosts: 6}).Check,
			},
		},
	})
}
