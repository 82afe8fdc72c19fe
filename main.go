// Command terraform-provider-genviral is the Terraform provider for the
// analytics of the Genviral Partner API.
package main

import (
	"flag"
	"log"
	"os"
	"strings"

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
	} else {
		quietUnlessLogged(os.Environ(), os.Setenv)
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

// quietUnlessLogged turns the SDK's and the provider's logging off when no
// TF_LOG* variable is set. Terraform and OpenTofu then discard every log line
// a provider writes (their provider log level is OFF without TF_LOG or
// TF_LOG_PROVIDER), but the plugin SDK would still format its TRACE lines
// (several per attribute of every plan) as JSON: about a fifth of the
// provider's CPU during an apply. Any TF_LOG* variable, and -debug, leave
// logging as the user asked.
func quietUnlessLogged(environ []string, setenv func(key, value string) error) {
	for _, kv := range environ {
		// Names compare case-insensitively: Windows' environment does.
		if strings.HasPrefix(strings.ToUpper(kv), "TF_LOG") {
			return
		}
	}
	for _, key := range []string{"TF_LOG_SDK", "TF_LOG_PROVIDER_GENVIRAL"} {
		if err := setenv(key, "OFF"); err != nil {
			log.Printf("[WARN] cannot set %s: %v", key, err)
		}
	}
}
