package provider_test

import (
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
	"github.com/genviral/terraform-provider-genviral/internal/provider"
)

// liveEnv skips unless a real account is configured: TF_ACC=1,
// GENVIRAL_LIVE=1 and GENVIRAL_API_KEY (GENVIRAL_BASE_URL optional). The
// provider block is empty, so it reads the environment as users do.
func liveEnv(t *testing.T) {
	t.Helper()
	if os.Getenv("GENVIRAL_LIVE") != "1" || os.Getenv(provider.EnvAPIKey) == "" {
		t.Skip("live test: set GENVIRAL_LIVE=1 and GENVIRAL_API_KEY to run against the real API")
	}
}

// TestLiveReadOnly reads the targets and a few posts of the key's scope.
// It changes nothing.
func TestLiveReadOnly(t *testing.T) {
	liveEnv(t)
	acctest.SerialTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `
provider "genviral" {}
data "genviral_analytics_targets" "all" {}
data "genviral_analytics_posts" "recent" {
  range       = "30d"
  max_results = 5
}`,
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttrSet("data.genviral_analytics_targets.all", "id"),
				resource.TestCheckResourceAttrSet("data.genviral_analytics_posts.recent", "total_count"),
			),
		}},
	})
}

// TestLiveTargetLifecycle tracks the handle in GENVIRAL_LIVE_HANDLE
// ("platform/@handle" of an account you may track), checks that a second
// plan is empty, then destroys it (deleting it only if it was created).
// Tracking an account may count towards the plan's limits.
func TestLiveTargetLifecycle(t *testing.T) {
	liveEnv(t)
	handle := os.Getenv("GENVIRAL_LIVE_HANDLE")
	if handle == "" {
		t.Skip("live test: set GENVIRAL_LIVE_HANDLE=<platform>/<handle> to create and destroy a real target")
	}
	platform, identifier, ok := strings.Cut(handle, "/")
	if !ok {
		t.Fatalf("GENVIRAL_LIVE_HANDLE=%q is not <platform>/<handle>", handle)
	}
	acctest.SerialTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `provider "genviral" {}` + acctest.TargetHCL("live", platform, identifier),
			Check:  resource.TestCheckResourceAttrSet("genviral_analytics_target.live", "id"),
		}},
	})
}
