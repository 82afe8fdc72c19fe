package provider_test

import (
	"context"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
	"github.com/genviral/terraform-provider-genviral/internal/provider"
	"github.com/genviral/terraform-provider-genviral/internal/provider/analytics"
)

// fakeReader is a downstream server whose ReadDataSource hands rows over
// (when asked to) and answers with a fixed state and diagnostics.
type fakeReader struct {
	provider.FrameworkServer
	handOver bool
	state    []byte
	diags    []*tfprotov6.Diagnostic
	sawRows  bool
}

func (f *fakeReader) ReadDataSource(ctx context.Context, _ *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	rows := analytics.PostsRowsFrom(ctx)
	f.sawRows = rows != nil
	if rows != nil && f.handOver {
		rows.Posts, rows.Set = acctest.EdgePosts(), true
	}
	return &tfprotov6.ReadDataSourceResponse{State: &tfprotov6.DynamicValue{MsgPack: f.state}, Diagnostics: f.diags}, nil
}

// TestServer_readDataSource checks when NewServer's server writes the rows:
// only for the posts data source, only when Read handed rows over and
// reported no error, and that a state it cannot write into becomes an error
// diagnostic instead of a state without rows.
func TestServer_readDataSource(t *testing.T) {
	stateWith := func(posts tftypes.Value) []byte {
		typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String, "posts": posts.Type()}}
		dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, map[string]tftypes.Value{
			"id": tftypes.NewValue(tftypes.String, "q"), "posts": posts,
		}))
		if err != nil {
			t.Fatal(err)
		}
		return dv.MsgPack
	}
	nullPosts := stateWith(tftypes.NewValue(tftypes.String, nil))
	notNull := stateWith(tftypes.NewValue(tftypes.String, "x"))
	spliced, err := analytics.SpliceRows(nullPosts, &analytics.PostsRows{Posts: acctest.EdgePosts()})
	if err != nil {
		t.Fatal(err)
	}
	warning := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: "w"}
	failure := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityError, Summary: "e"}

	for name, tc := range map[string]struct {
		typeName  string
		fake      fakeReader
		wantRows  bool // the downstream saw a receiver of rows
		wantState []byte
		wantError string
	}{
		"other data source": {typeName: "genviral_analytics_targets", fake: fakeReader{handOver: true, state: nullPosts}, wantState: nullPosts},
		"rows handed over":  {typeName: provider.PostsDataSourceType, fake: fakeReader{handOver: true, state: nullPosts, diags: []*tfprotov6.Diagnostic{warning}}, wantRows: true, wantState: spliced},
		"no rows handed":    {typeName: provider.PostsDataSourceType, fake: fakeReader{state: nullPosts}, wantRows: true, wantState: nullPosts},
		"read failed":       {typeName: provider.PostsDataSourceType, fake: fakeReader{handOver: true, state: nullPosts, diags: []*tfprotov6.Diagnostic{failure}}, wantRows: true, wantState: nullPosts},
		"unexpected state":  {typeName: provider.PostsDataSourceType, fake: fakeReader{handOver: true, state: notNull}, wantRows: true, wantError: "Unable to Encode Analytics Posts"},
	} {
		t.Run(name, func(t *testing.T) {
			fake := tc.fake
			s := provider.WrapServer(&fake)
			resp, err := s.ReadDataSource(t.Context(), &tfprotov6.ReadDataSourceRequest{TypeName: tc.typeName})
			if err != nil {
				t.Fatal(err)
			}
			if fake.sawRows != tc.wantRows {
				t.Errorf("downstream got a receiver of rows: %v, want %v", fake.sawRows, tc.wantRows)
			}
			if tc.wantError != "" {
				if resp.State != nil || !acctest.HasErrorDiag(resp.Diagnostics) || !strings.Contains(resp.Diagnostics[len(resp.Diagnostics)-1].Summary, tc.wantError) {
					t.Fatalf("got state %v, diagnostics %v; want no state and the error %q", resp.State, resp.Diagnostics, tc.wantError)
				}
				return
			}
			if resp.State == nil || string(resp.State.MsgPack) != string(tc.wantState) {
				t.Fatalf("state %x, want %x", resp.State, tc.wantState)
			}
			if len(resp.Diagnostics) != len(fake.diags) {
				t.Errorf("diagnostics %v, want %v", resp.Diagnostics, fake.diags)
			}
		})
	}
}

// TestServer_forwardsEveryRPC checks that NewServer's server has every
// protocol method of the framework's server. terraform-plugin-go reaches
// the optional RPCs (list resources, actions, state stores, and any a
// later release adds) by type assertions on the server it serves, so a
// method the wrapper lacks would hide that RPC from Terraform; add its
// interface to frameworkServer.
func TestServer_forwardsEveryRPC(t *testing.T) {
	framework, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	wrapper, err := provider.NewServer("test")()
	if err != nil {
		t.Fatal(err)
	}
	rpcs := protocolMethods(reflect.TypeOf(framework))
	// The filter must see at least the methods every server has.
	for name := range protocolMethods(reflect.TypeFor[tfprotov6.ProviderServer]()) {
		if !rpcs[name] {
			t.Fatalf("protocolMethods missed %s of the framework's server", name)
		}
	}
	have := protocolMethods(reflect.TypeOf(wrapper))
	for name := range rpcs {
		if !have[name] {
			t.Errorf("the framework's server has the protocol method %s, which NewServer's server does not forward "+
				"(add its tfprotov6 interface to frameworkServer)", name)
		}
	}
}

// protocolMethods returns the names of typ's methods that take or return a
// type of package tfprotov6.
func protocolMethods(typ reflect.Type) map[string]bool {
	pkg := reflect.TypeFor[tfprotov6.ProviderServer]().PkgPath()
	fromPkg := func(t reflect.Type) bool {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		return t.PkgPath() == pkg
	}
	out := map[string]bool{}
	for m := range typ.Methods() {
		if slices.ContainsFunc(slices.Collect(m.Type.Ins()), fromPkg) || slices.ContainsFunc(slices.Collect(m.Type.Outs()), fromPkg) {
			out[m.Name] = true
		}
	}
	return out
}

// capturer is a downstream server that keeps the context of its last
// PlanResourceChange and what that context held during the call.
type capturer struct {
	provider.FrameworkServer
	ctx       context.Context
	valueSeen any
}

type testCallKey struct{}

func (c *capturer) PlanResourceChange(ctx context.Context, _ *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	c.ctx, c.valueSeen = ctx, ctx.Value(testCallKey{})
	return &tfprotov6.PlanResourceChangeResponse{}, nil
}

// TestServer_callContext checks the context the framework gets for a
// per-resource RPC: the RPC's own while the call runs (values, deadline,
// not done), and once it returned a canceled one that reaches none of
// the RPC's values.
func TestServer_callContext(t *testing.T) {
	down := &capturer{}
	s := provider.WrapServer(down)
	deadline := time.Now().Add(time.Hour)
	ctx, cancel := context.WithDeadline(context.WithValue(t.Context(), testCallKey{}, "rpc value"), deadline)
	defer cancel()
	if _, err := s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{}); err != nil {
		t.Fatal(err)
	}
	if down.valueSeen != "rpc value" {
		t.Errorf("during the call: Value = %v, want the RPC context's value", down.valueSeen)
	}
	if ctx.Err() != nil {
		t.Fatal("the RPC's own context must stay live for this test")
	}
	if v := down.ctx.Value(testCallKey{}); v != nil {
		t.Errorf("after the call: Value = %v, want nil (released)", v)
	}
	if down.ctx.Err() == nil {
		t.Error("after the call: Err = nil, want canceled")
	}
	if _, ok := down.ctx.Deadline(); ok {
		t.Error("after the call: a deadline, want none")
	}
}

// TestServer_retainsNoCallContext serves the framework's real server: the
// framework keeps every RPC's context until StopProvider, and what NewServer
// hands it must not keep the RPC's values reachable (here a 32 KB value per
// call; terraform-plugin-go's loggers and the gRPC stream in a real run).
// Not parallel: it compares the live heap before and after.
func TestServer_retainsNoCallContext(t *testing.T) {
	s, err := provider.NewServer("test")()
	if err != nil {
		t.Fatal(err)
	}
	const calls, size = 300, 32 << 10
	call := func() {
		ctx, cancel := context.WithCancel(context.WithValue(t.Context(), testCallKey{}, make([]byte, size)))
		defer cancel() // as gRPC cancels a stream's context when its RPC ends
		_, _ = s.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "genviral_analytics_target"})
	}
	call()
	before := liveHeap()
	for range calls {
		call()
	}
	perCall := (liveHeap() - before) / calls
	runtime.KeepAlive(s) // the server, and what it keeps, live until measured
	if perCall > size/8 {
		t.Errorf("%d bytes of live heap per call after %d calls, want under %d: the framework keeps the calls' contexts", perCall, calls, size/8)
	}
}

// liveHeap is the heap in use after two collections.
func liveHeap() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
