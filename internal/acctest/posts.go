package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// DsNoDuplicateRows fails when the posts data source addr returns a row
// whose analytics id is empty or repeated.
func DsNoDuplicateRows(addr string) resource.TestCheckFunc {
	return DsCheckPosts(addr, func(rows []map[string]string) error {
		seen := make(map[string]bool, len(rows))
		for i, r := range rows {
			id := r["analytics_id"]
			if id == "" || seen[id] {
				return fmt.Errorf("row %d: analytics id %q is empty or repeated", i, id)
			}
			seen[id] = true
		}
		return nil
	})
}

// DsPostFields maps the attributes of a post to the fields of an API row
// ("metrics.x" for the counters).
var DsPostFields = map[string]string{
	"id": "id", "analytics_id": "analyticsId", "platform_post_id": "platformPostId",
	"genviral_post_id": "genviralPostId", "external_id": "externalId", "published_at": "publishedAt",
	"caption": "caption", "permalink": "permalink", "thumbnail_url": "thumbnailUrl",
	"duration_seconds": "durationSeconds", "views": "metrics.views", "likes": "metrics.likes",
	"comments": "metrics.comments", "shares": "metrics.shares", "saves": "metrics.saves",
	"engagement_rate": "engagementRate", "platform": "platform", "account_identifier": "accountIdentifier",
	"account_display_name": "accountDisplayName", "account_avatar_url": "accountAvatarUrl",
}

// DsSameValue compares a state value with an API value (both decoded with
// UseNumber).
func DsSameValue(got, want any) error {
	switch w := want.(type) {
	case nil:
		if got != nil {
			return fmt.Errorf("got %v, want null", got)
		}
	case string:
		if g, ok := got.(string); !ok || g != w {
			return fmt.Errorf("got %#v, want string %q", got, w)
		}
	case json.Number:
		g, ok := got.(json.Number)
		if !ok {
			return fmt.Errorf("got %#v (%T), want number %s", got, got, w)
		}
		gf, _ := g.Float64()
		wf, _ := w.Float64()
		if gf != wf {
			return fmt.Errorf("got %s, want %s", g, w)
		}
	default:
		return fmt.Errorf("unexpected API value %#v", want)
	}
	return nil
}

// DsField returns the field at a dotted path of an API row.
func DsField(row map[string]any, field string) any {
	var v any = row
	for part := range strings.SplitSeq(field, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[part]
	}
	return v
}

// EdgePosts are rows with every kind of value the encoder distinguishes.
func EdgePosts() []genviral.Post {
	s := func(v string) *string { return &v }
	i := func(v int64) *int64 { return &v }
	f := func(v float64) *float64 { return &v }
	return []genviral.Post{
		{}, // everything absent: ids and all values null
		{ID: "legacy-only", Metrics: &genviral.PostMetrics{}},
		{AnalyticsID: s("a-1"), Caption: s(""), Metrics: &genviral.PostMetrics{Views: i(0), Likes: i(-1)}},
		{
			ID: "id-2", AnalyticsID: s("a-2"), PlatformPostID: s("pp"), GenviralPostID: s("gp"), ExternalID: s("ext"),
			PublishedAt: s("2026-01-02T03:04:05Z"), Caption: s("héllo ✓ \"quoted\"\n" + strings.Repeat("x", 300)),
			Permalink: s("https://example.com/p"), ThumbnailURL: s(strings.Repeat("t", 70000)),
			DurationSeconds: f(30), EngagementRate: f(4.92), Platform: s("tiktok"),
			AccountIdentifier: s("@a"), AccountDisplayName: s("A"), AccountAvatarURL: s("https://example.com/a.png"),
			Metrics: &genviral.PostMetrics{
				Views: i(math.MaxInt64), Likes: i(math.MinInt64), Comments: i(127), Shares: i(128), Saves: i(-33),
			},
		},
		{AnalyticsID: s("a-3"), DurationSeconds: f(math.Copysign(0, -1)), EngagementRate: f(1e20)},
		{AnalyticsID: s("a-4"), DurationSeconds: f(0.1), EngagementRate: f(-2.5e-300)},
		{AnalyticsID: s("a-5"), DurationSeconds: f(1 << 63), EngagementRate: f(-(1 << 63))},
		{AnalyticsID: s("a-6"), DurationSeconds: f(1e300), EngagementRate: f(65536)},
	}
}

// ConfiguredServer starts the provider server that newServer returns and
// configures it, as Terraform 1.11 would, for the API at url with the
// workspace key and the extra provider arguments. It returns the server and
// its schemas, failing t on an error or an error diagnostic.
func ConfiguredServer(t testing.TB, newServer func() (tfprotov6.ProviderServer, error), url string,
	extra map[string]tftypes.Value) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	ps, err := newServer()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	schemas, err := ps.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || HasErrorDiag(schemas.Diagnostics) {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	args := map[string]tftypes.Value{
		"api_key":  tftypes.NewValue(tftypes.String, emulator.WorkspaceKey),
		"base_url": tftypes.NewValue(tftypes.String, url),
	}
	maps.Copy(args, extra)
	conf, err := ps.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		Config: DynamicValue(t, schemas.Provider, args), TerraformVersion: "1.11.0",
	})
	if err != nil || HasErrorDiag(conf.Diagnostics) {
		t.Fatalf("ConfigureProvider: %v %v", err, conf.Diagnostics)
	}
	return ps, schemas
}

// HasErrorDiag reports whether diags hold an error.
func HasErrorDiag(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

// DynamicValue encodes an object of schema s with the given attributes set
// and every other attribute null.
func DynamicValue(t testing.TB, s *tfprotov6.Schema, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	typ, ok := s.ValueType().(tftypes.Object)
	if !ok {
		t.Fatalf("schema type %T is not an object", s.ValueType())
	}
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		if v, ok := set[name]; ok {
			vals[name] = v
		} else {
			vals[name] = tftypes.NewValue(at, nil)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// DsCheckPosts passes the posts of the posts data source addr, as flat maps
// of their attributes (null attributes are absent), to check.
func DsCheckPosts(addr string, check func([]map[string]string) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		attrs := rs.Primary.Attributes
		n, err := strconv.Atoi(attrs["posts.#"])
		if err != nil {
			return fmt.Errorf("posts.#: %v", err)
		}
		rows := make([]map[string]string, n)
		for i := range rows {
			rows[i] = map[string]string{}
			prefix := fmt.Sprintf("posts.%d.", i)
			for k, v := range attrs {
				if name, ok := strings.CutPrefix(k, prefix); ok {
					rows[i][name] = v
				}
			}
		}
		return check(rows)
	}
}
