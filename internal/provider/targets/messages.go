package targets

// The diagnostics of genviral_analytics_target (plan, create, read, delete,
// import) and of the genviral_analytics_target data source: what users
// read about adoption, ownership and lookups, kept out of the control flow
// so that each message is found, and worded, in one place.

import (
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
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
// adopt_existing = false forbids adopting it. Terraform plans every change
// again right before applying it, so the same check also runs at apply.
func errExistsAtPlan(handle, id string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("identifier"), "Analytics Target Already Exists: "+handle,
		fmt.Sprintf("The %s account is already tracked in this API key's scope as target %s, and adopt_existing = false "+
			"forbids adopting it. Nothing was done for this resource.\n\nIf this appears during an apply, the account was "+
			"tracked after the plan was made (by another configuration, pipeline or person): plan again.%s", handle, id, importAdvice(id)))
}

// errExistsAtApply: the create finds the account tracked as target id (why
// says how it knows), and adopt_existing = false forbids adopting it.
func errExistsAtApply(handle, id, why string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("identifier"), "Analytics Target Already Exists: "+handle,
		fmt.Sprintf("The %s account is already tracked in this API key's scope as target %s, and adopt_existing = false "+
			"forbids adopting it, so nothing was recorded in state.%s%s", handle, id, why, importAdvice(id)))
}

// warnWillBeAdopted: the plan adopts the existing target id.
func warnWillBeAdopted(handle, id, policy string) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(path.Root("identifier"), "Analytics Target Will Be Adopted: "+targetLabel(handle, id),
		adoptionWarning(handle, id, policy))
}

// warnAdoptedAtApply: the create adopted the existing target id (why says
// how it knows).
func warnAdoptedAtApply(handle, id, policy, why string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Adopted Existing Analytics Target: "+targetLabel(handle, id), adoptionWarning(handle, id, policy)+why)
}

// warnCreatedInsteadOfAdopted: the plan expected to adopt, but the target
// was gone at apply and target id was created.
func warnCreatedInsteadOfAdopted(handle, id string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Analytics Target Created Instead of Adopted: "+targetLabel(handle, id),
		fmt.Sprintf("The plan expected to adopt the existing target for %s, but it was gone at apply, so target %s was "+
			"created. It belongs to this configuration: destroy deletes it, and the next refresh shows adopted = false.",
			handle, id))
}

// warnSettingsNotApplied: target id exists, but the PATCH of its settings
// after the create failed with err.
func warnSettingsNotApplied(id, handle string, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Analytics Target Settings Not Applied",
		shared.APIErrorDetail(fmt.Sprintf("Target %s (%s) was created, but applying alias, favorite or refresh_policy "+
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

// errPersonalKeyUnknown: target id was recorded in the personal scope
// recorded, the key is personal, does not list it, and the API does not say
// whose key it is. The first report explains; later ones refer to it.
func errPersonalKeyUnknown(id, platform, identifier, recorded string, first bool) diag.Diagnostic {
	if !first {
		return diag.NewErrorDiagnostic(summaryAnotherScope, fmt.Sprintf("Target %s (%s/%s) was recorded in %s, which the "+
			"key may not belong to: the \"%s\" error of another resource says what to do.", id, platform, identifier, recorded,
			summaryAnotherScope))
	}
	return diag.NewErrorDiagnostic(summaryAnotherScope,
		fmt.Sprintf("Target %s (%s/%s) was recorded in %s. The provider's API key is a personal key that does not list it, "+
			"and the API does not say whose personal scope the key belongs to (it tracks no target that names its user), "+
			"so the provider cannot tell a target deleted elsewhere from a key of another person. Nothing was removed "+
			"from state and nothing will be created. Use the key of that user (check GENVIRAL_API_KEY or the provider's "+
			"api_key); if the target was deleted, remove it from state (terraform state rm <address>).",
			id, platform, identifier, recorded))
}

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
	return diag.NewWarningDiagnostic("Analytics Target Left Tracked: "+targetLabel(handle, id),
		fmt.Sprintf("Target %s (%s) was removed from state but not deleted, because deletion_policy = \"abandon\". "+
			"It is still tracked.", id, handle))
}

// warnAdoptedLeftTracked: destroy of an adopted target under the default
// deletion_policy.
func warnAdoptedLeftTracked(id, handle string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Adopted Analytics Target Left Tracked: "+targetLabel(handle, id),
		fmt.Sprintf("Target %s (%s) existed before this resource adopted or imported it, so destroy removed it from state without "+
			"deleting it; it is still tracked. Set deletion_policy = \"delete\" to delete adopted targets on destroy.",
			id, handle))
}

// warnKeptForAnotherResource: destroy leaves target id to the resource
// (taker) that took it over in this run.
func warnKeptForAnotherResource(id, handle, taker string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Analytics Target Kept for Another Resource: "+targetLabel(handle, id),
		fmt.Sprintf("Target %s (%s) was removed from this resource's state but not deleted: another "+
			"genviral_analytics_target of this configuration (%s) took it over in this run (for example with "+
			"create_before_destroy). If that resource shows adopted = true and should delete the target on destroy, set "+
			"deletion_policy = \"delete\" on it.", id, handle, taker))
}

// importIDForms lists the forms an import ID may take.
const importIDForms = "Import by the target id, a UUID (e.g. \"" + exampleTargetID + "\"), or by " +
	"\"<platform>/<handle>\" (e.g. \"tiktok/@brand\"), or, with Terraform 1.12 or later, by an import block's " +
	"identity = { platform = \"tiktok\", identifier = \"@brand\" }."

// errInvalidImportID: the import ID is neither a target id nor an account
// (problem).
func errInvalidImportID(importID, problem string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid Import ID",
		fmt.Sprintf("The import ID %s is not a target id or \"<platform>/<handle>\": %s. %s", shared.QuoteInput(importID), problem, importIDForms))
}

// errImportIDIsHandle: terraform import with a handle and no platform.
func errImportIDIsHandle(importID string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid Import ID",
		fmt.Sprintf("The import ID %s is an account handle without its platform: import by \"<platform>/<handle>\", "+
			"for example %s, or by the target id.", shared.QuoteInput(importID), shared.QuoteInput("tiktok/"+strings.TrimSpace(importID))))
}

// errImportedIDNotFound: the target id given to import is not in the key's
// scope.
func errImportedIDNotFound(id, keyScope string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Analytics Target Not Found",
		fmt.Sprintf("No analytics target with id %s exists in %s: the API answered 404 for it. Check the id "+
			"(data.genviral_analytics_targets lists the key's targets), or import by \"<platform>/<handle>\"; a target "+
			"of another scope needs a key of that scope.", shared.QuoteInput(id), keyScope))
}

// errEmptyImportID: terraform import with an empty ID.
func errEmptyImportID() diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid Import ID", "The import ID is empty. "+importIDForms)
}

// importAdvice tells how to manage target id with a resource.
func importAdvice(id string) string {
	return fmt.Sprintf("\n\nTo manage it with this resource, import it:\n"+
		"  terraform import <resource address> %s\nor add an import block:\n  import {\n    to = <resource address>\n"+
		"    id = %q\n  }\nor set adopt_existing = true to adopt it. Either way it counts as adopted: destroy leaves it "+
		"tracked unless deletion_policy = \"delete\".", id, id)
}

// targetLabel names a target in a diagnostic's summary, so that Terraform,
// which folds warnings of one summary into "(and N more similar warnings
// elsewhere)", shows every account.
func targetLabel(handle, id string) string {
	return handle + " (" + id + ")"
}

// errDeletedAndDeclared: the plan deletes target id of an account that a
// resource of the same configuration (declaring handle) declares.
func errDeletedAndDeclared(handle, id string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Analytics Target Deleted and Declared Again: "+targetLabel(handle, id),
		fmt.Sprintf("This plan destroys the resource holding target %s, which deletes it, while another "+
			"genviral_analytics_target of this configuration declares the same account (%s): a resource or for_each key "+
			"renamed without a moved block. Terraform runs the two in no fixed order, so the new resource would adopt the "+
			"target the same apply deletes, or create it again under a new id. Nothing was changed.\n\nTo keep the "+
			"target and its id, add a moved block from the old address to the new one (or run terraform state mv), and "+
			"plan again. To delete it and create a new one, remove the old resource in one apply and declare the new "+
			"one in the next.", id, handle))
}

// warnDestroy: the plan destroys the resource holding target id; deletes
// says whether destroy deletes the target or leaves it tracked (policy is
// its deletion_policy).
func warnDestroy(id, handle, policy string, deletes bool) diag.Diagnostic {
	summary, what, why := "Will Stay Tracked", "only removes target %s (%s) from state; the target stays tracked in the API",
		"this configuration adopted or imported it and did not create it (set deletion_policy = \"delete\" to delete it)"
	switch {
	case deletes && policy == deleteAlways:
		summary, what, why = "Will Be Deleted", "deletes target %s (%s) in the API", "deletion_policy = \"delete\""
	case deletes:
		summary, what, why = "Will Be Deleted", "deletes target %s (%s) in the API", "this configuration created it"
	case policy == deleteNever:
		why = "deletion_policy = \"abandon\""
	}
	detail := "Destroying this resource " + fmt.Sprintf(what, id, handle) + ", because " + why
	if deletes {
		detail += ": tracking stops for everyone in this API key's scope"
	}
	return diag.NewWarningDiagnostic("Analytics Target "+summary+": "+targetLabel(handle, id), detail+".")
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
		"If this configuration created it (before a terraform state rm or an interrupted apply) and destroy should "+
		"delete it, set deletion_policy = \"delete\". To refuse adoption, set adopt_existing = false.", handle, id, destroy)
}

// errImportNotFound: the import names an account platform/identifier that
// the key's scope does not track.
func errImportNotFound(platform, identifier string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Analytics Target Not Found",
		fmt.Sprintf("No %s target with handle %s is tracked in this API key's scope. Create it with the resource "+
			"instead of importing it, or check the key's scope (workspace or personal).", platform, shared.QuoteInput(identifier)))
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
	return diag.NewErrorDiagnostic("Import Identity Names Two Targets", fmt.Sprintf("The import block's identity gives id %s, but "+
		"%s/%s is target %s in this API key's scope. Give either the id or platform and identifier, or make them agree.",
		shared.QuoteInput(id), platform, identifier, targetID))
}

// errMissingTargetLookup: the data source's configuration says neither id
// nor platform and identifier.
func errMissingTargetLookup() diag.Diagnostic {
	return diag.NewErrorDiagnostic("Missing Target Lookup",
		"Set either id, or platform and identifier, to say which analytics target to read. "+
			"To read every target of the API key's scope, use the genviral_analytics_targets data source.")
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

// joinProblems joins the non-empty problem descriptions with "; ".
func joinProblems(problems ...string) string {
	var out []string
	for _, p := range problems {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "; ")
}

// displayHandle returns the handle a row names, for messages.
func displayHandle(t *genviral.Target) string {
	if t.Has(genviral.FieldIdentifier) {
		return t.Identifier
	}
	if t.NormalizedIdentifier != nil {
		return *t.NormalizedIdentifier
	}
	return "(no handle)"
}
