package shared

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// readTimeoutLimit names the timeouts.read of a data source in errors.
const readTimeoutLimit = "the read timeout (timeouts.read)"

// ReadTimeoutsBlock is the timeouts block of every data source.
func ReadTimeoutsBlock(ctx context.Context) schema.Block {
	return dataSourceTimeoutsBlock(ctx, timeouts.Opts{
		ReadDescription: "How long the read may take in all, retries and `Retry-After` waits included, as a " +
			"duration such as `\"30s\"` or `\"15m\"`; default `\"" + fmt.Sprintf("%.0fm", genviral.DefaultReadTimeout.Minutes()) + "\"`. " +
			"`request_timeout` bounds each single request.",
	})
}

// withReadTimeout returns ctx bounded by the data source's timeouts.read
// (default genviral.DefaultReadTimeout); errors of calls it ends name it.
func withReadTimeout(ctx context.Context, t timeouts.Value, diags *diag.Diagnostics) (context.Context, context.CancelFunc) {
	d, ds := t.Read(ctx, genviral.DefaultReadTimeout)
	diags.Append(ds...)
	return genviral.WithDeadline(ctx, d, readTimeoutLimit)
}
