package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

const defaultRefreshCreateTimeout = 10 * time.Minute

// Polling of a refresh job while create waits for it: the first poll after
// refreshPollInterval, then doubling up to refreshPollMaxInterval. Variables
// so that tests can poll fast; not configurable by users.
var (
	refreshPollInterval    = time.Second
	refreshPollMaxInterval = 15 * time.Second
)

var (
	_ resource.Resource                   = (*analyticsRefreshResource)(nil)
	_ resource.ResourceWithConfigure      = (*analyticsRefreshResource)(nil)
	_ resource.ResourceWithValidateConfig = (*analyticsRefreshResource)(nil)
)

// NewAnalyticsRefreshResource returns the genviral_analytics_refresh resource.
func NewAnalyticsRefreshResource() resource.Resource { return &analyticsRefreshResource{} }

// analyticsRefreshResource is one refresh of one target's metrics: create
// starts it (POST /analytics/targets/{id}/refresh, billable, never retried)
// and optionally waits for it; read follows its status; update and delete
// call nothing.
//
// A refresh is billable, so one is never bought twice by accident. When
// create stops waiting before the refresh is done (create timeout,
// interruption, a status that cannot be read) that is a warning: the
// refresh stays in state untainted with the last status seen, and Read
// settles it. A refresh the API reports as failed is an error, saved in
// state anyway (its id, credits and message belong there): Terraform taints
// it, so the next plan shows its replacement — a new attempt, since the
// failed one delivered nothing — explicitly, as for a failed provisioner.
// Otherwise only a change of triggers or `terraform apply -replace` starts
// a new refresh.
type analyticsRefreshResource struct {
	withResourceData
}

type refreshModel struct {
	ID                types.String   `tfsdk:"id"`
	TargetID          types.String   `tfsdk:"target_id"`
	Triggers          types.Map      `tfsdk:"triggers"`
	WaitForCompletion types.Bool     `tfsdk:"wait_for_completion"`
	Status            types.String   `tfsdk:"status"`
	CreditsUsed       types.Float64  `tfsdk:"credits_used"`
	FreeRefreshUsed   types.Bool     `tfsdk:"free_refresh_used"`
	WasFree           types.Bool     `tfsdk:"was_free"`
	StartedAt         types.String   `tfsdk:"started_at"`
	CompletedAt       types.String   `tfsdk:"completed_at"`
	Error             types.String   `tfsdk:"error"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

func (r *analyticsRefreshResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_analytics_refresh"
}

func (r *analyticsRefreshResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keepString := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	keepBool := []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "**Creating this resource starts a Genviral analytics refresh of one target, which may spend " +
			"credits.** A target's free daily refresh costs nothing; after that every refresh is paid from the " +
			"account's credits. Refreshes happen only when this resource is created or replaced — never during plan, " +
			"read or destroy — so to refresh again, change `triggers` (for example to a date) or run " +
			"`terraform apply -replace=<address>`.\n\n" +
			"By default create waits until the refresh has completed, so that data sources read after it " +
			"(`depends_on`) see fresh metrics. If create stops waiting before then — `timeouts.create` elapsed, " +
			"Terraform was interrupted (Ctrl-C), or the refresh's status could not be read (a `404` right after the " +
			"refresh started is polled through until the wait ends) — create ends with a warning, not an error: the refresh " +
			"is kept in state, not tainted, with the last status seen, and the next plan or refresh reads its final " +
			"status; no second refresh is started. A refresh that the API reports as `failed` while create waits is " +
			"an error: it is kept in state with its status and message, and Terraform marks it tainted, so the next " +
			"plan shows its replacement (a new refresh, which may spend credits again); run `terraform untaint` to " +
			"keep it instead. A failure first seen by a later read is a warning and starts nothing. When a refresh of " +
			"the target is already running the API refuses a new one (HTTP 409) and does not say which refresh is " +
			"running: the apply fails and can be run again once it has finished. The provider never retries a " +
			"refresh request on its own. Destroying the resource only removes it from state.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The refresh job's id.",
				PlanModifiers:       keepString,
			},
			"target_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The id of the analytics target to refresh (e.g. `genviral_analytics_target.x.id`). " +
					"Changing it starts a new refresh.",
				Validators:    []validator.String{targetIDValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"triggers": schema.MapAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Arbitrary values that start a new refresh (replacing this resource) whenever any of them " +
					"changes, for example `{ day = var.report_date }` for at most one refresh per day.",
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplaceIf(triggersChanged,
					"Replaces the refresh when a trigger value changes.", "Replaces the refresh when a trigger value changes.")},
			},
			"wait_for_completion": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "Whether create waits until the refresh has completed or failed (polling with backoff, " +
					"up to `timeouts.create`; a wait that ends early is a warning and keeps the refresh). `false` returns as soon as the refresh is queued, with `status` " +
					"`pending`; later reads update the status. Changing it affects only future creates and calls no API.",
			},
			"status": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The refresh's status when last read: `pending`, `processing`, `completed` or `failed`. " +
					"Reads update it; a change of status plans nothing.",
				PlanModifiers: keepString,
			},
			"credits_used": schema.Float64Attribute{
				Computed:            true,
				MarkdownDescription: "Credits the refresh spent; 0 when it used the target's free daily refresh.",
				PlanModifiers:       []planmodifier.Float64{float64planmodifier.UseStateForUnknown()},
			},
			"free_refresh_used": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether the refresh used the target's free daily refresh, as the refresh job reports it.",
				PlanModifiers:       keepBool,
			},
			"was_free": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether the API reported, when the refresh was started, that it was free (no credits spent).",
				PlanModifiers:       keepBool,
			},
			"started_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the refresh started (ISO 8601).",
				PlanModifiers:       keepString,
			},
			"completed_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the refresh completed or failed (ISO 8601); null while it runs.",
				PlanModifiers:       keepString,
			},
			"error": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The API's message when the refresh failed; null otherwise.",
				PlanModifiers:       keepString,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": resourceTimeoutsBlock(ctx, timeouts.Opts{Create: true, CreateDescription: "How long create waits " +
				"for the refresh to finish when `wait_for_completion` is true, including the request that starts it " +
				"(a Go duration such as `30m`). Defaults to `10m`. When it elapses during the wait, create ends with a " +
				"warning and keeps the refresh, untainted."}),
		},
	}
}

// ValidateConfig refuses a create timeout that is not greater than zero.
func (r *analyticsRefreshResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validateTimeouts(ctx, req.Config, &resp.Diagnostics)
}

func (r *analyticsRefreshResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m refreshModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := m.Timeouts.Create(ctx, defaultRefreshCreateTimeout)
	resp.Diagnostics.Append(diags...)
	client := r.data.clientFor(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || client == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	targetID := m.TargetID.ValueString()
	started, err := client.RefreshTarget(ctx, targetID)
	if err != nil {
		addRefreshStartError(&resp.Diagnostics, targetID, err)
		return
	}
	if started.Refresh.ID == "" {
		resp.Diagnostics.AddError("Unexpected Analytics Refresh Response",
			fmt.Sprintf("The API accepted the refresh of analytics target %s (status %q) but returned no refresh id, so "+
				"the refresh cannot be followed. It has probably started and may have spent credits: check the "+
				"target's last_refreshed_at before applying again. This is a bug in the API or the provider; please report it.",
				targetID, started.Refresh.Status))
		return
	}
	m.WasFree = types.BoolValue(started.WasFree)
	applyRefreshRow(&m, &started.Refresh)
	tflog.Info(ctx, "started analytics refresh", map[string]any{
		"refresh_id": m.ID.ValueString(), "target_id": targetID, "was_free": started.WasFree, "credits_used": started.Refresh.CreditsUsed,
	})
	// The refresh exists now (and may have spent credits): record it before
	// waiting, so that whatever happens next it is in state.
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}

	final := &started.Refresh
	if m.WaitForCompletion.ValueBool() && !final.Done() {
		last, err := waitForRefresh(ctx, client, final.ID)
		if last != nil {
			final = last
			applyRefreshRow(&m, last)
			resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		}
		if err != nil {
			// The refresh has started and may have spent credits: not
			// knowing how it ends is a warning, never an error, so that
			// the resource is not tainted and the next apply does not buy
			// another refresh. Read settles its status later.
			addRefreshWaitWarning(ctx, &resp.Diagnostics, final, targetID, timeout, err)
			return
		}
	}
	if final.Status == genviral.RefreshFailed {
		// A refresh the API reports as failed stays an error, so Terraform
		// taints it and the next plan shows its replacement: the failed
		// refresh delivered no metrics, so the next one is a new attempt,
		// shown in the plan before it is applied, not an accidental
		// duplicate. A failure first seen by Read (after an interrupted
		// wait) is only a warning; see Read.
		resp.Diagnostics.AddError("Analytics Refresh Failed",
			fmt.Sprintf("The refresh %s of analytics target %s failed: %s\n\n"+
				"It spent %g credits. The refresh is kept in state with status \"failed\" and Terraform marks this "+
				"resource as tainted, so the next terraform apply starts a new refresh (which may spend credits "+
				"again). To keep the failed refresh instead, run terraform untaint on this resource.",
				final.ID, targetID, refreshFailureReason(final), final.CreditsUsed))
	}
}

// refreshFailureReason is the API's message for a failed refresh.
func refreshFailureReason(r *genviral.Refresh) string {
	if r.Error != nil && *r.Error != "" {
		return *r.Error
	}
	return "the API gave no reason"
}

// waitForRefresh polls a refresh until it is done or ctx ends, with a
// doubling interval. It returns the last row read (nil if none) and, when
// it stopped before the refresh was done, why.
//
// A 404 is polled through: right after the POST the refresh may not be
// visible yet. A status the provider does not know is treated as still
// running. Any other failed poll (the client has already retried transient
// ones) ends the wait.
func waitForRefresh(ctx context.Context, client *genviral.Client, refreshID string) (*genviral.Refresh, error) {
	var last *genviral.Refresh
	var lastErr error
	interval := refreshPollInterval
	for {
		timer := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			timer.Stop()
			if lastErr != nil {
				return last, fmt.Errorf("%w; the last status poll failed: %w", ctx.Err(), lastErr)
			}
			return last, ctx.Err()
		case <-timer.C:
		}
		got, err := client.GetRefresh(ctx, refreshID)
		switch {
		case ctx.Err() != nil:
			// Stopped during the poll: handled at the top of the loop.
			continue
		case genviral.IsNotFound(err):
			lastErr = err
			tflog.Debug(ctx, "analytics refresh not visible yet; polling on", map[string]any{"refresh_id": refreshID})
		case err != nil:
			return last, err
		default:
			last, lastErr = got, nil
			tflog.Debug(ctx, "polled analytics refresh", map[string]any{"refresh_id": refreshID, "status": got.Status})
			if got.Done() {
				return got, nil
			}
		}
		interval = min(2*interval, refreshPollMaxInterval)
	}
}

// addRefreshStartError explains why the POST that starts a refresh failed.
// None of these errors is retried: the request may spend credits.
func addRefreshStartError(diags *diag.Diagnostics, targetID string, err error) {
	attempted := fmt.Sprintf("Starting a refresh of analytics target %s failed.", targetID)
	apiErr, _ := genviral.AsAPIError(err)
	switch {
	case genviral.IsConflict(err):
		diags.AddError("Analytics Refresh Already Running", apiErrorDetailWithHint(attempted, err,
			"A refresh of this target is already running (started by an earlier apply with wait_for_completion = false, "+
				"another resource or Terraform run, the Genviral web app or another API client). The API refuses a second "+
				"one and does not say which refresh is running, so this resource can neither wait for it nor adopt it, "+
				"and the provider does not retry on its own. This request started nothing. Run terraform apply again once "+
				"the running refresh has finished (refreshes usually take 30 to 90 seconds); this resource will then "+
				"start a new refresh."))
	case genviral.IsRateLimited(err):
		diags.AddError("Analytics Refresh Rate Limited", apiErrorDetailWithHint(attempted, err,
			"The API rate limited refreshes of this target: too many refresh requests for the same target in a short "+
				"window. The provider never retries a refresh request automatically, because each one may spend credits. "+
				"Wait a few minutes, then run terraform apply again; avoid changing triggers more often than needed."))
	case genviral.IsPaymentRequired(err) && apiErr.ErrorCode != "subscription_required":
		diags.AddError("Not Enough Credits for Analytics Refresh", apiErrorDetailWithHint(attempted, err,
			"The target's free daily refresh is used up, so this refresh would be paid, and the account does not have "+
				"enough credits for it. Add credits to the Genviral account, or wait until the target's free daily "+
				"refresh is available again (free_refresh_available of the genviral_analytics_target), then run "+
				"terraform apply again."))
	case genviral.IsNotFound(err):
		diags.AddError("Analytics Target Not Found", apiErrorDetailWithHint(attempted, err,
			"No analytics target with this id exists in the API key's scope. Check target_id (use the id of a "+
				"genviral_analytics_target resource or data source, not a handle), and that the key belongs to the "+
				"workspace or personal scope that owns the target."))
	case apiErr != nil && outcomeUnknown(apiErr.StatusCode):
		// No usable answer: no status (network, timeout), a 2xx that could
		// not be decoded, or a 5xx (the API's 500 means "refresh execution
		// failure"; a gateway's 502/504 may hide a refresh that started).
		diags.AddError("Unable to Refresh Analytics Target", apiErrorDetailWithHint(attempted, err,
			"No usable answer arrived, so the request may have reached the API and started a refresh (which may "+
				"have spent credits). The provider never retries a refresh request. Check the target's "+
				"last_refreshed_at and free_refresh_available, or wait a few minutes, before running terraform apply "+
				"again; a refresh still running makes the next attempt fail with \"already running\"."))
	default:
		addAPIError(diags, "Unable to Refresh Analytics Target", attempted, err)
	}
}

// triggersChanged requires a new refresh only when the triggers really
// differ: no triggers and an empty map are the same.
func triggersChanged(_ context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
	empty := func(m types.Map) bool { return m.IsNull() || (!m.IsUnknown() && len(m.Elements()) == 0) }
	resp.RequiresReplace = !empty(req.StateValue) || !empty(req.PlanValue)
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
			apiErrorDetailWithHint(fmt.Sprintf("Reading the status of refresh %s failed.", r.ID), err, kept))
	}
}

func (r *analyticsRefreshResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m refreshModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.data.clientFor(&resp.Diagnostics)
	if client == nil {
		return
	}
	got, err := client.GetRefresh(ctx, m.ID.ValueString())
	switch {
	case genviral.IsNotFound(err):
		// A refresh is a past event: losing it from the history is no
		// reason to pay for another. It stays in state as last seen; only
		// a change of triggers (or -replace) starts a new one.
		resp.Diagnostics.AddWarning("Analytics Refresh Not Found",
			fmt.Sprintf("The refresh %s of analytics target %s is no longer visible to the API key (it may have been "+
				"removed from the refresh history, or the key's scope changed). It stays in state as last seen; no new "+
				"refresh is started unless triggers change or the resource is replaced.", m.ID.ValueString(), m.TargetID.ValueString()))
		return
	case err != nil:
		addAPIError(&resp.Diagnostics, "Unable to Read Analytics Refresh",
			fmt.Sprintf("Reading the refresh %s of analytics target %s failed.", m.ID.ValueString(), m.TargetID.ValueString()), err)
		return
	}
	wasRunning := !genviral.Refresh{Status: m.Status.ValueString()}.Done()
	applyRefreshRow(&m, got)
	if wasRunning && got.Status == genviral.RefreshFailed {
		// Seen only now (create stopped waiting, or did not wait): it is
		// not tainted, so say so instead of starting another refresh.
		resp.Diagnostics.AddWarning("Analytics Refresh Failed",
			fmt.Sprintf("The refresh %s of analytics target %s failed: %s\n\nIt spent %g credits. It stays in state "+
				"with status \"failed\"; no new refresh is started unless triggers change or you run terraform apply "+
				"-replace on this resource.", m.ID.ValueString(), m.TargetID.ValueString(), refreshFailureReason(got), got.CreditsUsed))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Update only records the new wait_for_completion and timeouts: nothing
// else can change in place, and neither needs an API call.
func (r *analyticsRefreshResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m refreshModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Delete only forgets the refresh: a refresh cannot be undone.
func (r *analyticsRefreshResource) Delete(ctx context.Context, req resource.DeleteRequest, _ *resource.DeleteResponse) {
	var id types.String
	_ = req.State.GetAttribute(ctx, path.Root("id"), &id)
	tflog.Debug(ctx, "removing analytics refresh from state; no API call", map[string]any{"refresh_id": id.ValueString()})
}

// applyRefreshRow copies a refresh row into m. target_id and was_free are
// left alone: the first is configuration, the second is known only from the
// response that started the refresh.
func applyRefreshRow(m *refreshModel, r *genviral.Refresh) {
	if r.ID != "" {
		m.ID = types.StringValue(r.ID)
	}
	m.Status = types.StringValue(r.Status)
	m.CreditsUsed = types.Float64Value(r.CreditsUsed)
	m.FreeRefreshUsed = types.BoolValue(r.FreeRefreshUsed)
	m.StartedAt = types.StringPointerValue(r.StartedAt)
	m.CompletedAt = types.StringPointerValue(r.CompletedAt)
	m.Error = types.StringPointerValue(r.Error)
}
