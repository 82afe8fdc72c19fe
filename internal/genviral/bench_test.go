package genviral_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/emulator/emulatortest"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

func BenchmarkCachedTargets(b *testing.B) {
	targets := make([]map[string]any, 200)
	for i := range targets {
		targets[i] = map[string]any{"id": fmt.Sprintf("t%d", i), "platform": "tiktok", "identifier": fmt.Sprintf("@acct%d", i)}
	}
	f := newFakeAPI(b, func(w http.ResponseWriter, r *http.Request) {
		writeOK(w, 200, map[string]any{"workspace_id": "w1", "targets": targets})
	})
	c := newClient(b, f.URL)
	ctx := context.Background()
	if _, err := c.CachedTargets(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i++
			if i%2 == 0 {
				if _, err := c.CachedTargets(ctx); err != nil {
					b.Error(err)
					return
				}
				continue
			}
			if _, err := c.LookupTarget(ctx, "t"+strconv.Itoa(i%200)); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	if n := f.count(); n != 1 {
		b.Fatalf("cache hit path sent %d requests", n)
	}
}

// BenchmarkFetchPosts10100 reads the largest reachable window (10,100 rows,
// 101 pages) against a fake server that answers from precomputed pages, and
// against the emulator (3 targets).
func BenchmarkFetchPosts10100(b *testing.B) {
	b.Run("fake", func(b *testing.B) {
		const total = 20000
		pages := map[int][]byte{}
		for off := 0; off <= genviral.MaxPostsOffset; off += genviral.MaxPostsPageSize {
			rows := make([]map[string]any, genviral.MaxPostsPageSize)
			for i := range rows {
				id := fmt.Sprintf("3d8a61f2-b0c4-4a5e-9f17-%012d", off+i)
				rows[i] = map[string]any{
					"id": id, "analyticsId": id, "platformPostId": "7420011223344556677", "genviralPostId": nil,
					"externalId": nil, "publishedAt": "2026-03-01T18:20:00.000Z", "caption": "three tips for cold brew",
					"permalink": "https://www.tiktok.com/@northwind_labs/video/7420011223344556677", "thumbnailUrl": nil,
					"durationSeconds": 19, "metrics": map[string]any{"views": 5300, "likes": 240, "comments": 12, "shares": 9, "saves": 4},
					"engagementRate": 4.92, "platform": "tiktok", "accountIdentifier": "@northwind_labs",
					"accountDisplayName": "Northwind", "accountAvatarUrl": nil,
				}
			}
			raw, _ := json.Marshal(map[string]any{"ok": true, "code": 200, "message": "",
				"data": map[string]any{"posts": rows, "totalCount": total, "hasMore": true}})
			pages[off] = raw
		}
		f := newFakeAPI(b, func(w http.ResponseWriter, r *http.Request) {
			off, _ := strconv.Atoi(r.URL.Query().Get("offset"))
			body, ok := pages[off]
			if !ok {
				writeErr(w, 400, "invalid_query_parameter", "unexpected offset")
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(body)
		})
		c := newClient(b, f.URL, func(c *genviral.Config) { c.MaxParallel = 8 })
		benchFetch(b, c, 10100)
	})
	b.Run("emulator", func(b *testing.B) {
		s, base := emulatortest.Start(b, emulator.Options{PostsPerTarget: -1})
		for i := range 3 {
			t := s.SeedTarget(emulator.WorkspaceScope(), genviral.Platforms[i], fmt.Sprintf("@bench%d", i), "")
			s.SetPosts(t.ID, 4000)
		}
		c := newClient(b, base, func(c *genviral.Config) {
			c.APIKey = emulator.WorkspaceKey
			c.MaxParallel = 8
		})
		benchFetch(b, c, 10100)
	})
}

func benchFetch(b *testing.B, c *genviral.Client, want int) {
	b.Helper()
	ctx := context.Background()
	q := genviral.PostsQuery{AnalyticsFilter: genviral.AnalyticsFilter{Range: "all"}}
	b.ReportAllocs()
	for b.Loop() {
		res, err := c.FetchPosts(ctx, q, want)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Posts) != want {
			b.Fatalf("%d rows, want %d", len(res.Posts), want)
		}
	}
}
