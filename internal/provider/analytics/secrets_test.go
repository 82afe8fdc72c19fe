package analytics_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
)

// TestAccAnalytics_keyEchoedInValues: a server that writes the key, in any
// spelling, into the values of its rows (a post's caption, account handle
// and name, URLs; a workspace's name) puts none of it into the state of the
// posts data source (rows and json form), the report or the workspace
// suggestions, nor into the TF_LOG=trace log. It sets environment
// variables, so it does not run in parallel.
func TestAccAnalytics_keyEchoedInValues(t *testing.T) {
	for _, style := range acctest.EchoStyles {
		t.Run(string(style), func(t *testing.T) {
			readLog := acctest.TraceLog(t)
			e, providerBlock := acctest.NewEchoEnv(t, style, emulator.Options{PostsPerTarget: 3})
			seedOtherScopes(e)
			acctest.SerialTest(t, resource.TestCase{
				Steps: []resource.TestStep{{
					Config: providerBlock + suggestionsHCL + `
data "genviral_analytics_posts" "list" {
  range = "all"
}

data "genviral_analytics_posts" "json" {
  range        = "all"
  posts_format = "json"
}

data "genviral_analytics_posts_report" "r" {
  range = "all"
}
`,
					Check: acctest.StateHoldsNoSecret("***"),
				}},
			})
			acctest.CheckLogHoldsNoSecret(t, readLog(), "/analytics/summary/posts")
		})
	}
}
