package acctest

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// PlanError is a configuration that must fail at plan time: {body, want},
// where body is rendered into a configuration by the test and want is an
// ErrorPattern.
type PlanError [2]string

// RunPlanErrors runs each case as a plan of render(env, body) that must
// fail with its pattern and send no API request.
func RunPlanErrors(t *testing.T, render func(e *TestEnv, body string) string, cases map[string]PlanError) {
	t.Helper()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			e := NewTestEnv(t)
			ParallelTest(t, resource.TestCase{
				Steps: []resource.TestStep{{
					Config:      render(e, tc[0]),
					PlanOnly:    true,
					ExpectError: ErrorPattern(tc[1]),
				}},
			})
			e.ExpectNoRequests()
		})
	}
}

// ErrorPattern compiles a diagnostic pattern in which each space matches
// any white space, since Terraform wraps diagnostic text.
func ErrorPattern(p string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(p, " ", `\s+`))
}

// CaptureError is an ErrorCheck that records the error of the step and
// lets the test go on, so that the test can assert on the whole text, and
// on what it must not contain (which ExpectError cannot).
func CaptureError(into *error) resource.ErrorCheckFunc {
	return func(err error) error {
		*into = err
		return nil
	}
}

// CheckError asserts that err happened, matches the ErrorPattern want and
// does not contain avoid (when set).
func CheckError(t *testing.T, err error, want, avoid string) {
	t.Helper()
	switch {
	case err == nil:
		t.Fatalf("expected an error matching %s, got none", want)
	case !ErrorPattern(want).MatchString(err.Error()):
		t.Errorf("the error does not match %s:\n%v", want, err)
	case avoid != "" && strings.Contains(sourceLines.ReplaceAllString(err.Error(), ""), avoid):
		t.Errorf("the error contains %q:\n%v", avoid, err)
	}
}

// sourceLines matches the configuration lines Terraform quotes under a
// diagnostic ("  12:   api_key = ..."): they show what the user wrote,
// not what the provider said.
var sourceLines = regexp.MustCompile(`(?m)^\s*\d+:.*$`)

// DiagText renders diagnostics for assertions.
func DiagText(diags diag.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "%s: %s: %s\n", d.Severity(), d.Summary(), d.Detail())
	}
	return b.String()
}
