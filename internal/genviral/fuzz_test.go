package genviral

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// envelopeSeeds are bodies from the contract's examples plus the broken
// shapes real proxies and servers produce.
var envelopeSeeds = []string{
	`{"ok":true,"code":200,"message":"Analytics targets retrieved","data":{"workspace_id":"0b8e6c1a-5d2f-4f7e-9a61-3c2d8e7f1a90","targets":[{"id":"a1f0c2d4-7b3e-4e9a-8c15-2f6d9b0e4a77","target_id":"a1f0c2d4-7b3e-4e9a-8c15-2f6d9b0e4a77","platform":"instagram","identifier":"@acme.coffee","display_name":"Acme Coffee","free_refresh_available":false}]}}`,
	`{"ok":true,"code":201,"message":"Analytics target created","data":{"target":{"id":"5c9d2e41-0a7b-4c3f-b8e2-91d4f6a0c3b5","user_id":"e2a47f19","workspace_id":null,"platform":"tiktok","identifier":"@northwind_labs","normalized_identifier":"northwind_labs","display_name":"Northwind","last_refreshed_at":null},"created":true}}`,
	`{"ok":true,"code":200,"message":"Analytics target updated","data":{"id":"5c9d2e41","platform":"tiktok","identifier":"@northwind_labs","display_name":"Northwind Labs","metadata":{"favorite":false}}}`,
	`{"ok":true,"code":200,"message":"Analytics refresh queued","data":{"refresh":{"id":"9e3b7a10","target_id":"5c9d2e41","workspace_id":null,"status":"pending","free_refresh_used":false,"credits_used":2,"started_at":"2026-03-03T09:12:40.118Z","completed_at":null,"error":null},"wasFree":false}}`,
	`{"ok":true,"code":200,"message":"Analytics posts retrieved","data":{"posts":[{"id":"3d8a61f2","analyticsId":"3d8a61f2","platformPostId":"7420011223344556677","genviralPostId":null,"externalId":null,"publishedAt":"2026-03-01T18:20:00.000Z","caption":"three tips for cold brew","permalink":"https://www.tiktok.com/@northwind_labs/video/7420011223344556677","thumbnailUrl":"https://cdn.example.org/t/abc.jpg","durationSeconds":19,"metrics":{"views":5300,"likes":240,"comments":12,"shares":9,"saves":4},"engagementRate":4.92,"platform":"tiktok","accountIdentifier":"@northwind_labs","accountDisplayName":"Northwind","accountAvatarUrl":null}],"totalCount":61,"hasMore":true}}`,
	`{"ok":true,"code":200,"message":"Analytics workspace suggestions retrieved","data":[{"workspaceId":null,"workspaceName":"Personal","totalItems":3,"isPersonal":true}]}`,
	`{"ok":true,"code":200,"data":{"target":{"id":"t1"},"summary":{"totals":{}}}}`,
	`{"ok":true,"code":200,"data":{"kpis":{},"postingStreak":{"value":3}}}`,
	`{ "ok": false, "code": 404, "message": "Target not found", "error_code": "some_code" }`,
	`{"ok":false,"code":500,"message":"boom"}`,
	`{"ok":"yes","code":"200","message":7,"data":null}`,
	`{"ok":true,"code":1e999}`,
	`<html><body><h1>502 Bad Gateway</h1></body></html>`,
	`{"ok":true,"code":200,"message":"Analytics targets retrieved","data":{"workspace_id":"0b8e6c1a-5d2f`,
	`{"ok":true,"data":{"posts":[{"id":`,
	``, `null`, `[]`, `"x"`, `{}`, `{"data":{"posts":null,"totalCount":-1,"hasMore":"no"}}`,
	"{\"ok\":true,\"message\":\"\xff\xfe\",\"data\":{}}",
}

func FuzzDecodeEnvelope(f *testing.F) {
	for _, s := range envelopeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var tg Target
		var tl TargetList
		var pp PostsPage
		var cr CreateTargetResult
		var rr RefreshResult
		var ws []WorkspaceSuggestion
		var raws json.RawMessage
		var m map[string]json.RawMessage
		trimmed := bytes.TrimSpace(raw)
		isObject := len(trimmed) > 0 && trimmed[0] == '{' && json.Valid(trimmed)
		for _, out := range []any{nil, &tg, &tl, &pp, &cr, &rr, &ws, &raws, &m} {
			env, err := decodeEnvelope(raw, out)
			if err != nil {
				if env != nil {
					t.Fatal("envelope and error both returned")
				}
				if !errors.Is(err, ErrNotJSON) && !errors.Is(err, errTruncated) {
					t.Fatalf("unexpected error kind: %v", err)
				}
				if isObject {
					t.Fatalf("valid JSON object rejected: %v", err)
				}
				return
			}
			if !isObject {
				t.Fatalf("accepted a body that is not a JSON object: %q", raw)
			}
			if out != nil {
				checkDataMatchesTwoPasses(t, trimmed, env, out)
			}
		}
		if len(raws) > 0 {
			_, _ = decodeTargetDetail(raws)
		}
		if s := decodeStreak(m["postingStreak"]); s != nil && (*s != *s) {
			t.Fatalf("NaN streak from %s", m["postingStreak"])
		}
		_ = assemble([]*PostsPage{&pp, &pp}, 150)
		for _, p := range pp.Posts {
			_ = p.Key()
		}
	})
}

func FuzzDecodeTargetDetail(f *testing.F) {
	for _, s := range []string{
		`{"target":{"id":"t1","platform":"tiktok","identifier":"@a"},"summary":{"totals":{"views":1}}}`,
		`{"target":{"target_id":"t1"},"summary":null}`,
		`{"id":"t1","platform":"tiktok","identifier":"@a","display_name":null}`,
		`{"target_id":"t1"}`,
		`{"target":"t1"}`, `{"target":[1]}`, `{"target":null,"id":"x"}`, `{"target":{}}`,
		`[]`, `null`, `""`, `{`, `{"target":{"id":`, `<html>`, ``,
		`{"target":{"id":"t1","metadata":{"favorite":"yes"}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		d, err := decodeTargetDetail(raw)
		if err != nil {
			if d != nil {
				t.Fatal("detail and error both returned")
			}
			return
		}
		if d.Target.ID == "" {
			t.Fatalf("detail without id accepted from %q", raw)
		}
		if !json.Valid(raw) {
			t.Fatalf("invalid JSON accepted: %q", raw)
		}
	})
}

// checkDataMatchesTwoPasses checks the data decoded in one pass with the
// envelope against the envelope decoded with its data raw, then the data
// decoded on its own: the same value, or an error in both. (When the body
// has the key data more than once, one pass merges them, encoding/json's
// rule for a repeated key of an object, where two passes keep the last.)
func checkDataMatchesTwoPasses(t *testing.T, trimmed []byte, env *envelope, out any) {
	t.Helper()
	err := env.dataInto(out)
	slow, serr := decodeEnvelopeSlowly(trimmed, out)
	if serr != nil {
		t.Fatalf("two passes failed where one did not: %v", serr)
	}
	if slow.OK != env.OK || slow.Code != env.Code || slow.Message != env.Message || slow.ErrorCode != env.ErrorCode {
		t.Fatalf("envelope %+v in one pass, %+v in two", env, slow)
	}
	want := reflect.New(reflect.TypeOf(out).Elem())
	werr := slow.dataInto(want.Interface())
	if (err == nil) != (werr == nil) {
		t.Fatalf("data error %v in one pass, %v in two", err, werr)
	}
	if err == nil && dataKeys(trimmed) == 1 && !reflect.DeepEqual(reflect.ValueOf(out).Elem().Interface(), want.Elem().Interface()) {
		t.Fatalf("data %+v in one pass, %+v in two", out, want.Elem())
	}
}

// dataKeys counts the keys of the top-level object that encoding/json takes
// for data (it matches names without regard to case).
func dataKeys(body []byte) int {
	dec := json.NewDecoder(bytes.NewReader(body))
	if _, err := dec.Token(); err != nil {
		return 0
	}
	n := 0
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return n
		}
		if k, _ := key.(string); strings.EqualFold(k, "data") {
			n++
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return n
		}
	}
	return n
}
