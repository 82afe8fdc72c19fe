package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/genviral/terraform-provider-genviral/internal/provider/analytics"
)

// The provider's protocol server wraps the framework's, and intercepts one
// call: ReadDataSource of genviral_analytics_posts. There Read hands the
// decoded rows over instead of building them as framework values, and the
// wrapper writes them straight into the msgpack of the framework's answer
// (analytics.SpliceRows). Every other call, and that one for
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
		return s.frameworkServer.ReadDataSource(ctx, req)
	}
	rows := &analytics.PostsRows{}
	resp, err := s.frameworkServer.ReadDataSource(analytics.WithPostsRows(ctx, rows), req)
	if err != nil || resp == nil || resp.State == nil || !rows.Set || hasErrorDiagnostic(resp.Diagnostics) {
		return resp, err
	}
	// A failure is reported as a diagnostic, as the framework reports its
	// own encoding failures.
	if state, spliceErr := analytics.SpliceRows(resp.State.MsgPack, rows.Posts); spliceErr == nil {
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
