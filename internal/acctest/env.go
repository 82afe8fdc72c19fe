// Package acctest is what the acceptance tests of every package share: the
// timing overrides, the in-process provider factories (ParallelTest,
// SerialTest), the emulator-backed TestEnv, the configuration renderers, the
// request filters and checks over what the emulator received, the raw API
// client that talks to the emulator outside Terraform, the fault proxies,
// the CLI harness of the tests that run Terraform by hand (cli.go) and the
// diagnostics recorder (diag_recorder.go). Checks that belong to one feature
// live beside that feature's tests. Only tests import it.
package acctest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/emulator/emulatortest"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/provider"
	"github.com/genviral/terraform-provider-genviral/internal/provider/refresh"
	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

// Timing overrides and how a test runs the provider.

// init holds the timing overrides of every test of the package, set once
// before any test runs, since the provider runs in this process:
//   - retry backoff in milliseconds, not seconds, for the tests that inject
//     faults (Retry-After still wins);
//   - a request pacing floor of 4 requests per second, not 0.5: a burst of
//     429s still drives the pacer down to its floor, and pacing and
//     Retry-After pauses still work as in production, but the requests
//     after the burst are not 2 s apart (three clients at the floor still
//     send well under the 30 per second of the shared rate limit test);
//   - fast refresh polls: the emulator advances a refresh on every poll;
//   - refresh action progress on (almost) every poll.
func init() {
	provider.RetryWaitMin = 5 * time.Millisecond
	provider.MinRequestRate = 4
	refresh.PollInterval = 5 * time.Millisecond
	refresh.PollMaxInterval = 20 * time.Millisecond
	refresh.ProgressInterval = time.Millisecond
}

// TestProviders runs the provider in process for acceptance tests.
var TestProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"genviral": provider.NewServer("test"),
}

// ParallelTest runs tc in parallel with the other tests of the package,
// against the in-process provider (see withTestProviders).
func ParallelTest(t *testing.T, tc resource.TestCase) {
	t.Helper()
	resource.ParallelTest(t, withTestProviders(tc))
}

// SerialTest runs tc alone, for the tests that may not run in parallel
// (t.Setenv, the live API), against the in-process provider.
func SerialTest(t *testing.T, tc resource.TestCase) {
	t.Helper()
	resource.Test(t, withTestProviders(tc))
}

// withTestProviders gives tc the in-process provider (TestProviders) unless
// tc or one of its steps names its own factories.
func withTestProviders(tc resource.TestCase) resource.TestCase {
	if tc.ProtoV6ProviderFactories == nil && !slices.ContainsFunc(tc.Steps, func(s resource.TestStep) bool { return s.ProtoV6ProviderFactories != nil }) {
		tc.ProtoV6ProviderFactories = TestProviders
	}
	return tc
}

// The environment: one emulator per test and the provider block for it.

// TestEnv is one emulator and the provider configuration that talks to it.
// Each test gets its own, so acceptance tests run in parallel.
type TestEnv struct {
	T   *testing.T
	Srv *emulator.Server
	URL string
	Key string
}

// NewTestEnv starts an emulator for t, with the options opts when given.
func NewTestEnv(t *testing.T, opts ...emulator.Options) *TestEnv {
	t.Helper()
	var o emulator.Options
	switch len(opts) {
	case 0:
	case 1:
		o = opts[0]
	default:
		t.Fatal("newTestEnv takes at most one emulator.Options")
	}
	srv, url := emulatortest.Start(t, o)
	return &TestEnv{T: t, Srv: srv, URL: url, Key: emulator.WorkspaceKey}
}

// Provider renders a provider block for the emulator. Each override is a
// line "name = value" that replaces the default of that argument or adds it.
func (e *TestEnv) Provider(overrides ...string) string {
	args := []string{
		fmt.Sprintf("api_key = %q", e.Key),
		fmt.Sprintf("base_url = %q", e.URL),
		"max_retries = 0",
	}
	for _, o := range overrides {
		name, _, _ := strings.Cut(o, "=")
		replaced := false
		for i, a := range args {
			if n, _, _ := strings.Cut(a, "="); strings.TrimSpace(n) == strings.TrimSpace(name) {
				args[i], replaced = o, true
			}
		}
		if !replaced {
			args = append(args, o)
		}
	}
	return "provider \"genviral\" {\n  " + strings.Join(args, "\n  ") + "\n}\n"
}

// Config returns the provider block followed by body.
func (e *TestEnv) Config(body string) string { return e.Provider() + body }

// ResetCounts returns a PreConfig func that clears the request counters.
func (e *TestEnv) ResetCounts() func() { return e.Srv.ResetCounts }

// WithFaults returns step with the emulator's faults set to f before the
// step runs, after the step's own PreConfig (which may check what the
// previous step left). emulator.Faults{} switches every fault off.
func (e *TestEnv) WithFaults(f emulator.Faults, step resource.TestStep) resource.TestStep {
	pre := step.PreConfig
	step.PreConfig = func() {
		if pre != nil {
			pre()
		}
		e.Srv.SetFaults(f)
	}
	return step
}

// ProviderData is what Configure hands the resources for the emulator,
// for the tests that call a resource, list resource or action directly.
func (e *TestEnv) ProviderData() *shared.ProviderData {
	e.T.Helper()
	cfg := genviral.DefaultConfig()
	cfg.BaseURL, cfg.APIKey, cfg.RetryWaitMin, cfg.MinRequestRate = e.URL, e.Key, provider.RetryWaitMin, provider.MinRequestRate
	client, err := genviral.New(cfg)
	if err != nil {
		e.T.Fatal(err)
	}
	return &shared.ProviderData{Client: client}
}

// Examples returns the absolute path of examples/<elem...> in the
// repository, from whichever package's folder the test runs.
func Examples(t testing.TB, elem ...string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(append([]string{dir, "examples"}, elem...)...)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}
