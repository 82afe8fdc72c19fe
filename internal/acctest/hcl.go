package acctest

import (
	"fmt"
	"strings"
)

// TargetHCL renders one genviral_analytics_target resource.
func TargetHCL(name, platform, identifier string, extra ...string) string {
	return fmt.Sprintf(`
resource "genviral_analytics_target" %q {
  platform   = %q
  identifier = %q
  %s
}
`, name, platform, identifier, strings.Join(extra, "\n  "))
}

// TargetsHCL renders n genviral_analytics_target resources named
// <prefix>_<i>, with handles @<prefix>_<i>.
func TargetsHCL(prefix string, n int) string {
	var b strings.Builder
	for i := range n {
		name := fmt.Sprintf("%s_%02d", prefix, i)
		b.WriteString(TargetHCL(name, "tiktok", "@"+name))
	}
	return b.String()
}

// RefreshHCL renders one genviral_analytics_refresh resource.
func RefreshHCL(name, targetID string, extra ...string) string {
	return fmt.Sprintf(`
resource "genviral_analytics_refresh" %q {
  target_id = %q
  %s
}
`, name, targetID, strings.Join(extra, "\n  "))
}

// TerraformDataHCL renders a terraform_data resource whose output is input:
// a value Terraform knows only at apply.
func TerraformDataHCL(name, input string) string {
	return fmt.Sprintf(`
resource "terraform_data" %q {
  input = %q
}
`, name, input)
}

// Handles returns n account keys platform/format(i), for i from 0.
func Handles(platform, format string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = platform + "/" + fmt.Sprintf(format, i)
	}
	return out
}

// DataSourceBody renders a data source of type typ named x around the
// arguments in body, after the emulator's provider block.
func DataSourceBody(typ string) func(e *TestEnv, body string) string {
	return func(e *TestEnv, body string) string {
		return e.Config("data \"" + typ + "\" \"x\" {\n" + body + "\n}\n")
	}
}
