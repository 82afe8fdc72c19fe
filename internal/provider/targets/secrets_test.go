package targets_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
)

// TestAccTargets_keyEchoedInValues: a server that writes the key, in any
// spelling, into a target's display name (every answer: create, list, get)
// puts none of it into the state of the target, the target data source or
// the targets data source, nor into the TF_LOG=trace log; the redacted
// display name is the same on every read, so the next plan is empty. It
// sets environment variables, so it does not run in parallel.
func TestAccTargets_keyEchoedInValues(t *testing.T) {
	for _, style := range acctest.EchoStyles {
		t.Run(string(style), func(t *testing.T) {
			readLog := acctest.TraceLog(t)
			_, providerBlock := acctest.NewEchoEnv(t, style)
			config := providerBlock + acctest.TargetHCL("a", "tiktok", "@echoed") + `
data "genviral_analytics_target" "by_id" {
  id = genviral_analytics_target.a.id
}

data "genviral_analytics_targets" "all" {
  depends_on = [genviral_analytics_target.a]
}

output "names" {
  value = data.genviral_analytics_targets.all.targets[*].display_name
}
`
			acctest.SerialTest(t, resource.TestCase{
				Steps: []resource.TestStep{
					{Config: config, Check: acctest.StateHoldsNoSecret("***")},
					{Config: config, PlanOnly: true},
				},
			})
			acctest.CheckLogHoldsNoSecret(t, readLog(), "/analytics/targets")
		})
	}
}
