package emulator

import (
	"net/url"
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
