package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// terraform-plugin-go finds the list resource and action RPCs with type
// assertions (tfprotov6.ProviderServer does not include them yet), and
// embedding the framework's server in server hides them: server forwards
// them, so `terraform query` and actions reach the framework.
var (
	_ tfprotov6.ListResourceServer = (*server)(nil)
	_ tfprotov6.ActionServer       = (*server)(nil)
)

// errNotForwarded is returned when the wrapped server lacks an RPC; the
// framework's server implements them all.
var errNotForwarded = errors.New("the provider's framework server does not implement this RPC; this is a bug in the provider")

func (s *server) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	if l, ok := s.ProviderServer.(tfprotov6.ListResourceServer); ok {
		return l.ValidateListResourceConfig(ctx, req)
	}
	return nil, errNotForwarded
}

func (s *server) ListResource(ctx context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	if l, ok := s.ProviderServer.(tfprotov6.ListResourceServer); ok {
		return l.ListResource(ctx, req)
	}
	return nil, errNotForwarded
}

func (s *server) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	if a, ok := s.ProviderServer.(tfprotov6.ActionServer); ok {
		return a.ValidateActionConfig(ctx, req)
	}
	return nil, errNotForwarded
}

func (s *server) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	if a, ok := s.ProviderServer.(tfprotov6.ActionServer); ok {
		return a.PlanAction(ctx, req)
	}
	return nil, errNotForwarded
}

func (s *server) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	if a, ok := s.ProviderServer.(tfprotov6.ActionServer); ok {
		return a.InvokeAction(ctx, req)
	}
	return nil, errNotForwarded
}
