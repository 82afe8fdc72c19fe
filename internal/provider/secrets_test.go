package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// TestAccSecrets_neverLoggedOrStored runs a create, a refresh and a failing
// call with TF_LOG=TRACE, then searches the captured Terraform and provider
// logs and the state for the key and its secret. It sets environment
// variables, so it does not run in parallel.
func TestAccSecrets_neverLoggedOrStored(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "terraform.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)

	e := newTestEnv(t)
	// The key comes from the environment, as recommended: the test harness
	// logs the configuration it writes, so a key in HCL would be logged by
	// the harness itself.
	t.Setenv(EnvAPIKey, e.key)
	setKey := func(k string) func() {
		return func() { t.Setenv(EnvAPIKey, k) }
	}
	providerBlock := fmt.Sprintf("provider \"genviral\" {\n  base_url = %q\n  max_retries = 0\n}\n", e.url)
	secret := strings.SplitN(e.key, ".", 2)[1]
	// The failing step uses a well-formed key the emulator does not know.
	badKey := "gva_live_nope00.neverShownSecret123"
	noSecret := func(where, text string) error {
		for _, s := range []string{e.key, secret, badKey, "neverShownSecret123"} {
			if strings.Contains(text, s) {
				return fmt.Errorf("%s contains a secret", where)
			}
		}
		return nil
	}
	serialTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: providerBlock + targetHCL("a", "tiktok", "@secretive", `alias = "S"`),
				Check: func(s *terraform.State) error {
					for addr, rs := range s.RootModule().Resources {
						for k, v := range rs.Primary.Attributes {
							if err := noSecret("state attribute "+addr+"."+k, v); err != nil {
								return err
							}
						}
					}
					return nil
				},
			},
			{
				PreConfig:   setKey(badKey),
				Config:      providerBlock + targetHCL("a", "tiktok", "@secretive", `alias = "S"`) + targetHCL("b", "tiktok", "@other"),
				ExpectError: errorPattern(`(?s)HTTP 401.*GENVIRAL_API_KEY`),
			},
			// Back to the right key, so the test can clean up.
			{PreConfig: setKey(e.key), Config: providerBlock},
		},
	})

	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatalf("reading the captured log: %v", err)
	}
	log := string(raw)
	// The capture must really hold the provider's request logs, or the
	// search below would prove nothing.
	if !strings.Contains(log, "Genviral API request") || !strings.Contains(log, "/analytics/targets") {
		t.Fatalf("the captured log (%d bytes) has no provider request entries", len(raw))
	}
	if err := noSecret("the TF_LOG=TRACE log", log); err != nil {
		idx := strings.Index(log, secret)
		if idx < 0 {
			idx = strings.Index(log, "neverShownSecret123")
		}
		t.Fatalf("%v; context: %q", err, log[max(0, idx-300):min(len(log), idx+100)])
	}
}
