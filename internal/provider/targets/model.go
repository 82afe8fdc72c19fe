package targets

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

// targetModel is the state of genviral_analytics_target.
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
	FreeDailyRefresh types.Bool         `tfsdk:"free_daily_refresh"`
	MaxPosts         shared.WholeNumber `tfsdk:"max_posts"`
}

var refreshPolicyAttrTypes = map[string]attr.Type{
	"free_daily_refresh": types.BoolType,
	"max_posts":          shared.WholeNumberType{},
}

// objectAsOptions converts known objects into structs.
var objectAsOptions = basetypes.ObjectAsOptions{}

// identifierChanged requires replacement only when the normalized handle
// changes; a new spelling of the same handle ("@Brand" to "brand") is an
// in-place update that calls no API.
func identifierChanged(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	if req.StateValue.IsNull() {
		return
	}
	if req.PlanValue.IsUnknown() {
		// Not known until apply: it may be another account.
		resp.RequiresReplace = true
		return
	}
	resp.RequiresReplace = genviral.NormalizeIdentifier(req.StateValue.ValueString()) != genviral.NormalizeIdentifier(req.PlanValue.ValueString())
}

// aliasUnmanaged reports whether the private state p says that the alias is
// not managed: the target was imported and no apply has set the alias since.
func aliasUnmanaged(ctx context.Context, p shared.PrivateGetter, diags *diag.Diagnostics) bool {
	return shared.GetPrivateString(ctx, p, privateAliasUnmanaged, diags) != ""
}

// aliasKeptAfterImport plans an alias that the configuration leaves unset:
// the prior value when the alias is not managed (see aliasUnmanaged), so that
// an imported target keeps its display name, else null, which clears the
// display name that an earlier alias set.
type aliasKeptAfterImport struct{}

func (aliasKeptAfterImport) Description(context.Context) string {
	return "Keeps the display name of an imported target while alias is unset."
}
func (m aliasKeptAfterImport) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (aliasKeptAfterImport) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.Plan.Raw.IsNull() || !req.ConfigValue.IsNull() {
		return
	}
	resp.PlanValue = types.StringNull()
	if !req.State.Raw.IsNull() && aliasUnmanaged(ctx, req.Private, &resp.Diagnostics) {
		resp.PlanValue = req.StateValue
	}
}

// displayNameFromAlias plans display_name: the alias when one is
// configured, the prior value while the alias does not change (or is not
// managed), else unknown (a new target without alias, a removed alias).
type displayNameFromAlias struct{}

func (displayNameFromAlias) Description(context.Context) string {
	return "Plans the display name from the alias."
}
func (m displayNameFromAlias) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (displayNameFromAlias) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var alias, priorAlias types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, req.Path.ParentPath().AtName("alias"), &alias)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, req.Path.ParentPath().AtName("alias"), &priorAlias)...)
	}
	switch {
	case alias.IsUnknown() || req.State.Raw.IsNull():
	case !alias.IsNull():
		resp.PlanValue = alias
	case priorAlias.IsNull() || aliasUnmanaged(ctx, req.Private, &resp.Diagnostics):
		resp.PlanValue = req.StateValue
	default:
		// The alias is removed: the API decides the name. (alias being
		// computed, Terraform proposes its prior value, so the framework
		// may not have marked this attribute unknown.)
		resp.PlanValue = types.StringUnknown()
	}
}

// computedField is one computed attribute of the target model that API rows
// may carry.
type computedField struct {
	field genviral.TargetField
	// fromRow sets the attribute of m from a row that carries the field.
	fromRow func(m *targetModel, t *genviral.Target)
	// value returns the attribute of m.
	value func(m *targetModel) attr.Value
	// copyTo copies the attribute of src to dst.
	copyTo func(dst, src *targetModel)
	// setNull sets the attribute of m to null.
	setNull func(m *targetModel)
}

// computedFields lists the computed attributes the API reports.
var computedFields = []computedField{
	{genviral.FieldDisplayName,
		func(m *targetModel, t *genviral.Target) { m.DisplayName = types.StringPointerValue(t.DisplayName) },
		func(m *targetModel) attr.Value { return m.DisplayName },
		func(d, s *targetModel) { d.DisplayName = s.DisplayName },
		func(m *targetModel) { m.DisplayName = types.StringNull() }},
	{genviral.FieldNormalizedIdentifier,
		func(m *targetModel, t *genviral.Target) {
			m.NormalizedIdentifier = types.StringPointerValue(t.NormalizedIdentifier)
		},
		func(m *targetModel) attr.Value { return m.NormalizedIdentifier },
		func(d, s *targetModel) { d.NormalizedIdentifier = s.NormalizedIdentifier },
		deriveNormalizedIdentifier},
	{genviral.FieldWorkspaceID,
		func(m *targetModel, t *genviral.Target) { m.WorkspaceID = types.StringPointerValue(t.WorkspaceID) },
		func(m *targetModel) attr.Value { return m.WorkspaceID },
		func(d, s *targetModel) { d.WorkspaceID = s.WorkspaceID },
		func(m *targetModel) { m.WorkspaceID = types.StringNull() }},
	{genviral.FieldUserID,
		func(m *targetModel, t *genviral.Target) { m.UserID = types.StringPointerValue(t.UserID) },
		func(m *targetModel) attr.Value { return m.UserID },
		func(d, s *targetModel) { d.UserID = s.UserID },
		func(m *targetModel) { m.UserID = types.StringNull() }},
	{genviral.FieldLastRefreshedAt,
		func(m *targetModel, t *genviral.Target) {
			m.LastRefreshedAt = types.StringPointerValue(t.LastRefreshedAt)
		},
		func(m *targetModel) attr.Value { return m.LastRefreshedAt },
		func(d, s *targetModel) { d.LastRefreshedAt = s.LastRefreshedAt },
		func(m *targetModel) { m.LastRefreshedAt = types.StringNull() }},
	{genviral.FieldFreeRefreshAvailable,
		func(m *targetModel, t *genviral.Target) {
			m.FreeRefreshAvailable = types.BoolPointerValue(t.FreeRefreshAvailable)
		},
		func(m *targetModel) attr.Value { return m.FreeRefreshAvailable },
		func(d, s *targetModel) { d.FreeRefreshAvailable = s.FreeRefreshAvailable },
		func(m *targetModel) { m.FreeRefreshAvailable = types.BoolNull() }},
	{genviral.FieldFavorite,
		func(m *targetModel, t *genviral.Target) { m.Favorite = types.BoolPointerValue(t.Metadata.Favorite) },
		func(m *targetModel) attr.Value { return m.Favorite },
		func(d, s *targetModel) { d.Favorite = s.Favorite },
		func(m *targetModel) { m.Favorite = types.BoolNull() }},
}

// applyTargetRow copies into m the computed fields that the API row t
// carries. A field the row lacks keeps m's value: list rows, for example,
// have no user id, and a row that lost a field must not erase it. Only
// normalized_identifier is derived when m has none.
func applyTargetRow(m *targetModel, t *genviral.Target) {
	for _, f := range computedFields {
		if t.Has(f.field) {
			f.fromRow(m, t)
		}
	}
	if m.NormalizedIdentifier.IsNull() || m.NormalizedIdentifier.IsUnknown() {
		deriveNormalizedIdentifier(m)
	}
}

// deriveNormalizedIdentifier sets normalized_identifier from the identifier.
// The API normalizes by stripping the "@" (contract §4.2); without its
// answer, the provider's own normalization stands in.
func deriveNormalizedIdentifier(m *targetModel) {
	m.NormalizedIdentifier = types.StringNull()
	if !m.Identifier.IsNull() && !m.Identifier.IsUnknown() {
		m.NormalizedIdentifier = types.StringValue(genviral.NormalizeIdentifier(m.Identifier.ValueString()))
	}
}

// resolveComputed settles every computed attribute m's plan left unknown,
// by one rule: the known planned value, else the first of rows that
// carries the field, else the prior state's value, else null (for
// normalized_identifier: the provider's normalization of the identifier).
func resolveComputed(m *targetModel, rows []*genviral.Target, prior *targetModel) {
	for _, f := range computedFields {
		if !f.value(m).IsUnknown() {
			continue
		}
		for _, t := range rows {
			if t != nil && t.Has(f.field) {
				f.fromRow(m, t)
				break
			}
		}
		if !f.value(m).IsUnknown() {
			continue
		}
		if prior != nil && !f.value(prior).IsUnknown() {
			f.copyTo(m, prior)
			continue
		}
		f.setNull(m)
	}
	if m.Adopted.IsUnknown() {
		m.Adopted = types.BoolValue(false)
		if prior != nil {
			m.Adopted = prior.Adopted
		}
	}
}

// createUpdate builds the PATCH that applies, right after a create answered
// with row t, what the POST could not carry: favorite and refresh_policy
// when set, and the alias when the target's display name differs (the API
// does not apply the alias to an existing target). Unset attributes are not
// sent: nothing is managed yet.
func createUpdate(ctx context.Context, plan *targetModel, t *genviral.Target, diags *diag.Diagnostics) genviral.UpdateTargetRequest {
	var upd genviral.UpdateTargetRequest
	applied := t.Has(genviral.FieldDisplayName) && plan.Alias.Equal(types.StringPointerValue(t.DisplayName))
	if !plan.Alias.IsNull() && !applied {
		upd.DisplayName = genviral.Value(plan.Alias.ValueString())
	}
	if !plan.Favorite.IsNull() && !plan.Favorite.IsUnknown() {
		upd.Favorite = genviral.Value(plan.Favorite.ValueBool())
	}
	if !plan.RefreshPolicy.IsNull() {
		upd.RefreshPolicy = refreshPolicyPatch(ctx, plan.RefreshPolicy, types.ObjectNull(refreshPolicyAttrTypes), diags)
	}
	return upd
}

// updateRequest builds the PATCH that takes the target from prior to plan:
// only changed fields, null to clear.
func updateRequest(ctx context.Context, prior, plan *targetModel, diags *diag.Diagnostics) genviral.UpdateTargetRequest {
	var upd genviral.UpdateTargetRequest
	switch {
	case plan.Alias.Equal(prior.Alias):
	case !plan.Alias.IsNull():
		upd.DisplayName = genviral.Value(plan.Alias.ValueString())
	default:
		upd.DisplayName = genviral.Null[string]()
	}
	if !plan.Favorite.IsNull() && !plan.Favorite.IsUnknown() && !plan.Favorite.Equal(prior.Favorite) {
		upd.Favorite = genviral.Value(plan.Favorite.ValueBool())
	}
	switch {
	case plan.RefreshPolicy.Equal(prior.RefreshPolicy):
	case plan.RefreshPolicy.IsNull():
		upd.RefreshPolicy = genviral.Null[genviral.RefreshPolicy]()
	default:
		upd.RefreshPolicy = refreshPolicyPatch(ctx, plan.RefreshPolicy, prior.RefreshPolicy, diags)
	}
	return upd
}

// refreshPolicyPatch builds the refresh policy patch from old to next
// (both known; old may be null).
func refreshPolicyPatch(ctx context.Context, next, old types.Object, diags *diag.Diagnostics) genviral.Field[genviral.RefreshPolicy] {
	var n, o refreshPolicyModel
	diags.Append(next.As(ctx, &n, objectAsOptions)...)
	if !old.IsNull() && !old.IsUnknown() {
		diags.Append(old.As(ctx, &o, objectAsOptions)...)
	}
	return genviral.Value(genviral.RefreshPolicy{
		FreeDailyRefresh: patchField(n.FreeDailyRefresh.ValueBoolPointer(), o.FreeDailyRefresh.ValueBoolPointer()),
		MaxPosts:         patchField(n.MaxPosts.ValueInt64Pointer(), o.MaxPosts.ValueInt64Pointer()),
	})
}

// patchField sends next when set, null when it was set before and is not
// any more, and nothing otherwise.
func patchField[T any](next, old *T) genviral.Field[T] {
	switch {
	case next != nil:
		return genviral.Value(*next)
	case old != nil:
		return genviral.Null[T]()
	}
	return genviral.Field[T]{}
}
