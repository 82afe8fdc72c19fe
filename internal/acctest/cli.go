package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/genviral/terraform-provider-genviral/internal/provider"
)

// The tests that drive the Terraform CLI by hand, for workflows
// terraform-plugin-testing has no step for (`terraform query
// -generate-config-out`, `apply -invoke`, saved plans), share this file:
// one way to find the CLI and its version, one private (empty) CLI
// configuration, one environment, and the provider served in this process
// and attached with TF_REATTACH_PROVIDERS, as terraform-plugin-testing does.

// terraformCLI is the Terraform or OpenTofu CLI the acceptance tests run.
type terraformCLI struct {
	Path         string
	Name         string // "Terraform" or "OpenTofu"
	Major, Minor int
	config       string // an empty CLI configuration file
}

// FindTerraformCLI returns the CLI terraform-plugin-testing would use:
// TF_ACC_TERRAFORM_PATH, else terraform on PATH. It skips the test unless
// TF_ACC is set.
func FindTerraformCLI(t *testing.T) *terraformCLI {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc)")
	}
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		p, err := exec.LookPath("terraform")
		if err != nil {
			t.Fatalf("no terraform CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH (%v)", err)
		}
		path = p
	}
	cli := &terraformCLI{Path: path, config: filepath.Join(t.TempDir(), "terraformrc")}
	if err := os.WriteFile(cli.config, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(path, "version")
	cmd.Env = cli.env()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s version: %v", path, err)
	}
	// The first line is "Terraform v1.5.7" or "OpenTofu v1.12.6".
	first, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	if _, err := fmt.Sscanf(first, "%s v%d.%d", &cli.Name, &cli.Major, &cli.Minor); err != nil {
		t.Fatalf("cannot read the version of %s from %q: %v", path, first, err)
	}
	return cli
}

// Below says whether the CLI's version is older than major.minor.
func (c *terraformCLI) Below(major, minor int) bool {
	return c.Major < major || c.Major == major && c.Minor < minor
}

// env is the environment of the CLI: this process's without the key, the
// caller's TF_ variables (TF_VAR_, TF_LOG, ...) and CHECKPOINT_DISABLE,
// plus an empty CLI configuration, no checkpoint calls, and extra
// ("NAME=value" each).
func (c *terraformCLI) env(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "GENVIRAL_") || strings.HasPrefix(name, "TF_") || name == "CHECKPOINT_DISABLE" {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0", "TF_CLI_CONFIG_FILE="+c.config)
	return append(env, extra...)
}

// Command runs the CLI with args in dir with the environment env and
// returns its exit code, standard output and standard error. It fails the
// test only when the CLI could not be run at all.
func (c *terraformCLI) Command(t *testing.T, dir string, env []string, args ...string) (code int, stdout, stderr []byte) {
	t.Helper()
	cmd := exec.Command(c.Path, args...)
	cmd.Dir, cmd.Env = dir, env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if e, isExit := err.(*exec.ExitError); isExit {
		code = e.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %s: %v", filepath.Base(c.Path), strings.Join(args, " "), err)
	}
	return code, out.Bytes(), errOut.Bytes()
}

// Run runs the CLI in dir with the in-process provider reattached, the
// environment of env plus extraEnv ("NAME=value", may be empty), and
// returns its standard output. It fails the test when the command fails.
func (c *terraformCLI) Run(t *testing.T, dir, extraEnv string, args ...string) []byte {
	t.Helper()
	reattach, stop := serveProviderInProcess(t)
	defer stop()
	env := c.env("TF_REATTACH_PROVIDERS=" + reattach)
	if extraEnv != "" {
		env = append(env, extraEnv)
	}
	code, stdout, stderr := c.Command(t, dir, env, args...)
	if code != 0 {
		t.Fatalf("%s %s: exit code %d\nstdout:\n%s\nstderr:\n%s", filepath.Base(c.Path), strings.Join(args, " "), code, stdout, stderr)
	}
	return stdout
}

// CLIRun is one working directory run by the CLI, with the provider served
// in process for the whole test.
type CLIRun struct {
	T   *testing.T
	CLI *terraformCLI
	Dir string
	Env []string
}

// NewCLIRun returns a CLI runner in a fresh directory, or skips the test
// unless TF_ACC is set and the CLI is at least minVersion ("major.minor").
// The provider genviral/genviral is served in process; each of extra names
// another provider source genviral/<name> served by an instance of its own,
// as Terraform runs one provider process per provider configuration.
func NewCLIRun(t *testing.T, minVersion string, extra ...string) *CLIRun {
	t.Helper()
	cli := FindTerraformCLI(t)
	var major, minor int
	if _, err := fmt.Sscanf(minVersion, "%d.%d", &major, &minor); err != nil {
		t.Fatalf("minVersion %q: %v", minVersion, err)
	}
	if cli.Below(major, minor) {
		t.Skipf("%s CLI version %d.%d is below minimum version %s: skipping test", cli.Name, cli.Major, cli.Minor, minVersion)
	}
	reattach, stop := serveProviderInProcess(t, extra...)
	t.Cleanup(stop)
	return &CLIRun{T: t, CLI: cli, Dir: t.TempDir(), Env: cli.env("TF_REATTACH_PROVIDERS=" + reattach)}
}

// Write writes a file of the working directory.
func (c *CLIRun) Write(name, content string) {
	c.T.Helper()
	if err := os.WriteFile(filepath.Join(c.Dir, name), []byte(content), 0o600); err != nil {
		c.T.Fatal(err)
	}
}

// Read returns a file of the working directory.
func (c *CLIRun) Read(name string) string {
	c.T.Helper()
	b, err := os.ReadFile(filepath.Join(c.Dir, name))
	if err != nil {
		c.T.Fatal(err)
	}
	return string(b)
}

// Run runs terraform with args and returns its exit code and output
// (standard output, then standard error); an exit code not in ok fails the
// test.
func (c *CLIRun) Run(ok []int, args ...string) (int, string) {
	c.T.Helper()
	code, out := c.Try(args...)
	for _, k := range ok {
		if k == code {
			return code, out
		}
	}
	c.T.Fatalf("terraform %s: exit code %d\n%s", strings.Join(args, " "), code, out)
	return code, ""
}

// Try runs terraform with args and returns its exit code and output
// (standard output, then standard error), failing the test only when the
// CLI could not be run at all.
func (c *CLIRun) Try(args ...string) (int, string) {
	c.T.Helper()
	code, stdout, stderr := c.CLI.Command(c.T, c.Dir, c.Env, args...)
	return code, string(stdout) + string(stderr)
}

// serveProviderInProcess serves the provider in this process until stop
// is called and returns the TF_REATTACH_PROVIDERS value that points
// Terraform (registry.terraform.io) and OpenTofu (registry.opentofu.org)
// at it for genviral/genviral, and at an instance of its own for each
// genviral/<name> of extra.
func serveProviderInProcess(t *testing.T, extra ...string) (reattachProviders string, stop func()) {
	t.Helper()
	servers := map[string]any{}
	var stops []func()
	stop = func() {
		for _, s := range stops {
			s()
		}
	}
	for _, name := range append([]string{"genviral"}, extra...) {
		cfg, stopOne := serveProviderInstance(t)
		stops = append(stops, stopOne)
		servers["registry.terraform.io/genviral/"+name] = cfg
		servers["registry.opentofu.org/genviral/"+name] = cfg
	}
	b, err := json.Marshal(servers)
	if err != nil {
		stop()
		t.Fatal(err)
	}
	return string(b), stop
}

// serveProviderInstance serves one provider instance in this process until
// stop is called and returns its reattach configuration.
func serveProviderInstance(t *testing.T) (reattachConfig any, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	reattachCh := make(chan *plugin.ReattachConfig)
	closeCh := make(chan struct{})
	serveErr := make(chan error, 1)
	// The server main.go serves, so what it wraps is tested too.
	srv, err := provider.NewServer("test")()
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	go func() {
		serveErr <- tf6server.Serve("registry.terraform.io/genviral/genviral",
			func() tfprotov6.ProviderServer { return srv },
			tf6server.WithDebug(ctx, reattachCh, closeCh),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t))
	}()
	var rc *plugin.ReattachConfig
	select {
	case rc = <-reattachCh:
	case err := <-serveErr:
		cancel()
		t.Fatalf("serving the provider: %v", err)
	}
	stop = func() {
		cancel()
		<-closeCh
	}
	type addr struct{ Network, String string }
	type reattach struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Test            bool
		Addr            addr
	}
	cfg := reattach{
		Protocol:        string(rc.Protocol),
		ProtocolVersion: rc.ProtocolVersion,
		Pid:             rc.Pid,
		Test:            rc.Test,
		Addr:            addr{Network: rc.Addr.Network(), String: rc.Addr.String()},
	}
	return cfg, stop
}
