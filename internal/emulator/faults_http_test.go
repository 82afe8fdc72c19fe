package emulator

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// sendNoRedirect performs a request that does not follow redirects.
func sendNoRedirect(t *testing.T, method, url, key string) (int, http.Header) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", bearer(key))
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header
}

func TestRedirectFault(t *testing.T) {
	srv, base := Start(t, Options{})
	id := createTarget(t, base, WorkspaceKey, "tiktok", "brand")
	srv.SetFaults(Faults{RedirectTo: "http://elsewhere.example:8080/v1", RedirectStatus: 307, RedirectRoutes: []string{RouteDeleteTarget}})
	status, h := sendNoRedirect(t, "DELETE", base+"/analytics/targets/"+id, WorkspaceKey)
	if status != 307 || h.Get("Location") != "http://elsewhere.example:8080/v1" {
		t.Errorf("DELETE: %d Location %q", status, h.Get("Location"))
	}
	if _, ok := srv.Target(id); !ok {
		t.Error("a redirected DELETE deleted the target")
	}
	// Other routes are answered normally.
	wantStatus(t, do(t, "GET", base+"/analytics/targets/"+id, WorkspaceKey, ""), 200)
	// Without routes every request is redirected, with 302 by default.
	srv.SetFaults(Faults{RedirectTo: "https://x.example/"})
	if status, _ := sendNoRedirect(t, "GET", base+"/analytics/targets", WorkspaceKey); status != 302 {
		t.Errorf("status %d, want 302", status)
	}
}

func TestHTML404AndHiddenListFaults(t *testing.T) {
	srv, base := Start(t, Options{})
	id := createTarget(t, base, WorkspaceKey, "tiktok", "brand")
	srv.SetFaults(Faults{HTML404Routes: []string{RouteGetTarget}, HideListedTargets: true})
	r, err := send(context.Background(), t, "GET", base+"/analytics/targets/"+id, bearer(WorkspaceKey), "")
	if err != nil {
		t.Fatal(err)
	}
	if r.status != 404 || r.env != nil || !strings.Contains(string(r.raw), "<html>") {
		t.Errorf("GET target: %d %s", r.status, r.raw)
	}
	list := do(t, "GET", base+"/analytics/targets", WorkspaceKey, "")
	wantStatus(t, list, 200)
	d := data[struct {
		WorkspaceID string            `json:"workspace_id"`
		Targets     []json.RawMessage `json:"targets"`
	}](t, list)
	if len(d.Targets) != 0 || d.WorkspaceID != WorkspaceID {
		t.Errorf("list = %+v, want no rows of workspace %s", d, WorkspaceID)
	}
	if _, ok := srv.Target(id); !ok {
		t.Error("target gone")
	}
	srv.SetFaults(Faults{})
	wantStatus(t, do(t, "GET", base+"/analytics/targets/"+id, WorkspaceKey, ""), 200)
}

func TestMalformed2xxFault(t *testing.T) {
	srv, base := Start(t, Options{Seed: 3})
	srv.SetFaults(Faults{Malformed2xxRate: 1, Routes: []string{RoutePosts}})
	kinds := map[string]bool{}
	for range 4 {
		r, err := send(context.Background(), t, "GET", base+"/analytics/summary/posts", bearer(WorkspaceKey), "")
		if err != nil {
			t.Fatal(err)
		}
		if r.status != 200 || json.Valid(r.raw) {
			t.Errorf("status %d, body %s: want a garbled 200", r.status, r.raw)
		}
		kinds[r.header.Get("Content-Type")] = true
	}
	if len(kinds) != 2 {
		t.Errorf("content types %v, want JSON and HTML", kinds)
	}
	wantStatus(t, do(t, "GET", base+"/analytics/targets", WorkspaceKey, ""), 200)
}

func TestHugeAndShortPageFaults(t *testing.T) {
	srv, base := Start(t, Options{PostsPerTarget: 30})
	createTarget(t, base, WorkspaceKey, "tiktok", "brand")
	srv.SetFaults(Faults{HugePageBytes: 1 << 20, ShortPages: 7})
	r := do(t, "GET", base+"/analytics/summary/posts?limit=20&offset=0&range=all", WorkspaceKey, "")
	wantStatus(t, r, 200)
	if len(r.raw) != 1<<20 {
		t.Errorf("body %d bytes, want %d", len(r.raw), 1<<20)
	}
	d := data[struct {
		Posts      []json.RawMessage `json:"posts"`
		TotalCount int               `json:"totalCount"`
		HasMore    bool              `json:"hasMore"`
	}](t, r)
	if len(d.Posts) != 7 || d.TotalCount != 30 || !d.HasMore {
		t.Errorf("page: %d rows, total %d, hasMore %v; want 7, 30, true", len(d.Posts), d.TotalCount, d.HasMore)
	}
	reqs := srv.Requests()
	if got := reqs[len(reqs)-1].Query.Get("limit"); got != "20" {
		t.Errorf("logged limit %q, want the 20 sent", got)
	}
	// Other routes are not padded.
	if r := do(t, "GET", base+"/analytics/targets", WorkspaceKey, ""); len(r.raw) >= 1<<20 {
		t.Error("target list padded")
	}
}
