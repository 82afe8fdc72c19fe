package emulator

import (
	"context"
	"strings"
	"testing"
)

// TestKeyEcho: each echo style writes the token back in its spelling, only
// on the routes asked for, until it is switched off.
func TestKeyEcho(t *testing.T) {
	srv, base := Start(t, Options{})
	const key = "gva_live_k3m9qz.s3cr/t+k&y<x>Q9"
	srv.AddKey(key, WorkspaceScope())
	tests := []struct {
		style  KeyEcho
		status int
		want   string
	}{
		{EchoCutShortJSON, 200, `"message":"Served for gva_live_k3m9qz.s3cr\/t+k\u0026y\u003cx\u003eQ9","data":{"targets":[{"id":"`},
		{EchoHTMLPage, 502, "Bearer gva_live_k3m9qz.s3cr/t+k&amp;y&lt;x&gt;Q9</p>"},
		{EchoFormDecoded, 401, `API key not found: gva_live_k3m9qz.s3cr/t k\u0026y\u003cx\u003eQ9"`},
		{EchoPercentEncoded, 401, `API key not found: gva_live_k3m9qz.s3cr%2ft%2bk%26y%3cx%3eQ9"`},
		{EchoCutShortKey, 500, `Key lookup failed for gva_live_k3m9qz.s3cr/t+k\u0026y\u003cx\u003e"`},
	}
	for _, tt := range tests {
		srv.SetKeyEcho(tt.style, RouteListTargets)
		r, err := send(context.Background(), t, "GET", base+"/analytics/targets", bearer(key), "")
		if err != nil {
			t.Fatal(err)
		}
		if r.status != tt.status || !strings.Contains(string(r.raw), tt.want) {
			t.Errorf("%s: %d %s, want %d with %s", tt.style, r.status, r.raw, tt.status, tt.want)
		}
		wantStatus(t, do(t, "GET", base+"/analytics/summary", key, ""), 200)
	}
	srv.SetKeyEcho(EchoNone)
	wantStatus(t, do(t, "GET", base+"/analytics/targets", key, ""), 200)
}

// TestKeyEchoInValues: each echo style writes the token, in its spelling,
// into the values of the successful answers of the routes asked for (a
// target's display name, a post's caption and URLs), until it is switched
// off; other routes and other values are as they were.
func TestKeyEchoInValues(t *testing.T) {
	srv, base := Start(t, Options{PostsPerTarget: 2})
	const key = "gva_live_k3m9qz.s3cr/t+k&y<x>Q9"
	srv.AddKey(key, WorkspaceScope())
	srv.SeedTarget(WorkspaceScope(), "tiktok", "@echo", "Echo")
	for _, tt := range []struct {
		style KeyEcho
		want  string
	}{
		{EchoCutShortJSON, `gva_live_k3m9qz.s3cr\\/t+k\\u0026y\\u003cx\\u003eQ9`},
		{EchoHTMLPage, `gva_live_k3m9qz.s3cr/t+k\u0026amp;y\u0026lt;x\u0026gt;Q9`},
		{EchoFormDecoded, `gva_live_k3m9qz.s3cr/t k\u0026y\u003cx\u003eQ9`},
		{EchoPercentEncoded, `gva_live_k3m9qz.s3cr%2ft%2bk%26y%3cx%3eQ9`},
		{EchoCutShortKey, `gva_live_k3m9qz.s3cr/t+k\u0026y\u003cx\u003e"`},
	} {
		srv.SetKeyEchoInValues(tt.style, RouteListTargets, RoutePosts)
		for path, members := range map[string][]string{
			"/analytics/targets":                 {`"display_name":"` + tt.want},
			"/analytics/summary/posts?range=all": {`"caption":"` + tt.want, `?key=` + tt.want},
		} {
			r := do(t, "GET", base+path, key, "")
			wantStatus(t, r, 200)
			for _, m := range members {
				if !strings.Contains(string(r.raw), m) {
					t.Errorf("%s: %s: %s lacks %s", tt.style, path, r.raw, m)
				}
			}
		}
		if r := do(t, "GET", base+"/analytics/workspace-suggestions", key, ""); strings.Contains(string(r.raw), "k3m9qz") {
			t.Errorf("%s: a route not asked for echoes the key: %s", tt.style, r.raw)
		}
	}
	srv.SetKeyEchoInValues(EchoNone)
	if r := do(t, "GET", base+"/analytics/targets", key, ""); strings.Contains(string(r.raw), "k3m9qz") ||
		!strings.Contains(string(r.raw), `"display_name":"Echo"`) {
		t.Errorf("echo off: %s", r.raw)
	}
}
