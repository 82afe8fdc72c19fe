package emulator

import (
	"fmt"
	"net/url"
	"slices"
	"testing"
)

// The sorted list that pages share follows every change of the posts
// behind it: a new target, new posts, a removed target.
func TestPostsPagesFollowChanges(t *testing.T) {
	srv, base := Start(t, Options{PostsPerTarget: 30})
	a := srv.SeedTarget(WorkspaceScope(), "tiktok", "@cache_a", "")
	const q = "range=all&sortBy=views&limit=10"
	want := func(step string, total int) {
		t.Helper()
		for _, offset := range []string{"0", "10"} {
			if got := getPosts(t, base, WorkspaceKey, q+"&offset="+offset).TotalCount; got != total {
				t.Errorf("%s, offset %s: totalCount %d, want %d", step, offset, got, total)
			}
		}
	}
	want("one target", 30)
	b := srv.SeedTarget(WorkspaceScope(), "youtube", "@cache_b", "")
	want("second target", 60)
	srv.SetPosts(b.ID, 5)
	want("posts replaced", 35)
	srv.RemoveTarget(a.ID)
	want("first target removed", 5)
	if got := getPosts(t, base, WorkspaceKey, "range=all&platforms=tiktok").TotalCount; got != 0 {
		t.Errorf("tiktok after removal: totalCount %d, want 0", got)
	}
}

// Two account filters that would print alike as maps ("map[a:true b:true]")
// are different queries.
func TestPostsCacheKeysFiltersExactly(t *testing.T) {
	srv, base := Start(t, Options{PostsPerTarget: 12})
	a := srv.SeedTarget(WorkspaceScope(), "tiktok", "@key_a", "")
	b := srv.SeedTarget(WorkspaceScope(), "tiktok", "@key_b", "")
	if got := getPosts(t, base, WorkspaceKey, "range=all&accounts="+a.ID+","+b.ID).TotalCount; got != 24 {
		t.Fatalf("both accounts: totalCount %d, want 24", got)
	}
	if got := getPosts(t, base, WorkspaceKey, "range=all&accounts="+url.QueryEscape(a.ID+":true "+b.ID)).TotalCount; got != 0 {
		t.Errorf("one account id that spells both as a map would: totalCount %d, want 0", got)
	}
}

// Pages of more queries than the cache holds, read in turn, are each the
// rows of their own query, as read alone from a server of its own (post
// ids derive from the accounts, so both servers have the same posts).
func TestPostsCacheInterleavedQueries(t *testing.T) {
	start := func() string {
		srv, base := Start(t, Options{PostsPerTarget: 40})
		srv.SeedTarget(WorkspaceScope(), "tiktok", "@mix_a", "")
		srv.SeedTarget(WorkspaceScope(), "youtube", "@mix_b", "")
		return base
	}
	base := start()
	queries := []string{"range=all", "range=all&sortBy=views", "range=all&sortOrder=asc", "range=90d",
		"range=all&platforms=youtube", "range=all&sortBy=likes"}
	ids := func(p postsPage) []string {
		var out []string
		for _, r := range p.Posts {
			out = append(out, r.ID)
		}
		return out
	}
	alone := map[string][]string{}
	for _, q := range queries {
		alone[q] = ids(getPosts(t, start(), WorkspaceKey, q+"&limit=100"))
	}
	for offset := 0; offset < 80; offset += 10 {
		for _, q := range queries {
			got := ids(getPosts(t, base, WorkspaceKey, fmt.Sprintf("%s&limit=10&offset=%d", q, offset)))
			want := alone[q][min(offset, len(alone[q])):min(offset+10, len(alone[q]))]
			if !slices.Equal(got, want) {
				t.Fatalf("%s at offset %d: %v, want %v", q, offset, got, want)
			}
		}
	}
}
