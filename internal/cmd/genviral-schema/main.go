// Command genviral-schema writes the provider's schemas as
// `terraform providers schema -json` prints them, without Terraform: it
// serves the provider in-process and asks it, so the result includes the
// list resources, actions and resource identities that only Terraform 1.14
// or later would print. `make docs` passes the file to
// `tfplugindocs generate --providers-schema`, so docs/ is the same whatever
// Terraform the machine has (CONTRIBUTING.md, "Generated docs").
//
// Usage: go run ./internal/cmd/genviral-schema -o schema.json
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/genviral/terraform-provider-genviral/internal/provider"
)

// errNoOutput is returned by run when -o is missing.
var errNoOutput = errors.New("missing -o <file>: the path to write the schema JSON to")

func main() {
	out := flag.String("o", "", "write the schema JSON to this file")
	flag.Parse()
	if err := run(context.Background(), *out); err != nil {
		fmt.Fprintln(os.Stderr, "genviral-schema:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out string) error {
	if out == "" {
		return errNoOutput
	}
	b, err := schemaJSON(ctx)
	if err != nil {
		return err
	}
	return os.WriteFile(out, b, 0o600)
}

// schemaJSON is the schema JSON of the provider server that main.go serves.
func schemaJSON(ctx context.Context) ([]byte, error) {
	srv, err := provider.NewServer("schema")()
	if err != nil {
		return nil, err
	}
	schemas, err := providerSchemas(ctx, srv)
	if err != nil {
		return nil, err
	}
	return json.Marshal(schemas)
}
