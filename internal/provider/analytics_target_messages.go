package provider

// The diagnostics of genviral_analytics_target (plan, create, read, delete,
// import) and of the genviral_analytics_target data source: what users
// read about adoption, ownership and lookups, kept out of the control flow
// so that each message is found, and worded, in one place.

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// errEmptyRefreshPolicy: a refresh_policy block that sets nothing.
func errEmptyRefreshPolicy() diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("refresh_policy"), "Empty Refresh Policy",
		"refresh_policy sets neither free_daily_refresh nor max_posts. Set at least one, or remove the block to clear the policy.")
}

// errDuplicateInPlan: another resource of the provider configuration
// declares the same account (as prev).
func errDuplicateInPlan(platform, prev, identifier string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("identifier"), "Duplicate Analytics Target",
		fmt.Sprintf("Another genviral_analytics_target of this provider configuration declares the %s account %q, and "+
			"this one declares %q: both are the same account. They would share one Genviral target, and destroying "+
			"either would stop tracking for both. Declare each account once (use for_each over a set of handles, or "+
			"reference the one resource from the other modules).", platform, prev, identifier))
}

// errExistsAtPlan: the plan finds the account tracked as target id, and
// adopt_existing = false forbids adopting it.
func errExistsAtPlan(handle, id string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("identifier"), "Analytics Target Already Exists",
		fmt.Sprintf("The %s account is already tracked in this API key's scope as target %s, and adopt_existing = false "+
			"forbids adopting it. Nothing was changed.%s", handle, id, importAdvice(id)))
}

// errExistsAtApply: the create finds the account tracked as target id (why
// says how it knows), and adopt_existing = false forbids adopting it.
func errExistsAtApply(handle, id, why string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("identifier"), "Analytics Target Already Exists",
		fmt.Sprintf("The %s account is already tracked in this API key's scope as target %s, and adopt_existing = false "+
			"forbids adopting it, so it is not in state.%s%s", handle, id, why, importAdvice(id)))
}

// warnWillBeAdopted: the plan adopts the existing target id.
func warnWillBeAdopted(handle, id, policy string) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(path.Root("identifier"), "Analytics Target Will Be Adopted",
		adoptionWarning(handle, id, policy))
}

// warnAdoptedAtApply: the create adopted the existing target id (why says
// how it knows).
func warnAdoptedAtApply(handle, id, policy, why string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Adopted Existing Analytics Target", adoptionWarning(handle, id, policy)+why)
}

// warnCreatedInsteadOfAdopted: the plan expected to adopt, but the target
// was gone at apply and target id was created.
func warnCreatedInsteadOfAdopted(handle, id string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Analytics Target Created Instead of Adopted",
		fmt.Sprintf("The plan expected to adopt the existing target for %s, but it was gone at apply, so target %s was "+
			"created. It belongs to this configuration: destroy deletes it, and the next refresh shows adopted = false.",
			handle, id))
}

// warnSettingsNotApplied: target id exists, but the PATCH of its settings
// after the create failed with err.
func warnSettingsNotApplied(id, handle string, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Analytics Target Settings Not Applied",
		apiErrorDetail(fmt.Sprintf("Target %s (%s) was created, but applying alias, favorite or refresh_policy "+
			"failed. The target is kept in state; the next plan shows the settings as an in-place update.",
			id, handle), err))
}

// errUnexpectedCreateAnswer: asked to track handle, the API answered with
// target t of another account.
func errUnexpectedCreateAnswer(handle string, t *genviral.Target, created bool) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("identifier"), "Unexpected Create Answer",
		fmt.Sprintf("Asked to track %s, the API answered with target %s, which names %s/%s (created: %t). "+
			"Nothing was written to state, so nothing will act on that other account. Check base_url (a proxy or "+
			"a different server may be answering) and try again; report it to Genviral if it persists.",
			handle, t.ID, t.Platform, displayHandle(t), created))
}

// errCreateWaitTimedOut: the create waited for another resource of this
// configuration to delete target id, and its timeout ended first.
func errCreateWaitTimedOut(handle, id string, timeout time.Duration) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Unable to Create Analytics Target", fmt.Sprintf("Creating %s waited for another resource "+
		"of this configuration to delete target %s, and the create timeout (%s) ended first.", handle, id, timeout))
}

// errDuplicateInRun: target id is already held by another resource
// (previous) of this configuration in this run.
func errDuplicateInRun(handle, id, previous string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("identifier"), "Duplicate Analytics Target",
		fmt.Sprintf("%s resolves to target %s, which another genviral_analytics_target of this configuration (%s) "+
			"created or adopted in this run. Two resources must not share one target: destroying either would stop "+
			"tracking for both. Declare each account once.", handle, id, previous))
}

// errCreateKeptReturningDeleted: every create round returned a target this
// run deleted or was deleting.
func errCreateKeptReturningDeleted(handle string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Unable to Create Analytics Target", fmt.Sprintf("Creating %s kept returning a target that this run "+
		"deleted or was deleting. Apply again.", handle))
}

// warnTargetGone: Read got a 404 for target id in the key's scope.
func warnTargetGone(id, handle, keyScope string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Analytics Target Not Found",
		fmt.Sprintf("Target %s (%s) no longer exists in this API key's scope (%s): the API answered 404 for it. It was "+
			"removed from state; the next apply creates it again unless the configuration is removed.",
			id, handle, keyScope))
}

// errNamesAnotherAccount: target id now names t's account, not handle.
func errNamesAnotherAccount(id string, t *genviral.Target, handle string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Analytics Target Names Another Account",
		fmt.Sprintf("Target %s now names %s/%s, but this resource tracks %s. The provider does not rewrite it, because the "+
			"next plan would then replace (delete) another account's target. State is unchanged.\n\nThis happens when "+
			"base_url points at another server, or the id was reused. Check base_url and the API key; if the target "+
			"really changed, remove it from state (terraform state rm <address>) and apply again.",
			id, t.Platform, displayHandle(t), handle))
}

// summaryAnotherScope is the summary of errInAnotherScope.
const summaryAnotherScope = "Analytics Target in Another Scope"

// errInAnotherScope: target id (of account platform/identifier) was
// recorded in scope recorded, but the key belongs to keyScope. The first
// report explains; later ones (first = false) refer to it.
func errInAnotherScope(id, platform, identifier, recorded, keyScope string, first bool) diag.Diagnostic {
	if !first {
		// Terraform prints diagnostics in its own order, so the full one
		// may come before or after this one: "another", not "the first".
		return diag.NewErrorDiagnostic(summaryAnotherScope, fmt.Sprintf("Target %s (%s/%s) was recorded in %s, not in the key's %s: "+
			"the \"%s\" error of another resource says what to do.", id, platform, identifier, recorded, keyScope, summaryAnotherScope))
	}
	return diag.NewErrorDiagnostic(summaryAnotherScope,
		fmt.Sprintf("Target %s (%s/%s) was recorded in %s, but the provider's API key belongs to %s. The key is most "+
			"likely the wrong one (check GENVIRAL_API_KEY or the provider's api_key). Nothing was removed from state and "+
			"nothing will be created until the key matches.", id, platform, identifier, recorded, keyScope))
}

// warnAbandoned: destroy with deletion_policy = "abandon".
func warnAbandoned(id, handle string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Analytics Target Left Tracked",
		fmt.Sprintf("Target %s (%s) was removed from state but not deleted, because deletion_policy = \"abandon\". "+
			"It is still tracked.", id, handle))
}

// warnAdoptedLeftTracked: destroy of an adopted target under the default
// deletion_policy.
func warnAdoptedLeftTracked(id, handle string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Adopted Analytics Target Left Tracked",
		fmt.Sprintf("Target %s (%s) existed before this resource adopted it, so destroy removed it from state without "+
			"deleting it; it is still tracked. Set deletion_policy = \"delete\" to delete adopted targets on destroy.",
			id, handle))
}

// warnKeptForAnotherResource: destroy leaves target id to the resource
// (taker) that took it over in this run.
func warnKeptForAnotherResource(id, handle, taker string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Analytics Target Kept for Another Resource",
		fmt.Sprintf("Target %s (%s) was removed from this resource's state but not deleted: another "+
			"genviral_analytics_target of this configuration (%s) took it over in this run (for example with "+
			"create_before_destroy, or a resource renamed without a moved block). If that resource shows "+
			"adopted = true and should delete the target on destroy, hand ownership back with:\n"+
			"  terraform state rm <its address> && terraform import <its address> %s", id, handle, taker, id))
}

// errInvalidImportID: the import ID "platform/handle" names no account.
func errInvalidImportID(importID, problem string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid Import ID",
		fmt.Sprintf("The import ID %q is not a target id or \"<platform>/<handle>\": %s", importID, problem))
}

// errImportIDIsHandle: terraform import with a handle and no platform.
func errImportIDIsHandle(importID string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid Import ID",
		fmt.Sprintf("The import ID %q is an account handle without its platform: import by \"<platform>/<handle>\", "+
			"for example \"tiktok/%s\", or by the target id.", importID, strings.TrimSpace(importID)))
}

// errImportedIDNotFound: the target id given to import is not in the key's
// scope.
func errImportedIDNotFound(id, keyScope string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Analytics Target Not Found",
		fmt.Sprintf("No analytics target with id %q exists in %s: the API answered 404 for it. Check the id "+
			"(data.genviral_analytics_targets lists the key's targets), or import by \"<platform>/<handle>\"; a target "+
			"of another scope needs a key of that scope.", id, keyScope))
}

// errEmptyImportID: terraform import with an empty ID.
func errEmptyImportID() diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid Import ID", `The import ID is empty: give a target id or "<platform>/<handle>", e.g. "tiktok/@brand".`)
}

// importAdvice tells how to manage target id with a resource so that
// destroy deletes it.
func importAdvice(id string) string {
	return fmt.Sprintf("\n\nTo manage it with this resource, import it (destroy then deletes it):\n"+
		"  terraform import <resource address> %s\nor add an import block:\n  import {\n    to = <resource address>\n"+
		"    id = %q\n  }\nAlternatively set adopt_existing = true to adopt it (destroy then leaves it tracked).", id, id)
}

// adoptionWarning explains an adoption of target id for handle and what
// destroy will do under policy.
func adoptionWarning(handle, id, policy string) string {
	var destroy string
	switch policy {
	case deleteAlways:
		destroy = "Because deletion_policy = \"delete\", destroying this resource WILL delete the target, which stops tracking it for everyone in this scope."
	case deleteNever:
		destroy = "Because deletion_policy = \"abandon\", destroying this resource will leave the target tracked."
	default:
		destroy = "Because this resource does not create it, destroying this resource will only remove it from state and leave it tracked (set deletion_policy = \"delete\" to delete it on destroy)."
	}
	return fmt.Sprintf("%s is already tracked in this API key's scope as target %s: this resource adopts it instead of "+
		"creating a duplicate, and applies any configured alias, favorite and refresh_policy to it. %s\n\n"+
		"If this configuration created it (before a terraform state rm, an interrupted apply, or a resource renamed "+
		"without a moved block), import it instead so that destroy keeps deleting it:\n  terraform import <resource address> %s\n"+
		"To refuse adoption, set adopt_existing = false.", handle, id, destroy, id)
}

// errImportNotFound: the import names an account platform/identifier that
// the key's scope does not track.
func errImportNotFound(platform, identifier string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Analytics Target Not Found",
		fmt.Sprintf("No %s target with handle %q is tracked in this API key's scope. Create it with the resource "+
			"instead of importing it, or check the key's scope (workspace or personal).", platform, identifier))
}

// errImportIdentityNoTarget: the import block's identity gives no usable
// id (problem) and no account.
func errImportIdentityNoTarget(problem string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid Import Identity", "The import block's identity names no target: "+problem+". Give "+
		"identity = { platform = \"tiktok\", identifier = \"@brand\" }, or identity = { id = \"<target id>\" }.")
}

// errImportIdentityNoAccount: the import block's identity names no valid
// account (problem).
func errImportIdentityNoAccount(problem string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid Import Identity", fmt.Sprintf("The import block's identity does not name an account: %s. "+
		"Give identity = { platform = \"tiktok\", identifier = \"@brand\" } with one of %s as platform.",
		problem, strings.Join(genviral.Platforms, ", ")))
}

// errImportIdentityTwoTargets: the identity's id and its account name
// different targets.
func errImportIdentityTwoTargets(id, platform, identifier, targetID string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Import Identity Names Two Targets", fmt.Sprintf("The import block's identity gives id %q, but "+
		"%s/%s is target %s in this API key's scope. Give either the id or platform and identifier, or make them agree.",
		id, platform, identifier, targetID))
}

// errMissingTargetLookup: the data source's configuration says neither id
// nor platform and identifier.
func errMissingTargetLookup() diag.Diagnostic {
	return diag.NewErrorDiagnostic("Missing Target Lookup",
		"Set either id, or platform and identifier, to say which analytics target to read. "+
			"To read every target of the API key's scope, use the genviral_analytics_targets data source.")
}

// notFoundDetail says what was searched, in which scope, what the scope has
// on that platform, and what to do.
func (d *analyticsTargetDataSource) notFoundDetail(ctx context.Context, client *genviral.Client, cfg *targetRowModel, sought string) string {
	var b strings.Builder
	scope := "the API key's scope"
	list, err := client.CachedTargets(ctx) // cached by the lookup: no request
	if err == nil {
		scope = scopeDescription(list)
	}
	fmt.Fprintf(&b, "No analytics target %s exists in %s.", sought, scope)
	if err == nil && !cfg.Platform.IsNull() {
		var handles []string
		for _, t := range list.Targets {
			if t.Platform == cfg.Platform.ValueString() {
				handles = append(handles, fmt.Sprintf("%q", t.Identifier))
			}
		}
		switch n := len(handles); {
		case n == 0:
			fmt.Fprintf(&b, " The scope tracks no %s account.", cfg.Platform.ValueString())
		case n > maxSuggestedHandles:
			fmt.Fprintf(&b, " The scope tracks %d %s accounts, among them %s.", n, cfg.Platform.ValueString(),
				strings.Join(handles[:maxSuggestedHandles], ", "))
		default:
			fmt.Fprintf(&b, " The scope tracks these %s accounts: %s.", cfg.Platform.ValueString(), strings.Join(handles, ", "))
		}
	}
	b.WriteString("\n\nCheck the ")
	if cfg.Platform.IsNull() {
		b.WriteString("id")
	} else {
		b.WriteString("platform and handle")
	}
	b.WriteString(", and that the API key belongs to the scope that tracks the account (a workspace key sees only its " +
		"workspace's targets, a personal key only its owner's personal targets). To start tracking the account, declare " +
		"a genviral_analytics_target resource instead of reading it.")
	return b.String()
}

// warnTargetNotListed: the list resource leaves out target t, whose account
// the provider refuses (problem), so that the configuration generated from
// the list still plans.
func warnTargetNotListed(t *genviral.Target, problem string) diag.Diagnostic {
	return diag.NewWarningDiagnostic(fmt.Sprintf("Analytics Target %s Not Listed", t.ID),
		fmt.Sprintf("The API tracks %s/%s (target %s), but genviral_analytics_target cannot declare that account: %s. "+
			"It is left out of the list, so no configuration is generated for it and the generated configuration still "+
			"plans. To manage it with Terraform, declare the account by its handle (for example identifier = \"@brand\" "+
			"rather than a profile URL): the API tracks that handle as another target, so delete target %s in Genviral "+
			"if it should not be tracked twice.", t.Platform, t.Identifier, t.ID, problem, t.ID))
}
