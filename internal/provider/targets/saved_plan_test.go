package targets_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
	"github.com/genviral/terraform-provider-genviral/internal/provider"
)

// The tests of this file prove the docs' advice on saved plans
// (`terraform plan -out`, as Atlantis and other pipelines use): a key from
// GENVIRAL_API_KEY or from an `ephemeral = true` variable is not written
// into the plan file, while a plain (even `sensitive`) variable is. They run
// the CLI by hand rather than through terraform-plugin-testing, because it
// keeps its plan file to itself: init, plan -out and show -json, with the
// provider served in process and reattached through TF_REATTACH_PROVIDERS.

// savedPlanRequiredProviders is the provider requirement of the docs.
const savedPlanRequiredProviders = `terraform {
  required_providers {
    genviral = {
      source = "genviral/genviral"
    }
  }
}
`

// savedPlanVariable declares the key variable; attrs are extra arguments
// such as "ephemeral = true".
func savedPlanVariable(attrs ...string) string {
	return "variable \"genviral_api_key\" {\n  type      = string\n  sensitive = true\n  " +
		strings.Join(attrs, "\n  ") + "\n}\n"
}

// TestAccSecrets_notInSavedPlan runs init, plan -out and apply of the saved
// plan with the key from GENVIRAL_API_KEY, from an ephemeral variable and
// from a plain sensitive variable, and searches every member of each plan
// file and the output of show -json for the key and its secret. It sets
// environment variables, so it does not run in parallel.
func TestAccSecrets_notInSavedPlan(t *testing.T) {
	cli := acctest.FindTerraformCLI(t)
	t.Logf("CLI: %s (%s %d.%d)", cli.Path, cli.Name, cli.Major, cli.Minor)

	// body is the part of every configuration after the provider block:
	// a data source that reads from the API (so the plan proves the key
	// was used) and a resource to create (so the plan is not empty).
	body := "data \"genviral_analytics_targets\" \"all\" {}\n" + acctest.TargetHCL("a", "tiktok", "@saved_plan")

	cases := []struct {
		name string
		// minVersion: per CLI name, the oldest major.minor that supports
		// the configuration; older ones skip.
		minVersion map[string][2]int
		// variable: the declaration of var.genviral_api_key, which then
		// is the provider's api_key and gets the key through
		// TF_VAR_genviral_api_key; "" for the key from GENVIRAL_API_KEY.
		variable string
		// wantInPlan: the key is expected in the plan file.
		wantInPlan bool
	}{
		{name: "environment variable"},
		{
			name: "ephemeral variable",
			// Ephemeral input variables: Terraform 1.10, OpenTofu 1.11.
			minVersion: map[string][2]int{"Terraform": {1, 10}, "OpenTofu": {1, 11}},
			variable:   savedPlanVariable("ephemeral = true"),
		},
		{
			// Why the docs recommend the other two: a plain variable,
			// even a sensitive one, is saved in the plan so that apply
			// can use it.
			name:       "sensitive non-ephemeral variable leaks",
			variable:   savedPlanVariable(),
			wantInPlan: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if m, ok := tc.minVersion[cli.Name]; ok && cli.Below(m[0], m[1]) {
				t.Skipf("%s %d.%d does not support this configuration: it needs %s %d.%d or later", cli.Name, cli.Major, cli.Minor, cli.Name, m[0], m[1])
			}
			e := acctest.NewTestEnv(t)
			dir := t.TempDir()
			args := []string{fmt.Sprintf("base_url = %q", e.URL), "max_retries = 0"}
			if tc.variable != "" {
				args = append(args, "api_key = var.genviral_api_key")
			}
			config := savedPlanRequiredProviders +
				"provider \"genviral\" {\n  " + strings.Join(args, "\n  ") + "\n}\n" + tc.variable + body
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
				t.Fatal(err)
			}
			// The provider runs in this process, so it reads
			// GENVIRAL_API_KEY from this process's environment, as a
			// provider binary reads the one Terraform passes on: either
			// way Terraform never sees the key. With a variable, the
			// environment has no key, so only the variable can deliver it.
			keyEnv := provider.EnvAPIKey + "=" + e.Key
			t.Setenv(provider.EnvAPIKey, e.Key)
			if tc.variable != "" {
				keyEnv = "TF_VAR_genviral_api_key=" + e.Key
				t.Setenv(provider.EnvAPIKey, "")
			}
			cli.Run(t, dir, keyEnv, "init", "-input=false", "-no-color")
			cli.Run(t, dir, keyEnv, "plan", "-input=false", "-no-color", "-out=plan.bin")

			// The plan used the key: the emulator answered the data
			// source's list request (it refuses unknown keys with 401).
			if e.Srv.TotalCount() == 0 {
				t.Fatal("the plan sent no API request, so it proves nothing about the key")
			}
			for _, r := range e.Srv.Requests() {
				if r.Status != 200 {
					t.Fatalf("API request %s %s answered %d: the key did not reach the provider (%s)", r.Method, r.Path, r.Status, e.RequestSummary())
				}
			}

			secrets := [][]byte{[]byte(e.Key), []byte(strings.SplitN(e.Key, ".", 2)[1])}
			found := planFileSecrets(t, filepath.Join(dir, "plan.bin"), secrets)
			shown := cli.Run(t, dir, "", "show", "-json", "plan.bin")
			if !json.Valid(shown) {
				t.Fatalf("terraform show -json printed no JSON: %.300q", shown)
			}
			for _, s := range secrets {
				if bytes.Contains(shown, s) {
					found = append(found, "terraform show -json plan.bin")
					break
				}
			}
			switch {
			case tc.wantInPlan && len(found) == 0:
				t.Fatal("the key is not in the saved plan: the docs' warning about non-ephemeral variables is no longer true; update the docs (templates/index.md.tmpl, README)")
			case tc.wantInPlan:
				t.Logf("as documented, the key is in the saved plan: %s", strings.Join(found, ", "))
			case len(found) > 0:
				t.Fatalf("the saved plan contains the API key or its secret, in: %s", strings.Join(found, ", "))
			}

			// The documented workflow ends with applying the saved plan,
			// with the key set again in the same way.
			cli.Run(t, dir, keyEnv, "apply", "-input=false", "-no-color", "plan.bin")
			if got := e.Srv.Count(emulator.RouteCreateTarget); got != 1 {
				t.Fatalf("applying the saved plan created %d targets, want 1 (%s)", got, e.RequestSummary())
			}
		})
	}
}

// planFileSecrets opens a saved plan (a zip archive) and returns the names
// of the members whose uncompressed bytes contain one of secrets, plus
// "plan file bytes" when the archive's own bytes do.
func planFileSecrets(t *testing.T, path string, secrets [][]byte) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the saved plan: %v", err)
	}
	var found []string
	contains := func(b []byte) bool {
		for _, s := range secrets {
			if bytes.Contains(b, s) {
				return true
			}
		}
		return false
	}
	if contains(raw) {
		found = append(found, "plan file bytes")
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatalf("the saved plan is not a zip archive: %v", err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("opening plan member %s: %v", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil {
			t.Fatalf("reading plan member %s: %v", f.Name, err)
		}
		if contains(b) {
			found = append(found, "plan member "+f.Name)
		}
	}
	// The plan proper must be among the members, or the scan proved
	// nothing.
	if !strings.Contains(" "+strings.Join(names, " ")+" ", " tfplan ") {
		t.Fatalf("the saved plan has no tfplan member (members: %v)", names)
	}
	return found
}
