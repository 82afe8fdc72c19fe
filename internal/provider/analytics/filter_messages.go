package analytics

// The diagnostics of the filtered data sources (genviral_analytics_posts,
// _posts_report and _summary) that are not API errors, kept out of the
// control flow so that each message is found, and worded, in one place.

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

// errTooManyAccountIDs: the n account ids at p take more than
// maxAccountIDsBytes bytes of the request URL.
func errTooManyAccountIDs(p path.Path, ids, n int) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, "Too Many Account IDs",
		fmt.Sprintf("The %d account ids take %d bytes of the request URL; at most %d fit (about %d UUIDs), since the "+
			"URL must stay under 8 KB. Omit account_ids (or give an empty set) to read every account of the key's scope, "+
			"or split the accounts over several data sources.", ids, n, maxAccountIDsBytes,
			maxAccountIDsBytes/uuidQueryBytes))
}

// errInvalidDateRange: start_date is after end_date.
func errInvalidDateRange(start, end string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("start_date"), "Invalid Date Range",
		fmt.Sprintf("start_date %q is after end_date %q. The range runs from start_date to end_date, both inclusive: "+
			"swap them, or set both to the same day for a single day.", start, end))
}

// errSummaryNotNormalized: the part name of the summary read with filter
// (described) could not be normalized.
func errSummaryNotNormalized(name, filter string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Unexpected Analytics Summary",
		fmt.Sprintf("The %s part of the analytics summary (%s) could not be normalized: %s. This is a bug in "+
			"the provider or the API; please report it.", name, filter, err))
}

// errNullElement: n of the total elements of the set at p are null.
func errNullElement(p path.Path, n, total int) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, "Null Element in Filter",
		fmt.Sprintf("%d of the %d elements of %s are null; a filter value cannot be null. Leave the null out "+
			"(for example with compact(), or a for expression with an if), or omit the attribute, or give an "+
			"empty set, to filter nothing.", n, total, p))
}

// warnUnknownAccountIDs: the ids of account_ids (of total) that the key's
// target list does not have.
func warnUnknownAccountIDs(ids []string, total int) diag.Diagnostic {
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = shared.QuoteInput(id)
	}
	return diag.NewAttributeWarningDiagnostic(path.Root("account_ids"), "Unknown Account ID",
		fmt.Sprintf("%d of the %d account_ids are not targets of the API key's scope (its target list does not have "+
			"them): %s. The results exclude them: no post of the key's scope belongs to them. Use the id of a "+
			"genviral_analytics_target (or of data.genviral_analytics_targets), and check that the key is the "+
			"workspace's or user's that tracks the account.", len(ids), total, strings.Join(quoted, ", ")))
}

// warnAccountIDsUnchecked: the target list, against which account_ids are
// checked, could not be read.
func warnAccountIDsUnchecked(err error) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(path.Root("account_ids"), "Account IDs Not Checked",
		"The account_ids could not be checked against the API key's targets, since reading the target list "+
			"failed: "+err.Error()+". They are sent as given; an id the key's scope does not know matches no post.")
}
