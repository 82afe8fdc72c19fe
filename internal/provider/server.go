package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/genviral/terraform-provider-genviral/internal/provider/analytics"
)

// PostsDataSourceType is the type name of the posts data source.
const PostsDataSourceType = "genviral_analytics_posts"

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
	if req.TypeName != PostsDataSourceType {
		return s.ProviderServer.ReadDataSource(ctx, req)
	}
	rows := &analytics.PostsRows{}
	resp, err := s.ProviderServer.ReadDataSource(analytics.WithPostsRows(ctx, rows), req)
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
