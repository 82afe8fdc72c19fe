package refresh_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
	"github.com/genviral/terraform-provider-genviral/internal/provider/refresh"
)

// checkCredits asserts the emulator's credit balance.
func checkCredits(e *acctest.TestEnv, want float64) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := e.Srv.Credits(); got != want {
			return fmt.Errorf("credits: got %g, want %g", got, want)
		}
		return nil
	}
}

// isRefreshPoll reports whether r reads the status of a refresh.
func isRefreshPoll(r *http.Request) bool {
	return r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/analytics/refreshes/")
}

// cancelFirstPoll serves the emulator, except that the first poll of a
// refresh interrupts the apply in progress (as Ctrl-C does) and is never
// answered. It returns the base URL.
func cancelFirstPoll(e *acctest.TestEnv, rec *acctest.DiagRecorder) string {
	var done atomic.Bool
	return e.Proxy(func(_ http.ResponseWriter, r *http.Request) bool {
		if !isRefreshPoll(r) || !done.CompareAndSwap(false, true) {
			return false
		}
		rec.CancelApply()
		<-r.Context().Done()
		return true
	})
}

// rewritePollStatus serves the emulator, except that polls of a refresh
// answer status instead of the emulator's until stop is called. It returns
// the base URL.
func rewritePollStatus(e *acctest.TestEnv, status string) (string, func()) {
	var stopped atomic.Bool
	url := e.Proxy(func(w http.ResponseWriter, r *http.Request) bool {
		if !isRefreshPoll(r) || stopped.Load() {
			return false
		}
		rec := e.EmulatorAnswer(r)
		body := regexp.MustCompile(`"status":"[a-z]+"`).ReplaceAll(rec.Body.Bytes(), []byte(`"status":"`+status+`"`))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
		return true
	})
	return url, func() { stopped.Store(true) }
}

// mangleRefreshPOST serves the emulator but, for POST .../refresh, lets the
// emulator really start the refresh and answers what mangle returns.
func mangleRefreshPOST(e *acctest.TestEnv, mangle func(emuBody []byte) (int, string)) string {
	return e.Proxy(func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/refresh") {
			return false
		}
		status, body := mangle(e.EmulatorAnswer(r).Body.Bytes())
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
		return true
	})
}

// invokeRefresh invokes the genviral_analytics_refresh action against the
// test's emulator, as Terraform's InvokeAction would after configuring the
// provider, and returns its diagnostics and progress messages. args are
// the action's arguments (target_id, wait_for_completion, timeout).
func invokeRefresh(e *acctest.TestEnv, args map[string]any) (diag.Diagnostics, []string) {
	e.T.Helper()
	ctx := context.Background()
	a := &refresh.AnalyticsRefreshAction{Data: e.ProviderData()}
	var sr action.SchemaResponse
	a.Schema(ctx, action.SchemaRequest{}, &sr)
	vals := map[string]tftypes.Value{
		"target_id":           tftypes.NewValue(tftypes.String, nil),
		"wait_for_completion": tftypes.NewValue(tftypes.Bool, nil),
		"timeout":             tftypes.NewValue(tftypes.String, nil),
	}
	for k, v := range args {
		switch v := v.(type) {
		case string:
			vals[k] = tftypes.NewValue(tftypes.String, v)
		case bool:
			vals[k] = tftypes.NewValue(tftypes.Bool, v)
		}
	}
	var mu sync.Mutex
	var messages []string
	resp := action.InvokeResponse{SendProgress: func(ev action.InvokeProgressEvent) {
		mu.Lock()
		defer mu.Unlock()
		messages = append(messages, ev.Message)
	}}
	a.Invoke(ctx, action.InvokeRequest{Config: tfsdk.Config{
		Schema: sr.Schema,
		Raw:    tftypes.NewValue(sr.Schema.Type().TerraformType(ctx), vals),
	}}, &resp)
	mu.Lock()
	defer mu.Unlock()
	return resp.Diagnostics, messages
}
