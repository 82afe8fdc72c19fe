package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
	"github.com/genviral/terraform-provider-genviral/internal/provider"
)

// TestAccSecrets_neverLoggedOrStored runs a create, a refresh and a failing
// call with TF_LOG=TRACE, then searches the captured Terraform and provider
// logs and the state for the key and its secret. It sets environment
// variables, so it does not run in parallel.
func TestAccSecrets_neverLoggedOrStored(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "terraform.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)

	e := acctest.NewTestEnv(t)
	// The key comes from the environment, as recommended: the test harness
	// logs the configuration it writes, so a key in HCL would be logged by
	// the harness itself.
	t.Setenv(provider.EnvAPIKey, e.Key)
	setKey := func(k string) func() {
		return func() { t.Setenv(provider.EnvAPIKey, k) }
	}
	providerBlock := fmt.Sprintf("provider \"genviral\" {\n  base_url = %q\n  max_retries = 0\n}\n", e.URL)
	secret := strings.SplitN(e.Key, ".", 2)[1]
	// The failing step uses a well-formed key the emulator does not know.
	badKey := "gva_live_nope00.neverShownSecret123"
	noSecret := func(where, text string) error {
		for _, s := range []string{e.Key, secret, badKey, "neverShownSecret123"} {
			if strings.Contains(text, s) {
				return fmt.Errorf("%s contains a secret", where)
			}
		}
		return nil
	}
	acctest.SerialTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: providerBlock + acctest.TargetHCL("a", "tiktok", "@secretive", `alias = "S"`),
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
				Config:      providerBlock + acctest.TargetHCL("a", "tiktok", "@secretive", `alias = "S"`) + acctest.TargetHCL("b", "tiktok", "@other"),
				ExpectError: acctest.ErrorPattern(`(?s)HTTP 401.*GENVIRAL_API_KEY`),
			},
			// Back to the right key, so the test can clean up.
			{PreConfig: setKey(e.Key), Config: providerBlock},
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

// TestAccSecrets_echoedInAnySpelling: a server that writes the key back,
// spelled otherwise than as sent (cut-short JSON with "\/", an HTML 502
// page, form-decoded, percent-encoded, cut short by two characters), with
// max_retries = 0, gets an error that holds no 8 characters of the secret,
// nor does the TF_LOG=trace log. Nor does the warning of a refresh whose
// status poll got such an answer. It sets environment variables, so it
// does not run in parallel.
func TestAccSecrets_echoedInAnySpelling(t *testing.T) {
	for _, style := range acctest.EchoStyles {
		t.Run(string(style), func(t *testing.T) {
			readLog := acctest.TraceLog(t)
			e := acctest.NewTestEnv(t)
			e.Srv.AddKey(acctest.EchoKey, emulator.WorkspaceScope())
			e.Srv.SetKeyEcho(style, emulator.RouteListTargets)
			t.Setenv(provider.EnvAPIKey, acctest.EchoKey)
			var got error
			acctest.SerialTest(t, resource.TestCase{
				ErrorCheck: acctest.CaptureError(&got),
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf("provider \"genviral\" {\n  base_url = %q\n  max_retries = 0\n}\n", e.URL) +
						`data "genviral_analytics_targets" "all" {}`,
				}},
			})
			acctest.CheckError(t, got, `GET /analytics/targets: HTTP`, "")
			if !strings.Contains(got.Error(), "***") {
				t.Errorf("the error shows no redacted echo:\n%v", got)
			}
			if run := acctest.SecretRun(got.Error()); run != "" {
				t.Errorf("the error holds %q of the secret:\n%v", run, got)
			}
			log := readLog()
			if !strings.Contains(log, "Response contains error diagnostic") {
				t.Fatalf("the captured log (%d bytes) has no diagnostics, so the search below would prove nothing", len(log))
			}
			if run := acctest.SecretRun(log); run != "" {
				i := strings.Index(log, run)
				t.Errorf("the TF_LOG=trace log holds %q of the secret; context: %q", run, log[max(0, i-300):min(len(log), i+100)])
			}
		})
	}
	t.Run("warning", func(t *testing.T) {
		readLog := acctest.TraceLog(t)
		e := acctest.NewTestEnv(t)
		e.Srv.AddKey(acctest.EchoKey, emulator.WorkspaceScope())
		target := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@echoed", "Echoed")
		e.Srv.SetKeyEcho(emulator.EchoHTMLPage, emulator.RouteGetRefresh)
		t.Setenv(provider.EnvAPIKey, acctest.EchoKey)
		acctest.SerialTest(t, resource.TestCase{
			Steps: []resource.TestStep{{
				Config: fmt.Sprintf("provider \"genviral\" {\n  base_url = %q\n  max_retries = 0\n}\n", e.URL) +
					acctest.RefreshHCL("r", target.ID),
				Check: func(*terraform.State) error { e.Srv.SetKeyEcho(emulator.EchoNone); return nil },
			}},
		})
		log := readLog()
		if !strings.Contains(log, "Unable to Follow Analytics Refresh") || !strings.Contains(log, "502 Bad Gateway") {
			t.Fatalf("the captured log (%d bytes) has not the warning, so the search below would prove nothing", len(log))
		}
		if run := acctest.SecretRun(log); run != "" {
			i := strings.Index(log, run)
			t.Errorf("the TF_LOG=trace log holds %q of the secret; context: %q", run, log[max(0, i-300):min(len(log), i+100)])
		}
	})
}
