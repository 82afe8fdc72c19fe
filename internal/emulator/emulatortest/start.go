// Package emulatortest serves the emulator to tests. It is kept apart from
// package emulator so that the emulator binary does not link "testing".
package emulatortest

import (
	"testing"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
)

// Start serves a new emulator.Server (see emulator.Serve) and returns it with
// its base URL. The server is closed by tb.Cleanup; stalled requests are
// released first.
func Start(tb testing.TB, opts emulator.Options) (*emulator.Server, string) {
	tb.Helper()
	s, url, stop := emulator.Serve(opts)
	tb.Cleanup(stop)
	return s, url
}
