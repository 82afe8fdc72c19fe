package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
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
)

// Values of deletion_policy.
const (
	deleteUnlessAdopted = "delete_unless_adopted"
	deleteAlways        = "delete"
	deleteNever         = "abandon"
)

const defaultTargetTimeout = 5 * time.Minute

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
	data *providerData
}

type targetModel struct {
	ID                   types.String   `tfsdk:"id"`
	Platform             types.String   `tfsdk:"platform"`
	Identifier           types.String   `tfsdk:"identifier"`
	Alias                types.String   `tfsdk:"alias"`
	Favorite             types.Bool     `tfsdk:"favorite"`
	RefreshPolicy        types.Object   `tfsdk:"refresh_policy"`
	AdoptExisting        types.Bool     `tfsdk:"adopt_existing"`
	DeletionPolicy       types.String   `tfsdk:"deletion_policy"`
	Adopted              types.Bool     `tfsdk:"adopted"`
	DisplayName          types.String   `tfsdk:"display_name"`
	NormalizedIdentifier types.String   `tfsdk:"normalized_identifier"`
	WorkspaceID          types.String   `tfsdk:"workspace_id"`
	UserID               types.String   `tfsdk:"user_id"`
	LastRefreshedAt      types.String   `tfsdk:"last_refreshed_at"`
	FreeRefreshAvailable types.Bool     `tfsdk:"free_refresh_available"`
	Timeouts             timeouts.Value `tfsdk:"timeouts"`
}

type refreshPolicyModel struct {
	FreeDailyRefresh types.Bool  `tfsdk:"free_daily_refresh"`
	MaxPosts         types.Int64 `tfsdk:"max_posts"`
}

var refreshPolicyAttrTypes = map[string]attr.Type{
	"free_daily_refresh": types.BoolType,
	"max_posts":          types.Int64Type,
}

func (r *analyticsTargetResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_analytics_target"
}

func (r *analyticsTargetResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		Description: "Tracks one social account (a TikTok, Instagram or YouTube handle) for Genviral analytics. " +
			"Creating it is idempotent on the API side: when the account is already tracked in the API key's scope, " +
			"the existing target is adopted (with a warning) instead of duplicated, or refused when `adopt_existing = false`. " +
			"By default destroy deletes only targets this resource created.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "The target's UUID, as used by `genviral_analytics_posts.account_ids` and for import.",
				PlanModifiers: stable,
			},
			"platform": schema.StringAttribute{
				Required:      true,
				Description:   "The social platform: " + quotedList(genviral.Platforms) + ". Changing it replaces the target.",
				Validators:    []validator.String{stringvalidator.OneOf(genviral.Platforms...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"identifier": schema.StringAttribute{
				Required: true,
				Description: "The account handle, with or without a leading `@` (e.g. `@acme.coffee`). Handles are compared " +
					"case-insensitively without the `@`, so changing only the spelling (`@Brand` to `brand`) updates state " +
					"in place without an API call; changing the handle itself replaces the target.",
				Validators: []validator.String{identifierValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(identifierChanged,
					"Replaces the target when the normalized handle changes.", "Replaces the target when the normalized handle changes.")},
			},
			"alias": schema.StringAttribute{
				Optional: true,
				Description: "Display name override shown in Genviral. When set, the provider keeps the target's display name " +
					"equal to it (a name edited elsewhere shows as a change to fix); removing it clears the display name.",
				Validators: []validator.String{stringvalidator.LengthBetween(1, 200)},
			},
			"favorite": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Description: "Marks the target as a favorite. Leave unset to not manage the flag; the API reports it only on " +
					"some responses, so it may be null when unmanaged.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"refresh_policy": schema.SingleNestedAttribute{
				Optional: true,
				Description: "The target's refresh policy. The API does not report the policy back, so the state holds what " +
					"this resource last sent and changes made elsewhere are not detected. Removing the block clears the policy.",
				Attributes: map[string]schema.Attribute{
					"free_daily_refresh": schema.BoolAttribute{
						Optional:    true,
						Description: "Whether the target uses its free daily refresh.",
					},
					"max_posts": schema.Int64Attribute{
						Optional:    true,
						Description: "The most posts a refresh collects; at least 1.",
						Validators:  []validator.Int64{int64validator.AtLeast(1)},
					},
				},
			},
			"adopt_existing": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				Description: "What create does when the account is already tracked in the key's scope: `true` (default) adopts " +
					"the existing target with a warning; `false` fails with the target's id and the `terraform import` command, " +
					"changing nothing.",
			},
			"deletion_policy": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(deleteUnlessAdopted),
				Description: "What destroy does: `" + deleteUnlessAdopted + "` (default) deletes targets this resource created " +
					"or imported and only removes adopted ones from state, with a warning; `" + deleteAlways + "` always deletes " +
					"the target; `" + deleteNever + "` never deletes it (it stays tracked).",
				Validators: []validator.String{stringvalidator.OneOf(deleteUnlessAdopted, deleteAlways, deleteNever)},
			},
			"adopted": schema.BoolAttribute{
				Computed: true,
				Description: "True when create found the account already tracked and adopted the existing target; false when " +
					"this resource created it or it was imported.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"display_name": schema.StringAttribute{
				Computed:      true,
				Description:   "The display name Genviral shows for the target (the alias, or a name set elsewhere).",
				PlanModifiers: []planmodifier.String{displayNameFromAlias{}},
			},
			"normalized_identifier": schema.StringAttribute{
				Computed:      true,
				Description:   "The handle as the API normalizes it (without the leading `@`).",
				PlanModifiers: stable,
			},
			"workspace_id": schema.StringAttribute{
				Computed:      true,
				Description:   "The workspace that owns the target; null for targets of a personal-scope key.",
				PlanModifiers: stable,
			},
			"user_id": schema.StringAttribute{
				Computed:      true,
				Description:   "The user who created the target, when the API reports it.",
				PlanModifiers: stable,
			},
			"last_refreshed_at": schema.StringAttribute{
				Computed:      true,
				Description:   "When the target's metrics were last refreshed (RFC 3339), or null if never.",
				PlanModifiers: stable,
			},
			"free_refresh_available": schema.BoolAttribute{
				Computed:      true,
				Description:   "Whether the target's free daily refresh is still available, when the API reports it.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *analyticsTargetResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig rejects combinations that attribute validators cannot see.
func (r *analyticsTargetResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validateTimeouts(ctx, req.Config, &resp.Diagnostics)
	var policy types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("refresh_policy"), &policy)...)
	if policy.IsNull() || policy.IsUnknown() {
		return
	}
	attrs := policy.Attributes()
	if attrs["free_daily_refresh"].IsNull() && attrs["max_posts"].IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("refresh_policy"), "Empty Refresh Policy",
			"refresh_policy sets neither free_daily_refresh nor max_posts. Set at least one, or remove the block to clear the policy.")
	}
}

// ModifyPlan refuses two resources of one configuration that declare the
// same account: create would make them share one target, and destroying one
// would stop tracking for both.
func (r *analyticsTargetResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var platform, identifier types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("platform"), &platform)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("identifier"), &identifier)...)
	if resp.Diagnostics.HasError() || platform.IsUnknown() || identifier.IsUnknown() {
		return
	}
	key := handleKey(platform.ValueString(), identifier.ValueString())
	if !req.State.Raw.IsNull() {
		var priorPlatform, priorIdentifier types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("platform"), &priorPlatform)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("identifier"), &priorIdentifier)...)
		if handleKey(priorPlatform.ValueString(), priorIdentifier.ValueString()) != key {
			// A replacement is planned twice: with the prior state, then as a
			// create without it. Count it once, in the second call.
			return
		}
		// A forced replacement (-replace, replace_triggered_by) keeps the
		// key: mark it, so the second call does not count it again.
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privatePlannedKey, []byte(strconv.Quote(key)))...)
	} else if marked, diags := req.Private.GetKey(ctx, privatePlannedKey); diags.HasError() {
		resp.Diagnostics.Append(diags...)
	} else if string(marked) == strconv.Quote(key) {
		return
	}
	if prev, dup := r.data.planned.claim(key, identifier.ValueString()); dup {
		resp.Diagnostics.AddAttributeError(path.Root("identifier"), "Duplicate Analytics Target",
			fmt.Sprintf("Another genviral_analytics_target of this provider configuration declares the %s account %q, and "+
				"this one declares %q: both are the same account. They would share one Genviral target, and destroying "+
				"either would stop tracking for both. Declare each account once (use for_each over a set of handles, or "+
				"reference the one resource from the other modules).", platform.ValueString(), prev, identifier.ValueString()))
	}
}

// handleKey identifies an account within a scope.
func handleKey(platform, identifier string) string {
	return platform + "/" + genviral.NormalizeIdentifier(identifier)
}

func (r *analyticsTargetResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	// The plan-time mark has done its job; keep it out of the state.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privatePlannedKey, nil)...)
	var plan targetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.data.clientFor(&resp.Diagnostics)
	if client == nil {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultTargetTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	handle := plan.Platform.ValueString() + "/" + plan.Identifier.ValueString()
	res := r.createClaimed(ctx, client, &plan, handle, timeout, &resp.Diagnostics)
	if res == nil {
		return
	}
	t := res.Target
	if !res.Created {
		warning := adoptionWarning(handle, t.ID, plan.DeletionPolicy.ValueString())
		if res.Retried {
			warning += "\n\nThe API answered on a retried request after an earlier attempt failed; that attempt may have " +
				"created the target. It is treated as adopted, the safe choice: destroy will not delete it unless " +
				"deletion_policy = \"delete\"."
		}
		resp.Diagnostics.AddWarning("Adopted Existing Analytics Target", warning)
	}

	// Planned values stand; what the plan left unknown comes from the API.
	state := plan
	state.ID = types.StringValue(t.ID)
	state.Adopted = types.BoolValue(!res.Created)
	fromAPI := plan
	applyTargetRow(&fromAPI, &t)

	// Nothing is managed yet: PATCH what the POST could not carry, and the
	// alias when the API did not apply it (it does not for existing targets).
	prior := targetModel{Alias: types.StringPointerValue(t.DisplayName), RefreshPolicy: types.ObjectNull(refreshPolicyAttrTypes)}
	upd := targetUpdate(ctx, &prior, &plan, true, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if !upd.IsEmpty() {
		row, err := client.UpdateTarget(ctx, t.ID, upd)
		if err != nil {
			// The target exists: keep it in state so nothing is orphaned.
			// Terraform marks it tainted, so the next apply replaces it.
			state = fromAPI
			state.ID, state.Adopted = types.StringValue(t.ID), types.BoolValue(!res.Created)
			state.Alias = types.StringPointerValue(t.DisplayName)
			settleComputed(&state, &targetModel{})
			resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
			addTimedAPIError(ctx, &resp.Diagnostics, "Unable to Apply Analytics Target Settings",
				fmt.Sprintf("Target %s (%s) exists, but applying alias, favorite or refresh_policy failed. It is kept in "+
					"state and marked tainted: the next apply replaces it and applies the settings.", t.ID, handle), err, "create", timeout)
			return
		}
		applyTargetRow(&fromAPI, row)
	}
	settleComputed(&fromAPI, &targetModel{})
	settleComputed(&state, &fromAPI)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// maxCreateRounds bounds how often create waits for a delete of the same
// target in this run and posts again.
const maxCreateRounds = 3

// createClaimed POSTs the target and takes ownership of the answer for this
// run. When the API hands back a target that another resource of this run is
// deleting (create_before_destroy, a renamed resource), it waits for the
// delete and posts again, so it never adopts what is about to disappear. It
// returns nil after adding an error.
func (r *analyticsTargetResource) createClaimed(ctx context.Context, client *genviral.Client, plan *targetModel, handle string,
	timeout time.Duration, diags *diag.Diagnostics) *genviral.CreateTargetResult {
	for range maxCreateRounds {
		res, err := client.CreateTarget(ctx, genviral.CreateTargetRequest{
			Platform:   plan.Platform.ValueString(),
			Identifier: plan.Identifier.ValueString(),
			Alias:      plan.Alias.ValueString(),
		})
		if err != nil {
			addTimedAPIError(ctx, diags, "Unable to Create Analytics Target",
				fmt.Sprintf("Creating the analytics target for %s failed.", handle), err, "create", timeout)
			return nil
		}
		t := res.Target
		prev, deleting := r.data.owners.claim(t.ID, handle)
		switch {
		case deleting != nil:
			select {
			case <-deleting:
				continue
			case <-ctx.Done():
				diags.AddError("Unable to Create Analytics Target", fmt.Sprintf("Creating %s waited for another resource "+
					"of this configuration to delete target %s, and the create timeout (%s) ended first.", handle, t.ID, timeout))
				return nil
			}
		case prev != "":
			diags.AddAttributeError(path.Root("identifier"), "Duplicate Analytics Target",
				fmt.Sprintf("%s resolves to target %s, which another genviral_analytics_target of this configuration (%s) "+
					"created or adopted in this run. Two resources must not share one target: destroying either would stop "+
					"tracking for both. Declare each account once.", handle, t.ID, prev))
			return nil
		case !res.Created && !plan.AdoptExisting.ValueBool():
			r.data.owners.release(t.ID)
			detail := fmt.Sprintf("The %s account %q is already tracked in this API key's scope as target %s, and "+
				"adopt_existing = false forbids adopting it. Nothing was changed.", t.Platform, t.Identifier, t.ID)
			if res.Retried {
				detail = fmt.Sprintf("The API reports the %s account %q as tracked, as target %s, on a retried request: an "+
					"earlier attempt that failed may have created it. adopt_existing = false forbids adopting it, so it is "+
					"not in state.", t.Platform, t.Identifier, t.ID)
			}
			diags.AddAttributeError(path.Root("identifier"), "Analytics Target Already Exists", detail+
				fmt.Sprintf("\n\nTo manage it with this resource, import it:\n  terraform import <resource address> %s\n"+
					"or add an import block:\n  import {\n    to = <resource address>\n    id = %q\n  }\n"+
					"Alternatively set adopt_existing = true.", t.ID, t.ID))
			return nil
		}
		return res
	}
	diags.AddError("Unable to Create Analytics Target", fmt.Sprintf("Creating %s kept returning a target that another "+
		"resource of this configuration was deleting. Apply again.", handle))
	return nil
}

func adoptionWarning(handle, id, policy string) string {
	var destroy string
	switch policy {
	case deleteAlways:
		destroy = "Because deletion_policy = \"delete\", destroying this resource WILL delete the target, which stops tracking it for everyone in this scope."
	case deleteNever:
		destroy = "Because deletion_policy = \"abandon\", destroying this resource will leave the target tracked."
	default:
		destroy = "Because this resource did not create it, destroying this resource will only remove it from state and leave it tracked (set deletion_policy = \"delete\" to delete it on destroy)."
	}
	return fmt.Sprintf("%s was already tracked in this API key's scope as target %s; this resource now manages it "+
		"instead of creating a duplicate. Any configured alias, favorite and refresh_policy were applied to it. %s\n\n"+
		"To refuse adoption instead, set adopt_existing = false.", handle, id, destroy)
}

func (r *analyticsTargetResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state targetModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.data.clientFor(&resp.Diagnostics)
	if client == nil {
		return
	}
	timeout, diags := state.Timeouts.Read(ctx, defaultTargetTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	t, err := client.LookupTarget(ctx, state.ID.ValueString())
	if errors.Is(err, genviral.ErrTargetNotFound) {
		resp.Diagnostics.AddWarning("Analytics Target Not Found",
			fmt.Sprintf("Target %s (%s/%s) no longer exists in this API key's scope (deleted elsewhere, or moved to another "+
				"workspace). It was removed from state; the next apply creates it again unless the configuration is removed.",
				state.ID.ValueString(), state.Platform.ValueString(), state.Identifier.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addTimedAPIError(ctx, &resp.Diagnostics, "Unable to Read Analytics Target",
			fmt.Sprintf("Reading target %s failed; it stays in state unchanged.", state.ID.ValueString()), err, "read", timeout)
		return
	}
	if state.Platform.IsNull() {
		state.Platform = types.StringValue(t.Platform)
	}
	if state.Identifier.IsNull() || !strings.EqualFold(handleKey(t.Platform, t.Identifier), handleKey(state.Platform.ValueString(), state.Identifier.ValueString())) {
		state.Identifier = types.StringValue(t.Identifier)
	}
	imported, diags := req.Private.GetKey(ctx, privateImported)
	resp.Diagnostics.Append(diags...)
	switch {
	case imported != nil:
		// Importing takes the target as it is, display name included.
		state.Alias = types.StringPointerValue(t.DisplayName)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImported, nil)...)
	case !state.Alias.IsNull() && !state.Alias.Equal(types.StringPointerValue(t.DisplayName)):
		// Renamed elsewhere: show it so the plan puts the alias back.
		state.Alias = types.StringPointerValue(t.DisplayName)
	}
	applyTargetRow(&state, t)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *analyticsTargetResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privatePlannedKey, nil)...)
	var plan, state targetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	upd := targetUpdate(ctx, &state, &plan, false, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	next := plan
	next.ID = state.ID
	if !upd.IsEmpty() {
		client := r.data.clientFor(&resp.Diagnostics)
		if client == nil {
			return
		}
		timeout, diags := plan.Timeouts.Update(ctx, defaultTargetTimeout)
		resp.Diagnostics.Append(diags...)
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		row, err := client.UpdateTarget(ctx, state.ID.ValueString(), upd)
		if err != nil {
			addTimedAPIError(ctx, &resp.Diagnostics, "Unable to Update Analytics Target",
				fmt.Sprintf("Updating target %s (%s/%s) failed; nothing was changed in state.",
					state.ID.ValueString(), plan.Platform.ValueString(), plan.Identifier.ValueString()), err, "update", timeout)
			return
		}
		// Planned values stand; what the plan left unknown comes from the
		// answer (a value changed elsewhere shows at the next refresh).
		fromAPI := next
		applyTargetRow(&fromAPI, row)
		settleComputed(&fromAPI, &state)
		settleComputed(&next, &fromAPI)
	}
	settleComputed(&next, &state)
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

func (r *analyticsTargetResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state targetModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	handle := state.Platform.ValueString() + "/" + state.Identifier.ValueString()
	policy := state.DeletionPolicy.ValueString()
	switch {
	case policy == deleteNever:
		resp.Diagnostics.AddWarning("Analytics Target Left Tracked",
			fmt.Sprintf("Target %s (%s) was removed from state but not deleted, because deletion_policy = \"abandon\". "+
				"It is still tracked.", state.ID.ValueString(), handle))
		return
	case policy != deleteAlways && state.Adopted.ValueBool():
		resp.Diagnostics.AddWarning("Adopted Analytics Target Left Tracked",
			fmt.Sprintf("Target %s (%s) existed before this resource adopted it, so destroy removed it from state without "+
				"deleting it; it is still tracked. Set deletion_policy = \"delete\" to delete adopted targets on destroy.",
				state.ID.ValueString(), handle))
		return
	}
	client := r.data.clientFor(&resp.Diagnostics)
	if client == nil {
		return
	}
	owner, done := r.data.owners.startDelete(state.ID.ValueString())
	if done == nil {
		resp.Diagnostics.AddWarning("Analytics Target Kept for Another Resource",
			fmt.Sprintf("Target %s (%s) was removed from this resource's state but not deleted: another "+
				"genviral_analytics_target of this configuration (%s) took it over in this run (for example with "+
				"create_before_destroy, or a resource renamed without a moved block).", state.ID.ValueString(), handle, owner))
		return
	}
	defer done()
	timeout, diags := state.Timeouts.Delete(ctx, defaultTargetTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := client.DeleteTarget(ctx, state.ID.ValueString()); err != nil {
		addTimedAPIError(ctx, &resp.Diagnostics, "Unable to Delete Analytics Target",
			fmt.Sprintf("Deleting target %s (%s) failed; it stays in state.", state.ID.ValueString(), handle), err, "delete", timeout)
	}
}

// ImportState accepts a target id, or "platform/identifier" (e.g.
// "tiktok/@brand") which is resolved through the target list. Importing
// takes ownership: the target counts as created by this resource.
func (r *analyticsTargetResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := strings.TrimSpace(req.ID)
	var platform, identifier string
	if p, ident, ok := strings.Cut(id, "/"); ok {
		client := r.data.clientFor(&resp.Diagnostics)
		if client == nil {
			return
		}
		platform, identifier = strings.ToLower(strings.TrimSpace(p)), strings.TrimSpace(ident)
		if problem := checkPlatform(platform) + checkIdentifier(platform, identifier); problem != "" {
			resp.Diagnostics.AddError("Invalid Import ID",
				fmt.Sprintf("The import ID %q is not a target id or \"<platform>/<handle>\": %s", req.ID, problem))
			return
		}
		t, err := client.FindTargetByHandle(ctx, platform, identifier)
		if errors.Is(err, genviral.ErrTargetNotFound) {
			resp.Diagnostics.AddError("Analytics Target Not Found",
				fmt.Sprintf("No %s target with handle %q is tracked in this API key's scope. Create it with the resource "+
					"instead of importing it, or check the key's scope (workspace or personal).", platform, identifier))
			return
		}
		if err != nil {
			addAPIError(&resp.Diagnostics, "Unable to Import Analytics Target",
				fmt.Sprintf("Looking up %s/%s failed.", platform, identifier), err)
			return
		}
		id = t.ID
	}
	if id == "" {
		resp.Diagnostics.AddError("Invalid Import ID", `The import ID is empty: give a target id or "<platform>/<handle>", e.g. "tiktok/@brand".`)
		return
	}
	set := func(p string, v any) { resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(p), v)...) }
	set("id", id)
	set("adopted", false)
	set("adopt_existing", true)
	set("deletion_policy", deleteUnlessAdopted)
	if platform != "" {
		set("platform", platform)
		set("identifier", identifier)
	}
	resp.Private.SetKey(ctx, privateImported, []byte(`true`))
}
