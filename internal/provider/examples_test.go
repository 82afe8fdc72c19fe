package provider_test

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
)

// exampleHCL returns the example configuration examples/<dir>/<file> (the
// text the generated docs show).
func exampleHCL(t *testing.T, dir, file string) string {
	t.Helper()
	b, err := os.ReadFile(acctest.Examples(t, dir, file))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAccExample_postsReportBestAccounts applies the example of
// genviral_analytics_posts_report as the docs show it: its output
// q1_best_accounts is described as "Accounts by weighted engagement rate,
// highest first", so it must list every account of per_account in that
// order, whatever the order of their keys.
func TestAccExample_postsReportBestAccounts(t *testing.T) {
	e := acctest.NewTestEnv(t)
	scope := emulator.WorkspaceScope()
	for _, a := range [][2]string{
		{"tiktok", "@alpha"}, {"instagram", "@bravo"}, {"tiktok", "@charlie"},
		{"instagram", "@delta"}, {"tiktok", "@echo"}, {"instagram", "@foxtrot"},
	} {
		e.Srv.SeedTarget(scope, a[0], a[1], "")
	}
	line := regexp.MustCompile(`^(\S+): (\S+) %$`)
	bestFirst := acctest.NewValueCheck("accounts by weighted engagement rate, highest first", func(v any) error {
		lines, ok := v.([]any)
		if !ok || len(lines) != 6 {
			return fmt.Errorf("want a list of the 6 accounts, got %#v", v)
		}
		prev := 0.0
		for i, l := range lines {
			m := line.FindStringSubmatch(fmt.Sprint(l))
			if m == nil {
				return fmt.Errorf("line %d %q is not \"<platform>/<handle>: <rate> %%\"", i, l)
			}
			rate, err := strconv.ParseFloat(m[2], 64)
			if err != nil {
				return fmt.Errorf("line %d %q: %v", i, l, err)
			}
			if i > 0 && rate > prev {
				return fmt.Errorf("not highest first: %q follows a lower rate %v (all: %v)", l, prev, lines)
			}
			prev = rate
		}
		return nil
	})
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: e.Config(exampleHCL(t, "data-sources/genviral_analytics_posts_report", "data-source.tf")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("q1_best_accounts", bestFirst),
			},
		}},
	})
}
