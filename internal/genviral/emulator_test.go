package genviral_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/emulator/emulatortest"
	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// startEmulator starts an emulator and a client with key (default the
// workspace key) and the fast test configuration.
func startEmulator(t testing.TB, opts emulator.Options, mutate ...func(*genviral.Config)) (*emulator.Server, *genviral.Client) {
	t.Helper()
	s, base := emulatortest.Start(t, opts)
	m := append([]func(*genviral.Config){func(c *genviral.Config) { c.APIKey = emulator.WorkspaceKey }}, mutate...)
	return s, newClient(t, base, m...)
}

func TestEmulatorTargetLifecycle(t *testing.T) {
	t.Parallel()
	for _, opts := range []emulator.Options{{}, {ExistingStatus: 201, FlatTargetDetail: true}} {
		t.Run(fmt.Sprintf("existing %d flat %v", opts.ExistingStatus, opts.FlatTargetDetail), func(t *testing.T) {
			t.Parallel()
			s, c := startEmulator(t, opts)
			ctx := context.Background()

			res, err := c.CreateTarget(ctx, genviral.CreateTargetRequest{Platform: "tiktok", Identifier: "@Northwind_Labs", Alias: "Northwind"})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Created || res.Target.ID == "" || res.Target.Identifier != "@Northwind_Labs" ||
				res.Target.DisplayName == nil || *res.Target.DisplayName != "Northwind" {
				t.Fatalf("create = %+v", res)
			}
			id := res.Target.ID

			again, err := c.CreateTarget(ctx, genviral.CreateTargetRequest{Platform: "tiktok", Identifier: "northwind_labs"})
			if err != nil {
				t.Fatal(err)
			}
			if again.Created || again.Target.ID != id {
				t.Errorf("second create = %+v, want the existing target", again)
			}

			d, err := c.GetTarget(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if d.Target.ID != id || d.Target.Platform != "tiktok" {
				t.Errorf("get = %+v", d.Target)
			}
			if !opts.FlatTargetDetail && len(d.Summary) == 0 {
				t.Error("wrapped detail lost its summary")
			}

			upd, err := c.UpdateTarget(ctx, id, genviral.UpdateTargetRequest{
				DisplayName:   genviral.Null[string](),
				Favorite:      genviral.Value(true),
				RefreshPolicy: genviral.Value(genviral.RefreshPolicy{FreeDailyRefresh: genviral.Value(true), MaxPosts: genviral.Value[int64](25)}),
			})
			if err != nil {
				t.Fatal(err)
			}
			if upd.DisplayName != nil || upd.Metadata == nil || upd.Metadata.Favorite == nil || !*upd.Metadata.Favorite {
				t.Errorf("update = %+v", upd)
			}
			st, _ := s.Target(id)
			if st.DisplayName != "" || st.Favorite == nil || !*st.Favorite ||
				st.RefreshPolicy["freeDailyRefresh"] != true || st.RefreshPolicy["maxPosts"] != 25.0 {
				t.Errorf("stored target = %+v", st)
			}
			if _, err := c.UpdateTarget(ctx, id, genviral.UpdateTargetRequest{
				RefreshPolicy: genviral.Value(genviral.RefreshPolicy{MaxPosts: genviral.Null[int64]()}),
			}); err != nil {
				t.Fatal(err)
			}
			if st, _ := s.Target(id); len(st.RefreshPolicy) != 1 || st.RefreshPolicy["freeDailyRefresh"] != true {
				t.Errorf("policy after clearing maxPosts = %v", st.RefreshPolicy)
			}

			tg, err := c.LookupTarget(ctx, id)
			if err != nil || tg.ID != id {
				t.Fatalf("LookupTarget = %+v, %v", tg, err)
			}
			if got, err := c.FindTargetByHandle(ctx, "tiktok", "@NORTHWIND_LABS"); err != nil || got.ID != id {
				t.Errorf("FindTargetByHandle = %+v, %v", got, err)
			}

			if err := c.DeleteTarget(ctx, id); err != nil {
				t.Fatal(err)
			}
			if err := c.DeleteTarget(ctx, id); err != nil {
				t.Errorf("second delete (404) = %v, want nil", err)
			}
			if _, err := c.LookupTarget(ctx, id); !errors.Is(err, genviral.ErrTargetNotFound) {
				t.Errorf("LookupTarget after delete = %v, want ErrTargetNotFound", err)
			}
			if n := s.Count(emulator.RouteListTargets); n != 2 {
				t.Errorf("list requests = %d, want 2 (one before, one after the delete)", n)
			}
			if n := s.Count(emulator.RouteGetTarget); n != 2 {
				t.Errorf("get requests = %d, want 2 (GetTarget, and LookupTarget of the deleted id)", n)
			}
			for _, r := range s.Requests() {
				if !strings.HasPrefix(r.Path, emulator.BasePath+"/analytics/") {
					t.Errorf("request path %s lacks the base path", r.Path)
				}
			}
		})
	}
}

func TestEmulatorScopesAndAuth(t *testing.T) {
	t.Parallel()
	s, base := emulatortest.Start(t, emulator.Options{})
	ws := s.SeedTarget(emulator.WorkspaceScope(), "instagram", "@acme", "Acme")
	ctx := context.Background()
	personal := newClient(t, base, func(c *genviral.Config) { c.APIKey = emulator.PersonalKey })

	l, err := personal.ListTargets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if l.WorkspaceID != nil || len(l.Targets) != 0 {
		t.Errorf("personal list = %+v", l)
	}
	if _, err := personal.LookupTarget(ctx, ws.ID); !errors.Is(err, genviral.ErrTargetNotFound) {
		t.Errorf("personal LookupTarget of a workspace target = %v", err)
	}
	if _, err := personal.GetTarget(ctx, ws.ID); !genviral.IsNotFound(err) {
		t.Errorf("personal GetTarget = %v, want 404", err)
	}

	bad := newClient(t, base, func(c *genviral.Config) { c.APIKey = "gva_live_nope00.SuperSecretValue42" })
	_, err = bad.ListTargets(ctx)
	e := mustAPIError(t, err)
	if !genviral.IsUnauthorized(err) || e.Attempts != 1 {
		t.Errorf("unknown key: %v", err)
	}
	wantKind(t, "unknown key", e, genviral.KindAnswered)
	assertNoSecret(t, "error", err.Error())

	const tierKey = "gva_live_tier00.tierSecret"
	s.AddKey(tierKey, emulator.WorkspaceScope())
	s.SetKeyError(tierKey, 403, "tier_not_allowed")
	tier := newClient(t, base, func(c *genviral.Config) { c.APIKey = tierKey })
	_, err = tier.ListTargets(ctx)
	if e := mustAPIError(t, err); !genviral.IsForbidden(err) || e.ErrorCode != "tier_not_allowed" || e.Kind() != genviral.KindAnswered {
		t.Errorf("tier error = %v, kind %v", err, e.Kind())
	}
	s.SetKeyError(tierKey, 402, "subscription_required")
	_, err = tier.ListTargets(ctx)
	if e := mustAPIError(t, err); !genviral.IsPaymentRequired(err) || e.ErrorCode != "subscription_required" || e.Kind() != genviral.KindAnswered {
		t.Errorf("subscription error = %v, kind %v", err, e.Kind())
	}
}

// TestEmulatorLookupFindsLateTarget: a target created behind the client's
// back after the run's list was read is found by id, with one GET. (That
// concurrent reads share one list request is asserted once per level:
// TestCachedTargetsConcurrentCallersShareOneRequest for the client, and
// TestAccAnalyticsTarget_manyTargetsOneList for a Terraform run.)
func TestEmulatorLookupFindsLateTarget(t *testing.T) {
	t.Parallel()
	s, c := startEmulator(t, emulator.Options{})
	early := s.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@early", "")
	ctx := context.Background()
	if tg, err := c.LookupTarget(ctx, early.ID); err != nil || tg.ID != early.ID {
		t.Fatalf("LookupTarget(early) = %+v, %v", tg, err)
	}
	late := s.SeedTarget(emulator.WorkspaceScope(), "youtube", "@late", "")
	if tg, err := c.LookupTarget(ctx, late.ID); err != nil || tg.ID != late.ID {
		t.Errorf("LookupTarget(late) = %+v, %v", tg, err)
	}
	if n := s.Count(emulator.RouteGetTarget); n != 1 {
		t.Errorf("GET by id = %d, want 1", n)
	}
	if n := s.Count(emulator.RouteListTargets); n != 1 {
		t.Errorf("list requests = %d, want 1", n)
	}
}

// seedPosts creates targets × perTarget posts in the workspace scope.
func seedPosts(s *emulator.Server, targets, perTarget int) {
	for i := range targets {
		tg := s.SeedTarget(emulator.WorkspaceScope(), genviral.Platforms[i%3], fmt.Sprintf("@posts%d", i), "")
		s.SetPosts(tg.ID, perTarget)
	}
}

func TestEmulatorFetchPosts(t *testing.T) {
	t.Parallel()
	const targets, perTarget = 3, 120
	total := targets * perTarget
	all := genviral.PostsQuery{AnalyticsFilter: genviral.AnalyticsFilter{Range: "all"}, SortBy: "views", SortOrder: "desc"}

	// Reference: the rows page by page, one request at a time.
	s, c := startEmulator(t, emulator.Options{PostsPerTarget: -1})
	seedPosts(s, targets, perTarget)
	ctx := context.Background()
	var want []string
	for off := 0; off < total; off += 100 {
		q := all
		q.Offset, q.Limit = off, 100
		p, err := c.ListPosts(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if p.TotalCount != total {
			t.Fatalf("totalCount = %d, want %d", p.TotalCount, total)
		}
		for _, post := range p.Posts {
			want = append(want, post.Key())
		}
	}
	if len(want) != total {
		t.Fatalf("reference has %d rows", len(want))
	}

	tests := []struct {
		max, rows, reqs int
		more            bool
	}{
		{250, 250, 3, true},
		{total, total, 4, false},
		{1000, total, 4, false},
		{1, 1, 1, true},
	}
	for _, tt := range tests {
		s.ResetCounts()
		res, err := c.FetchPosts(ctx, all, tt.max)
		if err != nil {
			t.Fatal(err)
		}
		got := make([]string, len(res.Posts))
		for i, p := range res.Posts {
			got[i] = p.Key()
		}
		if !slices.Equal(got, want[:tt.rows]) {
			t.Errorf("max %d: rows differ from server order", tt.max)
		}
		if n := s.Count(emulator.RoutePosts); n != tt.reqs || res.Requests != tt.reqs {
			t.Errorf("max %d: %d requests (reported %d), want %d", tt.max, n, res.Requests, tt.reqs)
		}
		if res.HasMore != tt.more || res.TotalCount != total {
			t.Errorf("max %d: hasMore %v total %d", tt.max, res.HasMore, res.TotalCount)
		}
		for _, r := range s.Requests() {
			var names []string
			for k := range r.Query {
				names = append(names, k)
			}
			slices.Sort(names)
			if !slices.Equal(names, []string{"limit", "offset", "range", "sortBy", "sortOrder"}) {
				t.Errorf("query names = %v", names)
			}
		}
	}

	// Filters reach the server under the documented names.
	s.ResetCounts()
	tgs := s.Targets(emulator.WorkspaceScope())
	res, err := c.FetchPosts(ctx, genviral.PostsQuery{AnalyticsFilter: genviral.AnalyticsFilter{
		Range: "all", Platforms: []string{tgs[0].Platform}, AccountIDs: []string{tgs[0].ID, tgs[1].ID},
	}}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Posts) != perTarget || res.HasMore {
		t.Errorf("filtered fetch: %d rows, hasMore %v; want %d", len(res.Posts), res.HasMore, perTarget)
	}
	for _, p := range res.Posts {
		if p.Platform == nil || *p.Platform != tgs[0].Platform {
			t.Fatalf("row of platform %v", p.Platform)
		}
	}
	if q := s.Requests()[0].Query; q.Get("accounts") != tgs[0].ID+","+tgs[1].ID || q.Get("platforms") != tgs[0].Platform {
		t.Errorf("filter query = %v", q)
	}
}

func TestEmulatorFaults(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("error rate exhausts retries", func(t *testing.T) {
		t.Parallel()
		s, c := startEmulator(t, emulator.Options{})
		s.SetFaults(emulator.Faults{ErrorRate: 1, ErrorStatuses: []int{503}})
		_, err := c.ListTargets(ctx)
		if e := mustAPIError(t, err); e.StatusCode != 503 || e.Attempts != 4 {
			t.Errorf("APIError = %+v", e)
		}
		if n := s.Count(emulator.RouteListTargets); n != 4 {
			t.Errorf("requests = %d, want 4", n)
		}
	})
	t.Run("429 burst with Retry-After 0", func(t *testing.T) {
		t.Parallel()
		s, c := startEmulator(t, emulator.Options{})
		s.SetFaults(emulator.Faults{RateLimitBurst: 2, RetryAfter: "0"})
		if _, err := c.ListTargets(ctx); err != nil {
			t.Fatal(err)
		}
		if n := s.Count(emulator.RouteListTargets); n != 3 {
			t.Errorf("requests = %d, want 3", n)
		}
	})
	t.Run("429 burst longer than retries is ridden out", func(t *testing.T) {
		t.Parallel()
		s, c := startEmulator(t, emulator.Options{})
		s.SetFaults(emulator.Faults{RateLimitBurst: 10})
		if _, err := c.ListTargets(ctx); err != nil {
			t.Fatalf("ListTargets after a burst of 10 429s with 3 retries: %v", err)
		}
		if n := s.Count(emulator.RouteListTargets); n != 11 {
			t.Errorf("requests = %d, want 11 (10 answered 429, then the list)", n)
		}
	})
	t.Run("refresh not retried on 429 burst", func(t *testing.T) {
		t.Parallel()
		s, c := startEmulator(t, emulator.Options{})
		tg := s.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@r", "")
		s.SetFaults(emulator.Faults{RateLimitBurst: 3, RetryAfter: "0"})
		if _, err := c.RefreshTarget(ctx, tg.ID); !genviral.IsRateLimited(err) {
			t.Errorf("err = %v, want 429", err)
		}
		if n := s.Count(emulator.RouteRefreshTarget); n != 1 {
			t.Errorf("refresh requests = %d, want 1", n)
		}
	})
	t.Run("malformed bodies", func(t *testing.T) {
		t.Parallel()
		s, c := startEmulator(t, emulator.Options{}, func(c *genviral.Config) { c.MaxRetries = 0 })
		s.SetFaults(emulator.Faults{MalformedRate: 1})
		var msgs []string
		for range 3 {
			_, err := c.ListTargets(ctx)
			_ = mustAPIError(t, err)
			msgs = append(msgs, err.Error())
		}
		contains(t, "html", msgs[0], "HTTP 502", "not JSON")
		contains(t, "truncated", msgs[1], "incomplete or invalid JSON")
		contains(t, "ok false", msgs[2], "ok:false")
	})
	t.Run("stall beyond timeout", func(t *testing.T) {
		t.Parallel()
		// 2s, not less: both attempts must reach the emulator within it,
		// also on a loaded machine running -race, for the count below.
		s, c := startEmulator(t, emulator.Options{}, func(c *genviral.Config) {
			c.Timeout = 2 * time.Second
			c.MaxRetries = 1
		})
		s.SetFaults(emulator.Faults{Stall: time.Minute})
		_, err := c.ListTargets(ctx)
		if !errors.Is(err, genviral.ErrTimeout) {
			t.Fatalf("err = %v, want ErrTimeout", err)
		}
		contains(t, "error", err.Error(), "2s")
		if n := s.Count(emulator.RouteListTargets); n != 2 {
			t.Errorf("requests = %d, want 2", n)
		}
	})
	t.Run("flaky posts still assemble", func(t *testing.T) {
		t.Parallel()
		s, c := startEmulator(t, emulator.Options{PostsPerTarget: -1, Seed: 7}, func(c *genviral.Config) { c.MaxRetries = 8 })
		seedPosts(s, 3, 200)
		s.SetFaults(emulator.Faults{ErrorRate: 0.3})
		res, err := c.FetchPosts(ctx, genviral.PostsQuery{AnalyticsFilter: genviral.AnalyticsFilter{Range: "all"}}, 600)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Posts) != 600 || res.HasMore || res.Requests != 6 {
			t.Errorf("rows %d hasMore %v requests %d", len(res.Posts), res.HasMore, res.Requests)
		}
	})
}

func TestEmulatorRefreshAndSummary(t *testing.T) {
	t.Parallel()
	s, c := startEmulator(t, emulator.Options{})
	ctx := context.Background()
	tg := s.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@sum", "Sum")
	res, err := c.RefreshTarget(ctx, tg.ID)
	if err != nil {
		t.Fatal(err)
	}
	if res.Refresh.TargetID != tg.ID || res.Refresh.Done() {
		t.Errorf("refresh = %+v", res)
	}
	if _, err := c.RefreshTarget(ctx, tg.ID); !genviral.IsConflict(err) {
		t.Errorf("second refresh = %v, want 409", err)
	}
	var r *genviral.Refresh
	for range 5 {
		if r, err = c.GetRefresh(ctx, res.Refresh.ID); err != nil {
			t.Fatal(err)
		}
		if r.Done() {
			break
		}
	}
	if r.Status != genviral.RefreshCompleted || r.CompletedAt == nil {
		t.Errorf("refresh after polling = %+v", r)
	}

	sum, err := c.GetSummary(ctx, genviral.AnalyticsFilter{Range: "all"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.PostingStreak == nil || *sum.PostingStreak < 1 || len(sum.KPIs) == 0 || len(sum.ContentMix) == 0 {
		t.Errorf("summary = %+v", sum)
	}
	if _, err := c.GetSummary(ctx, genviral.AnalyticsFilter{Range: "7d"}); err == nil {
		t.Error("range 7d accepted by the emulator")
	} else if e := mustAPIError(t, err); e.StatusCode != 400 || e.Attempts != 1 {
		t.Errorf("invalid range error = %+v", e)
	}
	if q := s.Requests()[len(s.Requests())-1].Query; !equalValues(q, url.Values{"range": {"7d"}}) {
		t.Errorf("summary query = %v", q)
	}

	sugg, err := c.ListWorkspaceSuggestions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_ = sugg // its content depends on the emulator's other scopes; decoding is what matters
}

func equalValues(a, b url.Values) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// TestKeyUser: a personal key's user is named by one GET of a target its
// list shows (list rows carry no user_id), once per client; an empty
// personal scope and a workspace key name no user.
func TestKeyUser(t *testing.T) {
	ctx := context.Background()
	s, base := emulatortest.Start(t, emulator.Options{})
	client := func(key string) *genviral.Client {
		return newClient(t, base, func(c *genviral.Config) { c.APIKey = key })
	}
	if u, err := client(emulator.OtherPersonalKey).KeyUser(ctx); err != nil || u != "" {
		t.Errorf("empty personal scope: KeyUser = %q, %v; want \"\", nil", u, err)
	}
	s.SeedTarget(emulator.OtherPersonalScope(), "tiktok", "@theirs", "")
	s.SeedTarget(emulator.PersonalScope(), "tiktok", "@mine", "")
	s.SeedTarget(emulator.WorkspaceScope(), "tiktok", "@ours", "")
	s.ResetCounts()
	c := client(emulator.OtherPersonalKey)
	for range 2 {
		if u, err := c.KeyUser(ctx); err != nil || u != emulator.OtherUserID {
			t.Errorf("KeyUser = %q, %v; want %q", u, err, emulator.OtherUserID)
		}
	}
	if n := s.Count(emulator.RouteGetTarget); n != 1 {
		t.Errorf("%d target reads, want 1", n)
	}
	if u, err := client(emulator.WorkspaceKey).KeyUser(ctx); err != nil || u != "" {
		t.Errorf("workspace key: KeyUser = %q, %v; want \"\", nil", u, err)
	}
}
