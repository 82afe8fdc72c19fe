package genviral_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// Response bodies are read into pooled buffers (client.go). These tests pin
// that a reused buffer never leaks into a result: no stale bytes of a larger
// earlier body, and no result that still points into a buffer a later
// response overwrites.

// detailBody is a GET /analytics/targets/{id} answer for id whose summary is
// padded to about size bytes.
func detailBody(id string, size int) string {
	pad := strings.Repeat(id[len(id)-1:], max(size-200, 1))
	return fmt.Sprintf(`{"ok":true,"code":200,"message":"ok","data":{"target":{"id":%q,"platform":"tiktok","identifier":"@%s","display_name":%q},"summary":{"pad":%q}}}`,
		id, id, "name "+id, pad)
}

func TestBodyBufferReuseKeepsResultsIntact(t *testing.T) {
	sizes := map[string]int{"a": 300_000, "b": 250, "c": 90_000, "d": 250, "e": 2_000_000, "f": 250}
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		id := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		writeRaw(w, 200, detailBody(id, sizes[id]))
	})
	c := newClient(t, f.URL, func(c *genviral.Config) { c.MaxParallel = 1 })
	ctx := context.Background()

	// Large, small, medium, small, larger than the pooled maximum, small:
	// every answer must be exactly its own body, and the results kept from
	// earlier calls must not change when later bodies reuse the buffer.
	got := map[string]*genviral.TargetDetail{}
	for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
		d, err := c.GetTarget(ctx, id)
		if err != nil {
			t.Fatalf("GetTarget(%s): %v", id, err)
		}
		got[id] = d
	}
	for id, d := range got {
		if d.Target.ID != id || d.Target.DisplayName == nil || *d.Target.DisplayName != "name "+id {
			t.Errorf("target %s decoded as %+v", id, d.Target)
		}
		var summary struct{ Pad string }
		if err := json.Unmarshal(d.Summary, &summary); err != nil {
			t.Errorf("summary of %s is no longer valid JSON (overwritten?): %v", id, err)
			continue
		}
		if want := strings.Repeat(id, max(sizes[id]-200, 1)); summary.Pad != want {
			t.Errorf("summary of %s changed: %d bytes, first %q", id, len(summary.Pad), summary.Pad[:min(len(summary.Pad), 8)])
		}
	}
}

func TestBodyBufferReuseErrorBodies(t *testing.T) {
	// A non-JSON error body after a large JSON body: the message quotes the
	// error body only, without bytes left over from the previous one.
	calls := 0
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			writeRaw(w, 200, detailBody("big1", 100_000))
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html>bad gateway</html>"))
	})
	c := newClient(t, f.URL, func(c *genviral.Config) { c.MaxRetries = 0 })
	ctx := context.Background()
	if _, err := c.GetTarget(ctx, "big1"); err != nil {
		t.Fatal(err)
	}
	_, err := c.GetTarget(ctx, "x")
	e := mustAPIError(t, err)
	if !strings.HasSuffix(e.Message, ": <html>bad gateway</html>") || strings.Contains(e.Message, "big1") {
		t.Errorf("message = %q, want it to end with the HTML body and nothing of the earlier body", e.Message)
	}
}

func TestBodyBufferReuseConcurrent(t *testing.T) {
	// Many requests in flight share the pool: each result is its own body.
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		id := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		size := 250
		if strings.HasSuffix(id, "7") {
			size = 120_000
		}
		writeRaw(w, 200, detailBody(id, size))
	})
	c := newClient(t, f.URL, func(c *genviral.Config) { c.MaxParallel = 8 })
	ctx := context.Background()
	var wg sync.WaitGroup
	results := make([]*genviral.TargetDetail, 200)
	errs := make([]error, len(results))
	for i := range results {
		wg.Go(func() {
			results[i], errs[i] = c.GetTarget(ctx, fmt.Sprintf("id%03d", i))
		})
	}
	wg.Wait()
	for i, d := range results {
		id := fmt.Sprintf("id%03d", i)
		if errs[i] != nil {
			t.Fatalf("GetTarget(%s): %v", id, errs[i])
		}
		var summary struct{ Pad string }
		if d.Target.ID != id || json.Unmarshal(d.Summary, &summary) != nil || strings.Trim(summary.Pad, id[len(id)-1:]) != "" {
			t.Errorf("result %d mixed up: target %q, summary %.40s", i, d.Target.ID, d.Summary)
		}
	}
}
