package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// ourSchema is what `make docs` hands to tfplugindocs, decoded as
// tfplugindocs decodes it (tfjson validates the format version).
func ourSchema(t *testing.T) *tfjson.ProviderSchema {
	t.Helper()
	b, err := schemaJSON(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var schemas tfjson.ProviderSchemas
	if err := json.Unmarshal(b, &schemas); err != nil {
		t.Fatalf("tfplugindocs could not read the schema JSON: %v", err)
	}
	ps := schemas.Schemas[providerKey]
	if ps == nil {
		t.Fatalf("no provider_schemas[%q] (tfplugindocs looks the provider up by its short name)", providerKey)
	}
	return ps
}

// TestSchemaHasEveryKind: the pages that Terraform 1.11 leaves out of the
// docs (actions, list resources, the identity section) come from sections
// that the generator must always write.
func TestSchemaHasEveryKind(t *testing.T) {
	ps := ourSchema(t)
	if ps.ConfigSchema == nil || ps.ConfigSchema.Block == nil || ps.ConfigSchema.Block.Attributes["api_key"] == nil {
		t.Error("provider schema: no api_key attribute")
	}
	for _, name := range []string{"genviral_analytics_target", "genviral_analytics_refresh"} {
		if ps.ResourceSchemas[name] == nil {
			t.Errorf("resource_schemas: no %s", name)
		}
	}
	if ps.DataSourceSchemas["genviral_analytics_posts"] == nil {
		t.Error("data_source_schemas: no genviral_analytics_posts")
	}
	if ps.ListResourceSchemas["genviral_analytics_target"] == nil {
		t.Error("list_resource_schemas: no genviral_analytics_target")
	}
	if a := ps.ActionSchemas["genviral_analytics_refresh"]; a == nil || a.Block == nil || a.Block.Attributes["target_id"] == nil {
		t.Error("action_schemas: no genviral_analytics_refresh with target_id")
	}
	id := ps.ResourceIdentitySchemas["genviral_analytics_target"]
	if id == nil || len(id.Attributes) != 3 || !id.Attributes["platform"].OptionalForImport {
		t.Errorf("resource_identity_schemas[genviral_analytics_target]: %+v, want id, platform, identifier (optional for import)", id)
	}
	if f := ps.Functions["normalize_handle"]; f == nil || len(f.Parameters) != 1 || f.ReturnType.FriendlyName() != "string" {
		t.Errorf("functions[normalize_handle]: %+v", f)
	}
}

// TestAccSchemaMatchesTerraform compares the generator's JSON with what
// `terraform providers schema -json` prints for the built provider
// (installed as tfplugindocs installs it), section by section: every
// section the CLI prints must be the same, and a Terraform of 1.14 or
// later must print every section. It runs with TF_ACC=1 against
// TF_ACC_TERRAFORM_PATH or the terraform on PATH, so each lane of
// `make testacc-matrix` checks what its CLI knows.
func TestAccSchemaMatchesTerraform(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to compare with `terraform providers schema -json` (make testacc)")
	}
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("terraform"); err != nil {
			t.Skip("no terraform on PATH and no TF_ACC_TERRAFORM_PATH")
		}
	}
	dir := t.TempDir()
	plugin := filepath.Join(dir, "plugins", "registry.terraform.io", "hashicorp", "genviral", "0.0.1",
		runtime.GOOS+"_"+runtime.GOARCH, "terraform-provider-genviral")
	build := exec.Command("go", "build", "-o", plugin, ".")
	build.Dir = filepath.Join("..", "..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	config := `terraform {
  required_providers {
    genviral = { source = "registry.terraform.io/hashicorp/genviral" }
  }
}
provider "genviral" {}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	cli := func(args ...string) []byte {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
		out, err := cmd.Output()
		if err != nil {
			stderr := ""
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = string(ee.Stderr)
			}
			t.Fatalf("%s %s: %v\n%s%s", bin, strings.Join(args, " "), err, out, stderr)
		}
		return out
	}
	cliVersion := strings.SplitN(string(cli("version")), "\n", 2)[0]
	cli("init", "-input=false", "-no-color", "-plugin-dir=./plugins")
	var theirs tfjson.ProviderSchemas
	if err := json.Unmarshal(cli("providers", "schema", "-json"), &theirs); err != nil {
		t.Fatal(err)
	}
	cliSchema := theirs.Schemas["registry.terraform.io/hashicorp/genviral"]
	if cliSchema == nil {
		t.Fatalf("%s printed no schema for registry.terraform.io/hashicorp/genviral", cliVersion)
	}
	ours, cliSections := sections(t, ourSchema(t)), sections(t, cliSchema)
	needsAll := strings.HasPrefix(cliVersion, "Terraform ") && atLeast114(t, strings.TrimPrefix(cliVersion, "Terraform v"))
	var compared []string
	for name, want := range ours {
		got, ok := cliSections[name]
		if !ok {
			if needsAll {
				t.Errorf("%s printed no %s, which Terraform 1.14 prints", cliVersion, name)
			}
			continue
		}
		compared = append(compared, name)
		if got != want {
			t.Errorf("%s: the generator's JSON differs from %s's; first difference:\n generator: ...%s\n %s: ...%s",
				name, cliVersion, around(want, got), cliVersion, around(got, want))
		}
	}
	for name := range cliSections {
		if _, ok := ours[name]; !ok {
			t.Errorf("%s printed %s, which the generator does not write", cliVersion, name)
		}
	}
	sort.Strings(compared)
	t.Logf("%s: compared %s", cliVersion, strings.Join(compared, ", "))
}

// sections maps each non-empty top-level section of a provider schema to
// its JSON.
func sections(t *testing.T, ps *tfjson.ProviderSchema) map[string]string {
	t.Helper()
	b, err := json.Marshal(ps)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	out := make(map[string]string, len(raw))
	for k, v := range raw {
		if s := string(v); s != "{}" && s != "null" {
			out[k] = s
		}
	}
	return out
}

// around is the part of JSON a around its first difference from b.
func around(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return a[max(0, i-60):min(len(a), i+60)]
}

func atLeast114(t *testing.T, v string) bool {
	t.Helper()
	got, err := version.NewVersion(v)
	if err != nil {
		t.Fatalf("cannot read the version %q: %v", v, err)
	}
	return got.GreaterThanOrEqual(version.Must(version.NewVersion("1.14.0")))
}

// TestNestingMode: every nesting mode of both protocol enums converts to the
// JSON mode Terraform writes for it, and an unknown one to "invalid".
func TestNestingMode(t *testing.T) {
	cases := []struct {
		in   fmt.Stringer
		want tfjson.SchemaNestingMode
	}{
		{tfprotov6.SchemaNestedBlockNestingModeInvalid, "invalid"},
		{tfprotov6.SchemaNestedBlockNestingModeSingle, tfjson.SchemaNestingModeSingle},
		{tfprotov6.SchemaNestedBlockNestingModeGroup, tfjson.SchemaNestingModeGroup},
		{tfprotov6.SchemaNestedBlockNestingModeList, tfjson.SchemaNestingModeList},
		{tfprotov6.SchemaNestedBlockNestingModeSet, tfjson.SchemaNestingModeSet},
		{tfprotov6.SchemaNestedBlockNestingModeMap, tfjson.SchemaNestingModeMap},
		{tfprotov6.SchemaNestedBlockNestingMode(99), "invalid"},
		{tfprotov6.SchemaObjectNestingModeInvalid, "invalid"},
		{tfprotov6.SchemaObjectNestingModeSingle, tfjson.SchemaNestingModeSingle},
		{tfprotov6.SchemaObjectNestingModeList, tfjson.SchemaNestingModeList},
		{tfprotov6.SchemaObjectNestingModeSet, tfjson.SchemaNestingModeSet},
		{tfprotov6.SchemaObjectNestingModeMap, tfjson.SchemaNestingModeMap},
		{tfprotov6.SchemaObjectNestingMode(99), "invalid"},
	}
	for _, c := range cases {
		if got := nestingMode(c.in); got != c.want {
			t.Errorf("nestingMode(%T %v) = %q, want %q", c.in, c.in, got, c.want)
		}
	}
}
