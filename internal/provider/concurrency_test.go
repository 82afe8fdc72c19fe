package provider

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// An apply sends as many creates at once as Terraform works on (its
// default -parallelism is 10, the default max_parallel_requests), not a
// fixed 4; against an API that takes 2 requests at once it backs off
// instead of having most creates refused.
func TestAccConcurrency_appliesAdaptToTheAPI(t *testing.T) {
	e := newTestEnv(t, emulator.Options{})
	const n = 30
	refused := func() int {
		c := 0
		for _, r := range e.srv.Requests() {
			if r.Status == http.StatusTooManyRequests {
				c++
			}
		}
		return c
	}
	parallelTest(t, resource.TestCase{
		CheckDestroy: e.checkTargets(),
		Steps: []resource.TestStep{
			// A healthy API: creates take 300 ms each.
			e.withFaults(emulator.Faults{Latency: 300 * time.Millisecond, Routes: []string{emulator.RouteCreateTarget}}, resource.TestStep{
				PreConfig: e.resetCounts(),
				Config:    e.config(targetsHCL("healthy", n)),
				Check: func(*terraform.State) error {
					if peak := e.srv.PeakInFlight(); peak <= 4 {
						return fmt.Errorf("at most %d requests were in flight at once during %d creates, want more than 4 (Terraform works on 10 resources at once; default max_parallel_requests %d)", peak, n, genviral.DefaultMaxParallel)
					}
					if got := e.srv.Count(emulator.RouteCreateTarget); got != n {
						return fmt.Errorf("%d create requests, want %d", got, n)
					}
					return nil
				},
			}),
			// An API that takes 2 requests at once and answers 429 beyond:
			// every create lands, and fewer requests are refused than there
			// are creates.
			e.withFaults(emulator.Faults{Latency: 50 * time.Millisecond, MaxInFlight: 2, RetryAfter: "0", Routes: []string{emulator.RouteCreateTarget}}, resource.TestStep{
				PreConfig: e.resetCounts(),
				Config:    e.provider(`max_retries = 10`) + targetsHCL("healthy", n) + targetsHCL("limited", n),
				Check: func(*terraform.State) error {
					t.Logf("%d creates against an API of 2 requests at once: %d refused with 429, %d create requests", n, refused(), e.srv.Count(emulator.RouteCreateTarget))
					if got := refused(); got >= n {
						return fmt.Errorf("%d create requests were refused with 429 for %d creates, want fewer than %d", got, n, n)
					}
					if got := len(e.srv.Targets(emulator.WorkspaceScope())); got != 2*n {
						return fmt.Errorf("the workspace tracks %d targets, want %d", got, 2*n)
					}
					return nil
				},
			}),
		},
	})
}
