package refresh

// The diagnostics of genviral_analytics_refresh (resource and action): what
// users read when a refresh cannot be started, followed or fails, kept out
// of the control flow so that each message is found, and worded, in one
// place.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

// refreshStarter words the diagnostics for what started the refresh: the
// resource (run again by an apply) or the action (run again by invoking it).
type refreshStarter struct {
	Self  string // who cannot wait for a running refresh: "this resource"
	Again string // what the user runs next: "run terraform apply again"
	Often string // what makes refreshes too frequent
}

var (
	// refreshByResource: genviral_analytics_refresh, the resource.
	refreshByResource = refreshStarter{
		Self:  "this resource",
		Again: "run terraform apply again",
		Often: "avoid changing triggers more often than needed",
	}
	// refreshByAction: genviral_analytics_refresh, the action.
	refreshByAction = refreshStarter{
		Self:  "the action",
		Again: "invoke the action again (terraform apply -invoke=action.genviral_analytics_refresh.<name>)",
		Often: "avoid invoking it more often than needed",
	}
)

// addRefreshStartError explains why the POST that starts a refresh failed.
// None of these errors is retried: the request may spend credits.
func addRefreshStartError(diags *diag.Diagnostics, by refreshStarter, targetID string, err error) {
	attempted := fmt.Sprintf("Starting a refresh of analytics target %s failed.", targetID)
	apiErr, _ := genviral.AsAPIError(err)
	switch {
	case genviral.IsConflict(err):
		diags.AddError("Analytics Refresh Already Running", shared.APIErrorDetailWithHint(attempted, err,
			"A refresh of this target is already running (started by an earlier apply with wait_for_completion = false, "+
				"another resource or Terraform run, the Genviral web app or another API client). The API refuses a second "+
				"one and does not say which refresh is running, so "+by.Self+" can neither wait for it nor adopt it, "+
				"and the provider does not retry on its own. This request started nothing. Once the running refresh has "+
				"finished (refreshes usually take 30 to 90 seconds), "+by.Again+": "+by.Self+" will then start a new "+
				"refresh."))
	case genviral.IsRateLimited(err):
		wait := "Wait a few minutes"
		if apiErr != nil && apiErr.RetryAfter > 0 {
			wait = fmt.Sprintf("The API asks to wait %s (Retry-After): wait that long", apiErr.RetryAfter)
		}
		diags.AddError("Analytics Refresh Rate Limited", shared.APIErrorDetailWithHint(attempted, err,
			"The API rate limited refreshes of this target: too many refresh requests for the same target in a short "+
				"window. The provider never retries a refresh request automatically, because each one may spend credits. "+
				wait+", then "+by.Again+"; "+by.Often+"."))
	case genviral.IsPaymentRequired(err) && apiErr.ErrorCode != "subscription_required":
		diags.AddError("Not Enough Credits for Analytics Refresh", shared.APIErrorDetailWithHint(attempted, err,
			"The target's free daily refresh is used up, so this refresh would be paid, and the account does not have "+
				"enough credits for it. Add credits to the Genviral account, or wait until the target's free daily "+
				"refresh is available again (free_refresh_available of the genviral_analytics_target), then "+
				by.Again+"."))
	case genviral.IsNotFound(err):
		diags.AddError("Analytics Target Not Found", shared.APIErrorDetailWithHint(attempted, err,
			"No analytics target with this id exists in the API key's scope. Check target_id (use the id of a "+
				"genviral_analytics_target resource or data source, not a handle), and that the key belongs to the "+
				"workspace or personal scope that owns the target."))
	case apiErr != nil && apiErr.Unsent:
		diags.AddError("Unable to Refresh Analytics Target", shared.APIErrorDetailWithHint(attempted, err,
			"The request was never sent: it stopped before it left the provider, so no refresh was started and no "+
				"credits were spent. If the timeout was too short (timeouts.create of the resource, timeout of the "+
				"action), raise it; then "+by.Again+"."))
	case apiErr != nil && outcomeUnknown(apiErr.StatusCode):
		// No usable answer: no status (network, timeout), a 2xx that could
		// not be decoded, or a 5xx (the API's 500 means "refresh execution
		// failure"; a gateway's 502/504 may hide a refresh that started).
		diags.AddError("Unable to Refresh Analytics Target", shared.APIErrorDetailWithHint(attempted, err,
			"No usable answer arrived, so the request may have reached the API and started a refresh (which may "+
				"have spent credits). The provider never retries a refresh request. Check the target's "+
				"last_refreshed_at and free_refresh_available, or wait a few minutes, before you "+by.Again+
				"; a refresh still running makes the next attempt fail with \"already running\"."))
	default:
		shared.AddAPIError(diags, "Unable to Refresh Analytics Target", attempted, err)
	}
}

// outcomeUnknown reports whether a failed refresh POST with this status may
// still have started a refresh on the server.
func outcomeUnknown(status int) bool {
	return status == 0 || (status >= 200 && status <= 299) || status >= 500
}

// addRefreshWaitWarning explains why create stopped waiting for a started
// refresh (create timeout, interruption such as Ctrl-C, or a status that
// could not be read) and that the refresh is kept, untainted.
func addRefreshWaitWarning(ctx context.Context, diags *diag.Diagnostics, r *genviral.Refresh, targetID string, timeout time.Duration, err error) {
	kept := fmt.Sprintf("The refresh %s of analytics target %s was started (status %q when last seen, %g credits "+
		"spent) and goes on on the server. It is kept in state and not tainted: the next terraform apply does not "+
		"start another refresh, and the next plan or refresh reads its final status. Only a change of triggers, or "+
		"terraform apply -replace on this resource, starts a new refresh (which may spend credits). Data sources "+
		"read after this resource in this run may not see the refreshed metrics yet.",
		r.ID, targetID, r.Status, r.CreditsUsed)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		diags.AddWarning("Timed Out Waiting for Analytics Refresh",
			fmt.Sprintf("The refresh did not finish within the create timeout (%s). %s\n\nRaise timeouts.create to "+
				"wait longer, or set wait_for_completion = false to return as soon as the refresh is queued.\n\n"+
				"Details: %s", timeout, kept, err))
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		diags.AddWarning("Stopped Waiting for Analytics Refresh",
			fmt.Sprintf("Terraform was interrupted (for example Ctrl-C) while waiting for the refresh. %s\n\nDetails: %s", kept, err))
	default:
		diags.AddWarning("Unable to Follow Analytics Refresh",
			shared.APIErrorDetailWithHint(fmt.Sprintf("Reading the status of refresh %s failed.", r.ID), err, kept))
	}
}

// refreshFailureReason is the API's message for a failed refresh.
func refreshFailureReason(r *genviral.Refresh) string {
	if r.Error != nil && *r.Error != "" {
		return *r.Error
	}
	return "the API gave no reason"
}

// errRefreshWithoutID: the API accepted a refresh of targetID but returned
// no refresh id.
func errRefreshWithoutID(by refreshStarter, targetID, status string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Unexpected Analytics Refresh Response",
		fmt.Sprintf("The API accepted the refresh of analytics target %s (status %q) but returned no refresh id, so "+
			"it cannot be followed. It has probably started and may have spent credits: check the "+
			"target's last_refreshed_at before you %s. This is a bug in the API or the provider; please report it.",
			targetID, status, by.Again))
}

// errRefreshFailedAtCreate: the refresh create started (or waited for)
// failed; the error taints the resource.
func errRefreshFailedAtCreate(r *genviral.Refresh, targetID string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Analytics Refresh Failed",
		fmt.Sprintf("The refresh %s of analytics target %s failed: %s\n\n"+
			"It spent %g credits. The refresh is kept in state with status \"failed\" and Terraform marks this "+
			"resource as tainted, so the next terraform apply starts a new refresh (which may spend credits "+
			"again). To keep the failed refresh instead, run terraform untaint on this resource.",
			r.ID, targetID, refreshFailureReason(r), r.CreditsUsed))
}

// warnRefreshFailedAtRead: Read first sees that a refresh failed (create
// did not wait, or stopped waiting); it stays in state, untainted.
func warnRefreshFailedAtRead(r *genviral.Refresh, refreshID, targetID string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Analytics Refresh Failed",
		fmt.Sprintf("The refresh %s of analytics target %s failed: %s\n\nIt spent %g credits. It stays in state "+
			"with status \"failed\"; no new refresh is started unless triggers change or you run terraform apply "+
			"-replace on this resource.", refreshID, targetID, refreshFailureReason(r), r.CreditsUsed))
}

// errRefreshImport: terraform import of a refresh.
func errRefreshImport() diag.Diagnostic {
	return diag.NewErrorDiagnostic("Analytics Refresh Cannot Be Imported",
		"A genviral_analytics_refresh records a refresh that this resource started; a refresh is a past event, so "+
			"there is nothing to import. Remove the import block (or skip terraform import): applying the resource "+
			"starts a new refresh, which may spend credits. To refresh a resource already in state again, change "+
			"its triggers or run terraform apply -replace on it; to read when a target was last refreshed, use "+
			"last_refreshed_at of genviral_analytics_target.")
}

// warnRefreshNotFound: Read no longer finds the refresh in state.
func warnRefreshNotFound(refreshID, targetID string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Analytics Refresh Not Found",
		fmt.Sprintf("The refresh %s of analytics target %s is no longer visible to the API key (it may have been "+
			"removed from the refresh history, or the key's scope changed). It stays in state as last seen; no new "+
			"refresh is started unless triggers change or the resource is replaced.", refreshID, targetID))
}

// warnActionStoppedWaiting: the action stopped waiting for the refresh r it
// started, because its timeout ended or Terraform was interrupted (ctx), or
// reading the status failed (err).
func warnActionStoppedWaiting(ctx context.Context, r *genviral.Refresh, targetID string, timeout time.Duration, err error) diag.Diagnostic {
	why := "reading its status failed: " + err.Error()
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		why = fmt.Sprintf("the timeout (%s) elapsed; raise timeout to wait longer", timeout)
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		why = "Terraform was interrupted (for example Ctrl-C)"
	}
	return diag.NewWarningDiagnostic("Stopped Waiting for Analytics Refresh",
		fmt.Sprintf("The refresh %s of analytics target %s was started (last status %q, %g credits spent) and goes on "+
			"on the server, but the invocation stopped waiting for it: %s. Do not invoke again to \"retry\": that "+
			"would start (and may pay for) a second refresh, or fail with \"already running\" while this one runs. "+
			"The target's last_refreshed_at shows when it has finished.", r.ID, targetID, r.Status, r.CreditsUsed, why))
}

// errActionRefreshFailed: the refresh the action started failed.
func errActionRefreshFailed(r *genviral.Refresh, targetID string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Analytics Refresh Failed",
		fmt.Sprintf("The refresh %s of analytics target %s failed: %s\n\nIt spent %g credits. Invoke the action again "+
			"to start a new refresh (which may spend credits again).", r.ID, targetID, refreshFailureReason(r), r.CreditsUsed))
}

// warnRefreshOutcomeUnknown: the request that starts a refresh of targetID
// got no usable answer (err); the resource keeps it with status "unknown".
func warnRefreshOutcomeUnknown(targetID string, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Analytics Refresh Outcome Unknown",
		shared.APIErrorDetailWithHint(fmt.Sprintf("Starting a refresh of analytics target %s got no usable answer.", targetID), err,
			"The request may have reached the API and started a refresh, which may have been billed (spent credits). "+
				"The provider never retries a refresh request. The resource is kept in state, not tainted, with status "+
				"\"unknown\" and no id, so the next terraform apply with unchanged triggers starts nothing. The next plan "+
				"or refresh looks the refresh up (the target's latest refresh, when it started after this request) and "+
				"records it. If it finds none, check the target's last_refreshed_at; to start a refresh anyway, run "+
				"terraform apply -replace on this resource."))
}

// warnRefreshStillUnknown: Read could not find the refresh that a start
// request without an answer may have started, because of why.
func warnRefreshStillUnknown(targetID, why string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Analytics Refresh Outcome Still Unknown",
		fmt.Sprintf("An earlier apply asked the API to refresh analytics target %s and got no usable answer, so this "+
			"resource keeps status \"unknown\". Looking the refresh up found nothing: %s. Nothing new is started while "+
			"triggers stay unchanged; to start a refresh (which may spend credits), run terraform apply -replace on "+
			"this resource.", targetID, why))
}
