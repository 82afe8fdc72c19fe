package genviral_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

func TestListTargetsDecodesContractExample(t *testing.T) {
	t.Parallel()
	const body = `{
  "ok": true, "code": 200, "message": "Analytics targets retrieved",
  "data": {
    "workspace_id": "0b8e6c1a-5d2f-4f7e-9a61-3c2d8e7f1a90",
    "targets": [
      { "id": "a1f0c2d4-7b3e-4e9a-8c15-2f6d9b0e4a77",
        "target_id": "a1f0c2d4-7b3e-4e9a-8c15-2f6d9b0e4a77",
        "platform": "instagram", "identifier": "@acme.coffee",
        "display_name": "Acme Coffee", "free_refresh_available": false,
        "last_snapshot": {"followers": 12}, "unknown_field": [1,2,3] }
    ]
  }
}`
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeRaw(w, 200, body) })
	c := newClient(t, f.URL)
	l, err := c.ListTargets(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if l.WorkspaceID == nil || *l.WorkspaceID != "0b8e6c1a-5d2f-4f7e-9a61-3c2d8e7f1a90" || len(l.Targets) != 1 {
		t.Fatalf("list = %+v", l)
	}
	tg := l.Targets[0]
	if tg.ID != "a1f0c2d4-7b3e-4e9a-8c15-2f6d9b0e4a77" || tg.TargetID != tg.ID || tg.Platform != "instagram" ||
		tg.Identifier != "@acme.coffee" || tg.DisplayName == nil || *tg.DisplayName != "Acme Coffee" ||
		tg.FreeRefreshAvailable == nil || *tg.FreeRefreshAvailable || tg.UserID != nil || tg.NormalizedIdentifier != nil {
		t.Errorf("target = %+v", tg)
	}

	// Personal scope: workspace_id null.
	f2 := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		writeRaw(w, 200, `{"ok":true,"code":200,"message":"","data":{"workspace_id":null,"targets":[]}}`)
	})
	l2, err := newClient(t, f2.URL).ListTargets(context.Background())
	if err != nil || l2.WorkspaceID != nil || len(l2.Targets) != 0 {
		t.Errorf("personal list = %+v, %v", l2, err)
	}
}

func TestUpdateTargetRequestJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    genviral.UpdateTargetRequest
		want  string
		empty bool
	}{
		{"empty", genviral.UpdateTargetRequest{}, `{}`, true},
		{"display name", genviral.UpdateTargetRequest{DisplayName: genviral.Value("Acme")}, `{"displayName":"Acme"}`, false},
		{"display name empty string", genviral.UpdateTargetRequest{DisplayName: genviral.Value("")}, `{"displayName":""}`, false},
		{"display name null", genviral.UpdateTargetRequest{DisplayName: genviral.Null[string]()}, `{"displayName":null}`, false},
		{"favorite false", genviral.UpdateTargetRequest{Favorite: genviral.Value(false)}, `{"favorite":false}`, false},
		{"favorite null", genviral.UpdateTargetRequest{Favorite: genviral.Null[bool]()}, `{"favorite":null}`, false},
		{"policy", genviral.UpdateTargetRequest{RefreshPolicy: genviral.Value(genviral.RefreshPolicy{FreeDailyRefresh: genviral.Value(true), MaxPosts: genviral.Value[int64](50)})},
			`{"refreshPolicy":{"freeDailyRefresh":true,"maxPosts":50}}`, false},
		{"policy partial", genviral.UpdateTargetRequest{RefreshPolicy: genviral.Value(genviral.RefreshPolicy{FreeDailyRefresh: genviral.Value(false)})},
			`{"refreshPolicy":{"freeDailyRefresh":false}}`, false},
		{"policy zero max", genviral.UpdateTargetRequest{RefreshPolicy: genviral.Value(genviral.RefreshPolicy{MaxPosts: genviral.Value[int64](0)})},
			`{"refreshPolicy":{"maxPosts":0}}`, false},
		{"policy member null", genviral.UpdateTargetRequest{RefreshPolicy: genviral.Value(genviral.RefreshPolicy{MaxPosts: genviral.Null[int64]()})},
			`{"refreshPolicy":{"maxPosts":null}}`, false},
		{"policy empty", genviral.UpdateTargetRequest{RefreshPolicy: genviral.Value(genviral.RefreshPolicy{})},
			`{"refreshPolicy":{}}`, false},
		{"policy null", genviral.UpdateTargetRequest{RefreshPolicy: genviral.Null[genviral.RefreshPolicy]()}, `{"refreshPolicy":null}`, false},
		{"null ignores value", genviral.UpdateTargetRequest{DisplayName: genviral.Field[string]{Set: true, Null: true, Value: "x"}}, `{"displayName":null}`, false},
		{"unset ignores value", genviral.UpdateTargetRequest{DisplayName: genviral.Field[string]{Value: "x"}}, `{}`, true},
		{"all", genviral.UpdateTargetRequest{
			DisplayName:   genviral.Value("N"),
			Favorite:      genviral.Value(true),
			RefreshPolicy: genviral.Value(genviral.RefreshPolicy{MaxPosts: genviral.Value[int64](10)}),
		}, `{"displayName":"N","favorite":true,"refreshPolicy":{"maxPosts":10}}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("json = %s, want %s", got, tt.want)
			}
			if tt.in.IsEmpty() != tt.empty {
				t.Errorf("IsEmpty = %v, want %v", tt.in.IsEmpty(), tt.empty)
			}
			// No snake_case or Go field names may leak into the body.
			for _, bad := range []string{"display_name", "refresh_policy", "DisplayName", "Set", "Null", "Value"} {
				if strings.Contains(string(got), `"`+bad+`"`) {
					t.Errorf("json %s contains key %q", got, bad)
				}
			}
		})
	}
}

func TestUpdateTarget(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		writeRaw(w, 200, `{ "ok": true, "code": 200, "message": "Analytics target updated",
  "data": { "id": "5c9d2e41-0a7b-4c3f-b8e2-91d4f6a0c3b5", "platform": "tiktok",
            "identifier": "@northwind_labs", "display_name": "Northwind Labs",
            "metadata": { "favorite": false } } }`)
	})
	c := newClient(t, f.URL)
	ctx := context.Background()

	if _, err := c.UpdateTarget(ctx, "5c9d2e41", genviral.UpdateTargetRequest{}); err == nil {
		t.Error("empty update accepted")
	}
	if _, err := c.UpdateTarget(ctx, "", genviral.UpdateTargetRequest{Favorite: genviral.Value(true)}); err == nil {
		t.Error("empty id accepted")
	}
	if n := f.count(); n != 0 {
		t.Fatalf("refused updates sent %d requests", n)
	}

	tg, err := c.UpdateTarget(ctx, "5c9d2e41-0a7b-4c3f-b8e2-91d4f6a0c3b5", genviral.UpdateTargetRequest{
		DisplayName: genviral.Value("Northwind Labs"), Favorite: genviral.Value(false),
	})
	if err != nil {
		t.Fatal(err)
	}
	if tg.ID != "5c9d2e41-0a7b-4c3f-b8e2-91d4f6a0c3b5" || tg.DisplayName == nil || *tg.DisplayName != "Northwind Labs" ||
		tg.Metadata == nil || tg.Metadata.Favorite == nil || *tg.Metadata.Favorite {
		t.Errorf("target = %+v", tg)
	}
	r := f.requests()[0]
	if r.Method != http.MethodPatch || r.Path != "/analytics/targets/5c9d2e41-0a7b-4c3f-b8e2-91d4f6a0c3b5" {
		t.Errorf("request %s %s", r.Method, r.Path)
	}
	if string(r.Body) != `{"displayName":"Northwind Labs","favorite":false}` {
		t.Errorf("body = %s", r.Body)
	}
}

func TestCreateTarget(t *testing.T) {
	t.Parallel()
	const existing = `{"ok":true,"code":%d,"message":"m","data":{"created":false,"target":{
		"id":"5c9d2e41","user_id":"u1","workspace_id":null,"platform":"tiktok","identifier":"@northwind_labs",
		"normalized_identifier":"northwind_labs","display_name":"Northwind","last_refreshed_at":null}}}`
	tests := []struct {
		name        string
		status      int
		body        string
		wantCreated bool
		wantErr     string
	}{
		{"created 201", 201, strings.Replace(fmt.Sprintf(existing, 201), `"created":false`, `"created":true`, 1), true, ""},
		{"existing 200", 200, fmt.Sprintf(existing, 200), false, ""},
		{"existing 201", 201, fmt.Sprintf(existing, 201), false, ""},
		{"no target id", 201, `{"ok":true,"code":201,"data":{"created":true,"target":{"platform":"tiktok"}}}`, false, "no target id"},
		{"no target", 201, `{"ok":true,"code":201,"data":{"created":true}}`, false, "no target id"},
		{"bad platform", 400, `{"ok":false,"code":400,"message":"Unsupported platform"}`, false, "Unsupported platform"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeRaw(w, tt.status, tt.body) })
			c := newClient(t, f.URL)
			res, err := c.CreateTarget(context.Background(), genviral.CreateTargetRequest{Platform: "tiktok", Identifier: "@northwind_labs", Alias: "Northwind"})
			if got := string(f.requests()[0].Body); got != `{"platform":"tiktok","identifier":"@northwind_labs","alias":"Northwind"}` {
				t.Errorf("body = %s", got)
			}
			if tt.wantErr != "" {
				if res != nil || err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("CreateTarget = %+v, %v; want error %q", res, err, tt.wantErr)
				}
				_ = mustAPIError(t, err)
				contains(t, "error", err.Error(), "POST /analytics/targets")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Created != tt.wantCreated || res.Target.ID != "5c9d2e41" || res.Target.NormalizedIdentifier == nil ||
				*res.Target.NormalizedIdentifier != "northwind_labs" || res.Target.WorkspaceID != nil ||
				res.Target.UserID == nil || *res.Target.UserID != "u1" || res.Target.LastRefreshedAt != nil {
				t.Errorf("result = %+v", res)
			}
		})
	}
}

func TestGetTargetShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		data        string
		wantName    string
		wantSummary string
		wantErr     bool
	}{
		{"wrapped", `{"target":{"id":"t1","platform":"tiktok","identifier":"@a","display_name":"A"},"summary":{"totals":{"views":5}}}`, "A", `{"totals":{"views":5}}`, false},
		{"wrapped no summary", `{"target":{"id":"t1","platform":"tiktok","identifier":"@a","display_name":"A"}}`, "A", ``, false},
		{"wrapped target_id only", `{"target":{"target_id":"t1","platform":"tiktok","identifier":"@a","display_name":"A"},"summary":null}`, "A", `null`, false},
		{"flat", `{"id":"t1","platform":"tiktok","identifier":"@a","display_name":"A","free_refresh_available":true}`, "A", ``, false},
		{"flat with summary", `{"id":"t1","platform":"tiktok","identifier":"@a","display_name":"A","summary":{"x":1}}`, "A", `{"x":1}`, false},
		{"flat target_id only", `{"target_id":"t1","platform":"tiktok","identifier":"@a","display_name":"A"}`, "A", ``, false},
		{"no id", `{"target":{"platform":"tiktok"}}`, "", "", true},
		{"target not an object", `{"target":"t1"}`, "", "", true},
		{"array", `[{"id":"t1"}]`, "", "", true},
		{"string", `"t1"`, "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
				writeRaw(w, 200, `{"ok":true,"code":200,"message":"","data":`+tt.data+`}`)
			})
			d, err := newClient(t, f.URL).GetTarget(context.Background(), "t1")
			if tt.wantErr {
				if err == nil {
					t.Fatalf("GetTarget = %+v, want error", d)
				}
				e := mustAPIError(t, err)
				contains(t, "error", err.Error(), "GET /analytics/targets/t1")
				if e.Attempts > 1 || f.count() != 1 {
					t.Errorf("undecodable 200 was retried")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.Target.ID != "t1" || d.Target.Platform != "tiktok" || d.Target.Identifier != "@a" ||
				d.Target.DisplayName == nil || *d.Target.DisplayName != tt.wantName {
				t.Errorf("target = %+v", d.Target)
			}
			if string(d.Summary) != tt.wantSummary {
				t.Errorf("summary = %s, want %s", d.Summary, tt.wantSummary)
			}
		})
	}
}

func TestGetTargetNotFoundAndEscaping(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeErr(w, 404, "", "Target not found") })
	c := newClient(t, f.URL)
	_, err := c.GetTarget(context.Background(), "a/b c?d")
	if !genviral.IsNotFound(err) {
		t.Fatalf("err = %v, want 404", err)
	}
	f.expectRequests(t, 1, "a 404 is not retried")
	r := f.requests()[0]
	if r.Path != "/analytics/targets/a/b c?d" || r.RawPath != "/analytics/targets/a%2Fb%20c%3Fd" {
		t.Errorf("path sent = %q (raw %q), want the id escaped once as one segment", r.Path, r.RawPath)
	}
	if len(r.Query) != 0 {
		t.Errorf("id leaked into the query: %v", r.Query)
	}
}

func TestDeleteTarget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		h         func(w http.ResponseWriter, r *http.Request)
		wantErr   bool
		wantReqs  int
		wantFound bool
	}{
		{"200", func(w http.ResponseWriter, r *http.Request) { writeOK(w, 200, map[string]any{"deleted": true}) }, false, 1, true},
		{"200 null data", func(w http.ResponseWriter, r *http.Request) { writeRaw(w, 200, `{"ok":true,"code":200,"data":null}`) }, false, 1, true},
		{"404 already gone", func(w http.ResponseWriter, r *http.Request) { writeErr(w, 404, "", "Target not found") }, false, 1, false},
		{"403", func(w http.ResponseWriter, r *http.Request) { writeErr(w, 403, "", "scope") }, true, 1, false},
		{"500", func(w http.ResponseWriter, r *http.Request) { writeErr(w, 500, "", "db") }, true, 4, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, tt.h)
			err := newClient(t, f.URL).DeleteTarget(context.Background(), "t1")
			if (err != nil) != tt.wantErr {
				t.Errorf("DeleteTarget = %v, wantErr %v", err, tt.wantErr)
			}
			if n := f.countPath(http.MethodDelete, "/analytics/targets/t1"); n != tt.wantReqs || f.count() != n {
				t.Errorf("requests = %d, want %d DELETEs", f.count(), tt.wantReqs)
			}
			// DeleteTargetIfFound tells the API's 404 from a deletion.
			found, err := newClient(t, newFakeAPI(t, tt.h).URL).DeleteTargetIfFound(context.Background(), "t1")
			if found != tt.wantFound || (err != nil) != tt.wantErr {
				t.Errorf("DeleteTargetIfFound = %v, %v; want found %v, wantErr %v", found, err, tt.wantFound, tt.wantErr)
			}
		})
	}
}

func TestEmptyIDsSendNothing(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeOK(w, 200, map[string]any{"id": "x"}) })
	c := newClient(t, f.URL)
	ctx := context.Background()
	errs := []error{}
	_, err := c.GetTarget(ctx, "")
	errs = append(errs, err)
	_, err = c.UpdateTarget(ctx, "", genviral.UpdateTargetRequest{Favorite: genviral.Value(true)})
	errs = append(errs, err, c.DeleteTarget(ctx, ""))
	_, err = c.RefreshTarget(ctx, "")
	errs = append(errs, err)
	_, err = c.GetRefresh(ctx, "")
	errs = append(errs, err)
	for i, err := range errs {
		if err == nil {
			t.Errorf("call %d accepted an empty id", i)
		}
	}
	f.expectRequests(t, 0, "nothing is sent for empty ids")
}

func TestRefreshTargetAndGetRefresh(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/analytics/targets/5c9d2e41/refresh":
			writeRaw(w, 200, `{ "ok": true, "code": 200, "message": "Analytics refresh queued",
  "data": {
    "refresh": { "id": "9e3b7a10", "target_id": "5c9d2e41", "workspace_id": null, "status": "pending",
                 "free_refresh_used": false, "credits_used": 2, "started_at": "2026-03-03T09:12:40.118Z",
                 "completed_at": null, "error": null },
    "wasFree": false } }`)
		case r.Method == http.MethodGet && r.URL.Path == "/analytics/refreshes/9e3b7a10":
			writeOK(w, 200, map[string]any{"id": "9e3b7a10", "target_id": "5c9d2e41", "workspace_id": "w1", "status": "failed",
				"credits_used": 0, "free_refresh_used": true, "started_at": "s", "completed_at": "c", "error": "boom"})
		case r.Method == http.MethodGet:
			writeErr(w, 404, "refresh_not_found", "Refresh not found")
		default:
			writeErr(w, 409, "analytics_conflict", "already running")
		}
	})
	c := newClient(t, f.URL)
	ctx := context.Background()
	res, err := c.RefreshTarget(ctx, "5c9d2e41")
	if err != nil {
		t.Fatal(err)
	}
	if res.WasFree || res.Refresh.ID != "9e3b7a10" || res.Refresh.CreditsUsed != 2 || res.Refresh.Status != genviral.RefreshPending ||
		res.Refresh.Done() || res.Refresh.CompletedAt != nil || res.Refresh.StartedAt == nil {
		t.Errorf("refresh result = %+v", res)
	}
	if r := f.requests()[0]; len(r.Body) != 0 || r.Header.Get("Content-Type") != "" {
		t.Errorf("refresh POST sent a body %q / content type %q", r.Body, r.Header.Get("Content-Type"))
	}
	got, err := c.GetRefresh(ctx, "9e3b7a10")
	if err != nil {
		t.Fatal(err)
	}
	if !got.Done() || got.Error == nil || *got.Error != "boom" || !got.FreeRefreshUsed || got.WorkspaceID == nil {
		t.Errorf("refresh = %+v", got)
	}
	if _, err := c.GetRefresh(ctx, "nope"); !genviral.IsNotFound(err) {
		t.Errorf("GetRefresh(nope) = %v, want 404", err)
	}
	if _, err := c.RefreshTarget(ctx, "other"); !genviral.IsConflict(err) {
		t.Errorf("RefreshTarget conflict = %v", err)
	}
	for _, s := range []string{genviral.RefreshCompleted, genviral.RefreshFailed} {
		if !(genviral.Refresh{Status: s}).Done() {
			t.Errorf("%s not terminal", s)
		}
	}
	for _, s := range []string{genviral.RefreshPending, genviral.RefreshProcessing, ""} {
		if (genviral.Refresh{Status: s}).Done() {
			t.Errorf("%q terminal", s)
		}
	}
}

// TestLatestRefreshID reads the latest refresh's id from a target's
// detail summary in both plausible spellings of its undocumented refresh
// status, and says nothing when the summary does not carry it.
func TestLatestRefreshID(t *testing.T) {
	t.Parallel()
	cases := map[string]struct{ summary, want string }{
		"snake case":                 {`{"refresh_status": {"status": "pending", "refresh_id": "r1"}}`, "r1"},
		"camel case":                 {`{"refreshStatus": {"status": "completed", "refreshId": "r2"}}`, "r2"},
		"plain id":                   {`{"refresh_status": {"id": "r3"}}`, "r3"},
		"no refresh yet":             {`{"refresh_status": {"status": null, "refresh_id": null}}`, ""},
		"no refresh status":          {`{"profile": {}}`, ""},
		"refresh status of a string": {`{"refresh_status": "completed"}`, ""},
		"blank id":                   {`{"refresh_status": {"refresh_id": " "}}`, ""},
		"no summary":                 {``, ""},
	}
	for name, tc := range cases {
		d := genviral.TargetDetail{Summary: json.RawMessage(tc.summary)}
		if got := d.LatestRefreshID(); got != tc.want {
			t.Errorf("%s: LatestRefreshID() = %q, want %q", name, got, tc.want)
		}
	}
}

func TestNormalizeIdentifier(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"@Brand": "brand", "brand": "brand", "  @Acme.Coffee ": "acme.coffee", "@@x": "@x", "": "", "@": "",
		// Greek: every sigma folds together; one ending a word is "ς", as
		// JavaScript's toLowerCase (the API's normalized_identifier) writes it.
		"@ΚΑΦΕΟΔΟΣ": "καφεοδος", "καφεοδοσ": "καφεοδος", "ΣΟΦΙΑ.ΣΟΣ": "σοφια.σος", "Σ": "σ",
		"ΟΔΟΣ1": "οδος1", "ΟΔΟΣ·ΠΑΡΙΣ": "οδος·παρις",
		// Cyrillic, the Kelvin sign and the long s fold with their letters.
		"@МОСКВА": "москва", "\u212Aelvin": "kelvin", "ſtar": "star",
		// ẞ folds to ß, which stays apart from "ss" (toLowerCase keeps it).
		"STRAẞE": "straße", "STRASSE": "strasse",
		// İ becomes "i" and a combining dot, as toLowerCase gives; I and ı
		// (Turkish dotless i) stay apart.
		"@İSTANBUL": "i\u0307stanbul", "ISPARTA": "isparta", "ıspart": "ıspart",
		// Scripts without case stay as they are.
		"@カフェ東京": "カフェ東京", "@Café·Paris": "café·paris",
	} {
		if got := genviral.NormalizeIdentifier(in); got != want {
			t.Errorf("NormalizeIdentifier(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestAccountKeyFoldsCase: spellings of one handle name one account, from
// the configuration's side and from the API's answer alike.
func TestAccountKeyFoldsCase(t *testing.T) {
	t.Parallel()
	for _, same := range [][]string{
		{"@ΚΑΦΕΟΔΟΣ", "καφεοδος", "@καφεοδοσ", "ΚαφεοδοΣ"},
		{"@Москва", "москва", "МОСКВА"},
		{"@İstanbul", "i\u0307stanbul", "İSTANBUL"},
		{"@Straße", "STRAẞE", "straße"},
	} {
		for _, h := range same[1:] {
			if a, b := genviral.AccountKey("youtube", same[0]), genviral.AccountKey("youtube", h); a != b {
				t.Errorf("AccountKey(%q) = %q, AccountKey(%q) = %q: want equal", same[0], a, h, b)
			}
		}
	}
	for _, pair := range [][2]string{{"straße", "strasse"}, {"ıstanbul", "istanbul"}, {"カフェ", "カフエ"}} {
		if genviral.AccountKey("youtube", pair[0]) == genviral.AccountKey("youtube", pair[1]) {
			t.Errorf("%q and %q name one account; want two", pair[0], pair[1])
		}
	}
}

func TestWriteErrorsAreTyped(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeErr(w, 400, "invalid_payload", "not an object") })
	c := newClient(t, f.URL)
	_, err := c.UpdateTarget(context.Background(), "t1", genviral.UpdateTargetRequest{Favorite: genviral.Value(true)})
	var e *genviral.APIError
	if !errors.As(err, &e) || e.Method != http.MethodPatch || e.Path != "/analytics/targets/t1" || e.ErrorCode != "invalid_payload" {
		t.Errorf("err = %#v", err)
	}
}

// TestDeleteTargetAcceptsEmptySuccess: DELETE's answer is undocumented; a
// 204 or an empty 200 is a success.
func TestDeleteTargetAcceptsEmptySuccess(t *testing.T) {
	for _, status := range []int{http.StatusOK, http.StatusNoContent} {
		f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(status) })
		c := newClient(t, f.URL)
		if err := c.DeleteTarget(context.Background(), "t1"); err != nil {
			t.Errorf("status %d: %v", status, err)
		}
	}
}

// TestCreateTargetReportsRetries: created:false after a retried attempt is
// flagged when the failed attempt may have created the target (a 5xx, no
// answer), and not after a 429, which refused it.
func TestCreateTargetReportsRetries(t *testing.T) {
	for first, want := range map[int]bool{0: false, http.StatusServiceUnavailable: true, http.StatusTooManyRequests: false} {
		var calls atomic.Int32
		f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
			if calls.Add(1) == 1 && first != 0 {
				writeRaw(w, first, fmt.Sprintf(`{"ok":false,"code":%d,"message":"busy","error_code":"x"}`, first))
				return
			}
			writeRaw(w, http.StatusOK, `{"ok":true,"code":200,"message":"m","data":{"target":{"id":"t1","platform":"tiktok","identifier":"@a"},"created":false}}`)
		})
		res, err := newClient(t, f.URL).CreateTarget(context.Background(), genviral.CreateTargetRequest{Platform: "tiktok", Identifier: "@a"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Created || res.Retried != want {
			t.Errorf("first answer %d: Created=%v Retried=%v, want Retried=%v", first, res.Created, res.Retried, want)
		}
	}
}
