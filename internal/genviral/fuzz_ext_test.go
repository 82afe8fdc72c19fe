package genviral_test

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// FuzzPostsPage answers every posts request with the fuzzed status and body
// and checks that ListPosts and FetchPosts return a page or an *APIError,
// never panic, and never request an offset beyond MaxPostsOffset.
func FuzzPostsPage(f *testing.F) {
	addFuzzSeeds(f, []fuzzSeed{
		{200, `{"ok":true,"code":200,"message":"Analytics posts retrieved","data":{"posts":[{"id":"3d8a61f2","analyticsId":"3d8a61f2","platformPostId":"742","genviralPostId":null,"externalId":null,"publishedAt":"2026-03-01T18:20:00.000Z","caption":"c","permalink":"https://x","thumbnailUrl":null,"durationSeconds":19,"metrics":{"views":5300,"likes":240,"comments":12,"shares":9,"saves":4},"engagementRate":4.92,"platform":"tiktok","accountIdentifier":"@n","accountDisplayName":"N","accountAvatarUrl":null}],"totalCount":61,"hasMore":true}}`},
		{200, `{"ok":true,"code":200,"data":{"posts":[{"id":"a"},{"id":"a"},{"analyticsId":"b"}],"totalCount":50000,"hasMore":true}}`},
		{200, `{"ok":true,"code":200,"data":{"posts":[{"id":"a"}],"totalCount":0,"hasMore":true}}`},
		{200, `{"ok":true,"code":200,"data":{"posts":[],"totalCount":-5,"hasMore":true}}`},
		{200, `{"ok":true,"code":200,"data":{"posts":null,"totalCount":1e9,"hasMore":false}}`},
		{200, `{"ok":true,"code":200,"data":{"posts":{"id":"a"}}}`},
		{200, `{"ok":true,"code":200,"data":{"posts":[{"metrics":{"views":"many"}}]}}`},
		{200, `{"ok":true,"code":200,"message":"Analytics posts retrieved","data":{"posts":[{"id":`},
		{200, `{"ok":false,"code":500}`},
		{200, ``},
		{502, `<html><body><h1>502 Bad Gateway</h1></body></html>`},
		{400, `{"ok":false,"code":400,"message":"offset must be at most 10000","error_code":"invalid_query_parameter"}`},
		{429, `{"ok":false,"code":429,"error_code":"rate_limited"}`},
		{204, `{"ok":true}`},
	})

	var answer fuzzAnswer
	var mu sync.Mutex
	var badOffset string
	srv := newFakeAPI(f, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		off, err1 := strconv.Atoi(q.Get("offset"))
		lim, err2 := strconv.Atoi(q.Get("limit"))
		if err1 != nil || err2 != nil || off < 0 || off > genviral.MaxPostsOffset || lim < 1 || lim > genviral.MaxPostsPageSize {
			mu.Lock()
			badOffset = r.URL.RawQuery
			mu.Unlock()
		}
		answer.write(w)
	})
	cfg := genviral.DefaultConfig()
	cfg.BaseURL, cfg.APIKey, cfg.MaxRetries, cfg.MaxParallel = srv.URL, testKey, 0, 4
	cfg.Timeout, cfg.MaxBodyBytes = 5*time.Second, 1<<20
	c, err := genviral.New(cfg)
	if err != nil {
		f.Fatal(err)
	}
	// The pacer slows the client down after a 429: on a fake clock, so that
	// inputs answered 429 cost no real seconds.
	genviral.UseFakeClock(c)

	f.Fuzz(func(t *testing.T, st uint16, b []byte) {
		answer.set(st, b)
		ctx := context.Background()
		page, err := c.ListPosts(ctx, genviral.PostsQuery{Limit: 100})
		if (page == nil) == (err == nil) {
			t.Fatalf("ListPosts = %v, %v: want exactly one of page and error", page, err)
		}
		if err != nil {
			if _, ok := genviral.AsAPIError(err); !ok {
				t.Fatalf("error is not an *APIError: %T %v", err, err)
			}
			assertNoSecret(t, "error", err.Error())
		}
		res, err := c.FetchPosts(ctx, genviral.PostsQuery{Offset: 9900}, 300)
		if (res == nil) == (err == nil) {
			t.Fatalf("FetchPosts = %v, %v: want exactly one of result and error", res, err)
		}
		if res != nil {
			if len(res.Posts) > 300 {
				t.Fatalf("FetchPosts returned %d rows for max 300", len(res.Posts))
			}
			seen := map[string]bool{}
			for _, p := range res.Posts {
				if k := p.Key(); k != "" && seen[k] {
					t.Fatalf("duplicate row %q", k)
				} else {
					seen[k] = true
				}
			}
		}
		mu.Lock()
		defer mu.Unlock()
		if badOffset != "" {
			t.Fatalf("requested an invalid page: %s", badOffset)
		}
	})
}
