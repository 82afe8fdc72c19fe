package provider

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// Private state of genviral_analytics_target. The keys carry, from one
// operation to a later one, what the state's attributes cannot:
//
//   - privatePlannedKey (planned private state only): set by the first
//     ModifyPlan call of a replacement that keeps the account (-replace,
//     taint, replace_triggered_by) so the second call, for the new object,
//     neither counts the account twice nor decides adoption from the list,
//     in which the old object's target still appears.
//   - privateImported: the next Read takes the alias from the API.
//   - privateAliasUnmanaged: the target was imported and no apply has set
//     its alias since: an unset alias leaves the display name alone (it
//     plans the display name the API holds), and Read follows that name.
//   - privateOwned: ownership evidence found at apply that the planned
//     `adopted` could not show (the plan said "adopt", the apply created).
//     Read corrects `adopted` from it; Delete honours it at once.
//   - privateScope: the key scope the target was last seen in, to tell a
//     wrong key from a deleted target.
//   - privateUnapplied: create could not apply alias, favorite or
//     refresh_policy; the next Read shows them as not applied, so the plan
//     proposes an in-place update.
const (
	privatePlannedKey     = "planned_key"
	privateImported       = "imported"
	privateAliasUnmanaged = "alias_unmanaged"
	privateOwned          = "owned"
	privateScope          = "scope"
	privateUnapplied      = "unapplied"
)

// privateGetter reads private state (requests and responses of every
// operation implement it).
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// privateSetter writes private state.
type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// getPrivateString returns the JSON string stored under key, or "".
func getPrivateString(ctx context.Context, p privateGetter, key string, diags *diag.Diagnostics) string {
	if p == nil {
		return ""
	}
	raw, d := p.GetKey(ctx, key)
	diags.Append(d...)
	var s string
	if len(raw) > 0 && json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// setPrivateString stores s under key as a JSON string; "" removes the key.
func setPrivateString(ctx context.Context, p privateSetter, key, s string, diags *diag.Diagnostics) {
	if s == "" {
		diags.Append(p.SetKey(ctx, key, nil)...)
		return
	}
	raw, _ := json.Marshal(s)
	diags.Append(p.SetKey(ctx, key, raw)...)
}

// ModifyPlan refuses two resources of one configuration that declare the
// same account, and decides at plan time whether creating a new resource
// will create the target or adopt an existing one: it reads the key's
// target list (the request refresh already made, shared by all resources)
// and plans `adopted` accordingly, warns about an adoption naming the
// existing target, and fails the plan when adopt_existing = false.
func (r *analyticsTargetResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan targetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.Platform.IsUnknown() || plan.Identifier.IsUnknown() {
		return
	}
	account := genviral.AccountKey(plan.Platform.ValueString(), plan.Identifier.ValueString())
	if !req.State.Raw.IsNull() {
		var prior targetModel
		resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
		if genviral.AccountKey(prior.Platform.ValueString(), prior.Identifier.ValueString()) != account {
			// A replacement is planned twice: with the prior state, then as a
			// create without it. Count it once, in the second call.
			return
		}
		// A forced replacement (-replace, replace_triggered_by, taint) keeps
		// the account: mark it for the second call.
		setPrivateString(ctx, resp.Private, privatePlannedKey, account, &resp.Diagnostics)
	} else if getPrivateString(ctx, req.Private, privatePlannedKey, &resp.Diagnostics) == account {
		// The new object of such a replacement takes over the old one's
		// target: who owns it is decided at apply, from what this run did
		// to the old object (adopted stays "known after apply").
		return
	}
	if prev, dup := r.data.targets.declare(account, plan.Identifier.ValueString()); dup {
		resp.Diagnostics.Append(errDuplicateInPlan(plan.Platform.ValueString(), prev, plan.Identifier.ValueString()))
		return
	}
	if !req.State.Raw.IsNull() || r.data.client == nil {
		// An update, or a provider whose arguments are not known yet: the
		// create then decides at apply.
		return
	}
	r.planCreate(ctx, &plan, account, resp)
}

// planCreate plans `adopted` of a new resource from the key's targets as
// they were before this run.
func (r *analyticsTargetResource) planCreate(ctx context.Context, plan *targetModel, account string, resp *resource.ModifyPlanResponse) {
	existing, err := r.data.targets.existing(ctx, r.data.client, account)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to Plan Analytics Target",
			fmt.Sprintf("Reading this API key's targets, to decide whether creating %s/%s creates a target or adopts an "+
				"existing one, failed.", plan.Platform.ValueString(), plan.Identifier.ValueString()), err)
		return
	}
	handle := plan.Platform.ValueString() + "/" + plan.Identifier.ValueString()
	if existing == nil {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("adopted"), types.BoolValue(false))...)
		return
	}
	if !plan.AdoptExisting.IsUnknown() && !plan.AdoptExisting.ValueBool() {
		if _, released := r.data.targets.releasedAccount(account); released {
			// Planned again at apply, after this run destroyed the resource
			// holding the account: a forced replacement (-replace,
			// replace_triggered_by), which the plan let through with
			// `adopted` unknown. Refusing now would leave the account out
			// of state, and untracked when the destroy deleted it: the
			// create decides, from what the destroy did.
			return
		}
		resp.Diagnostics.Append(errExistsAtPlan(handle, existing.ID))
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("adopted"), types.BoolValue(true))...)
	resp.Diagnostics.Append(warnWillBeAdopted(handle, existing.ID, plan.DeletionPolicy.ValueString()))
}
