package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestListTargets(t *testing.T) {
	srv, base := Start(t, Options{})
	named := srv.SeedTarget(WorkspaceScope(), "instagram", "@acme.coffee", "Acme Coffee")
	plain := srv.SeedTarget(WorkspaceScope(), "tiktok", "northwind", "")
	srv.SeedTarget(PersonalScope(), "youtube", "@mine", "")

	tests := []struct {
		name        string
		key         string
		workspaceID string
		ids         []string
	}{
		{"workspace key", WorkspaceKey, `"` + WorkspaceID + `"`, []string{named.ID, plain.ID}},
		{"personal key", PersonalKey, "null", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, "GET", base+"/analytics/targets", tt.key, "")
			wantStatus(t, r, 200)
			if got := str(t, r.env["message"]); got != "Analytics targets retrieved" {
				t.Errorf("message = %q", got)
			}
			d := data[obj](t, r)
			wantKeys(t, "data", d, "workspace_id", "targets")
			if string(d["workspace_id"]) != tt.workspaceID {
				t.Errorf("workspace_id = %s, want %s", d["workspace_id"], tt.workspaceID)
			}
			var rows []obj
			if err := json.Unmarshal(d["targets"], &rows); err != nil {
				t.Fatal(err)
			}
			if tt.ids == nil {
				if len(rows) != 1 {
					t.Fatalf("personal rows = %d", len(rows))
				}
				return
			}
			if len(rows) != len(tt.ids) {
				t.Fatalf("rows = %d, want %d", len(rows), len(tt.ids))
			}
			for i, row := range rows {
				wantKeys(t, "row", row, "id", "target_id", "platform", "identifier", "display_name",
					"free_refresh_available", "last_refreshed_at")
				if str(t, row["id"]) != tt.ids[i] || str(t, row["target_id"]) != tt.ids[i] {
					t.Errorf("row %d id/target_id = %s/%s", i, row["id"], row["target_id"])
				}
				if string(row["free_refresh_available"]) != "true" || string(row["last_refreshed_at"]) != "null" {
					t.Errorf("row %d = %v", i, row)
				}
			}
			if str(t, rows[0]["display_name"]) != "Acme Coffee" || str(t, rows[0]["identifier"]) != "@acme.coffee" ||
				str(t, rows[0]["platform"]) != "instagram" {
				t.Errorf("row 0 = %v", rows[0])
			}
			if string(rows[1]["display_name"]) != "null" {
				t.Errorf("display_name without alias = %s, want null", rows[1]["display_name"])
			}
		})
	}

	t.Run("empty list is an array", func(t *testing.T) {
		_, base := Start(t, Options{})
		r := do(t, "GET", base+"/analytics/targets", WorkspaceKey, "")
		if d := data[obj](t, r); string(d["targets"]) != "[]" {
			t.Errorf("targets = %s", d["targets"])
		}
	})
}

// createResult is the data of POST /analytics/targets.
type createResult struct {
	Target  obj  `json:"target"`
	Created bool `json:"created"`
}

func TestCreateTarget(t *testing.T) {
	tests := []struct {
		name           string
		opts           Options
		key            string
		wantExisting   int
		wantWorkspace  string
		secondIdentity string
	}{
		{"workspace, existing 200", Options{}, WorkspaceKey, 200, `"` + WorkspaceID + `"`, "brand"},
		{"workspace, existing 201", Options{ExistingStatus: 201}, WorkspaceKey, 201, `"` + WorkspaceID + `"`, " @BRAND "},
		{"personal, existing 200", Options{}, PersonalKey, 200, "null", "@brand"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, base := Start(t, tt.opts)
			r := do(t, "POST", base+"/analytics/targets", tt.key, `{"platform":"tiktok","identifier":"@Brand","alias":"The Brand"}`)
			wantStatus(t, r, 201)
			if got := str(t, r.env["message"]); got != "Analytics target created" {
				t.Errorf("message = %q", got)
			}
			first := data[createResult](t, r)
			wantKeys(t, "data", data[obj](t, r), "target", "created")
			wantKeys(t, "target", first.Target, "id", "user_id", "workspace_id", "platform", "identifier",
				"normalized_identifier", "display_name", "last_refreshed_at")
			id := str(t, first.Target["id"])
			if !first.Created || !uuidV4.MatchString(id) {
				t.Errorf("created = %v, id = %q", first.Created, id)
			}
			checks := map[string]string{
				"user_id":               `"` + UserID + `"`,
				"workspace_id":          tt.wantWorkspace,
				"platform":              `"tiktok"`,
				"identifier":            `"@Brand"`,
				"normalized_identifier": `"brand"`,
				"display_name":          `"The Brand"`,
				"last_refreshed_at":     "null",
			}
			for k, want := range checks {
				if got := string(first.Target[k]); got != want {
					t.Errorf("target.%s = %s, want %s", k, got, want)
				}
			}

			body, _ := json.Marshal(map[string]string{"platform": "tiktok", "identifier": tt.secondIdentity, "alias": "Ignored"})
			r = do(t, "POST", base+"/analytics/targets", tt.key, string(body))
			wantStatus(t, r, tt.wantExisting)
			second := data[createResult](t, r)
			if second.Created || str(t, second.Target["id"]) != id {
				t.Errorf("second create: created = %v, id = %s, want false, %s", second.Created, second.Target["id"], id)
			}
			if str(t, second.Target["display_name"]) != "The Brand" || str(t, second.Target["identifier"]) != "@Brand" {
				t.Errorf("existing target changed: %v", second.Target)
			}

			// Same handle on another platform is another target.
			if other := createTarget(t, base, tt.key, "youtube", "@Brand"); other == id {
				t.Error("platform is not part of the de-duplication key")
			}
			if n := len(srv.Targets(scopeOf(tt.key))); n != 2 {
				t.Errorf("targets in scope = %d, want 2", n)
			}
		})
	}

	t.Run("scopes de-duplicate separately", func(t *testing.T) {
		_, base := Start(t, Options{})
		if createTarget(t, base, WorkspaceKey, "tiktok", "@x") == createTarget(t, base, PersonalKey, "tiktok", "@x") {
			t.Error("workspace and personal scope share a target")
		}
	})
}

// scopeOf returns the scope of a default key.
func scopeOf(key string) Scope {
	if key == PersonalKey {
		return PersonalScope()
	}
	return WorkspaceScope()
}

func TestCreateTargetValidation(t *testing.T) {
	srv, base := Start(t, Options{})
	tests := []struct {
		name, body string
		code       string
	}{
		{"empty body", "", "invalid_json"},
		{"broken JSON", `{"platform":`, "invalid_json"},
		{"trailing garbage", `{"platform":"tiktok","identifier":"a"} x`, "invalid_json"},
		{"array", `[{"platform":"tiktok","identifier":"a"}]`, "invalid_payload"},
		{"null", `null`, "invalid_payload"},
		{"string", `"tiktok"`, "invalid_payload"},
		{"unsupported platform", `{"platform":"facebook","identifier":"a"}`, "validation_error"},
		{"platform case", `{"platform":"TikTok","identifier":"a"}`, "validation_error"},
		{"missing platform", `{"identifier":"a"}`, "validation_error"},
		{"missing identifier", `{"platform":"tiktok"}`, "validation_error"},
		{"empty identifier", `{"platform":"tiktok","identifier":"  "}`, "validation_error"},
		{"only an at sign", `{"platform":"tiktok","identifier":"@"}`, "validation_error"},
		{"identifier not a string", `{"platform":"tiktok","identifier":42}`, "validation_error"},
		{"alias not a string", `{"platform":"tiktok","identifier":"a","alias":true}`, "validation_error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, do(t, "POST", base+"/analytics/targets", WorkspaceKey, tt.body), 400, tt.code)
		})
	}
	if n := len(srv.Targets(WorkspaceScope())); n != 0 {
		t.Errorf("invalid creates left %d targets", n)
	}
	t.Run("null alias is no alias", func(t *testing.T) {
		r := do(t, "POST", base+"/analytics/targets", WorkspaceKey, `{"platform":"tiktok","identifier":"a","alias":null}`)
		wantStatus(t, r, 201)
		if d := data[createResult](t, r); string(d.Target["display_name"]) != "null" {
			t.Errorf("display_name = %s", d.Target["display_name"])
		}
	})
}

func TestScopeIsolation(t *testing.T) {
	srv, base := Start(t, Options{})
	personal := createTarget(t, base, PersonalKey, "tiktok", "@private")
	workspace := createTarget(t, base, WorkspaceKey, "tiktok", "@shared")

	tests := []struct {
		name     string
		key, id  string
		otherKey string
	}{
		{"workspace key on personal target", WorkspaceKey, personal, PersonalKey},
		{"personal key on workspace target", PersonalKey, workspace, WorkspaceKey},
		{"another user's personal key on a personal target", OtherPersonalKey, personal, PersonalKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list := do(t, "GET", base+"/analytics/targets", tt.key, "")
			if strings.Contains(string(list.raw), tt.id) {
				t.Error("list shows a target of another scope")
			}
			for _, c := range []struct{ method, path, body string }{
				{"GET", "/analytics/targets/" + tt.id, ""},
				{"PATCH", "/analytics/targets/" + tt.id, `{"favorite":true}`},
				{"DELETE", "/analytics/targets/" + tt.id, ""},
				{"POST", "/analytics/targets/" + tt.id + "/refresh", ""},
			} {
				wantError(t, do(t, c.method, base+c.path, tt.key, c.body), 404, "not_found")
			}
			posts := do(t, "GET", base+"/analytics/summary/posts?range=all&accounts="+tt.id, tt.key, "")
			if d := data[struct {
				TotalCount int `json:"totalCount"`
			}](t, posts); d.TotalCount != 0 {
				t.Errorf("posts of another scope visible: %d", d.TotalCount)
			}
			// The owner still sees it, untouched.
			wantStatus(t, do(t, "GET", base+"/analytics/targets/"+tt.id, tt.otherKey, ""), 200)
			if got, _ := srv.Target(tt.id); got.Favorite != nil {
				t.Error("PATCH from another scope was applied")
			}
		})
	}
}

func TestGetTarget(t *testing.T) {
	t.Run("nested", func(t *testing.T) {
		srv, base := Start(t, Options{PostsPerTarget: 20})
		id := createTarget(t, base, WorkspaceKey, "youtube", "@Tube")
		r := do(t, "GET", base+"/analytics/targets/"+id, WorkspaceKey, "")
		wantStatus(t, r, 200)
		d := data[obj](t, r)
		wantKeys(t, "data", d, "target", "summary")
		var row, summary obj
		_ = json.Unmarshal(d["target"], &row)
		_ = json.Unmarshal(d["summary"], &summary)
		wantKeys(t, "target", row, "id", "user_id", "workspace_id", "platform", "identifier", "normalized_identifier",
			"display_name", "last_refreshed_at", "free_refresh_available", "metadata", "created_at")
		if string(row["metadata"]) != "{}" || str(t, row["id"]) != id || str(t, row["normalized_identifier"]) != "tube" {
			t.Errorf("target = %v", row)
		}
		wantKeys(t, "summary", summary, "profile", "totals", "timeline", "top_posts", "refresh_status")
		var top []obj
		_ = json.Unmarshal(summary["top_posts"], &top)
		if len(top) != 3 {
			t.Errorf("top_posts = %d", len(top))
		}
		var totalsKeys obj
		_ = json.Unmarshal(summary["totals"], &totalsKeys)
		wantKeys(t, "totals", totalsKeys, "posts", "views", "likes", "comments", "shares", "saves")
		var totals struct {
			Posts int   `json:"posts"`
			Views int64 `json:"views"`
		}
		_ = json.Unmarshal(summary["totals"], &totals)
		if totals.Posts != 20 || totals.Views <= 0 {
			t.Errorf("totals = %s", summary["totals"])
		}

		do(t, "PATCH", base+"/analytics/targets/"+id, WorkspaceKey, `{"favorite":false,"refreshPolicy":{"maxPosts":9,"freeDailyRefresh":true}}`)
		r = do(t, "GET", base+"/analytics/targets/"+id, WorkspaceKey, "")
		d = data[obj](t, r)
		_ = json.Unmarshal(d["target"], &row)
		if string(row["metadata"]) != `{"favorite":false}` {
			t.Errorf("metadata = %s", row["metadata"])
		}
		for _, leak := range []string{"refreshPolicy", "refresh_policy", "maxPosts", "freeDailyRefresh"} {
			if strings.Contains(string(r.raw), leak) {
				t.Errorf("refresh policy echoed (%s): %s", leak, r.raw)
			}
		}
		if srv.Count(RouteGetTarget) != 2 {
			t.Error("GET target not counted")
		}
	})
	t.Run("flat", func(t *testing.T) {
		_, base := Start(t, Options{FlatTargetDetail: true})
		id := createTarget(t, base, PersonalKey, "tiktok", "flat")
		d := data[obj](t, do(t, "GET", base+"/analytics/targets/"+id, PersonalKey, ""))
		if str(t, d["id"]) != id || string(d["workspace_id"]) != "null" || d["summary"] != nil {
			t.Errorf("flat detail = %v", d)
		}
	})
	t.Run("absent", func(t *testing.T) {
		_, base := Start(t, Options{})
		wantError(t, do(t, "GET", base+"/analytics/targets/5c9d2e41-0a7b-4c3f-b8e2-91d4f6a0c3b5", WorkspaceKey, ""), 404, "not_found")
	})
}

func TestUpdateTarget(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		status   int
		code     string
		display  string // expected display_name JSON after the call
		favorite string // expected metadata JSON after the call
		policy   map[string]any
	}{
		{name: "rename", body: `{"displayName":"New Name"}`, status: 200, display: `"New Name"`, favorite: `{}`, policy: map[string]any{"freeDailyRefresh": true}},
		{name: "null clears the name", body: `{"displayName":null}`, status: 200, display: "null", favorite: `{}`, policy: map[string]any{"freeDailyRefresh": true}},
		{name: "favorite", body: `{"favorite":true}`, status: 200, display: `"Old"`, favorite: `{"favorite":true}`, policy: map[string]any{"freeDailyRefresh": true}},
		{name: "policy is merged", body: `{"refreshPolicy":{"maxPosts":25}}`, status: 200, display: `"Old"`, favorite: `{}`, policy: map[string]any{"freeDailyRefresh": true, "maxPosts": 25.0}},
		{name: "policy key null removes it", body: `{"refreshPolicy":{"freeDailyRefresh":null,"maxPosts":3}}`, status: 200, display: `"Old"`, favorite: `{}`, policy: map[string]any{"maxPosts": 3.0}},
		{name: "policy null clears", body: `{"refreshPolicy":null}`, status: 200, display: `"Old"`, favorite: `{}`},
		{name: "all at once", body: `{"displayName":"A","favorite":false,"refreshPolicy":{"freeDailyRefresh":false},"extra":1}`, status: 200, display: `"A"`, favorite: `{"favorite":false}`, policy: map[string]any{"freeDailyRefresh": false}},
		{name: "empty object", body: `{}`, status: 400, code: "validation_error"},
		{name: "only unknown keys", body: `{"display_name":"x","alias":"y"}`, status: 400, code: "validation_error"},
		{name: "empty body", body: ``, status: 400, code: "validation_error"},
		{name: "invalid JSON", body: `{"displayName":`, status: 400, code: "invalid_json"},
		{name: "not an object", body: `["displayName"]`, status: 400, code: "invalid_payload"},
		{name: "displayName wrong type", body: `{"displayName":5}`, status: 400, code: "validation_error"},
		{name: "favorite wrong type", body: `{"favorite":"yes"}`, status: 400, code: "validation_error"},
		{name: "favorite null", body: `{"favorite":null}`, status: 400, code: "validation_error"},
		{name: "policy wrong type", body: `{"refreshPolicy":"daily"}`, status: 400, code: "validation_error"},
		{name: "maxPosts zero", body: `{"refreshPolicy":{"maxPosts":0}}`, status: 400, code: "validation_error"},
		{name: "maxPosts fraction", body: `{"refreshPolicy":{"maxPosts":1.5}}`, status: 400, code: "validation_error"},
		{name: "freeDailyRefresh wrong type", body: `{"refreshPolicy":{"freeDailyRefresh":"yes"}}`, status: 400, code: "validation_error"},
		{name: "invalid part rejects everything", body: `{"displayName":"Applied?","favorite":1}`, status: 400, code: "validation_error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, base := Start(t, Options{})
			id := srv.SeedTarget(WorkspaceScope(), "tiktok", "@patchme", "Old").ID
			do(t, "PATCH", base+"/analytics/targets/"+id, WorkspaceKey, `{"refreshPolicy":{"freeDailyRefresh":true}}`)

			r := do(t, "PATCH", base+"/analytics/targets/"+id, WorkspaceKey, tt.body)
			if tt.code != "" {
				wantError(t, r, tt.status, tt.code)
				got, _ := srv.Target(id)
				if got.DisplayName != "Old" || got.Favorite != nil || len(got.RefreshPolicy) != 1 {
					t.Errorf("rejected PATCH changed the target: %+v", got)
				}
				return
			}
			wantStatus(t, r, tt.status)
			if got := str(t, r.env["message"]); got != "Analytics target updated" {
				t.Errorf("message = %q", got)
			}
			d := data[obj](t, r)
			wantKeys(t, "data", d, "id", "platform", "identifier", "display_name", "metadata")
			if str(t, d["id"]) != id || str(t, d["identifier"]) != "@patchme" || str(t, d["platform"]) != "tiktok" {
				t.Errorf("row = %v", d)
			}
			if string(d["display_name"]) != tt.display {
				t.Errorf("display_name = %s, want %s", d["display_name"], tt.display)
			}
			if string(d["metadata"]) != tt.favorite {
				t.Errorf("metadata = %s, want %s", d["metadata"], tt.favorite)
			}
			got, _ := srv.Target(id)
			if len(got.RefreshPolicy) != len(tt.policy) {
				t.Fatalf("policy = %v, want %v", got.RefreshPolicy, tt.policy)
			}
			for k, v := range tt.policy {
				if got.RefreshPolicy[k] != v {
					t.Errorf("policy[%s] = %v, want %v", k, got.RefreshPolicy[k], v)
				}
			}
		})
	}
	t.Run("absent target", func(t *testing.T) {
		_, base := Start(t, Options{})
		wantError(t, do(t, "PATCH", base+"/analytics/targets/missing", WorkspaceKey, `{"favorite":true}`), 404, "not_found")
	})
}

func TestDeleteTarget(t *testing.T) {
	srv, base := Start(t, Options{})
	id := createTarget(t, base, WorkspaceKey, "instagram", "@gone")
	keep := createTarget(t, base, WorkspaceKey, "instagram", "@kept")

	r := do(t, "DELETE", base+"/analytics/targets/"+id, WorkspaceKey, "")
	wantStatus(t, r, http.StatusOK)
	d := data[obj](t, r)
	wantKeys(t, "data", d, "id", "deleted")
	if str(t, d["id"]) != id || string(d["deleted"]) != "true" {
		t.Errorf("data = %v", d)
	}
	wantError(t, do(t, "DELETE", base+"/analytics/targets/"+id, WorkspaceKey, ""), 404, "not_found")
	wantError(t, do(t, "GET", base+"/analytics/targets/"+id, WorkspaceKey, ""), 404, "not_found")
	list := do(t, "GET", base+"/analytics/targets", WorkspaceKey, "")
	if strings.Contains(string(list.raw), id) || !strings.Contains(string(list.raw), keep) {
		t.Errorf("list after delete: %s", list.raw)
	}
	// Re-creating the handle makes a new target.
	if again := createTarget(t, base, WorkspaceKey, "instagram", "gone"); again == id {
		t.Error("re-created target reused the deleted id")
	}
	if _, ok := srv.Target(id); ok {
		t.Error("deleted target still stored")
	}
}

func TestWorkspaceSuggestions(t *testing.T) {
	srv, base := Start(t, Options{})
	get := func(key string) []obj {
		t.Helper()
		r := do(t, "GET", base+"/analytics/workspace-suggestions", key, "")
		wantStatus(t, r, 200)
		if !strings.HasPrefix(string(r.env["data"]), "[") {
			t.Fatalf("data is not a bare array: %s", r.env["data"])
		}
		return data[[]obj](t, r)
	}
	if got := get(WorkspaceKey); len(got) != 0 {
		t.Fatalf("suggestions without targets = %v", got)
	}
	if r := do(t, "GET", base+"/analytics/workspace-suggestions", WorkspaceKey, ""); string(r.env["data"]) != "[]" {
		t.Errorf("empty suggestions = %s, want []", r.env["data"])
	}

	srv.SeedTarget(PersonalScope(), "tiktok", "a", "")
	srv.SeedTarget(PersonalScope(), "tiktok", "b", "")
	srv.SeedTarget(WorkspaceScope(), "tiktok", "c", "")
	const otherWS = "7f3e9a20-1b4c-4d5e-8f60-718293a4b5c6"
	const strangerWS = "99999999-1b4c-4d5e-8f60-718293a4b5c6"
	srv.AddKey("gva_live_team02.secret", Scope{WorkspaceID: otherWS, UserID: UserID})
	srv.SetWorkspaceName(otherWS, "Agency Team")
	srv.SeedTarget(Scope{WorkspaceID: otherWS, UserID: "someone-else"}, "youtube", "d", "")
	srv.SeedTarget(Scope{WorkspaceID: strangerWS, UserID: "someone-else"}, "youtube", "e", "")

	tests := []struct {
		name string
		key  string
		want []string // "workspaceId|workspaceName|totalItems|isPersonal"
	}{
		{"workspace key", WorkspaceKey, []string{"null|Personal|2|true", `"` + otherWS + `"|Agency Team|1|false`}},
		{"personal key", PersonalKey, []string{`"` + otherWS + `"|Agency Team|1|false`, `"` + WorkspaceID + `"|Workspace 0b8e6c1a|1|false`}},
		{"other workspace key", "gva_live_team02.secret", []string{"null|Personal|2|true", `"` + WorkspaceID + `"|Workspace 0b8e6c1a|1|false`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := get(tt.key)
			var got []string
			for _, it := range items {
				wantKeys(t, "item", it, "workspaceId", "workspaceName", "totalItems", "isPersonal")
				got = append(got, string(it["workspaceId"])+"|"+str(t, it["workspaceName"])+"|"+
					string(it["totalItems"])+"|"+string(it["isPersonal"]))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("suggestions =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
