package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// addAPIError adds an error diagnostic for a failed API call: the summary
// says what failed, the detail what was attempted, the API's answer and, for
// known statuses, what to do next.
func addAPIError(diags *diag.Diagnostics, summary, attempted string, err error) {
	diags.AddError(summary, apiErrorDetail(attempted, err))
}

// addTimedAPIError is addAPIError for a call bounded by one of a resource's
// timeouts (ctx is the operation's context): when that timeout ended the
// call, the advice names it and its value instead of the client's hint,
// which would blame connectivity or request_timeout.
func addTimedAPIError(ctx context.Context, diags *diag.Diagnostics, summary, attempted string, err error, operation string, timeout time.Duration) {
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		addAPIError(diags, summary, attempted, err)
		return
	}
	diags.AddError(summary, apiErrorDetailWithHint(attempted, err, fmt.Sprintf(
		"The %s timeout (%s) ended before the operation finished. Raise it in the resource's timeouts block "+
			"(timeouts { %s = \"10m\" }) or leave it unset for the default; request_timeout bounds each single "+
			"request, the %s timeout the whole operation with its retries.", operation, timeout, operation, operation)))
}

func apiErrorDetail(attempted string, err error) string {
	var hint string
	var apiErr *genviral.APIError
	if errors.As(err, &apiErr) {
		hint = apiErr.Hint()
	}
	return apiErrorDetailWithHint(attempted, err, hint)
}

// apiErrorDetailWithHint is apiErrorDetail with the caller's advice in place
// of the client's generic hint, for calls where the caller knows better
// (for example a request that is never retried). An empty hint adds none.
func apiErrorDetailWithHint(attempted string, err error, hint string) string {
	var b strings.Builder
	b.WriteString(attempted)
	b.WriteString("\n\nThe API call failed: ")
	b.WriteString(err.Error())
	if hint != "" {
		b.WriteString("\n\n")
		b.WriteString(hint)
	}
	return b.String()
}
