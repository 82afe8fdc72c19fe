package shared

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// AddAPIError adds an error diagnostic for a failed API call: the summary
// says what failed, the detail what was attempted, the API's answer and, for
// known statuses, what to do next.
func AddAPIError(diags *diag.Diagnostics, summary, attempted string, err error) {
	diags.AddError(summary, APIErrorDetail(attempted, err))
}

// AddTimedAPIError is AddAPIError for a call bounded by one of a resource's
// timeouts (ctx is the operation's context): when that timeout ended the
// call, the advice names it and its value instead of apiErrorHint's,
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
	if apiErr, ok := genviral.AsAPIError(err); ok {
		hint = apiErrorHint(apiErr)
	}
	return APIErrorDetailWithHint(attempted, err, hint)
}

// sharedRequestHint is the advice of a shared request's failure (see
// genviral.SharedRequestError) for every reader but the first: where to find
// the full error, which carries the advice.
const sharedRequestHint = "The full error, with what to do about it, is reported for another resource or data source of this run."

// APIErrorDetailWithHint is APIErrorDetail with the caller's advice in place
// of the generic one of apiErrorHint, for calls where the caller knows better
// (for example a request that is never retried). An empty hint adds none.
func APIErrorDetailWithHint(attempted string, err error, hint string) string {
	var shared *genviral.SharedRequestError
	if errors.As(err, &shared) {
		hint = sharedRequestHint
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

// apiErrorHint turns the facts of a failed API call into advice in the
// provider's terms (its arguments, Terraform's flags, state), or "". The
// client classifies the failure (genviral.Kind); this is the one place that
// says what a user of the provider can do about each kind.
func apiErrorHint(e *genviral.APIError) string {
	switch k := e.Kind(); k {
	case genviral.KindAnswered:
		return answeredHint(e)
	case genviral.KindForeignRefusal:
		// Not the API's verdict on the key, its scope or its credits.
		return fmt.Sprintf("This HTTP %d did not come from the Genviral API (its body was not the API's JSON): a "+
			"firewall, a proxy or a wrong base_url refused the request. Check base_url and any proxy between Terraform "+
			"and the API.", e.StatusCode)
	case genviral.KindRateLimited:
		return rateLimitedHint(e.Attempts)
	case genviral.KindDeadline:
		return deadlineHint(e)
	default:
		return kindHints[k]
	}
}

// kindHints is the advice of the kinds whose advice depends on nothing but
// the kind.
var kindHints = map[genviral.Kind]string{
	genviral.KindRedirect: "The Genviral API does not redirect: base_url probably points at a proxy, a load balancer or an old " +
		"address (http instead of https, another host or port). Set base_url to the Partner API's address " +
		"(default " + genviral.DefaultBaseURL + "), not to the one the redirect names unless you trust it.",
	genviral.KindReadLimit: "The server sent more than one read may hold or ask for (see \"Reliability\" in the provider's " +
		"documentation for the limits). Narrow the read (filters, a smaller max_results) or check that base_url " +
		"points at the Genviral API.",
	genviral.KindUnknownRoute: "The API has no endpoint at the URL requested: base_url must be the Partner API's address, ending in " +
		genviral.BasePath + " (default " + genviral.DefaultBaseURL + "). Nothing was removed from state.",
	genviral.KindForeignNotFound: "This 404 did not come from the Genviral API (it had no JSON error envelope): check base_url and any " +
		"proxy between Terraform and the API. Nothing was removed from state.",
	genviral.KindMalformed: "The answer had a success status but was not the API's JSON answer (an HTML page, a body cut short, or " +
		"ok:false), also when asked again. Check base_url and any proxy between Terraform and the API (a proxy's or " +
		"captive portal's page answers like this); if the API is only briefly degraded, try again later, and raise " +
		"max_retries for unattended runs.",
	genviral.KindServerError: "The Genviral API failed. This is usually transient: try again later; raise max_retries for unattended runs.",
	genviral.KindCanceled:    "The operation was cancelled (for example Terraform was interrupted) before the API answered.",
	genviral.KindTimeout:     "The API did not answer within request_timeout. Raise request_timeout or check connectivity to base_url.",
	genviral.KindConnection:  "Check connectivity to the API and the provider's base_url.",
}

// answeredHint is the advice of the API's own refusal, by its status and
// error code.
func answeredHint(e *genviral.APIError) string {
	switch {
	case e.StatusCode == http.StatusUnauthorized:
		return "The API key was rejected. Check the provider's api_key argument or the GENVIRAL_API_KEY environment variable: it must be the full token \"<public_id>.<secret>\" shown once when the key was created, and the key must not be revoked."
	case e.StatusCode == http.StatusForbidden && e.ErrorCode == "tier_not_allowed":
		return "The account's plan does not include the Partner API (the Scheduler tier cannot use it). Upgrade to a Creator, Professional or Business plan."
	case e.StatusCode == http.StatusForbidden:
		return "The key lacks access to this scope. Every key is single-scope: a workspace key sees only its workspace's targets, a personal key only its owner's personal targets. Use a key of the scope that owns the target."
	case e.StatusCode == http.StatusPaymentRequired && e.ErrorCode == "subscription_required":
		return "The Partner API needs an active Creator, Professional or Business subscription."
	case e.StatusCode == http.StatusPaymentRequired:
		return "The account does not have enough credits for this (paid) operation. Add credits or wait for the free daily refresh."
	}
	return ""
}

// rateLimitedHint is the advice of a 429 after attempts requests: one means
// the request was not retried (MaxRetries 0, or a request that may spend
// credits), more that the retries used up the operation's deadline.
func rateLimitedHint(attempts int) string {
	if attempts <= 1 {
		return "The API rate limited the request. Wait a little and apply again; the provider already sends fewer requests at once after a 429: lower max_parallel_requests or -parallelism if it keeps happening. (Requests that could spend credits, such as refreshes, are never retried automatically.)"
	}
	return fmt.Sprintf("The API rate limited the request and it was still limited after %d attempts, when the "+
		"operation's deadline left no time for another. The provider retries a 429 for as long as the operation's "+
		"timeout allows (a timeouts block value, or timeouts.read of a data source), pausing all its requests for "+
		"Retry-After and slowing its request rate. Raise that timeout, lower max_parallel_requests or -parallelism, "+
		"run fewer pipelines with this API key at once, or try again later.", attempts)
}

// deadlineHint is the advice of a call its operation's deadline ended, naming
// that deadline when the client knows it.
func deadlineHint(e *genviral.APIError) string {
	if de, ok := e.Deadline(); ok {
		return fmt.Sprintf("%s before the API answered. Raise it; request_timeout bounds each single request, "+
			"this deadline the whole read with its retries.", upperFirst(de.Error()))
	}
	return "The operation's deadline (a timeouts block value of the resource) passed before the API answered. Raise that timeout; request_timeout bounds each single request."
}

// upperFirst returns s with its first letter in upper case, to open a
// sentence with a phrase such as "the read timeout (timeouts.read)".
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
