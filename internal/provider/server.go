package provider

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/genviral/terraform-provider-genviral/internal/provider/analytics"
)

// The provider's protocol server wraps the framework's, and intercepts one
// call: ReadDataSource of genviral_analytics_posts. There Read hands the
// decoded rows (or, with posts_format = "json", their JSON) over instead of
// building them as framework values, and the wrapper writes them straight
// into the msgpack of the framework's answer (analytics.SpliceRows). Every other call, and that one for
// every other data source, goes to the framework's server unchanged.
//
// Why: with 10,100 rows in the list form, a `terraform plan` costs the
// provider 0.2 s of CPU and 48 MiB of RSS this way. Through the framework's
// public API, even with the rows built directly as tftypes values (no
// reflection, no attr.Value), it costs 1.9 s and 193 MiB, and the plan 1.9×
// the wall time of hashicorp/http decoding the same rows (1.2× this way):
// after Read, the framework copies, converts, compares and transforms the
// whole state, value by value, whatever Read built.
//
// The price: the rows leave the provider's code before the framework runs,
// so nothing of the framework sees or checks them
// (TestPostsRows_encodingMatchesFramework and
// TestPostsServer_stateMatchesFramework hold the encoding to the
// framework's), and the wrapper must forward every optional protocol
// interface that terraform-plugin-go finds with a type assertion on the
// server (list resources, actions, state stores): an embedded
// tfprotov6.ProviderServer alone would hide them. frameworkServer lists
// them; TestServer_forwardsEveryRPC fails when the framework's server has a
// protocol method that the wrapper lacks.

// PostsDataSourceType is the type name of the posts data source.
const PostsDataSourceType = "genviral_analytics_posts"

// frameworkServer is every protocol interface of the framework's server
// that the wrapper forwards.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// NewServer returns the provider's protocol 6 server: the framework's
// server, with the rows of genviral_analytics_posts encoded into the
// response directly (see above). main and the acceptance tests serve it.
func NewServer(version string) func() (tfprotov6.ProviderServer, error) {
	framework := providerserver.NewProtocol6WithError(New(version)())
	return func() (tfprotov6.ProviderServer, error) {
		s, err := framework()
		if err != nil {
			return nil, err
		}
		fs, ok := s.(frameworkServer)
		if !ok {
			return nil, fmt.Errorf("the framework's server (%T) lacks protocol interfaces the provider forwards; this is a bug in the provider", s)
		}
		return &server{frameworkServer: fs}, nil
	}
}

type server struct {
	frameworkServer
}

// ReadDataSource reads through the framework; for the posts data source it
// then writes the rows that Read handed over into the state.
func (s *server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	if req.TypeName != PostsDataSourceType {
		return forward(ctx, req, s.frameworkServer.ReadDataSource)
	}
	rows := &analytics.PostsRows{}
	resp, err := forward(analytics.WithPostsRows(ctx, rows), req, s.frameworkServer.ReadDataSource)
	if err != nil || resp == nil || resp.State == nil || !rows.Set || hasErrorDiagnostic(resp.Diagnostics) {
		return resp, err
	}
	// A failure is reported as a diagnostic, as the framework reports its
	// own encoding failures.
	if state, spliceErr := analytics.SpliceRows(resp.State.MsgPack, rows); spliceErr == nil {
		resp.State.MsgPack = state
	} else {
		resp.State = nil
		resp.Diagnostics = append(resp.Diagnostics, &tfprotov6.Diagnostic{
			Severity: tfprotov6.DiagnosticSeverityError,
			Summary:  "Unable to Encode Analytics Posts",
			Detail: "Writing the posts into the data source's state failed: " + spliceErr.Error() + ". " +
				"This is a bug in the provider; please report it.",
		})
	}
	return resp, nil
}

func hasErrorDiagnostic(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d != nil && d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

// The RPCs Terraform sends once per resource instance (or function call)
// reach the framework through forward; the others, a few per run, directly.

func (s *server) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return forward(ctx, req, s.frameworkServer.ValidateResourceConfig)
}

func (s *server) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return forward(ctx, req, s.frameworkServer.UpgradeResourceState)
}

func (s *server) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return forward(ctx, req, s.frameworkServer.UpgradeResourceIdentity)
}

func (s *server) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return forward(ctx, req, s.frameworkServer.ReadResource)
}

func (s *server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return forward(ctx, req, s.frameworkServer.PlanResourceChange)
}

func (s *server) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return forward(ctx, req, s.frameworkServer.ApplyResourceChange)
}

func (s *server) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return forward(ctx, req, s.frameworkServer.ImportResourceState)
}

func (s *server) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return forward(ctx, req, s.frameworkServer.ValidateDataResourceConfig)
}

func (s *server) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return forward(ctx, req, s.frameworkServer.CallFunction)
}

// forward calls the framework's f for one RPC with a callContext of ctx that
// it releases when f returns.
//
// The framework's server keeps the cancel function of every RPC's context
// until StopProvider (terraform-plugin-framework v1.19.0, proto6server
// registerContext), which Terraform sends only to interrupt a run. Each of
// those references the RPC's whole context chain: terraform-plugin-go's
// per-call loggers and fields and the gRPC stream, about 13 KB, three calls
// per resource in a plan, which a plan of 2,000 resources held until the
// process exited (dev-docs/upstream-memory.md). A released callContext
// reaches none of that: the framework keeps about 200 bytes per call.
func forward[Req, Resp any](ctx context.Context, req Req, f func(context.Context, Req) (Resp, error)) (Resp, error) {
	c := &callContext{}
	c.current.Store(&contextRef{ctx})
	defer c.current.Store(&releasedContext)
	return f(c, req)
}

// callContext is a context.Context that answers as the one current refers
// to.
type callContext struct {
	current atomic.Pointer[contextRef]
}

type contextRef struct{ context.Context }

// releasedContext is what a callContext answers as once its RPC returned:
// canceled (gRPC cancels the RPC's own context then too), with no values
// and no deadline.
var releasedContext = func() contextRef {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return contextRef{ctx}
}()

func (c *callContext) Deadline() (time.Time, bool) { return c.current.Load().Deadline() }
func (c *callContext) Done() <-chan struct{}       { return c.current.Load().Done() }
func (c *callContext) Err() error                  { return c.current.Load().Err() }
func (c *callContext) Value(key any) any           { return c.current.Load().Value(key) }
