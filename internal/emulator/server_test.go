package emulator

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

func TestAuth(t *testing.T) {
	srv, base := Start(t, Options{})
	srv.SetKeyError("gva_live_nosub01.secret", http.StatusPaymentRequired, "subscription_required")
	srv.SetKeyError("gva_live_sched01.secret", http.StatusForbidden, "tier_not_allowed")
	srv.AddKey("gva_live_other01.secret", Scope{WorkspaceID: "11111111-2222-4333-8444-555555555555", UserID: UserID})
	srv.SetKeyError(PersonalKey, http.StatusForbidden, "tier_not_allowed")
	srv.SetKeyError(PersonalKey, 0, "") // cleared again

	tests := []struct {
		name   string
		header string // full Authorization header; "" sends none
		status int
		code   string
	}{
		{name: "no header", status: 401, code: "invalid_token"},
		{name: "unknown key", header: "Bearer gva_live_nobody.secret", status: 401, code: "invalid_token"},
		{name: "wrong scheme", header: "Token " + WorkspaceKey, status: 401, code: "invalid_token"},
		{name: "bare key", header: WorkspaceKey, status: 401, code: "invalid_token"},
		{name: "empty bearer", header: "Bearer ", status: 401, code: "invalid_token"},
		{name: "workspace key", header: "Bearer " + WorkspaceKey, status: 200},
		{name: "personal key", header: "Bearer " + PersonalKey, status: 200},
		{name: "scheme is case-insensitive", header: "bearer " + WorkspaceKey, status: 200},
		{name: "added key", header: "Bearer gva_live_other01.secret", status: 200},
		{name: "subscription required", header: "Bearer gva_live_nosub01.secret", status: 402, code: "subscription_required"},
		{name: "tier not allowed", header: "Bearer gva_live_sched01.secret", status: 403, code: "tier_not_allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := doAuth(t, "GET", base+"/analytics/targets", tt.header, "")
			if tt.code == "" {
				wantStatus(t, r, tt.status)
				return
			}
			wantError(t, r, tt.status, tt.code)
			if tt.status == 401 && str(t, r.env["message"]) != "API key not found" {
				t.Errorf("message = %s", r.env["message"])
			}
		})
	}
}

func TestRouting(t *testing.T) {
	_, base := Start(t, Options{})
	root := strings.TrimSuffix(base, BasePath)
	tests := []struct {
		name, method, url, key string
		status                 int
		code                   string
	}{
		{"unknown path, no key", "GET", base + "/analytics/nope", "", 404, "not_found"},
		{"outside analytics", "GET", root + "/api/partner/v1/posts", WorkspaceKey, 404, "not_found"},
		{"too deep", "GET", base + "/analytics/targets/a/b/c", WorkspaceKey, 404, "not_found"},
		{"wrong method on list", "PUT", base + "/analytics/targets", WorkspaceKey, 405, "method_not_allowed"},
		{"wrong method on refresh", "GET", base + "/analytics/targets/x/refresh", WorkspaceKey, 405, "method_not_allowed"},
		// Like the API: a base URL without /api/partner/v1, or another
		// version, reaches no route.
		{"without base path", "GET", root + "/analytics/targets", WorkspaceKey, 404, "not_found"},
		{"another version", "GET", root + "/api/partner/v2/analytics/targets", WorkspaceKey, 404, "not_found"},
		{"empty target id", "GET", base + "/analytics/targets/", WorkspaceKey, 400, "missing_target_id"},
		{"empty target id on patch", "PATCH", base + "/analytics/targets/", WorkspaceKey, 400, "missing_target_id"},
		{"empty target id on delete", "DELETE", base + "/analytics/targets/", WorkspaceKey, 400, "missing_target_id"},
		{"empty target id on refresh", "POST", base + "/analytics/targets//refresh", WorkspaceKey, 400, "missing_target_id"},
		{"empty refresh id", "GET", base + "/analytics/refreshes/", WorkspaceKey, 400, "missing_refresh_id"},
		{"auth before missing id", "GET", base + "/analytics/targets/", "", 401, "invalid_token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, tt.method, tt.url, tt.key, "")
			if tt.code == "" {
				wantStatus(t, r, tt.status)
				return
			}
			wantError(t, r, tt.status, tt.code)
		})
	}
	t.Run("Allow header", func(t *testing.T) {
		r := do(t, "PUT", base+"/analytics/targets/x", WorkspaceKey, "")
		if got := r.header.Get("Allow"); got != "DELETE, GET, PATCH" {
			t.Errorf("Allow = %q", got)
		}
	})
}

func TestCountsAndRequestLog(t *testing.T) {
	srv, base := Start(t, Options{})
	id := createTarget(t, base, WorkspaceKey, "tiktok", "@counted")
	srv.ResetCounts()
	if srv.TotalCount() != 0 || len(srv.Requests()) != 0 {
		t.Fatal("ResetCounts did not clear")
	}

	do(t, "GET", base+"/analytics/targets", WorkspaceKey, "")
	do(t, "GET", base+"/analytics/targets", "", "") // rejected, still counted
	do(t, "PATCH", base+"/analytics/targets/"+id, WorkspaceKey, `{"favorite":true}`)
	do(t, "GET", base+"/analytics/summary/posts?limit=5&sortBy=views", PersonalKey, "")
	do(t, "GET", base+"/analytics/nowhere", WorkspaceKey, "")
	srv.SetFaults(Faults{RateLimitBurst: 1})
	do(t, "DELETE", base+"/analytics/targets/"+id, WorkspaceKey, "") // faulted, still counted

	counts := map[string]int{
		RouteListTargets:   2,
		RouteCreateTarget:  0,
		RouteUpdateTarget:  1,
		RoutePosts:         1,
		RouteDeleteTarget:  1,
		RouteGetTarget:     0,
		RouteRefreshTarget: 0,
		RouteGetRefresh:    0,
		RouteSummary:       0,
		RouteSuggestions:   0,
	}
	for route, want := range counts {
		if got := srv.Count(route); got != want {
			t.Errorf("Count(%q) = %d, want %d", route, got, want)
		}
	}
	if got := srv.TotalCount(); got != 6 {
		t.Errorf("TotalCount = %d, want 6", got)
	}

	log := srv.Requests()
	if len(log) != 6 {
		t.Fatalf("len(Requests) = %d, want 6", len(log))
	}
	want := []struct {
		method, route string
		status        int
		authorized    bool
	}{
		{"GET", RouteListTargets, 200, true},
		{"GET", RouteListTargets, 401, false},
		{"PATCH", RouteUpdateTarget, 200, true},
		{"GET", RoutePosts, 200, true},
		{"GET", "GET " + BasePath + "/analytics/nowhere", 404, true},
		{"DELETE", RouteDeleteTarget, 429, true},
	}
	for i, w := range want {
		got := log[i]
		if got.Method != w.method || got.Route != w.route || got.Status != w.status || got.Authorized != w.authorized {
			t.Errorf("log[%d] = %+v, want %+v", i, got, w)
		}
	}
	if log[2].Path != BasePath+"/analytics/targets/"+id || string(log[2].Body) != `{"favorite":true}` {
		t.Errorf("log[2] path/body = %q %q", log[2].Path, log[2].Body)
	}
	if log[3].Query.Get("limit") != "5" || log[3].Query.Get("sortBy") != "views" {
		t.Errorf("log[3].Query = %v", log[3].Query)
	}

	// The log is a copy.
	log[2].Body[0] = 'X'
	log[3].Query.Set("limit", "99")
	again := srv.Requests()
	if again[2].Body[0] != '{' || again[3].Query.Get("limit") != "5" {
		t.Error("Requests returned shared memory")
	}
}

func TestOutOfBandHelpers(t *testing.T) {
	srv, base := Start(t, Options{PostsPerTarget: 3})
	a := srv.SeedTarget(WorkspaceScope(), "tiktok", "@Alpha", "Alpha")
	b := srv.SeedTarget(WorkspaceScope(), "youtube", "beta", "")
	p := srv.SeedTarget(PersonalScope(), "instagram", "@gamma", "")
	if again := srv.SeedTarget(WorkspaceScope(), "tiktok", "alpha", "Other"); again.ID != a.ID || again.DisplayName != "Alpha" {
		t.Errorf("SeedTarget did not de-duplicate: %+v", again)
	}
	if srv.TotalCount() != 0 {
		t.Error("SeedTarget touched the counters")
	}
	if a.NormalizedIdentifier != "alpha" || a.Identifier != "@Alpha" || !a.FreeRefreshAvailable ||
		a.WorkspaceID != WorkspaceID || a.UserID != UserID || !uuidV4.MatchString(a.ID) {
		t.Errorf("seeded target = %+v", a)
	}
	if p.WorkspaceID != "" || p.UserID != UserID {
		t.Errorf("personal target scope = %q/%q", p.WorkspaceID, p.UserID)
	}

	ws := srv.Targets(WorkspaceScope())
	if len(ws) != 2 || ws[0].ID != a.ID || ws[1].ID != b.ID {
		t.Fatalf("Targets(workspace) = %+v", ws)
	}
	if got := srv.Targets(PersonalScope()); len(got) != 1 || got[0].ID != p.ID {
		t.Fatalf("Targets(personal) = %+v", got)
	}

	// Snapshots are copies.
	do(t, "PATCH", base+"/analytics/targets/"+a.ID, WorkspaceKey, `{"favorite":true,"refreshPolicy":{"maxPosts":5}}`)
	snap, ok := srv.Target(a.ID)
	if !ok || snap.Favorite == nil || !*snap.Favorite || snap.RefreshPolicy["maxPosts"] != 5.0 {
		t.Fatalf("Target = %+v", snap)
	}
	*snap.Favorite = false
	snap.RefreshPolicy["maxPosts"] = 1.0
	if again, _ := srv.Target(a.ID); !*again.Favorite || again.RefreshPolicy["maxPosts"] != 5.0 {
		t.Error("Target returned shared memory")
	}

	// SetPosts regenerates deterministically.
	srv.SetPosts(b.ID, 7)
	r := do(t, "GET", base+"/analytics/summary/posts?range=all&accounts="+b.ID, WorkspaceKey, "")
	if d := data[struct {
		TotalCount int `json:"totalCount"`
	}](t, r); d.TotalCount != 7 {
		t.Errorf("totalCount after SetPosts = %d", d.TotalCount)
	}
	srv.SetPosts("no-such-target", 3) // no effect, no panic

	// MoveTarget: the target leaves the workspace scope.
	if !srv.MoveTarget(b.ID, PersonalScope()) {
		t.Fatal("MoveTarget failed")
	}
	wantError(t, do(t, "GET", base+"/analytics/targets/"+b.ID, WorkspaceKey, ""), 404, "not_found")
	wantStatus(t, do(t, "GET", base+"/analytics/targets/"+b.ID, PersonalKey, ""), 200)
	if srv.MoveTarget("missing", PersonalScope()) {
		t.Error("MoveTarget of a missing target succeeded")
	}

	// RemoveTarget.
	if !srv.RemoveTarget(a.ID) || srv.RemoveTarget(a.ID) {
		t.Error("RemoveTarget results wrong")
	}
	if _, ok := srv.Target(a.ID); ok {
		t.Error("removed target still present")
	}
	wantError(t, do(t, "GET", base+"/analytics/targets/"+a.ID, WorkspaceKey, ""), 404, "not_found")
	if srv.Now() != defaultNow {
		t.Errorf("Now = %v", srv.Now())
	}
}

func TestConcurrentUse(t *testing.T) {
	srv, base := Start(t, Options{PostsPerTarget: 5})
	// Goroutines must not call t.Fatal: report with t.Error only.
	call := func(method, path, key, body string, want int) []byte {
		r, err := send(context.Background(), t, method, base+path, bearer(key), body)
		if err != nil || r.status != want {
			t.Errorf("%s %s: status %d, err %v, body %s", method, path, r.status, err, r.raw)
		}
		return r.raw
	}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			key := WorkspaceKey
			if i%2 == 1 {
				key = PersonalKey
			}
			raw := call("POST", "/analytics/targets", key, fmt.Sprintf(`{"platform":"tiktok","identifier":"@user%d"}`, i), 201)
			var created struct {
				Data struct {
					Target struct {
						ID string `json:"id"`
					} `json:"target"`
				} `json:"data"`
			}
			if err := json.Unmarshal(raw, &created); err != nil {
				t.Error(err)
				return
			}
			call("GET", "/analytics/targets", key, "", 200)
			call("PATCH", "/analytics/targets/"+created.Data.Target.ID, key, `{"displayName":"x"}`, 200)
			call("GET", "/analytics/summary/posts?range=all", key, "", 200)
			srv.Targets(WorkspaceScope())
			srv.Requests()
		})
	}
	wg.Wait()
	if n := len(srv.Targets(WorkspaceScope())) + len(srv.Targets(PersonalScope())); n != 16 {
		t.Errorf("targets = %d, want 16", n)
	}
	if got := srv.Count(RouteCreateTarget); got != 16 {
		t.Errorf("creates counted = %d", got)
	}
}
