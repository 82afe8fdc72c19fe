// Command terraform-provider-genviral is the Terraform provider for the
// analytics of the Genviral Partner API.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/genviral/terraform-provider-genviral/internal/provider"
)

// version is set by goreleaser (or `make build`) through -ldflags.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/genviral/genviral",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
