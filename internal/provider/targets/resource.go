// Package targets is the genviral_analytics_target family: the resource
// (plan, model, messages, the coordination of one run, key scopes,
// identity), its list resource for terraform query, the
// genviral_analytics_target and genviral_analytics_targets data sources and
// the normalize_handle function.
package targets

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

// Values of deletion_policy.
const (
	deleteUnlessAdopted = "delete_unless_adopted"
	deleteAlways        = "delete"
	deleteNever         = "abandon"
)

const defaultTargetTimeout = 5 * time.Minute

// targetTimeoutDescription describes the timeouts attribute of one
// operation of genviral_analytics_target, with its default.
func targetTimeoutDescription(operation string) string {
	return operation + " may take this long in all, retries and `Retry-After` waits included, as a duration " +
		"such as `\"30s\"` or `\"15m\"`; default `\"" + fmt.Sprintf("%.0fm", defaultTargetTimeout.Minutes()) + "\"`. " +
		"`request_timeout` bounds each single request."
}

var (
	_ resource.Resource                   = (*analyticsTargetResource)(nil)
	_ resource.ResourceWithConfigure      = (*analyticsTargetResource)(nil)
	_ resource.ResourceWithImportState    = (*analyticsTargetResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*analyticsTargetResource)(nil)
	_ resource.ResourceWithValidateConfig = (*analyticsTargetResource)(nil)
)

// NewAnalyticsTargetResource returns the genviral_analytics_target resource.
func NewAnalyticsTargetResource() resource.Resource { return &analyticsTargetResource{} }

type analyticsTargetResource struct {
	shared.WithResourceData
}

func (r *analyticsTargetResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_analytics_target"
}

func (r *analyticsTargetResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Tracks one social account (a TikTok, Instagram or YouTube handle) for Genviral analytics. " +
			"Creating it is idempotent on the API side: when the account is already tracked in the API key's scope, " +
			"the existing target is adopted (with a warning) instead of duplicated, or refused when `adopt_existing = false`. " +
			"Imported targets count as adopted. By default destroy deletes only targets this resource created, and the plan " +
			"names each target a destroy deletes or leaves tracked.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The target's UUID, as used by `genviral_analytics_posts.account_ids` and for import.",
				PlanModifiers:       stable,
			},
			"platform": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The social platform: " + shared.QuotedList(genviral.Platforms) + ". Changing it replaces the target.",
				Validators:          []validator.String{stringvalidator.OneOf(genviral.Platforms...)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"identifier": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The account handle, with or without a leading `@` (e.g. `@acme.coffee`). Handles are compared " +
					"case-insensitively without the `@`, so changing only the spelling (`@Brand` to `brand`) updates state " +
					"in place without an API call; changing the handle itself replaces the target. " + shared.IdentifierRulesMarkdown,
				Validators: []validator.String{shared.IdentifierValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(identifierChanged,
					"Replaces the target when the normalized handle changes.", "Replaces the target when the normalized handle changes.")},
			},
			"alias": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Display name override shown in Genviral. When set, the provider keeps the target's display name " +
					"equal to it (a name edited elsewhere shows as a change to fix); removing it clears the display name. On an " +
					"imported target, leaving it unset leaves the display name alone (the state shows the name the API holds) " +
					"until an apply sets it; setting it to the name the target already has plans nothing. The API documents no " +
					"length limit, so none is enforced beyond not being empty.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{aliasKeptAfterImport{}},
			},
			"favorite": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Marks the target as a favorite. Leave unset to not manage the flag. The target list does not " +
					"report the flag, so a change made elsewhere is not detected; the state holds what was last sent or reported.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"refresh_policy": schema.SingleNestedAttribute{
				Optional: true,
				MarkdownDescription: "The target's refresh policy. The API does not report the policy back, so the state holds what " +
					"this resource last sent and changes made elsewhere are not detected. Removing the block clears the policy.",
				Attributes: map[string]schema.Attribute{
					"free_daily_refresh": schema.BoolAttribute{
						Optional:            true,
						MarkdownDescription: "Whether the target uses its free daily refresh.",
					},
					"max_posts": schema.Int64Attribute{
						Optional:            true,
						CustomType:          shared.WholeNumberType{},
						MarkdownDescription: "The most posts a refresh collects; at least 1.",
						Validators:          []validator.Int64{int64validator.AtLeast(1)},
					},
				},
			},
			"adopt_existing": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "What a new resource does when the account is already tracked in the key's scope, decided at plan " +
					"time: `true` (default) adopts the existing target, with a plan-time warning naming its id; `false` fails the " +
					"plan with the target's id and the `terraform import` command, sending nothing. Decided again at apply: an " +
					"account tracked since the plan is adopted with a warning, or with `false` refused before anything is " +
					"written; when someone tracks it while this resource's create is under way, the create adopts it (warning) " +
					"or, with `false`, fails and records nothing.",
			},
			"deletion_policy": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(deleteUnlessAdopted),
				MarkdownDescription: "What destroy does: `" + deleteUnlessAdopted + "` (default) deletes targets this resource created " +
					"and only removes adopted or imported ones from state, with a warning; `" + deleteAlways + "` always deletes " +
					"the target; `" + deleteNever + "` never deletes it (it stays tracked).",
				Validators: []validator.String{stringvalidator.OneOf(deleteUnlessAdopted, deleteAlways, deleteNever)},
			},
			"adopted": schema.BoolAttribute{
				Computed: true,
				MarkdownDescription: "False only when this resource created the target: the API answered that the create " +
					"created it, or this run's own earlier attempt did (an answer lost and recovered). True when this " +
					"configuration did not create it: the account was already tracked and this resource adopted it, someone " +
					"else tracked it between plan and apply, or it was imported. The plan shows `true` when it sees the " +
					"account tracked, and `(known after apply)` for an account not tracked yet, since someone may track it " +
					"before the apply. With the default deletion_policy, destroy deletes only targets with adopted = false.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"display_name": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The display name Genviral shows for the target (the alias, or a name set elsewhere).",
				PlanModifiers:       []planmodifier.String{displayNameFromAlias{}},
			},
			"normalized_identifier": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The handle as the API normalizes it (without the leading `@`).",
				PlanModifiers:       stable,
			},
			"workspace_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The workspace that owns the target; null for targets of a personal-scope key.",
				PlanModifiers:       stable,
			},
			"user_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The user who created the target, when the API reports it.",
				PlanModifiers:       stable,
			},
			"last_refreshed_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the target's metrics were last refreshed (RFC 3339), or null if never.",
				PlanModifiers:       stable,
			},
			"free_refresh_available": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether the target's free daily refresh is still available, when the API reports it.",
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": shared.ResourceTimeoutsBlock(ctx, timeouts.Opts{
				Create: true, Read: true, Update: true, Delete: true,
				CreateDescription: targetTimeoutDescription("Creating or adopting the target"),
				ReadDescription:   targetTimeoutDescription("Reading the target (refresh, plan, import)"),
				UpdateDescription: targetTimeoutDescription("An in-place update"),
				DeleteDescription: targetTimeoutDescription("Destroying the target"),
			}),
		},
	}
}

// ValidateConfig rejects combinations that attribute validators cannot see.
func (r *analyticsTargetResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	shared.ValidateTimeouts(ctx, req.Config, &resp.Diagnostics)
	var policy types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("refresh_policy"), &policy)...)
	if policy.IsNull() || policy.IsUnknown() {
		return
	}
	attrs := policy.Attributes()
	if attrs["free_daily_refresh"].IsNull() && attrs["max_posts"].IsNull() {
		resp.Diagnostics.Append(errEmptyRefreshPolicy())
	}
}

func (r *analyticsTargetResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan targetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.Data.ClientFor(&resp.Diagnostics)
	if client == nil {
		return
	}
	ctx, cancel, timeout := shared.WithOperationTimeout(ctx, plan.Timeouts.Create, defaultTargetTimeout, &resp.Diagnostics)
	defer cancel()

	account := genviral.AccountKey(plan.Platform.ValueString(), plan.Identifier.ValueString())
	handle := plan.Platform.ValueString() + "/" + plan.Identifier.ValueString()
	res := r.createClaimed(ctx, client, &plan, account, handle, timeout, &resp.Diagnostics)
	if res == nil {
		return
	}
	t := res.result.Target
	owned, why := r.decideOwnership(&plan, account, res)
	if !owned && !plan.AdoptExisting.IsUnknown() && !plan.AdoptExisting.ValueBool() {
		runOf(r.Data).release(t.ID)
		resp.Diagnostics.Append(errExistsAtApply(handle, t.ID, why))
		return
	}

	state := plan
	state.ID = types.StringValue(t.ID)
	switch {
	case plan.Adopted.IsUnknown():
		state.Adopted = types.BoolValue(!owned)
		if !owned && why != "" {
			resp.Diagnostics.Append(warnAdoptedAtApply(handle, t.ID, plan.DeletionPolicy.ValueString(), why))
		}
	case plan.Adopted.ValueBool() && owned:
		// The plan said "adopt", the apply created: the planned value must
		// stand, so the evidence goes to private state; Delete honours it and
		// the next refresh shows adopted = false.
		shared.SetPrivateString(ctx, resp.Private, privateOwned, "true", &resp.Diagnostics)
		resp.Diagnostics.Append(warnCreatedInsteadOfAdopted(handle, t.ID))
	}
	if t.Has(genviral.FieldWorkspaceID) {
		shared.SetPrivateString(ctx, resp.Private, privateScope, scopeOf(t.WorkspaceID, t.UserID), &resp.Diagnostics)
	}

	// Nothing is managed yet: PATCH what the POST could not carry, and the
	// alias when the API did not apply it (it does not for existing targets).
	upd := createUpdate(ctx, &plan, &t, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	var rows []*genviral.Target
	if !upd.IsEmpty() {
		row, err := client.UpdateTarget(ctx, t.ID, upd)
		if err != nil {
			// The target exists and is kept, untainted: a cosmetic failure
			// must not make the next apply replace it (a new id). The next
			// refresh shows the settings as not applied, so the next plan
			// proposes them again as an in-place update.
			shared.SetPrivateString(ctx, resp.Private, privateUnapplied, "true", &resp.Diagnostics)
			resp.Diagnostics.Append(warnSettingsNotApplied(t.ID, handle, err))
		} else {
			rows = append(rows, row)
		}
	}
	rows = append(rows, &t, r.createFallback(ctx, client, account, &t, res.result.Created))
	resolveComputed(&state, rows, nil)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setTargetIdentity(ctx, resp.Identity, &state, &resp.Diagnostics)
}

// createFallback returns the values create assumes for what its answers
// lack: the row the plan saw for an adopted target, and for a new one a free
// refresh available [INFERENCE: the create answer has no
// free_refresh_available (contract §4.2); a target that was never refreshed
// has its free daily refresh left. Were the API to say otherwise, the next
// refresh corrects it].
func (r *analyticsTargetResource) createFallback(ctx context.Context, client *genviral.Client, account string, t *genviral.Target, created bool) *genviral.Target {
	if created {
		fb := genviral.Target{FreeRefreshAvailable: new(true)}
		fb.SetHas(genviral.FieldFreeRefreshAvailable)
		return &fb
	}
	if seen, err := runOf(r.Data).existing(ctx, client, account); err == nil && seen != nil && strings.EqualFold(seen.ID, t.ID) {
		return seen
	}
	return nil
}

// createOutcome is a create answer taken for this resource.
type createOutcome struct {
	result *genviral.CreateTargetResult
	// recovered says the answer was lost and the target found afterwards.
	recovered bool
}

// decideOwnership says whether this configuration owns the target a create
// answered with, and why, when the evidence is worth a sentence. It owns
// it only on proof that this run created it: created:true; an answer that
// came only after this run's own earlier attempt failed (a lost answer
// recovered, or a retried request), for an account this instance saw
// absent; the account of a resource this run replaced and owned (ownership
// carries over). A created:false answer for an account seen absent means
// someone else tracked it in between: adopted.
func (r *analyticsTargetResource) decideOwnership(plan *targetModel, account string, res *createOutcome) (owned bool, why string) {
	t := res.result.Target
	if res.result.Created {
		return true, ""
	}
	if rel, ok := runOf(r.Data).releasedAccount(account); ok && strings.EqualFold(rel.id, t.ID) {
		if rel.owned {
			return true, ""
		}
		return false, "\n\nThe resource this one replaces had adopted it too."
	}
	if !plan.Adopted.IsUnknown() {
		// The plan saw the target and planned its adoption.
		return false, ""
	}
	if res.result.Retried || res.recovered {
		// [INFERENCE: the API does not say which request created a target;
		// an earlier attempt of this run whose answer was lost is the
		// likely creator of an account absent just before it.]
		return true, ""
	}
	return false, "\n\nIt was not tracked when this run planned it: another configuration, pipeline or person tracked it " +
		"in between (or, with create_before_destroy, the object this one replaces still holds it). This resource " +
		"did not create it, so it adopts it."
}

// maxCreateRounds bounds how often create posts again because the API
// answered with a target this run is deleting or deleted.
const maxCreateRounds = 3

// createClaimed POSTs the target and takes the answer for this resource. An
// answer naming another account is an error. When the API hands back a
// target that this run is deleting or deleted (create_before_destroy, a
// renamed resource), it waits for the delete and posts again, so it never
// adopts what is about to disappear. When the answer is lost after the
// server may have committed (5xx, timeout, interruption), it looks the
// account up before failing. It returns nil after adding an error.
func (r *analyticsTargetResource) createClaimed(ctx context.Context, client *genviral.Client, plan *targetModel, account, handle string,
	timeout time.Duration, diags *diag.Diagnostics) *createOutcome {
	for range maxCreateRounds {
		out := &createOutcome{}
		var err error
		out.result, err = client.CreateTarget(ctx, genviral.CreateTargetRequest{
			Platform:   plan.Platform.ValueString(),
			Identifier: plan.Identifier.ValueString(),
			Alias:      plan.Alias.ValueString(),
		})
		if err != nil {
			if out.result = recoverLostCreate(ctx, client, account, err); out.result == nil {
				shared.AddTimedAPIError(ctx, diags, "Unable to Create Analytics Target",
					fmt.Sprintf("Creating the analytics target for %s failed.", handle), err, "create", timeout)
				return nil
			}
			out.recovered = true
		}
		t := out.result.Target
		if got, ok := t.Key(); ok && got != account {
			diags.Append(errUnexpectedCreateAnswer(handle, &t, out.result.Created))
			return nil
		}
		c := runOf(r.Data).claim(t.ID, handle)
		switch {
		case c.deleting != nil:
			select {
			case <-c.deleting:
				continue
			case <-ctx.Done():
				diags.Append(errCreateWaitTimedOut(handle, t.ID, timeout))
				return nil
			}
		case c.deleted:
			continue
		case c.previous != "":
			diags.Append(errDuplicateInRun(handle, t.ID, c.previous))
			return nil
		}
		return out
	}
	diags.Append(errCreateKeptReturningDeleted(handle))
	return nil
}

// recoverTimeout bounds the look-up after a create whose answer was lost.
const recoverTimeout = 30 * time.Second

// recoverLostCreate looks for account after a create that failed in a way
// that may have committed it on the server (no answer, a timeout, a 5xx, an
// interruption), and returns it as a created:false answer when the API
// tracks it. It returns nil when the failure was a refusal, or the account
// is not tracked, or the look-up fails. The look-up runs even when ctx was
// cancelled (Ctrl-C): Terraform waits for the provider to return, and a
// target left out of state would be adopted, not owned, by the next apply.
func recoverLostCreate(ctx context.Context, client *genviral.Client, account string, err error) *genviral.CreateTargetResult {
	if e, ok := genviral.AsAPIError(err); !ok || (e.StatusCode != 0 && e.StatusCode < 500) {
		return nil
	}
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recoverTimeout)
	defer cancel()
	list, lerr := client.ListTargets(lctx)
	if lerr != nil {
		return nil
	}
	for _, t := range list.Targets {
		if key, ok := t.Key(); ok && key == account && t.ID != "" {
			return &genviral.CreateTargetResult{Target: t, Retried: true}
		}
	}
	return nil
}

func (r *analyticsTargetResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state targetModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Terraform wants an identity from every read, even one that removes
	// the resource or keeps the state: the recorded account's, until the
	// row is read.
	setTargetIdentity(ctx, resp.Identity, &state, &resp.Diagnostics)
	client := r.Data.ClientFor(&resp.Diagnostics)
	if client == nil {
		return
	}
	ctx, cancel, timeout := shared.WithOperationTimeout(ctx, state.Timeouts.Read, defaultTargetTimeout, &resp.Diagnostics)
	defer cancel()

	id := state.ID.ValueString()
	account := genviral.AccountKey(state.Platform.ValueString(), state.Identifier.ValueString())
	handle := state.Platform.ValueString() + "/" + state.Identifier.ValueString()
	t, keyScope, gone := r.readTarget(ctx, client, &state, req.Private, resp, timeout)
	if resp.Diagnostics.HasError() {
		return
	}
	imported := shared.GetPrivateString(ctx, req.Private, privateImported, &resp.Diagnostics) != ""
	if gone && imported {
		// An import of an id the key's scope does not know: say so, rather
		// than let Terraform report a "non-existent remote object".
		resp.Diagnostics.Append(errImportedIDNotFound(id, cmp.Or(keyScope, "the key's scope")))
		return
	}
	if gone {
		resp.Diagnostics.Append(warnTargetGone(id, handle, cmp.Or(keyScope, "as the key sees it")))
		resp.State.RemoveResource(ctx)
		return
	}
	if t.ID != "" && t.ID != id && strings.EqualFold(t.ID, id) {
		// Ids are compared ignoring case; the state keeps the API's
		// spelling (an id imported in capitals), which references such as
		// account_ids then match.
		state.ID = types.StringValue(t.ID)
	}
	if got, ok := t.Key(); ok && !state.Platform.IsNull() && !state.Identifier.IsNull() && got != account {
		resp.Diagnostics.Append(errNamesAnotherAccount(id, t, handle))
		return
	}
	if state.Platform.IsNull() && t.Has(genviral.FieldPlatform) {
		state.Platform = types.StringValue(t.Platform)
	}
	if state.Identifier.IsNull() && t.Has(genviral.FieldIdentifier) {
		state.Identifier = types.StringValue(t.Identifier)
	}
	unapplied := shared.GetPrivateString(ctx, req.Private, privateUnapplied, &resp.Diagnostics) != ""
	switch {
	case !t.Has(genviral.FieldDisplayName):
	case imported || aliasUnmanaged(ctx, req.Private, &resp.Diagnostics):
		// Importing takes the target as it is, display name included, and
		// an alias no apply has set since follows the API.
		state.Alias = types.StringPointerValue(t.DisplayName)
	case !state.Alias.IsNull() && !state.Alias.Equal(types.StringPointerValue(t.DisplayName)):
		// Renamed elsewhere, or never applied: show it so the plan puts the
		// alias back.
		state.Alias = types.StringPointerValue(t.DisplayName)
	}
	if unapplied {
		// Create could not apply them: what the API holds is unknown (it
		// never reports the policy), so the plan proposes them again.
		if !t.Has(genviral.FieldFavorite) {
			state.Favorite = types.BoolNull()
		}
		state.RefreshPolicy = types.ObjectNull(refreshPolicyAttrTypes)
	}
	if shared.GetPrivateString(ctx, req.Private, privateOwned, &resp.Diagnostics) == "true" {
		state.Adopted = types.BoolValue(false)
	}
	if keyScope != "" {
		shared.SetPrivateString(ctx, resp.Private, privateScope, keyScope, &resp.Diagnostics)
	}
	shared.SetPrivateString(ctx, resp.Private, privateImported, "", &resp.Diagnostics)
	shared.SetPrivateString(ctx, resp.Private, privateUnapplied, "", &resp.Diagnostics)
	applyTargetRow(&state, t)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setTargetIdentity(ctx, resp.Identity, &state, &resp.Diagnostics)
}

// readTarget finds the target of state: in the key's shared target list,
// else by its own GET. It reports gone only when the API said 404 for the
// target in the key's own scope. A target recorded in another scope than
// the key's is an error (a wrong key must not empty the state), as is any
// failure; both keep state. keyScope is the key's scope when the list said.
func (r *analyticsTargetResource) readTarget(ctx context.Context, client *genviral.Client, state *targetModel, private shared.PrivateGetter,
	resp *resource.ReadResponse, timeout time.Duration) (t *genviral.Target, keyScope string, gone bool) {
	id := state.ID.ValueString()
	list, err := client.CachedTargets(ctx)
	if err != nil {
		// A failed shared request is shown in full once per run; the client
		// hands the other readers a short error that refers to it.
		shared.AddTimedAPIError(ctx, &resp.Diagnostics, "Unable to Read Analytics Target",
			fmt.Sprintf("Reading target %s failed; it stays in state unchanged.", id), err, "read", timeout)
		return nil, "", false
	}
	recorded := recordedScope(ctx, state, private, &resp.Diagnostics)
	for i := range list.Targets {
		if strings.EqualFold(list.Targets[i].ID, id) {
			row := targetListRow(list, i)
			return &row, scopeSeen(ctx, client, list, state, recorded), false
		}
	}
	keyScope = keyScopeAgainst(ctx, client, list, recorded)
	if d := r.scopeConflict(state, recorded, keyScope); d != nil {
		resp.Diagnostics.Append(d)
		return nil, keyScope, false
	}
	d, err := client.GetTarget(ctx, id)
	if genviral.IsNotFound(err) {
		return nil, keyScope, true
	}
	if err != nil {
		shared.AddTimedAPIError(ctx, &resp.Diagnostics, "Unable to Read Analytics Target",
			fmt.Sprintf("Target %s is not in the key's target list, and reading it directly failed; it stays in state "+
				"unchanged.", id), err, "read", timeout)
		return nil, keyScope, false
	}
	return &d.Target, keyScope, false
}

func (r *analyticsTargetResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privatePlannedKey, nil)...)
	var plan, state targetModel
	var configAlias types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("alias"), &configAlias)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !configAlias.IsNull() {
		// From now on the configuration manages the display name.
		shared.SetPrivateString(ctx, resp.Private, privateAliasUnmanaged, "", &resp.Diagnostics)
	}
	upd := updateRequest(ctx, &state, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	next := plan
	next.ID = state.ID
	var rows []*genviral.Target
	if !upd.IsEmpty() {
		client := r.Data.ClientFor(&resp.Diagnostics)
		if client == nil {
			return
		}
		ctx, cancel, timeout := shared.WithOperationTimeout(ctx, plan.Timeouts.Update, defaultTargetTimeout, &resp.Diagnostics)
		defer cancel()
		row, err := client.UpdateTarget(ctx, state.ID.ValueString(), upd)
		if err != nil {
			shared.AddTimedAPIError(ctx, &resp.Diagnostics, "Unable to Update Analytics Target",
				fmt.Sprintf("Updating target %s (%s/%s) failed; nothing was changed in state.",
					state.ID.ValueString(), plan.Platform.ValueString(), plan.Identifier.ValueString()), err, "update", timeout)
			return
		}
		rows = append(rows, row)
	}
	// Planned values stand; what the plan left unknown comes from the
	// answer, else from the prior state (a value changed elsewhere shows at
	// the next refresh).
	resolveComputed(&next, rows, &state)
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
	setTargetIdentity(ctx, resp.Identity, &next, &resp.Diagnostics)
}

func (r *analyticsTargetResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state targetModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	handle := state.Platform.ValueString() + "/" + state.Identifier.ValueString()
	account := genviral.AccountKey(state.Platform.ValueString(), state.Identifier.ValueString())
	owned := !state.Adopted.ValueBool() || shared.GetPrivateString(ctx, req.Private, privateOwned, &resp.Diagnostics) == "true"
	policy := state.DeletionPolicy.ValueString()
	switch {
	case policy == deleteNever:
		runOf(r.Data).forget(id, account, owned)
		resp.Diagnostics.Append(warnAbandoned(id, handle))
		return
	case policy != deleteAlways && !owned:
		runOf(r.Data).forget(id, account, owned)
		resp.Diagnostics.Append(warnAdoptedLeftTracked(id, handle))
		return
	}
	client := r.Data.ClientFor(&resp.Diagnostics)
	if client == nil {
		return
	}
	taker, done := runOf(r.Data).startDelete(id, account, owned || policy == deleteAlways)
	if done == nil {
		resp.Diagnostics.Append(warnKeptForAnotherResource(id, handle, taker))
		return
	}
	ctx, cancel, timeout := shared.WithOperationTimeout(ctx, state.Timeouts.Delete, defaultTargetTimeout, &resp.Diagnostics)
	defer cancel()
	found, err := client.DeleteTargetIfFound(ctx, id)
	if err == nil && !found && !r.goneFromKeyScope(ctx, client, &state, req.Private, &resp.Diagnostics) {
		done(false)
		return
	}
	done(err == nil)
	if err != nil {
		shared.AddTimedAPIError(ctx, &resp.Diagnostics, "Unable to Delete Analytics Target",
			fmt.Sprintf("Deleting target %s (%s) failed; it stays in state.", id, handle), err, "delete", timeout)
	}
}

// goneFromKeyScope tells, after the API answered 404 to the DELETE of the
// target of state, a target already gone (true) from a key of another scope
// than the one the target was recorded in, which gets the same 404 for every
// target of the right scope: that is an error, added to diags, and the
// target stays in state (false). Without a recorded scope the 404 stands.
func (r *analyticsTargetResource) goneFromKeyScope(ctx context.Context, client *genviral.Client, state *targetModel,
	private shared.PrivateGetter, diags *diag.Diagnostics) bool {
	recorded := recordedScope(ctx, state, private, diags)
	if recorded == "" {
		return true
	}
	id := state.ID.ValueString()
	list, err := client.CachedTargets(ctx)
	if err != nil {
		shared.AddAPIError(diags, "Unable to Delete Analytics Target",
			fmt.Sprintf("The API answered 404 to deleting target %s, and reading the key's targets, to tell a target "+
				"already deleted from a key of another scope, failed; it stays in state. Run the destroy again.", id), err)
		return false
	}
	if d := r.scopeConflict(state, recorded, keyScopeAgainst(ctx, client, list, recorded)); d != nil {
		diags.Append(d)
		return false
	}
	return true
}

// ImportState accepts a target id (a UUID), or "platform/identifier" (e.g.
// "tiktok/@brand"), or (Terraform 1.12+) an import block's identity
// { platform, identifier } or { id }; accounts are resolved through the
// target list. Anything else is refused before any request (for import
// blocks, at plan). An imported target is adopted: this configuration did
// not create it.
func (r *analyticsTargetResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var id string
	var account *importedAccount
	if req.ID == "" && req.Identity != nil {
		if id, account = r.importByIdentity(ctx, req.Identity, &resp.Diagnostics); id == "" {
			return
		}
	} else {
		parsed, bad := parseImportID(req.ID)
		if bad != nil {
			resp.Diagnostics.Append(bad)
			return
		}
		if id = parsed.ID; parsed.Platform != "" {
			if account = r.resolveImportedAccount(ctx, parsed.Platform, parsed.Identifier, &resp.Diagnostics); account == nil {
				return
			}
			id = account.target.ID
		}
	}
	set := func(p string, v any) { resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(p), v)...) }
	set("id", id)
	// An imported target existed before this configuration: it is adopted,
	// and destroy leaves it tracked unless deletion_policy = "delete".
	set("adopted", true)
	set("adopt_existing", true)
	set("deletion_policy", deleteUnlessAdopted)
	imported := targetModel{ID: types.StringValue(id), Platform: types.StringNull(), Identifier: types.StringNull()}
	if account != nil {
		set("platform", account.platform)
		set("identifier", account.identifier)
		imported.Platform, imported.Identifier = types.StringValue(account.platform), types.StringValue(account.identifier)
	}
	setTargetIdentity(ctx, resp.Identity, &imported, &resp.Diagnostics)
	shared.SetPrivateString(ctx, resp.Private, privateImported, "true", &resp.Diagnostics)
	shared.SetPrivateString(ctx, resp.Private, privateAliasUnmanaged, "true", &resp.Diagnostics)
}
