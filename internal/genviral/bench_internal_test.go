package genviral

import (
	"encoding/json"
	"fmt"
	"testing"
)

// postsPageBody returns a realistic posts envelope with n rows.
func postsPageBody(n int) []byte {
	rows := make([]map[string]any, n)
	for i := range rows {
		id := fmt.Sprintf("3d8a61f2-b0c4-4a5e-9f17-%012d", i)
		rows[i] = map[string]any{
			"id": id, "analyticsId": id, "platformPostId": fmt.Sprintf("74200112233445%05d", i),
			"genviralPostId": nil, "externalId": nil, "publishedAt": "2026-03-01T18:20:00.000Z",
			"caption":      "three tips for cold brew #" + fmt.Sprint(i),
			"permalink":    "https://www.tiktok.com/@northwind_labs/video/7420011223344556677",
			"thumbnailUrl": "https://cdn.example.org/t/abc.jpg", "durationSeconds": 19,
			"metrics":        map[string]any{"views": 5300 + i, "likes": 240, "comments": 12, "shares": 9, "saves": 4},
			"engagementRate": 4.92, "platform": "tiktok", "accountIdentifier": "@northwind_labs",
			"accountDisplayName": "Northwind", "accountAvatarUrl": nil,
		}
	}
	raw, err := json.Marshal(map[string]any{
		"ok": true, "code": 200, "message": "Analytics posts retrieved",
		"data": map[string]any{"posts": rows, "totalCount": 10100, "hasMore": true},
	})
	if err != nil {
		panic(err)
	}
	return raw
}

func BenchmarkDecodePostsPage(b *testing.B) {
	body := postsPageBody(100)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var p PostsPage
		env, err := decodeEnvelope(body, &p)
		if err != nil {
			b.Fatal(err)
		}
		if err := env.dataInto(&p); err != nil {
			b.Fatal(err)
		}
		if len(p.Posts) != 100 {
			b.Fatalf("%d rows", len(p.Posts))
		}
	}
}

// BenchmarkRedactAnswerPostsPage is what redactAnswer adds to the decoding
// of a page of posts without the key (BenchmarkDecodePostsPage): the quick
// check of the body.
func BenchmarkRedactAnswerPostsPage(b *testing.B) {
	body := postsPageBody(100)
	r := newRedactor("gva_live_k3m9qz.s3cr/t+k&y<x>Q9zW")
	var p PostsPage
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		r.redactAnswer(body, &p)
	}
}
