package genviral_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/emulator/emulatortest"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// countStatus counts the requests of s answered with status.
func countStatus(s *emulator.Server, status int) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Status == status {
			n++
		}
	}
	return n
}

// A storm of 429s without Retry-After (30 % of requests) does not fail a
// 10,100-row read: 429s are retried within the read's deadline, however
// many a page gets, while other failures keep their count. With one retry a
// page used to fail on its second 429 (0.09 per page: almost surely one of
// 101 pages).
func TestFetchPostsRidesOut429Storm(t *testing.T) {
	t.Parallel()
	s, c := startEmulator(t, emulator.Options{PostsPerTarget: -1, Seed: 11}, func(c *genviral.Config) { c.MaxRetries = 1 })
	seedPosts(s, 4, 2525)
	s.SetFaults(emulator.Faults{RateLimitRate: 0.3, Routes: []string{emulator.RoutePosts}})
	res, err := c.FetchPosts(context.Background(), genviral.PostsQuery{AnalyticsFilter: genviral.AnalyticsFilter{Range: "all"}}, 10100)
	if err != nil {
		t.Fatalf("FetchPosts under a 429 storm: %v", err)
	}
	seen := map[string]bool{}
	for _, p := range res.Posts {
		seen[p.Key()] = true
	}
	limited := countStatus(s, http.StatusTooManyRequests)
	t.Logf("10,100 rows under a 30%% 429 storm: %d requests, %d answered 429", s.Count(emulator.RoutePosts), limited)
	if len(res.Posts) != 10100 || len(seen) != 10100 || res.HasMore {
		t.Errorf("%d rows (%d distinct), hasMore %v; want all 10,100 once", len(res.Posts), len(seen), res.HasMore)
	}
	if limited == 0 || s.Count(emulator.RoutePosts) != 101+limited {
		t.Errorf("%d posts requests, %d answered 429: want 101 pages plus one request per 429", s.Count(emulator.RoutePosts), limited)
	}
}

// Five clients (five Terraform runs) share one rate limit of 40 requests
// per second, with and without Retry-After: each creates 30 targets and
// reads 1,000 posts at once. Every run succeeds, nothing is created twice or
// lost, and fewer than 20 % of all requests are answered 429: each client
// paces its request rate (and pauses for Retry-After) instead of only
// bounding its requests in flight. Before, about half of all requests were
// refused and runs failed after 5 attempts.
func TestClientsShareARateLimit(t *testing.T) {
	t.Parallel()
	for _, retryAfter := range []string{"", "1"} {
		t.Run("Retry-After "+retryAfter, func(t *testing.T) {
			t.Parallel()
			const runs, creates, posts = 5, 50, 2000
			s, base := emulatortest.Start(t, emulator.Options{PostsPerTarget: -1})
			seedPosts(s, 2, posts/2)
			s.SetFaults(emulator.Faults{RateLimit: 50, RetryAfter: retryAfter})
			var wg sync.WaitGroup
			for run := range runs {
				c := newRealClient(t, base, func(c *genviral.Config) {
					c.APIKey, c.RetryWaitMin, c.RetryWaitMax = emulator.WorkspaceKey, time.Second, 30*time.Second
				})
				wg.Go(func() { createMany(t, c, fmt.Sprintf("run%d", run), creates) })
				wg.Go(func() {
					res, err := c.FetchPosts(context.Background(), genviral.PostsQuery{AnalyticsFilter: genviral.AnalyticsFilter{Range: "all"}}, posts)
					if err != nil || len(res.Posts) != posts {
						t.Errorf("run %d: read %d posts: %v", run, posts, err)
					}
				})
			}
			wg.Wait()
			total, limited := s.TotalCount(), countStatus(s, http.StatusTooManyRequests)
			t.Logf("%d runs on one limit of 50/s: %d requests, %d answered 429 (%.1f %%)", runs, total, limited, 100*float64(limited)/float64(total))
			if n := len(s.Targets(emulator.WorkspaceScope())); n != runs*creates+2 {
				t.Errorf("%d targets, want %d: a create was lost or duplicated", n, runs*creates+2)
			}
			if limited*5 >= total {
				t.Errorf("%d of %d requests answered 429, want under 20 %%", limited, total)
			}
		})
	}
}
