package genviral_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// echoingAPI answers every read of the client with data whose values hold
// the key spelled by spell: a target's display name and handles, a detail's
// summary (values and an object key), a post's caption and URLs, the
// summary's raw JSON, a workspace's name, a refresh's error.
func echoingAPI(t *testing.T, spell func(string) string) *fakeAPI {
	return newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		e := spell(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
		target := map[string]any{"id": "t1", "platform": "tiktok", "identifier": "@" + e,
			"normalized_identifier": e, "display_name": e, "workspace_id": "w1"}
		switch r.URL.Path {
		case "/analytics/targets":
			if r.Method == http.MethodPost {
				writeOK(w, 201, map[string]any{"target": target, "created": true})
				return
			}
			writeOK(w, 200, map[string]any{"workspace_id": "w1", "targets": []any{target}})
		case "/analytics/targets/t1":
			if r.Method == http.MethodPatch {
				writeOK(w, 200, target)
				return
			}
			writeOK(w, 200, map[string]any{"target": target,
				"summary": map[string]any{"refresh_status": map[string]any{"id": "r1", "note": e}, e: []any{e, 1.5}}})
		case "/analytics/summary/posts":
			writeOK(w, 200, map[string]any{"totalCount": 1, "hasMore": false, "posts": []any{map[string]any{
				"id": "p1", "analyticsId": "p1", "caption": "look " + e, "permalink": "https://t.example/v/1?key=" + e,
				"thumbnailUrl": "https://cdn.example/" + e + ".jpg", "accountDisplayName": e, "accountAvatarUrl": e,
				"accountIdentifier": "@" + e, "platform": "tiktok", "metrics": map[string]any{"views": 3},
			}}})
		case "/analytics/summary":
			writeOK(w, 200, map[string]any{"kpis": map[string]any{"label": e, "views": 12},
				"contentMix": []any{map[string]any{"name": e, "share": 0.5}}, "postingStreak": 3})
		case "/analytics/workspace-suggestions":
			writeOK(w, 200, []any{map[string]any{"workspaceId": e, "workspaceName": e, "totalItems": 2}})
		case "/analytics/refreshes/r1", "/analytics/targets/t1/refresh":
			refresh := map[string]any{"id": "r1", "target_id": "t1", "status": "failed", "error": "refused " + e}
			if r.Method == http.MethodPost {
				writeOK(w, 200, map[string]any{"refresh": refresh, "wasFree": true})
				return
			}
			writeOK(w, 200, refresh)
		default:
			writeErr(w, 404, "not_found", "Route not found")
		}
	})
}

// readEverything calls every method of c that returns the API's data and
// returns what they returned, one value per method.
func readEverything(t *testing.T, c *genviral.Client) map[string]any {
	t.Helper()
	ctx := context.Background()
	out := map[string]any{}
	keep := func(name string, v any, err error) {
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = v
	}
	v1, err := c.ListTargets(ctx)
	keep("ListTargets", v1, err)
	v2, err := c.GetTarget(ctx, "t1")
	keep("GetTarget", v2, err)
	v3, err := c.CreateTarget(ctx, genviral.CreateTargetRequest{Platform: "tiktok", Identifier: "@a"})
	keep("CreateTarget", v3, err)
	v4, err := c.UpdateTarget(ctx, "t1", genviral.UpdateTargetRequest{Favorite: genviral.Value(true)})
	keep("UpdateTarget", v4, err)
	v5, err := c.FetchPosts(ctx, genviral.PostsQuery{}, 10)
	keep("FetchPosts", v5, err)
	v6, err := c.GetSummary(ctx, genviral.AnalyticsFilter{})
	keep("GetSummary", v6, err)
	v7, err := c.ListWorkspaceSuggestions(ctx)
	keep("ListWorkspaceSuggestions", v7, err)
	v8, err := c.RefreshTarget(ctx, "t1")
	keep("RefreshTarget", v8, err)
	v9, err := c.GetRefresh(ctx, "r1")
	keep("GetRefresh", v9, err)
	return out
}

// plainJSON encodes v as JSON without escaping "<", ">" and "&".
func plainJSON(t *testing.T, v any) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestAnswerDataRedacted: a server that echoes the key, in any spelling,
// into the values of its answers (names, handles, captions, URLs, raw JSON
// and its object keys) gives the client's callers data without it, and
// the raw JSON the client keeps is still JSON.
func TestAnswerDataRedacted(t *testing.T) {
	t.Parallel()
	for _, key := range redactionKeys[:3] {
		_, secret, _ := strings.Cut(key, ".")
		for _, style := range echoStyles {
			t.Run(style.name, func(t *testing.T) {
				t.Parallel()
				f := echoingAPI(t, style.spell)
				c := newClient(t, f.URL, func(c *genviral.Config) { c.APIKey = key })
				for name, v := range readEverything(t, c) {
					text := plainJSON(t, v)
					for _, s := range []echoStyle{style, echoStyles[1]} {
						if run := leakedRun(text, secret, s); run != "" {
							t.Errorf("%s: %s holds %q of the secret: %s", key, name, run, text)
						}
					}
				}
			})
		}
	}
}

// TestAnswerDataKeptWithoutKey: data that does not hold the key is given
// as the server sent it, escapes and raw JSON included.
func TestAnswerDataKeptWithoutKey(t *testing.T) {
	t.Parallel()
	const caption = `50% off & more \ <b>`
	summary := `{"kpis":{"z":1,"a":"50%"}}`
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/analytics/summary" {
			writeRaw(w, 200, `{"ok":true,"code":200,"data":`+summary+`}`)
			return
		}
		writeOK(w, 200, map[string]any{"totalCount": 1, "hasMore": false,
			"posts": []any{map[string]any{"id": "p1", "caption": caption}}})
	})
	c := newClient(t, f.URL)
	res, err := c.FetchPosts(context.Background(), genviral.PostsQuery{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := *res.Posts[0].Caption; got != caption {
		t.Errorf("caption = %q, want %q", got, caption)
	}
	s, err := c.GetSummary(context.Background(), genviral.AnalyticsFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(s.KPIs); got != `{"z":1,"a":"50%"}` {
		t.Errorf("kpis = %s, want them as sent", got)
	}
}
