// Command terraform-provider-genviral is the Terraform provider for the
// analytics of the Genviral Partner API.
package main

import (
	"flag"
	"log"
	"os"
	rtdebug "runtime/debug"
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

	softMemoryLimit(os.Getenv, rtdebug.SetMemoryLimit)
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

// defaultMemoryLimit is the provider's soft memory limit (the Go runtime's
// GOMEMLIMIT) unless GOMEMLIMIT is set. The collector lets the heap grow to
// twice its live size before collecting; the limit makes it collect sooner
// when a very large configuration gets there. A plan of 2,000 resources
// peaks near 40 MiB and never reaches it (before provider.NewServer released
// the contexts terraform-plugin-framework keeps, it held over 100 MB live and
// the limit took it from 300 to 200 MiB; see dev-docs/upstream-memory.md).
// It is soft: a larger live heap is never refused, only collected more
// often, which costs CPU (GOMEMLIMIT=off, or a larger value, to avoid that).
const defaultMemoryLimit = 192 << 20

// softMemoryLimit sets defaultMemoryLimit through setLimit unless the
// environment (getenv) has GOMEMLIMIT, which the runtime already applied
// (GOMEMLIMIT=off turns the limit off).
func softMemoryLimit(getenv func(string) string, setLimit func(int64) int64) {
	if getenv("GOMEMLIMIT") != "" {
		return
	}
	setLimit(defaultMemoryLimit)
}
