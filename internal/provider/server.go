package provider

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// postsDataSourceType is the type name of the posts data source.
const postsDataSourceType = "genviral_analytics_posts"

// NewServer returns the provider's protocol 6 server: the framework's
// server, except that the rows of genviral_analytics_posts are encoded into
// the response directly instead of as framework values (see
// analytics_posts_rows.go), which makes a 10,100-row read several times
// cheaper in CPU and memory. main and the acceptance tests serve it.
//
// Only the methods of tfprotov6.ProviderServer are forwarded: the provider
// has no list resources, actions or state stores (the framework's optional
// interfaces for them).
func NewServer(version string) func() (tfprotov6.ProviderServer, error) {
	framework := providerserver.NewProtocol6WithError(New(version)())
	return func() (tfprotov6.ProviderServer, error) {
		s, err := framework()
		if err != nil {
			return nil, err
		}
		return &server{ProviderServer: s}, nil
	}
}

type server struct {
	tfprotov6.ProviderServer
}

// ReadDataSource reads through the framework; for the posts data source it
// then writes the rows that Read handed over into the state.
func (s *server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	if req.TypeName != postsDataSourceType {
		return forward(ctx, req, s.ProviderServer.ReadDataSource)
	}
	rows := &postsRows{}
	resp, err := forward(withPostsRows(ctx, rows), req, s.ProviderServer.ReadDataSource)
	if err != nil || resp == nil || resp.State == nil || !rows.set || hasErrorDiagnostic(resp.Diagnostics) {
		return resp, err
	}
	// A failure is reported as a diagnostic, as the framework reports its
	// own encoding failures.
	if state, spliceErr := spliceRows(resp.State.MsgPack, rows.posts); spliceErr == nil {
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
	return forward(ctx, req, s.ProviderServer.ValidateResourceConfig)
}

func (s *server) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return forward(ctx, req, s.ProviderServer.UpgradeResourceState)
}

func (s *server) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return forward(ctx, req, s.ProviderServer.UpgradeResourceIdentity)
}

func (s *server) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return forward(ctx, req, s.ProviderServer.ReadResource)
}

func (s *server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return forward(ctx, req, s.ProviderServer.PlanResourceChange)
}

func (s *server) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return forward(ctx, req, s.ProviderServer.ApplyResourceChange)
}

func (s *server) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return forward(ctx, req, s.ProviderServer.ImportResourceState)
}

func (s *server) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return forward(ctx, req, s.ProviderServer.ValidateDataResourceConfig)
}

func (s *server) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return forward(ctx, req, s.ProviderServer.CallFunction)
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
