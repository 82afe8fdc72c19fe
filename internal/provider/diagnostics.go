package provider

import (
	"errors"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// addAPIError adds an error diagnostic for a failed API call: the summary
// says what failed, the detail what was attempted, the API's answer and, for
// known statuses, what to do next.
func addAPIError(diags *diag.Diagnostics, summary, attempted string, err error) {
	diags.AddError(summary, apiErrorDetail(attempted, err))
}

func apiErrorDetail(attempted string, err error) string {
	var b strings.Builder
	b.WriteString(attempted)
	b.WriteString("\n\nThe API call failed: ")
	b.WriteString(err.Error())
	var apiErr *genviral.APIError
	if errors.As(err, &apiErr) {
		if hint := apiErr.Hint(); hint != "" {
			b.WriteString("\n\n")
			b.WriteString(hint)
		}
	}
	return b.String()
}
