package refresh

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

var (
	_ action.Action               = (*analyticsRefreshAction)(nil)
	_ action.ActionWithConfigure  = (*analyticsRefreshAction)(nil)
	_ action.ActionWithModifyPlan = (*analyticsRefreshAction)(nil)
)

// ProgressInterval is how often the action reports that it is still
// waiting for a refresh. A variable so that tests can report fast.
var ProgressInterval = 15 * time.Second

// NewAnalyticsRefreshAction returns the genviral_analytics_refresh action
// (Terraform 1.14+).
func NewAnalyticsRefreshAction() action.Action { return &analyticsRefreshAction{} }

// analyticsRefreshAction starts one refresh of a target each time it is
// invoked (`terraform apply -invoke=action.genviral_analytics_refresh.<name>`
// or an action_trigger), and waits for it like the genviral_analytics_refresh
// resource does, with the same calls: one POST, never retried, then polls.
// Nothing is kept in state.
type analyticsRefreshAction struct {
	Data *shared.ProviderData
}

type refreshActionModel struct {
	TargetID          types.String `tfsdk:"target_id"`
	WaitForCompletion types.Bool   `tfsdk:"wait_for_completion"`
	Timeout           types.String `tfsdk:"timeout"`
}

func (a *analyticsRefreshAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_analytics_refresh"
}

func (a *analyticsRefreshAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "**Each invocation starts one Genviral analytics refresh of a target, which may spend credits** " +
			"(a target's free daily refresh costs nothing; after that every refresh is paid from the account's " +
			"credits). Invoke it with `terraform apply -invoke=action.genviral_analytics_refresh.<name>`, or from an " +
			"`action_trigger` in a resource's `lifecycle`; plans and refreshes never start one. It reports progress " +
			"while it waits and keeps nothing in state. Terraform 1.14 or later; with older versions use the " +
			"`genviral_analytics_refresh` resource. The request that starts the refresh is never retried; a refresh " +
			"already running (HTTP 409), a rate limit (HTTP 429) or missing credits (HTTP 402) fails the invocation " +
			"with what to do.",
		Attributes: map[string]schema.Attribute{
			"target_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The id of the analytics target to refresh (e.g. `genviral_analytics_target.x.id`).",
				Validators:          []validator.String{shared.TargetIDValidator()},
			},
			"wait_for_completion": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Whether the invocation waits until the refresh has completed or failed (polling with " +
					"backoff, up to `timeout`). Defaults to `true`; `false` returns as soon as the refresh is queued.",
			},
			"timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How long the invocation may take, including the request that starts the refresh, as a " +
					"Go duration such as `15m`. Defaults to `10m`. When it elapses during the wait, the invocation ends " +
					"with a warning: the refresh goes on on the server.",
				Validators: []validator.String{shared.DurationValidator{Max: time.Hour}},
			},
		},
	}
}

func (a *analyticsRefreshAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.Data = shared.ProviderDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan checks the configuration once its values are known: a value
// from a variable or another resource is still unknown when Terraform
// validates the action, and Terraform does not validate it again before it
// plans or invokes it.
func (a *analyticsRefreshAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	resp.Diagnostics.Append(checkActionConfig(ctx, req.Config)...)
}

// checkActionConfig runs the validators of the configuration's string
// attributes on their known values, in the order of their names.
func checkActionConfig(ctx context.Context, cfg tfsdk.Config) diag.Diagnostics {
	var diags diag.Diagnostics
	s, ok := cfg.Schema.(schema.Schema)
	if !ok {
		return diags
	}
	for _, name := range slices.Sorted(maps.Keys(s.Attributes)) {
		attr, ok := s.Attributes[name].(schema.StringAttribute)
		if !ok || len(attr.Validators) == 0 {
			continue
		}
		p := path.Root(name)
		var v types.String
		if diags.Append(cfg.GetAttribute(ctx, p, &v)...); diags.HasError() {
			return diags
		}
		for _, check := range attr.Validators {
			var vr validator.StringResponse
			check.ValidateString(ctx, validator.StringRequest{Path: p, PathExpression: p.Expression(), ConfigValue: v, Config: cfg}, &vr)
			diags.Append(vr.Diagnostics...)
		}
	}
	return diags
}

func (a *analyticsRefreshAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m refreshActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	// Values unknown at plan (an action_trigger's target_id) are checked
	// here, before anything is sent.
	resp.Diagnostics.Append(checkActionConfig(ctx, req.Config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := a.Data.ClientFor(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout := defaultRefreshCreateTimeout
	if !m.Timeout.IsNull() {
		timeout, _ = time.ParseDuration(m.Timeout.ValueString()) // validated
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	progress := func(format string, args ...any) {
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf(format, args...)})
		}
	}

	targetID := m.TargetID.ValueString()
	progress("Starting a refresh of analytics target %s", targetID)
	started, err := client.RefreshTarget(ctx, targetID)
	if err != nil {
		addRefreshStartError(&resp.Diagnostics, refreshByAction, targetID, err)
		return
	}
	r := &started.Refresh
	if r.ID == "" {
		resp.Diagnostics.Append(errRefreshWithoutID(refreshByAction, targetID, r.Status))
		return
	}
	tflog.Info(ctx, "started analytics refresh", map[string]any{"refresh_id": r.ID, "target_id": targetID, "was_free": started.WasFree})
	progress("Refresh %s of analytics target %s started: status %s, %s", r.ID, targetID, r.Status, cost(started.WasFree, r.CreditsUsed))
	if (!m.WaitForCompletion.IsNull() && !m.WaitForCompletion.ValueBool()) || r.Done() {
		a.finish(r, targetID, progress, &resp.Diagnostics)
		return
	}

	stop := reportWaiting(ctx, r.ID, progress)
	last, err := waitForRefresh(ctx, client, r.ID)
	stop()
	if last != nil {
		r = last
	}
	if err != nil {
		resp.Diagnostics.Append(warnActionStoppedWaiting(ctx, r, targetID, timeout, err))
		return
	}
	a.finish(r, targetID, progress, &resp.Diagnostics)
}

// finish reports how the refresh r ended, or that it was queued.
func (a *analyticsRefreshAction) finish(r *genviral.Refresh, targetID string, progress func(string, ...any), diags *diag.Diagnostics) {
	switch r.Status {
	case genviral.RefreshFailed:
		diags.Append(errActionRefreshFailed(r, targetID))
	case genviral.RefreshCompleted:
		progress("Refresh %s of analytics target %s completed (%g credits spent)", r.ID, targetID, r.CreditsUsed)
	default:
		progress("Refresh %s of analytics target %s is %s; not waiting for it (wait_for_completion = false)", r.ID, targetID, r.Status)
	}
}

// cost describes what starting a refresh cost.
func cost(free bool, credits float64) string {
	if free {
		return "free (the target's free daily refresh)"
	}
	return fmt.Sprintf("%g credits", credits)
}

// reportWaiting reports every refreshProgressInterval that the refresh is
// still running, until stop is called. stop returns once no report is in
// flight, so none is sent after the invocation has ended.
func reportWaiting(ctx context.Context, refreshID string, progress func(string, ...any)) (stop func()) {
	done, finished := make(chan struct{}), make(chan struct{})
	start := time.Now()
	go func() {
		defer close(finished)
		ticker := time.NewTicker(ProgressInterval)
		defer ticker.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-ticker.C:
				select {
				case <-done:
					return
				default:
				}
				progress("Refresh %s still running (%s elapsed)", refreshID, time.Since(start).Round(time.Second))
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}
