package analytics_test

import (
	"bytes"
	"context"
	"maps"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/emulator/emulatortest"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
	"github.com/genviral/terraform-provider-genviral/internal/provider"
	"github.com/genviral/terraform-provider-genviral/internal/provider/analytics"
)

// TestPostsRows_encodingMatchesFramework checks that the rows the server
// writes itself are byte for byte the msgpack that the framework writes for
// the same rows built as framework values.
func TestPostsRows_encodingMatchesFramework(t *testing.T) {
	lt := postsListType(t)
	rowType, _ := lt.ElemType.(types.ObjectType)
	for name, posts := range map[string][]genviral.Post{"edge cases": acctest.EdgePosts(), "empty": {}} {
		t.Run(name, func(t *testing.T) {
			values := make([]attr.Value, len(posts))
			for i := range posts {
				row, diags := types.ObjectValue(rowType.AttrTypes, analytics.PostAttributes(&posts[i]))
				if diags.HasError() {
					t.Fatal(diags)
				}
				values[i] = row
			}
			list, diags := types.ListValue(rowType, values)
			if diags.HasError() {
				t.Fatal(diags)
			}
			tfv, err := list.ToTerraformValue(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			want, err := tfprotov6.NewDynamicValue(lt.TerraformType(context.Background()), tfv)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := analytics.EncodePostsRows(msgpack.NewEncoder(&got), posts); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.MsgPack) {
				t.Fatalf("encoded rows differ from the framework's encoding:\n got %x\nwant %x", got.Bytes(), want.MsgPack)
			}
		})
	}
}

// TestPostsRows_columnsMatchSchema checks that the encoder writes exactly
// the schema's row attributes, with their types.
func TestPostsRows_columnsMatchSchema(t *testing.T) {
	rowType, _ := postsListType(t).ElemType.(types.ObjectType)
	if len(analytics.PostColumns) != len(rowType.AttrTypes) {
		t.Errorf("%d columns, schema has %d attributes", len(analytics.PostColumns), len(rowType.AttrTypes))
	}
	for i, c := range analytics.PostColumns {
		if i > 0 && analytics.PostColumns[i-1].Name >= c.Name {
			t.Errorf("columns not sorted at %q", c.Name)
		}
		want := map[bool]attr.Type{c.Str != nil: types.StringType, c.Num != nil: types.Int64Type, c.Flt != nil: types.Float64Type}[true]
		if got := rowType.AttrTypes[c.Name]; got == nil || !got.Equal(want) {
			t.Errorf("column %q: schema type %v, encoder writes %v", c.Name, got, want)
		}
	}
}

// TestPostsRows_spliceRejectsUnexpectedStates checks that the server
// reports, instead of writing, a state it cannot splice the rows into.
func TestPostsRows_spliceRejectsUnexpectedStates(t *testing.T) {
	obj := func(attrs map[string]tftypes.Value) []byte { return msgpackObject(t, attrs) }
	for name, tc := range map[string]struct {
		state []byte
		want  string
	}{
		"no posts":       {obj(map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "x")}), "no posts attribute"},
		"posts not null": {obj(map[string]tftypes.Value{"posts": tftypes.NewValue(tftypes.String, "x")}), "not null"},
		"not an object":  {[]byte{0x91, 0xc0}, "reading the state object"},
		"truncated":      {obj(map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "x")})[:4], "state"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := analytics.SpliceRows(tc.state, &analytics.PostsRows{Posts: acctest.EdgePosts()})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// SpliceRows writes posts_json into the state byte for byte as the
// framework encodes the same state with the JSON string: in the room the
// read left in front of the rows (without copying them), or, when what
// precedes them does not fit there, into a new buffer.
func TestPostsRows_spliceJSONMatchesFramework(t *testing.T) {
	for name, before := range map[string]int{"in place": 10, "beyond the room": 5000} {
		t.Run(name, func(t *testing.T) {
			rows, err := analytics.PostsRowsJSON(acctest.EdgePosts(), 2)
			if err != nil {
				t.Fatal(err)
			}
			array, err := analytics.PostsJSONOf(acctest.EdgePosts(), 2)
			if err != nil {
				t.Fatal(err)
			}
			state := func(postsJSON tftypes.Value) []byte {
				return msgpackObject(t, map[string]tftypes.Value{
					"account_ids": tftypes.NewValue(tftypes.String, strings.Repeat("a", before)),
					"posts_json":  postsJSON,
					"totals":      tftypes.NewValue(tftypes.Number, 3),
				})
			}
			got, err := analytics.SpliceRows(state(tftypes.NewValue(tftypes.String, nil)), rows)
			if err != nil {
				t.Fatal(err)
			}
			if want := state(tftypes.NewValue(tftypes.String, array)); !bytes.Equal(got, want) {
				t.Fatalf("spliced state (%d bytes) differs from the framework's (%d bytes)", len(got), len(want))
			}
			at := bytes.Index(got, []byte(array))
			inPlace := at >= 0 && &got[at] == &analytics.PostsJSONBuffer(rows)[0]
			if want := before < 4000; inPlace != want {
				t.Errorf("rows written in place: %v, want %v", inPlace, want)
			}
		})
	}
}

// The header of posts_json's string in the state is the one msgpack's
// EncodeString writes, at each size boundary.
func TestMsgpackStrHeader_matchesEncodeString(t *testing.T) {
	for _, n := range []int{0, 1, 31, 32, 255, 256, 65535, 65536, 1 << 20} {
		var buf bytes.Buffer
		if err := msgpack.NewEncoder(&buf).EncodeString(strings.Repeat("x", n)); err != nil {
			t.Fatal(err)
		}
		want := buf.Bytes()[:buf.Len()-n]
		if got := analytics.MsgpackStrHeader(n); !bytes.Equal(got, want) {
			t.Errorf("%d bytes: header %x, want %x", n, got, want)
		}
	}
}

// TestPostsServer_stateMatchesFramework reads the same posts through the
// framework's own server and through NewServer's, in both formats: the data
// source hands its rows (or their JSON) over (the framework's state has
// null posts and posts_json) and the state Terraform receives is byte for
// byte the framework's. The JSON windows cover each msgpack string header
// the JSON array can take: fixstr (no rows), str16 and str32.
func TestPostsServer_stateMatchesFramework(t *testing.T) {
	srv, url := emulatortest.Start(t, emulator.Options{PostsPerTarget: 120})
	for _, h := range []string{"@a", "@b", "@c"} {
		srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", h, "")
	}
	srv.SeedTarget(emulator.WorkspaceScope(), "youtube", "@yt", "YT")
	ctx := context.Background()
	framework, schemas := acctest.ConfiguredServer(t, providerserver.NewProtocol6WithError(provider.New("test")()), url, nil)
	ours, _ := acctest.ConfiguredServer(t, provider.NewServer("test"), url, nil)
	dsSchema := schemas.DataSourceSchemas[provider.PostsDataSourceType]
	typ, _ := dsSchema.ValueType().(tftypes.Object)
	num := func(v int) tftypes.Value { return tftypes.NewValue(tftypes.Number, v) }
	all := tftypes.NewValue(tftypes.String, "all")

	for name, cfg := range map[string]map[string]tftypes.Value{
		"all rows": {"range": all, "max_results": num(1000)},
		"window":   {"range": all, "offset": num(7), "max_results": num(150)},
		"few rows": {"range": all, "offset": num(3), "max_results": num(20)},
		"no rows": {
			"range": all,
			"platforms": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String},
				[]tftypes.Value{tftypes.NewValue(tftypes.String, "instagram")}),
		},
	} {
		for _, format := range []string{"list", "json"} {
			t.Run(name+"/"+format, func(t *testing.T) {
				cfg := maps.Clone(cfg)
				cfg["posts_format"] = tftypes.NewValue(tftypes.String, format)
				attribute := map[string]string{"list": analytics.PostsAttribute, "json": analytics.PostsJSONAttribute}[format]
				req := &tfprotov6.ReadDataSourceRequest{TypeName: provider.PostsDataSourceType, Config: acctest.DynamicValue(t, dsSchema, cfg)}
				want, err := framework.ReadDataSource(ctx, req)
				if err != nil || acctest.HasErrorDiag(want.Diagnostics) {
					t.Fatalf("framework read: %v %v", err, want.Diagnostics)
				}
				got, err := ours.ReadDataSource(ctx, req)
				if err != nil || acctest.HasErrorDiag(got.Diagnostics) {
					t.Fatalf("read: %v %v", err, got.Diagnostics)
				}
				if !bytes.Equal(got.State.MsgPack, want.State.MsgPack) {
					t.Fatalf("state differs from the framework's (%d bytes, want %d)", len(got.State.MsgPack), len(want.State.MsgPack))
				}
				wantVal, err := want.State.Unmarshal(typ)
				if err != nil {
					t.Fatal(err)
				}
				var attrs map[string]tftypes.Value
				if err := wantVal.As(&attrs); err != nil || attrs[attribute].IsNull() {
					t.Fatalf("state: %v, %s null", err, attribute)
				}
				var count big.Float
				var totals map[string]tftypes.Value
				if attrs["totals"].As(&totals) != nil || totals["posts"].As(&count) != nil {
					t.Fatal("state: no totals")
				}
				if name != "no rows" && count.Sign() == 0 {
					t.Fatal("the read returned no rows; the comparison proves nothing")
				}

				// The handover itself: under a receiver of the rows, the
				// framework's state carries null posts and posts_json.
				rowsOut := &analytics.PostsRows{}
				direct, err := framework.ReadDataSource(analytics.WithPostsRows(ctx, rowsOut), req)
				if err != nil || acctest.HasErrorDiag(direct.Diagnostics) {
					t.Fatalf("direct read: %v %v", err, direct.Diagnostics)
				}
				directVal, err := direct.State.Unmarshal(typ)
				if err != nil || directVal.As(&attrs) != nil {
					t.Fatalf("state: %v", err)
				}
				if !rowsOut.Set || !attrs[analytics.PostsAttribute].IsNull() || !attrs[analytics.PostsJSONAttribute].IsNull() {
					t.Fatalf("rows handed over: %v; posts and posts_json in the framework's state null: %v, %v",
						rowsOut.Set, attrs[analytics.PostsAttribute].IsNull(), attrs[analytics.PostsJSONAttribute].IsNull())
				}
			})
		}
	}
}

// msgpackObject returns the msgpack of an object of attrs, as the framework
// encodes a state.
func msgpackObject(t *testing.T, attrs map[string]tftypes.Value) []byte {
	t.Helper()
	types := map[string]tftypes.Type{}
	for k, v := range attrs {
		types[k] = v.Type()
	}
	typ := tftypes.Object{AttributeTypes: types}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	if err != nil {
		t.Fatal(err)
	}
	return dv.MsgPack
}
