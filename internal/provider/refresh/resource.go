// Package refresh is the genviral_analytics_refresh resource and the
// refresh action: billable refreshes of a target's analytics.
package refresh

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
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

	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

const defaultRefreshCreateTimeout = 10 * time.Minute

// Polling of a refresh job while create waits for it: the first poll after
// refreshPollInterval, then doubling up to refreshPollMaxInterval. Variables
// so that tests can poll fast; not configurable by users.
var (
	PollInterval    = time.Second
	PollMaxInterval = 15 * time.Second
)

var (
	_ resource.Resource                   = (*analyticsRefreshResource)(nil)
	_ resource.ResourceWithConfigure      = (*analyticsRefreshResource)(nil)
	_ resource.ResourceWithValidateConfig = (*analyticsRefreshResource)(nil)
	_ resource.ResourceWithImportState    = (*analyticsRefreshResource)(nil)
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
	shared.WithResourceData
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
			"running: the apply fails and can be run again once it has finished. When the request that starts a refresh " +
			"gets no usable answer (the connection dropped, a timeout, a 5xx), it may have started a refresh and spent " +
			"credits: create ends with a warning, and the resource is kept with `status = \"unknown\"` and no `id`, so " +
			"unchanged `triggers` start nothing; the next plan or refresh records the target's latest refresh when it " +
			"started after that request, or else keeps warning (run `terraform apply -replace` to start one). The " +
			"provider never retries a " +
			"refresh request on its own. Destroying the resource only removes it from state, and it cannot be imported " +
			"(a refresh is a past event: apply the resource to start one).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The refresh job's id; null while `status` is `unknown`.",
				PlanModifiers:       keepString,
			},
			"target_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The id of the analytics target to refresh (e.g. `genviral_analytics_target.x.id`). " +
					"Changing it starts a new refresh.",
				Validators:    []validator.String{shared.TargetIDValidator()},
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
				MarkdownDescription: "The refresh's status when last read: `pending`, `processing`, `completed` or `failed`; " +
					"`unknown` when the request that started it got no answer and no refresh started since then was found yet " +
					"(`id` and the other attributes are then null). Reads update it; a change of status plans nothing.",
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
				Computed: true,
				MarkdownDescription: "Whether the API reported, when the refresh was started, that it was free (no credits spent); " +
					"null when that answer was lost (see `free_refresh_used`).",
				PlanModifiers: keepBool,
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
			"timeouts": shared.ResourceTimeoutsBlock(ctx, timeouts.Opts{Create: true, CreateDescription: "How long create waits " +
				"for the refresh to finish when `wait_for_completion` is true, including the request that starts it " +
				"(a Go duration such as `30m`). Defaults to `10m`. When it elapses during the wait, create ends with a " +
				"warning and keeps the refresh, untainted."}),
		},
	}
}

// ValidateConfig refuses a create timeout that is not greater than zero.
func (r *analyticsRefreshResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	shared.ValidateTimeouts(ctx, req.Config, &resp.Diagnostics)
}

func (r *analyticsRefreshResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m refreshModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, timeout := shared.WithOperationTimeout(ctx, m.Timeouts.Create, defaultRefreshCreateTimeout, &resp.Diagnostics)
	defer cancel()
	client := r.Data.ClientFor(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || client == nil {
		return
	}

	targetID := m.TargetID.ValueString()
	attempted := time.Now().UTC()
	started, err := client.RefreshTarget(ctx, targetID)
	if err != nil {
		if refreshOutcomeUnknown(err) {
			keepUnknownRefresh(ctx, &m, attempted, resp, err)
			return
		}
		addRefreshStartError(&resp.Diagnostics, refreshByResource, targetID, err)
		return
	}
	if started.Refresh.ID == "" {
		resp.Diagnostics.Append(errRefreshWithoutID(refreshByResource, targetID, started.Refresh.Status))
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
		resp.Diagnostics.Append(errRefreshFailedAtCreate(final, targetID))
	}
}

// refreshStatusUnknown is the status of a refresh whose start request got
// no usable answer: it may or may not have started (and been paid for).
const refreshStatusUnknown = "unknown"

// privateRefreshAttempted (private state) is when the request that may have
// started a refresh of status refreshStatusUnknown was sent (RFC 3339, the
// provider's clock); Read looks for a refresh started since then.
const privateRefreshAttempted = "refresh_attempted_at"

// refreshClockSkew is how much earlier than the provider's clock says the
// API may date a refresh that the provider's request started.
const refreshClockSkew = 5 * time.Minute

// refreshOutcomeUnknown reports whether a failed refresh POST may still have
// started a refresh on the server: it was sent and got no usable answer (no
// status, an undecodable 2xx, a 5xx).
func refreshOutcomeUnknown(err error) bool {
	apiErr, ok := genviral.AsAPIError(err)
	return ok && !apiErr.Unsent && outcomeUnknown(apiErr.StatusCode)
}

// keepUnknownRefresh records a refresh whose start request got no usable
// answer: status "unknown", no id, with a warning instead of an error. An
// error would taint the resource, and the next apply would then buy a
// second refresh; kept in state, unchanged triggers start nothing, and Read
// settles what happened.
func keepUnknownRefresh(ctx context.Context, m *refreshModel, attempted time.Time, resp *resource.CreateResponse, err error) {
	m.ID = types.StringNull()
	m.Status = types.StringValue(refreshStatusUnknown)
	m.CreditsUsed = types.Float64Null()
	m.FreeRefreshUsed = types.BoolNull()
	m.WasFree = types.BoolNull()
	m.StartedAt = types.StringNull()
	m.CompletedAt = types.StringNull()
	m.Error = types.StringNull()
	shared.SetPrivateString(ctx, resp.Private, privateRefreshAttempted, attempted.Format(time.RFC3339Nano), &resp.Diagnostics)
	resp.Diagnostics.Append(warnRefreshOutcomeUnknown(m.TargetID.ValueString(), err))
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// settleUnknownRefresh looks for the refresh that the lost start request of
// m may have started: the target's latest refresh, when it started at or
// after the request (less refreshClockSkew). Found, it replaces the unknown
// entry; not found, the entry stays, with a warning saying why.
func (r *analyticsRefreshResource) settleUnknownRefresh(ctx context.Context, client *genviral.Client, m *refreshModel,
	req resource.ReadRequest, resp *resource.ReadResponse) {
	targetID := m.TargetID.ValueString()
	attempted, _ := time.Parse(time.RFC3339Nano, shared.GetPrivateString(ctx, req.Private, privateRefreshAttempted, &resp.Diagnostics))
	got, why, err := latestRefreshSince(ctx, client, targetID, attempted)
	if err != nil {
		shared.AddAPIError(&resp.Diagnostics, "Unable to Read Analytics Refresh",
			fmt.Sprintf("Looking for the refresh of analytics target %s whose start got no answer failed; it stays in "+
				"state with status \"unknown\".", targetID), err)
		return
	}
	if got == nil {
		resp.Diagnostics.Append(warnRefreshStillUnknown(targetID, why))
		return
	}
	applyRefreshRow(m, got)
	if got.Status == genviral.RefreshFailed {
		resp.Diagnostics.Append(warnRefreshFailedAtRead(got, got.ID, targetID))
	}
	shared.SetPrivateString(ctx, resp.Private, privateRefreshAttempted, "", &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// latestRefreshSince returns the latest refresh of the target when the API
// dates its start at or after since (less refreshClockSkew); otherwise nil
// and why not. The target's detail names its latest refresh (contract §4.3,
// an undocumented part: see LatestRefreshID); its row gives the start.
func latestRefreshSince(ctx context.Context, client *genviral.Client, targetID string, since time.Time) (*genviral.Refresh, string, error) {
	d, err := client.GetTarget(ctx, targetID)
	switch {
	case genviral.IsNotFound(err):
		return nil, "the target is no longer visible to the API key", nil
	case err != nil:
		return nil, "", err
	}
	id := d.LatestRefreshID()
	if id == "" {
		return nil, "the API does not say which refresh of the target is the latest", nil
	}
	got, err := client.GetRefresh(ctx, id)
	switch {
	case genviral.IsNotFound(err):
		return nil, fmt.Sprintf("the target's latest refresh, %s, is not visible to the API key", id), nil
	case err != nil:
		return nil, "", err
	}
	started := ""
	if got.StartedAt != nil {
		started = *got.StartedAt
	}
	startedAt, readable := parseAPITime(started)
	switch {
	case since.IsZero():
		return nil, "when the request was sent is not recorded, so the target's latest refresh cannot be told apart from an older one", nil
	case !readable:
		return nil, fmt.Sprintf("the target's latest refresh, %s, has no readable start time (%q)", id, started), nil
	case startedAt.Before(since.Add(-refreshClockSkew)):
		return nil, fmt.Sprintf("the target's latest refresh, %s, started at %s, before the request was sent: that "+
			"request most likely started nothing and spent no credits", id, started), nil
	}
	return got, "", nil
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
	interval := PollInterval
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
		interval = min(2*interval, PollMaxInterval)
	}
}

// triggersChanged requires a new refresh only when the triggers really
// differ: no triggers and an empty map are the same.
func triggersChanged(_ context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
	empty := func(m types.Map) bool { return m.IsNull() || (!m.IsUnknown() && len(m.Elements()) == 0) }
	resp.RequiresReplace = !empty(req.StateValue) || !empty(req.PlanValue)
}

func (r *analyticsRefreshResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m refreshModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.Data.ClientFor(&resp.Diagnostics)
	if client == nil {
		return
	}
	if m.ID.IsNull() {
		r.settleUnknownRefresh(ctx, client, &m, req, resp)
		return
	}
	got, err := client.GetRefresh(ctx, m.ID.ValueString())
	switch {
	case genviral.IsNotFound(err):
		// A refresh is a past event: losing it from the history is no
		// reason to pay for another. It stays in state as last seen; only
		// a change of triggers (or -replace) starts a new one.
		resp.Diagnostics.Append(warnRefreshNotFound(m.ID.ValueString(), m.TargetID.ValueString()))
		return
	case err != nil:
		shared.AddAPIError(&resp.Diagnostics, "Unable to Read Analytics Refresh",
			fmt.Sprintf("Reading the refresh %s of analytics target %s failed.", m.ID.ValueString(), m.TargetID.ValueString()), err)
		return
	}
	wasRunning := !genviral.Refresh{Status: m.Status.ValueString()}.Done()
	applyRefreshRow(&m, got)
	if wasRunning && got.Status == genviral.RefreshFailed {
		// Seen only now (create stopped waiting, or did not wait): it is
		// not tainted, so say so instead of starting another refresh.
		resp.Diagnostics.Append(warnRefreshFailedAtRead(got, m.ID.ValueString(), m.TargetID.ValueString()))
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

// ImportState explains why a refresh cannot be imported, instead of the
// framework's "contact the provider developer".
func (r *analyticsRefreshResource) ImportState(_ context.Context, _ resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.Append(errRefreshImport())
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

// parseAPITime parses a timestamp of the API (RFC 3339); ok is false when s
// is not one.
func parseAPITime(s string) (t time.Time, ok bool) {
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}
