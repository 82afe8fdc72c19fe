package acctest

import (
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/provider"
)

// The key's secrecy: a key whose secret escaping changes, the spellings a
// server may echo it in, and the searches of state and logs for it.

// EchoKey is a key whose secret has the characters that escaping changes
// (issue 23.1).
const EchoKey = "gva_live_k3m9qz.s3cr/t+k&y<x>Q9zW"

// EchoStyles are the spellings in which the emulator echoes a key.
var EchoStyles = []emulator.KeyEcho{emulator.EchoCutShortJSON, emulator.EchoHTMLPage,
	emulator.EchoFormDecoded, emulator.EchoPercentEncoded, emulator.EchoCutShortKey}

// SecretRun returns the spelling of a run of 8 characters of EchoKey's
// secret that text holds: as written, or as JSON, Go-quoted, HTML,
// form-decoded or percent-encoded text writes it; "" when it holds none.
func SecretRun(text string) string {
	_, secret, _ := strings.Cut(EchoKey, ".")
	for i := 0; i+8 <= len(secret); i++ {
		run := secret[i : i+8]
		j, _ := json.Marshal(run)
		q := strconv.Quote(run)
		for _, spelled := range []string{run, string(j[1 : len(j)-1]), strings.ReplaceAll(string(j[1:len(j)-1]), "/", `\/`),
			q[1 : len(q)-1], html.EscapeString(run), strings.ReplaceAll(run, "+", " "), url.QueryEscape(run),
			strings.ToLower(url.QueryEscape(run))} {
			if strings.Contains(text, spelled) {
				return spelled
			}
		}
	}
	return ""
}

// TraceLog sets TF_LOG=TRACE for the rest of the test and returns a
// function that reads the captured log (Terraform's and the provider's).
func TraceLog(t *testing.T) func() string {
	logPath := filepath.Join(t.TempDir(), "terraform.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	return func() string {
		raw, err := os.ReadFile(logPath)
		if err != nil {
			t.Fatalf("reading the captured log: %v", err)
		}
		return string(raw)
	}
}

// CheckLogHoldsNoSecret fails t when log holds a run of EchoKey's secret,
// or when it lacks want (so that the search would prove nothing).
func CheckLogHoldsNoSecret(t *testing.T, log, want string) {
	t.Helper()
	if !strings.Contains(log, want) {
		t.Fatalf("the captured log (%d bytes) has no %q, so the search for the secret would prove nothing", len(log), want)
	}
	if run := SecretRun(log); run != "" {
		i := strings.Index(log, run)
		t.Errorf("the TF_LOG=trace log holds %q of the secret; context: %q", run, log[max(0, i-300):min(len(log), i+100)])
	}
}

// NewEchoEnv returns a TestEnv whose emulator knows EchoKey (in the
// workspace scope) and writes it, spelled in style, into the values of
// every answer (emulator.Server.SetKeyEchoInValues), with the provider
// given the key through the environment (the test harness logs the
// configuration, so a key in HCL would be logged by the harness itself),
// and the provider block for it. It sets an environment variable, so its
// test does not run in parallel.
func NewEchoEnv(t *testing.T, style emulator.KeyEcho, opts ...emulator.Options) (*TestEnv, string) {
	e := NewTestEnv(t, opts...)
	e.Key = EchoKey
	e.Srv.AddKey(EchoKey, emulator.WorkspaceScope())
	e.Srv.SetKeyEchoInValues(style)
	t.Setenv(provider.EnvAPIKey, EchoKey)
	return e, fmt.Sprintf("provider \"genviral\" {\n  base_url = %q\n  max_retries = 0\n}\n", e.URL)
}

// StateHoldsNoSecret fails when an attribute of a resource or data source,
// or an output, of the state holds a run of EchoKey's secret; want, when
// not empty, must be in some attribute (the redacted echo, "***"), or the
// search would prove nothing.
func StateHoldsNoSecret(want string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		found := want == ""
		see := func(where, v string) error {
			found = found || strings.Contains(v, want)
			if run := SecretRun(v); run != "" {
				return fmt.Errorf("%s holds %q of the secret: %q", where, run, v)
			}
			return nil
		}
		m := s.RootModule()
		for addr, rs := range m.Resources {
			for k, v := range rs.Primary.Attributes {
				if err := see(addr+"."+k, v); err != nil {
					return err
				}
			}
		}
		for name, o := range m.Outputs {
			if err := see("output "+name, fmt.Sprint(o.Value)); err != nil {
				return err
			}
		}
		if !found {
			return fmt.Errorf("no attribute holds %q: the server's echo did not reach the state", want)
		}
		return nil
	}
}
