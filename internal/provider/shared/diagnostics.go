package shared

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// AddAPIError adds an error diagnostic for a failed API call: the summary
// says what failed, the detail what was attempted, the API's answer and, for
// known statuses, what to do next.
func AddAPIError(diags *diag.Diagnostics, summary, attempted string, err error) {
	diags.AddError(summary, APIErrorDetail(attempted, err))
}

// AddTimedAPIError is addAPIError for a call bounded by one of a resource's
// timeouts (ctx is the operation's context): when that timeout ended the
// call, the advice names it and its value instead of the client's hint,
// which would blame connectivity or request_timeout.
func AddTimedAPIError(ctx context.Context, diags *diag.Diagnostics, summary, attempted string, err error, operation string, timeout time.Duration) {
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		AddAPIError(diags, summary, attempted, err)
		return
	}
	diags.AddError(summary, APIErrorDetailWithHint(attempted, err, fmt.Sprintf(
		"The %s timeout (%s) ended before the operation finished. Raise it in the resource's timeouts block "+
			"(timeouts { %s = \"10m\" }) or leave it unset for the default; request_timeout bounds each single "+
			"request, the %s timeout the whole operation with its retries.", operation, timeout, operation, operation)))
}

func APIErrorDetail(attempted string, err error) string {
	var hint string
	var apiErr *genviral.APIError
	var shared *genviral.SharedRequestError
	switch {
	case errors.As(err, &shared):
		// A shared request's failure is reported in full (with its hint)
		// once; this short reference needs no advice of its own.
	case errors.As(err, &apiErr):
		hint = apiErr.Hint()
	}
	return APIErrorDetailWithHint(attempted, err, hint)
}

// APIErrorDetailWithHint is apiErrorDetail with the caller's advice in place
// of the client's generic hint, for calls where the caller knows better
// (for example a request that is never retried). An empty hint adds none.
func APIErrorDetailWithHint(attempted string, err error, hint string) string {
	var shared *genviral.SharedRequestError
	if errors.As(err, &shared) {
		hint = ""
	}
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

// maxListedIDs is how many ids of a long id list a message shows.
const maxListedIDs = 3

// MessageParts joins name=value query parts for a message, with a long
// account_ids list shortened to its count and first ids: an error must not
// embed 3,000 ids.
func MessageParts(parts []string) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		if ids, ok := strings.CutPrefix(p, "account_ids="); ok {
			p = "account_ids=" + summarizeIDs(strings.Split(ids, ","))
		}
		out[i] = p
	}
	return strings.Join(out, ", ")
}

// summarizeIDs renders ids for a message: all of a short list, else
// "30 account ids: 0400a7dd…, 1b0c77e2…, 2ff01a9c…, …".
func summarizeIDs(ids []string) string {
	if len(ids) <= maxListedIDs {
		return strings.Join(ids, ",")
	}
	shown := make([]string, 0, maxListedIDs+1)
	for _, id := range ids[:maxListedIDs] {
		if r := []rune(id); len(r) > 8 {
			id = string(r[:8]) + "…"
		}
		shown = append(shown, id)
	}
	return fmt.Sprintf("%d account ids: %s, …", len(ids), strings.Join(shown, ", "))
}
