package shared

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// The prologue every operation that calls the API shares: the client, and a
// context bounded by the operation's timeout.

// timeoutOf is the method of a resource's timeouts.Value that reads one
// operation's timeout (Create, Read, Update or Delete) with its default.
type timeoutOf func(ctx context.Context, def time.Duration) (time.Duration, diag.Diagnostics)

// WithOperationTimeout returns ctx bounded by a resource operation's
// timeout (as configured, else def) and that timeout, for messages. Defer
// cancel.
func WithOperationTimeout(ctx context.Context, timeout timeoutOf, def time.Duration, diags *diag.Diagnostics) (
	context.Context, context.CancelFunc, time.Duration) {
	d, ds := timeout(ctx, def)
	diags.Append(ds...)
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, d
}

// ReadClient is the prologue of a data source's Read: the API client and
// ctx bounded by the data source's timeouts.read t (see withReadTimeout).
// The client is nil after an error was added. Defer cancel in either case.
func (d *ProviderData) ReadClient(ctx context.Context, t timeouts.Value, diags *diag.Diagnostics) (
	*genviral.Client, context.Context, context.CancelFunc) {
	client := d.ClientFor(diags)
	if client == nil {
		return nil, ctx, func() {}
	}
	ctx, cancel := withReadTimeout(ctx, t, diags)
	return client, ctx, cancel
}
