package analytics

// The diagnostics of the sums and averages that genviral_analytics_posts
// (totals) and genviral_analytics_posts_report (its aggregates) compute
// over post rows, kept in one place.

import (
	"fmt"
	"math"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

// narrowHint ends the messages about the API's bad data.
const narrowHint = " Narrow the filters (range, start_date/end_date, platforms, account_ids) to leave the posts " +
	"concerned out, and report the data to Genviral."

// errSumOutOfRange: metric summed over the rows posts of group does not fit
// in a whole number; at is the attribute that would hold it.
func errSumOutOfRange(at path.Path, metric string, group path.Path, rows int64) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(at, "Sum Out of Range",
		fmt.Sprintf("The %s of the %d posts of %s add up to a number outside the range of a whole number (%d to %d), "+
			"so the provider stores no value rather than a wrong one. Counts this large are not plausible: the API "+
			"sent bad data."+narrowHint, metric, rows, group, int64(math.MinInt64), int64(math.MaxInt64)))
}

// errRateNotFinite: bad of the rows posts of group have an engagement rate
// that is not a finite number, the first that of post row.
func errRateNotFinite(group path.Path, bad int, rows int64, row string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(group.AtName("avg_engagement_rate"), "Invalid Engagement Rate from the API",
		fmt.Sprintf("%d of the %d posts of %s have an engagement rate that is not a finite number (NaN or infinite; "+
			"for example post %s): the API sent bad data, and the group's engagement rates cannot be computed."+
			narrowHint, bad, rows, group, shared.QuoteInput(row)))
}

// errRatesOverflow: the n engagement rates of group add up to more than the
// largest float64.
func errRatesOverflow(group path.Path, n int) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(group.AtName("avg_engagement_rate"), "Engagement Rates Out of Range",
		fmt.Sprintf("The engagement rates of the %d posts of %s add up to more than the largest number (about "+
			"1.8e308), so their average cannot be computed. Rates this large are not plausible percentages: the API "+
			"sent bad data."+narrowHint, n, group))
}

// warnNegativeMetric: metric is negative for n of the rows posts read, the
// first being post row; at is the sum that includes them.
func warnNegativeMetric(at path.Path, metric string, n int, rows int64, row string) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(at, "Negative Metric from the API",
		fmt.Sprintf("%s is negative for %d of the %d posts read (for example post %s). A count cannot be negative: "+
			"the API sent bad data. The sums include these values as sent.", metric, n, rows, shared.QuoteInput(row)))
}

// warnPartialTotals: totals sum the n posts returned (from offset, at most
// maxResults) while more match the filters (total, as the API counts them).
func warnPartialTotals(n, total, offset, maxResults int) diag.Diagnostic {
	what := fmt.Sprintf("totals sums the %d posts returned, but more posts match the filters: %d as the API counts "+
		"them (total_count).", n, total)
	if offset+maxResults < maxPostsResults {
		what += fmt.Sprintf(" Raise max_results (now %d, at most %d) to read and sum them all, or use the "+
			"genviral_analytics_posts_report data source, which sums up to %d posts and keeps only its report in state.",
			maxResults, maxPostsResults-offset, maxPostsResults)
	} else {
		what += fmt.Sprintf(" The API serves at most %d rows of one query: narrow the filters (range, "+
			"start_date/end_date, platforms, account_ids) or split the query to cover the others.", maxPostsResults)
	}
	return diag.NewAttributeWarningDiagnostic(path.Root("totals"), "Totals Cover Part of the Matching Posts", what)
}
