package targets

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
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

// ModifyPlan refuses two resources of one configuration that declare the
// same account, and decides at plan time whether creating a new resource
// will adopt an existing target: it reads the key's target list (the
// request refresh already made, shared by all resources), plans `adopted =
// true` with a warning naming the existing target, or fails the plan when
// adopt_existing = false. When the list lacks the account, `adopted` stays
// unknown: someone may track the account before the apply, and only the
// create's answer proves who created it. For a destroy it says, per
// account, whether the target will be deleted or stay tracked.
//
// It reads only the attributes a decision needs (attributeString), not the
// whole plan and state: Terraform calls it for every resource of every
// plan, most of them unchanged, and decoding both objects by reflection
// was most of the provider's own CPU in a plan of thousands of targets.
func (r *analyticsTargetResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.Data == nil {
		return
	}
	if req.Plan.Raw.IsNull() {
		r.planDestroy(ctx, req, resp)
		return
	}
	platform := attributeString(ctx, req.Plan, "platform", &resp.Diagnostics)
	identifier := attributeString(ctx, req.Plan, "identifier", &resp.Diagnostics)
	if resp.Diagnostics.HasError() || platform.IsUnknown() || identifier.IsUnknown() {
		return
	}
	account := genviral.AccountKey(platform.ValueString(), identifier.ValueString())
	if !req.State.Raw.IsNull() {
		prior := genviral.AccountKey(attributeString(ctx, req.State, "platform", &resp.Diagnostics).ValueString(),
			attributeString(ctx, req.State, "identifier", &resp.Diagnostics).ValueString())
		if prior != account {
			// A replacement is planned twice: with the prior state, then as a
			// create without it. Count it once, in the second call.
			return
		}
		// A forced replacement (-replace, replace_triggered_by, taint) keeps
		// the account: mark it for the second call.
		shared.SetPrivateString(ctx, resp.Private, privatePlannedKey, account, &resp.Diagnostics)
	} else if shared.GetPrivateString(ctx, req.Private, privatePlannedKey, &resp.Diagnostics) == account {
		// The new object of such a replacement takes over the old one's
		// target: who owns it is decided at apply, from what this run did
		// to the old object (adopted stays "known after apply").
		return
	}
	handle := platform.ValueString() + "/" + identifier.ValueString()
	if prev, dup := runOf(r.Data).declare(account, identifier.ValueString()); dup {
		resp.Diagnostics.Append(errDuplicateInPlan(platform.ValueString(), prev, identifier.ValueString()))
		return
	}
	if !req.State.Raw.IsNull() {
		// An update: nothing to decide.
		return
	}
	if id, deleting := runOf(r.Data).planNew(account, identifier.ValueString()); deleting {
		resp.Diagnostics.Append(errDeletedAndDeclared(handle, id))
		return
	}
	if r.Data.Client == nil {
		// A provider whose arguments are not known yet: the create decides
		// at apply.
		return
	}
	r.planCreate(ctx, req.Plan, account, handle, resp)
}

// attributeReader is a plan or a state: what attributeString and
// attributeBool read one attribute of.
type attributeReader interface {
	GetAttribute(ctx context.Context, p path.Path, target any) diag.Diagnostics
}

// attributeString reads the top-level string attribute name of v.
func attributeString(ctx context.Context, v attributeReader, name string, diags *diag.Diagnostics) types.String {
	var s types.String
	diags.Append(v.GetAttribute(ctx, path.Root(name), &s)...)
	return s
}

// attributeBool reads the top-level bool attribute name of v.
func attributeBool(ctx context.Context, v attributeReader, name string, diags *diag.Diagnostics) types.Bool {
	var b types.Bool
	diags.Append(v.GetAttribute(ctx, path.Root(name), &b)...)
	return b
}

// planCreate plans `adopted` of a new resource from the key's targets as
// this provider instance first saw them. In the apply's own plan of the
// resource (Terraform plans every change again just before applying it),
// that is the list as it is at apply: an account tracked since the saved
// plan is adopted with a warning, or refused with adopt_existing = false,
// before anything is written. A value left unknown in the saved plan may
// take any value then, so this never contradicts a saved plan.
func (r *analyticsTargetResource) planCreate(ctx context.Context, plan attributeReader, account, handle string, resp *resource.ModifyPlanResponse) {
	existing, err := runOf(r.Data).existing(ctx, r.Data.Client, account)
	if err != nil {
		shared.AddAPIError(&resp.Diagnostics, "Unable to Plan Analytics Target",
			fmt.Sprintf("Reading this API key's targets, to decide whether creating %s creates a target or adopts an "+
				"existing one, failed.", handle), err)
		return
	}
	if existing == nil {
		return
	}
	adoptExisting := attributeBool(ctx, plan, "adopt_existing", &resp.Diagnostics)
	if !adoptExisting.IsUnknown() && !adoptExisting.ValueBool() {
		if _, released := runOf(r.Data).releasedAccount(account); released {
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
	policy := attributeString(ctx, plan, "deletion_policy", &resp.Diagnostics)
	resp.Diagnostics.Append(warnWillBeAdopted(handle, existing.ID, policy.ValueString()))
}

// planDestroy says, at plan time and per account, what destroying the
// resource will do: delete the target or leave it tracked. A plan that
// deletes the target of an account another resource of the configuration
// declares (a resource or for_each key renamed without a moved block) fails:
// the new resource would adopt a target the same apply deletes, or create
// it again under a new id, depending on the order Terraform runs them in.
func (r *analyticsTargetResource) planDestroy(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	stateID := attributeString(ctx, req.State, "id", &resp.Diagnostics)
	if resp.Diagnostics.HasError() || stateID.IsNull() {
		return
	}
	id := stateID.ValueString()
	platform := attributeString(ctx, req.State, "platform", &resp.Diagnostics).ValueString()
	identifier := attributeString(ctx, req.State, "identifier", &resp.Diagnostics).ValueString()
	handle := platform + "/" + identifier
	account := genviral.AccountKey(platform, identifier)
	owned := !attributeBool(ctx, req.State, "adopted", &resp.Diagnostics).ValueBool() ||
		shared.GetPrivateString(ctx, req.Private, privateOwned, &resp.Diagnostics) == "true"
	policy := attributeString(ctx, req.State, "deletion_policy", &resp.Diagnostics).ValueString()
	deletes := destroyDeletes(policy, owned)
	if _, claimed := runOf(r.Data).claimedBy(id); claimed {
		// The apply's own plan of an object create_before_destroy deposed:
		// its replacement took the target in this run, and Delete leaves it
		// to it (and says so).
		return
	}
	if created, taken := runOf(r.Data).planDelete(account, id, deletes); taken && deletes {
		resp.Diagnostics.Append(errDeletedAndDeclared(platform+"/"+created, id))
		return
	}
	resp.Diagnostics.Append(warnDestroy(id, handle, policy, deletes))
}

// destroyDeletes says whether destroy deletes a target under policy, owned
// saying whether this configuration created it.
func destroyDeletes(policy string, owned bool) bool {
	return policy == deleteAlways || (policy != deleteNever && owned)
}
