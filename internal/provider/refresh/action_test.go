package refresh_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
	"github.com/genviral/terraform-provider-genviral/internal/provider/refresh"
)

// TestAnalyticsRefreshAction_invoke: one invocation sends one refresh POST,
// reports progress before, while and after it waits, and explains every
// refusal like the resource does, without retrying the POST.
func TestAnalyticsRefreshAction_invoke(t *testing.T) {
	t.Parallel()
	type tc struct {
		opts    emulator.Options
		setup   func(e *acctest.TestEnv, targetID string)
		args    map[string]any
		posts   int    // refresh POSTs in all, setup's included
		want    string // pattern of the diagnostics; "" for none
		message string // pattern one progress message must match
	}
	cases := map[string]tc{
		"waits and reports progress": {
			opts: emulator.Options{RefreshPolls: 6}, posts: 1,
			message: `^Refresh \S+ still running \(`,
		},
		"completed": {
			posts: 1, message: `^Refresh \S+ of analytics target \S+ completed \(0 credits spent\)$`,
		},
		"no wait": {
			opts: emulator.Options{RefreshPolls: 100}, args: map[string]any{"wait_for_completion": false}, posts: 1,
			message: `is pending; not waiting for it`,
		},
		"already running (409)": {
			opts: emulator.Options{RefreshPolls: 100},
			setup: func(e *acctest.TestEnv, id string) {
				invokeRefresh(e, map[string]any{"target_id": id, "wait_for_completion": false})
			},
			posts: 2, want: `(?s)^Error: Analytics Refresh Already Running: .*HTTP 409.*started nothing`,
		},
		"rate limited (429)": {
			setup: func(e *acctest.TestEnv, _ string) {
				e.Srv.SetFaults(emulator.Faults{RateLimitBurst: 5, Routes: []string{emulator.RouteRefreshTarget}})
			},
			posts: 1, want: `(?s)^Error: Analytics Refresh Rate Limited: .*HTTP 429.*never retries`,
		},
		"rate limited (429) with Retry-After": {
			setup: func(e *acctest.TestEnv, _ string) {
				e.Srv.SetFaults(emulator.Faults{RateLimitBurst: 5, RetryAfter: "120", Routes: []string{emulator.RouteRefreshTarget}})
			},
			posts: 1, want: `(?s)^Error: Analytics Refresh Rate Limited: .*asks to wait 2m0s \(Retry-After\): wait that long, then invoke`,
		},
		"timeout before the request is sent": {
			args: map[string]any{"timeout": "1ns"}, posts: 0,
			want: `(?s)^Error: Unable to Refresh Analytics Target: .*never sent.*no refresh was started`,
		},
		"no credits (402)": {
			setup: func(e *acctest.TestEnv, id string) {
				invokeRefresh(e, map[string]any{"target_id": id}) // the free daily refresh
				e.Srv.SetCredits(1)
			},
			posts: 2, want: `(?s)^Error: Not Enough Credits for Analytics Refresh: .*HTTP 402.*Add credits`,
		},
		"failed": {
			setup: func(e *acctest.TestEnv, id string) { e.Srv.SetRefreshOutcome(id, "the platform is down") },
			posts: 1, want: `(?s)^Error: Analytics Refresh Failed: .*the platform is down`,
		},
		"timeout": {
			opts: emulator.Options{RefreshPolls: 1 << 20}, args: map[string]any{"timeout": "100ms"},
			posts: 1, want: `(?s)^Warning: Stopped Waiting for Analytics Refresh: .*goes on\s+on the server.*timeout \(100ms\) elapsed`,
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := acctest.NewTestEnv(t, c.opts)
			tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@brand", "")
			if c.setup != nil {
				c.setup(e, tg.ID)
			}
			args := map[string]any{"target_id": tg.ID}
			for k, v := range c.args {
				args[k] = v
			}
			diags, messages := invokeRefresh(e, args)
			got := acctest.DiagText(diags)
			switch {
			case c.want == "" && got != "":
				t.Errorf("unexpected diagnostics:\n%s", got)
			case c.want != "" && !regexp.MustCompile(c.want).MatchString(got):
				t.Errorf("diagnostics do not match %s:\n%s", c.want, got)
			}
			if n := e.Srv.Count(emulator.RouteRefreshTarget); n != c.posts {
				t.Errorf("got %d refresh POSTs, want %d (never retried): %s", n, c.posts, e.RequestSummary())
			}
			if len(messages) == 0 || !strings.HasPrefix(messages[0], "Starting a refresh of analytics target "+tg.ID) {
				t.Errorf("the first progress message does not announce the refresh: %q", messages)
			}
			if c.message != "" && !acctest.SlicesMatch(messages, regexp.MustCompile(c.message)) {
				t.Errorf("no progress message matches %s: %q", c.message, messages)
			}
		})
	}
}

// TestAccAnalyticsRefreshAction_invokeCLI: `terraform apply -invoke` runs
// the action once (one refresh POST), shows its progress, and plans change
// nothing; an invalid target_id fails validation with no request.
func TestAccAnalyticsRefreshAction_invokeCLI(t *testing.T) {
	c := acctest.NewCLIRun(t, "1.14.0")
	e := acctest.NewTestEnv(t, emulator.Options{RefreshPolls: 3})
	tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@brand", "")
	c.Write("main.tf", `terraform {
  required_providers {
    genviral = { source = "genviral/genviral" }
  }
}
`+e.Provider()+fmt.Sprintf(`
action "genviral_analytics_refresh" "now" {
  config {
    target_id = %q
  }
}
`, tg.ID))
	ok := []int{0}
	c.Run(ok, "init", "-no-color")
	if code, out := c.Run([]int{0, 2}, "plan", "-no-color", "-detailed-exitcode"); code != 0 || e.Srv.Count(emulator.RouteRefreshTarget) != 0 {
		t.Fatalf("a plan without -invoke must do nothing (exit %d, %d refresh POSTs):\n%s", code, e.Srv.Count(emulator.RouteRefreshTarget), out)
	}
	_, out := c.Run(ok, "apply", "-no-color", "-auto-approve", "-invoke=action.genviral_analytics_refresh.now")
	t.Logf("apply -invoke:\n%s", out)
	if n := e.Srv.Count(emulator.RouteRefreshTarget); n != 1 {
		t.Errorf("got %d refresh POSTs, want 1: %s", n, e.RequestSummary())
	}
	for _, want := range []string{"Starting a refresh of analytics target " + tg.ID, "completed (0 credits spent)"} {
		if !strings.Contains(out, want) {
			t.Errorf("the apply output does not show the progress message %q", want)
		}
	}

	c.Write("main.tf", strings.Replace(c.Read("main.tf"), tg.ID, "@brand", 1))
	code, out := c.Run([]int{1}, "apply", "-no-color", "-auto-approve", "-invoke=action.genviral_analytics_refresh.now")
	if code != 1 || !strings.Contains(out, `"@brand" is an account handle`) {
		t.Errorf("a handle as target_id must fail validation:\n%s", out)
	}
	if n := e.Srv.Count(emulator.RouteRefreshTarget); n != 1 {
		t.Errorf("got %d refresh POSTs after the invalid invocation, want still 1", n)
	}
}

// TestAnalyticsRefreshAction_invalidValuesAtInvoke: a value Terraform could
// not validate (it came from a variable or a reference) is refused by the
// invocation itself, on its attribute, before any request: an unparsable
// timeout used to become a zero deadline and an error saying that a refresh
// may have started.
func TestAnalyticsRefreshAction_invalidValuesAtInvoke(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		args map[string]any
		want string
	}{
		"not a duration":   {args: map[string]any{"timeout": "abc"}, want: `(?s)^Error: Invalid Duration: "abc" is not a duration`},
		"zero timeout":     {args: map[string]any{"timeout": "0s"}, want: `(?s)^Error: Duration Out of Range: "0s" must be greater than 0`},
		"timeout too long": {args: map[string]any{"timeout": "2h"}, want: `(?s)^Error: Duration Out of Range: "2h" must be greater than 0 and at most 1h0m0s`},
		"handle as id":     {args: map[string]any{"target_id": "@brand"}, want: `(?s)^Error: Invalid Target ID: .*"@brand" is an account handle`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := acctest.NewTestEnv(t, emulator.Options{})
			tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@brand", "")
			args := map[string]any{"target_id": tg.ID}
			for k, v := range c.args {
				args[k] = v
			}
			diags, messages := invokeRefresh(e, args)
			if got := acctest.DiagText(diags); !regexp.MustCompile(c.want).MatchString(got) {
				t.Errorf("diagnostics do not match %s:\n%s", c.want, got)
			}
			if len(messages) != 0 {
				t.Errorf("an invalid invocation reported progress: %q", messages)
			}
			if n := len(e.Srv.Requests()); n != 0 {
				t.Errorf("an invalid invocation sent %d requests, want none: %s", n, e.RequestSummary())
			}
		})
	}
}

// TestAccAnalyticsRefreshAction_invalidVariable: Terraform validates an
// action's configuration before it knows the values of variables, and not
// again; a timeout from a variable is still refused at plan and at apply,
// and nothing is sent.
func TestAccAnalyticsRefreshAction_invalidVariable(t *testing.T) {
	c := acctest.NewCLIRun(t, "1.14.0")
	e := acctest.NewTestEnv(t, emulator.Options{})
	tg := e.Srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@brand", "")
	c.Write("main.tf", `terraform {
  required_providers {
    genviral = { source = "genviral/genviral" }
  }
}
`+e.Provider()+fmt.Sprintf(`
variable "timeout" {
  type = string
}
action "genviral_analytics_refresh" "now" {
  config {
    target_id = %q
    timeout   = var.timeout
  }
}
`, tg.ID))
	c.Run([]int{0}, "init", "-no-color")
	for _, cmd := range [][]string{{"plan"}, {"apply", "-auto-approve"}} {
		_, out := c.Run([]int{1}, append(cmd, "-no-color", "-var", "timeout=abc", "-invoke=action.genviral_analytics_refresh.now")...)
		// The diagnostic carries the attribute's path; Terraform 1.14 shows
		// the attribute's line, 1.16 the action's config block.
		if !strings.Contains(out, `Error: Invalid Duration`) || !strings.Contains(out, `"abc" is not a duration`) ||
			!strings.Contains(out, `in action "genviral_analytics_refresh" "now"`) {
			t.Errorf("%s: an invalid timeout from a variable must fail on the action, naming the value:\n%s", cmd[0], out)
		}
	}
	if n := len(e.Srv.Requests()); n != 0 {
		t.Errorf("sent %d requests, want none: %s", n, e.RequestSummary())
	}
}

// TestWarnActionStoppedWaiting_interrupted: an interruption (Ctrl-C) is
// named as such, not as a failed status read ("context canceled").
func TestWarnActionStoppedWaiting_interrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := &genviral.Refresh{ID: "r1", Status: genviral.RefreshProcessing}
	d := refresh.WarnActionStoppedWaiting(ctx, r, "t1", time.Minute, ctx.Err())
	if got := d.Detail(); !strings.Contains(got, "stopped waiting for it: Terraform was interrupted (for example Ctrl-C).") ||
		strings.Contains(got, "reading its status failed") {
		t.Errorf("the warning does not say that Terraform was interrupted:\n%s", got)
	}
}
