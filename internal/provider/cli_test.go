package provider

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
)

// cliRun drives the Terraform CLI directly, for workflows terraform-plugin-
// testing has no step for (e.g. `terraform query -generate-config-out`).
// The provider is served in process and attached with
// TF_REATTACH_PROVIDERS, as terraform-plugin-testing does.
type cliRun struct {
	t   *testing.T
	bin string
	dir string
	env []string
}

// newCLIRun returns a CLI runner in a fresh directory, or skips the test
// unless TF_ACC is set and the CLI (TF_ACC_TERRAFORM_PATH, else terraform on
// PATH) is at least minVersion.
func newCLIRun(t *testing.T, minVersion string) *cliRun {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("terraform"); err != nil {
			t.Skip("no terraform CLI on PATH")
		}
	}
	out, err := exec.Command(bin, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", bin, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v", bin, err)
	}
	if got, want := version.Must(version.NewVersion(v.Version)), version.Must(version.NewVersion(minVersion)); got.LessThan(want) {
		t.Skipf("Terraform CLI version %s is below minimum version %s: skipping test", got, want)
	}

	reattach, stop := serveProviderInProcess(t)
	t.Cleanup(stop)
	dir := t.TempDir()
	cliConfig := filepath.Join(dir, ".terraformrc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return &cliRun{t: t, bin: bin, dir: dir, env: append(os.Environ(),
		"TF_REATTACH_PROVIDERS="+reattach, "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1", "TF_INPUT=0")}
}

// write writes a file of the working directory.
func (c *cliRun) write(name, content string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.dir, name), []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// read returns a file of the working directory.
func (c *cliRun) read(name string) string {
	c.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.dir, name))
	if err != nil {
		c.t.Fatal(err)
	}
	return string(b)
}

// run runs terraform with args and returns its exit code and output; an
// exit code not in ok fails the test.
func (c *cliRun) run(ok []int, args ...string) (int, string) {
	c.t.Helper()
	cmd := exec.Command(c.bin, args...)
	cmd.Dir, cmd.Env = c.dir, c.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if e, isExit := err.(*exec.ExitError); isExit {
		code = e.ExitCode()
	} else if err != nil {
		c.t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	}
	for _, k := range ok {
		if k == code {
			return code, out.String()
		}
	}
	c.t.Fatalf("terraform %s: exit code %d\n%s", strings.Join(args, " "), code, out.String())
	return code, ""
}
