package genviral_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// FuzzTargetEndpoints answers every request with the fuzzed status and body
// and drives the target calls the provider makes (list through the shared
// cache, lookup by id and by handle, create, get, patch, delete). Each returns
// a result or an error, never both and never a panic; errors are *APIError
// (or ErrTargetNotFound) without the key's secret; and what is returned is
// what was asked for: a lookup by id gives that id, a lookup by handle that
// handle, a create a target with an id.
func FuzzTargetEndpoints(f *testing.F) {
	addFuzzSeeds(f, []fuzzSeed{
		{200, `{"ok":true,"code":200,"message":"Analytics targets retrieved","data":{"workspace_id":"w1","targets":[{"id":"t1","target_id":"t1","platform":"tiktok","identifier":"@A","display_name":"A","free_refresh_available":false}]}}`},
		{200, `{"ok":true,"code":200,"data":{"workspace_id":null,"targets":[{"target_id":"t1","platform":"tiktok","identifier":"a","normalized_identifier":"a"},{"id":"","platform":"tiktok","identifier":"@a"}]}}`},
		{200, `{"ok":true,"code":200,"data":{"targets":[{"id":"t1"},{"id":"t1","platform":"youtube"}]}}`},
		{200, `{"ok":true,"code":200,"data":{"targets":[],"id":"x","target":{"id":"t2"}}}`},
		{200, `{"ok":true,"code":200,"data":{"targets":null,"target":{"id":"t1","platform":"tiktok","identifier":"@a"},"created":true}}`},
		{201, `{"ok":true,"code":201,"data":{"target":{"id":"t9"},"created":false}}`},
		{200, `{"ok":true,"code":200,"data":{"target":{"target_id":"t1"},"summary":{}}}`},
		{200, `{"ok":true,"code":200,"data":{"id":"t1","metadata":{"favorite":"yes"}}}`},
		{200, `{"ok":true,"code":200,"data":{"targets":{"id":"t1"}}}`},
		{200, `{"ok":true,"code":200,"data":[]}`},
		{200, `{"ok":true,"code":200,"message":"Analytics targets retrieved","data":{"workspace_id":"0b8e6c1a-5d2f`},
		{200, `{"ok":false}`},
		{204, ``},
		{404, `{"ok":false,"code":404,"message":"Target not found","error_code":"not_found"}`},
		{429, `{"ok":false,"code":429,"error_code":"rate_limited"}`},
		{502, "<html><head><title>502 Bad Gateway</title></head></html>"},
		{401, `{"ok":false,"code":401,"message":"bad key gva_live_abc123.SuperSecretValue42","error_code":"invalid_token"}`},
	})

	var answer fuzzAnswer
	srv := newFakeAPI(f, func(w http.ResponseWriter, _ *http.Request) { answer.write(w) })

	f.Fuzz(func(t *testing.T, st uint16, b []byte) {
		answer.set(st, b)
		// A new client each time, so that the target cache does not carry
		// over, on one shared transport, so that connections do not pile up.
		cfg := genviral.DefaultConfig()
		cfg.BaseURL, cfg.APIKey, cfg.MaxRetries, cfg.MaxParallel = srv.URL, testKey, 0, 2
		cfg.Timeout, cfg.MaxBodyBytes, cfg.HTTPClient = 5*time.Second, 1<<20, srv.Client()
		c, err := genviral.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		// A 429 slows the client's later requests down (the pacer): on a
		// fake clock, so that an input answered 429 costs no real seconds.
		genviral.UseFakeClock(c)
		ctx := context.Background()
		checkErr := func(call string, err error, notFoundOK bool) {
			t.Helper()
			if err == nil {
				return
			}
			if _, ok := genviral.AsAPIError(err); !ok && (!notFoundOK || !errors.Is(err, genviral.ErrTargetNotFound)) {
				t.Fatalf("%s: error is not an *APIError: %T %v", call, err, err)
			}
			if bytes.Contains(b, []byte(testSecret[:8])) || bytes.Contains(b, []byte(testSecret[len(testSecret)-8:])) {
				// The body itself carries a fragment of the secret, which
				// no client can recognise: only the whole secret must go.
				if strings.Contains(err.Error(), testSecret) {
					t.Fatalf("%s: error contains the secret: %v", call, err)
				}
				return
			}
			assertNoSecret(t, call+" error", err.Error())
		}

		list, err := c.ListTargets(ctx)
		if (list == nil) == (err == nil) {
			t.Fatalf("ListTargets = %v, %v: want exactly one of list and error", list, err)
		}
		checkErr("ListTargets", err, false)

		cached, err := c.CachedTargets(ctx)
		if (cached == nil) == (err == nil) {
			t.Fatalf("CachedTargets = %v, %v", cached, err)
		}
		checkErr("CachedTargets", err, false)

		tg, err := c.LookupTarget(ctx, "t1")
		if (tg == nil) == (err == nil) {
			t.Fatalf("LookupTarget = %v, %v", tg, err)
		}
		checkErr("LookupTarget", err, true)
		// Ids are UUIDs, whose case does not matter: GetTarget accepts the
		// row of "T1" for "t1" (and nothing else).
		if tg != nil && !strings.EqualFold(tg.ID, "t1") {
			t.Fatalf("LookupTarget(t1) returned target %q", tg.ID)
		}

		byHandle, err := c.FindTargetByHandle(ctx, "tiktok", "@A")
		if (byHandle == nil) == (err == nil) {
			t.Fatalf("FindTargetByHandle = %v, %v", byHandle, err)
		}
		checkErr("FindTargetByHandle", err, true)
		if byHandle != nil && (byHandle.Platform != "tiktok" || byHandle.ID == "") {
			t.Fatalf("FindTargetByHandle(tiktok, @A) returned %+v", byHandle)
		}

		created, err := c.CreateTarget(ctx, genviral.CreateTargetRequest{Platform: "tiktok", Identifier: "@a"})
		if (created == nil) == (err == nil) {
			t.Fatalf("CreateTarget = %v, %v", created, err)
		}
		checkErr("CreateTarget", err, false)
		if created != nil && created.Target.ID == "" {
			t.Fatal("CreateTarget returned a target without id")
		}

		detail, err := c.GetTarget(ctx, "t1")
		if (detail == nil) == (err == nil) {
			t.Fatalf("GetTarget = %v, %v", detail, err)
		}
		checkErr("GetTarget", err, false)
		if detail != nil && detail.Target.ID == "" {
			t.Fatal("GetTarget returned a target without id")
		}

		row, err := c.UpdateTarget(ctx, "t1", genviral.UpdateTargetRequest{Favorite: genviral.Value(true)})
		if (row == nil) == (err == nil) {
			t.Fatalf("UpdateTarget = %v, %v", row, err)
		}
		checkErr("UpdateTarget", err, false)

		checkErr("DeleteTarget", c.DeleteTarget(ctx, "t1"), false)
	})
}
