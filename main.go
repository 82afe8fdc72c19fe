// Command terraform-provider-genviral is the Terraform provider for the
// analytics of the Genviral Partner API.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/genviral/terraform-provider-genviral/internal/provider"
)

// version is set by goreleaser (or `make build`) through -ldflags.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	serverFunc := provider.NewServer(version)
	// The server is created once, at start-up: a failure is fatal there.
	srv, err := serverFunc()
	if err != nil {
		log.Fatal(err.Error())
	}
	err = tf6server.Serve("registry.terraform.io/genviral/genviral", func() tfprotov6.ProviderServer { return srv }, opts...)
	if err != nil {
		log.Fatal(err.Error())
	}
}
