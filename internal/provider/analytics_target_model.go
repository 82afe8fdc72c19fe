package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// privateImported marks, in private state, a target just imported: its first
// read takes the alias from the API's display name.
const privateImported = "imported"

// privatePlannedKey marks, in planned private state, the account a resource
// already declared in this plan (see ModifyPlan).
const privatePlannedKey = "planned_key"

// objectAsOptions converts known objects into structs.
var objectAsOptions = basetypes.ObjectAsOptions{}

// checkPlatform describes what is wrong with a platform name, or returns "".
func checkPlatform(p string) string {
	for _, ok := range genviral.Platforms {
		if p == ok {
			return ""
		}
	}
	return fmt.Sprintf("the platform %q is not one of %s", p, strings.Join(genviral.Platforms, ", "))
}

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

// quotedList renders values as a Markdown list of code spans.
func quotedList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = "`" + v + "`"
	}
	return strings.Join(q, ", ")
}

// displayNameFromAlias plans display_name: the alias when one is
// configured, the prior value while the alias does not change, else unknown.
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
	case alias.IsUnknown():
	case !alias.IsNull():
		resp.PlanValue = alias
	case !req.State.Raw.IsNull() && priorAlias.IsNull():
		resp.PlanValue = req.StateValue
	}
}

// applyTargetRow copies the computed fields the API row has into m. Fields
// the row lacks keep their value (list rows, for example, have no user id).
func applyTargetRow(m *targetModel, t *genviral.Target) {
	m.DisplayName = types.StringPointerValue(t.DisplayName)
	if t.NormalizedIdentifier != nil {
		m.NormalizedIdentifier = types.StringValue(*t.NormalizedIdentifier)
	} else if m.NormalizedIdentifier.IsNull() || m.NormalizedIdentifier.IsUnknown() {
		m.NormalizedIdentifier = types.StringValue(genviral.NormalizeIdentifier(t.Identifier))
	}
	if t.WorkspaceID != nil {
		m.WorkspaceID = types.StringValue(*t.WorkspaceID)
	}
	if t.UserID != nil {
		m.UserID = types.StringValue(*t.UserID)
	}
	if t.LastRefreshedAt != nil {
		m.LastRefreshedAt = types.StringValue(*t.LastRefreshedAt)
	}
	if t.FreeRefreshAvailable != nil {
		m.FreeRefreshAvailable = types.BoolValue(*t.FreeRefreshAvailable)
	}
	if t.Metadata != nil && t.Metadata.Favorite != nil {
		m.Favorite = types.BoolValue(*t.Metadata.Favorite)
	}
}

// settleComputed replaces computed values still unknown after an API call
// with the fallback's value (null when the fallback has none).
func settleComputed(m, fallback *targetModel) {
	settleString := func(v *types.String, fb types.String) {
		if v.IsUnknown() {
			*v = fb
			if fb.IsUnknown() {
				*v = types.StringNull()
			}
		}
	}
	settleBool := func(v *types.Bool, fb types.Bool) {
		if v.IsUnknown() {
			*v = fb
			if fb.IsUnknown() {
				*v = types.BoolNull()
			}
		}
	}
	settleString(&m.DisplayName, fallback.DisplayName)
	settleString(&m.NormalizedIdentifier, fallback.NormalizedIdentifier)
	settleString(&m.WorkspaceID, fallback.WorkspaceID)
	settleString(&m.UserID, fallback.UserID)
	settleString(&m.LastRefreshedAt, fallback.LastRefreshedAt)
	settleBool(&m.FreeRefreshAvailable, fallback.FreeRefreshAvailable)
	settleBool(&m.Favorite, fallback.Favorite)
	settleBool(&m.Adopted, fallback.Adopted)
}

// targetUpdate builds the PATCH that takes the target from prior to plan:
// only changed fields, null to clear. When creating, unset attributes are
// not sent at all (nothing is managed yet).
func targetUpdate(ctx context.Context, prior, plan *targetModel, creating bool, diags *diag.Diagnostics) genviral.UpdateTargetRequest {
	var upd genviral.UpdateTargetRequest
	switch {
	case plan.Alias.Equal(prior.Alias):
	case !plan.Alias.IsNull():
		upd.DisplayName = genviral.Value(plan.Alias.ValueString())
	case !creating:
		upd.DisplayName = genviral.Null[string]()
	}
	if !plan.Favorite.IsNull() && !plan.Favorite.IsUnknown() && !plan.Favorite.Equal(prior.Favorite) {
		upd.Favorite = genviral.Value(plan.Favorite.ValueBool())
	}
	switch {
	case plan.RefreshPolicy.Equal(prior.RefreshPolicy):
	case plan.RefreshPolicy.IsNull():
		if !creating {
			upd.RefreshPolicy = genviral.Null[genviral.RefreshPolicy]()
		}
	default:
		var next, old refreshPolicyModel
		diags.Append(plan.RefreshPolicy.As(ctx, &next, objectAsOptions)...)
		if !prior.RefreshPolicy.IsNull() && !prior.RefreshPolicy.IsUnknown() {
			diags.Append(prior.RefreshPolicy.As(ctx, &old, objectAsOptions)...)
		}
		upd.RefreshPolicy = genviral.Value(genviral.RefreshPolicy{
			FreeDailyRefresh: patchField(next.FreeDailyRefresh.ValueBoolPointer(), old.FreeDailyRefresh.ValueBoolPointer()),
			MaxPosts:         patchField(next.MaxPosts.ValueInt64Pointer(), old.MaxPosts.ValueInt64Pointer()),
		})
	}
	return upd
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
