package genviral

import (
	"context"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// MaxQueryRows is the most rows one posts query serves: offsets up to
// MaxPostsOffset, then one page.
const MaxQueryRows = MaxPostsOffset + MaxPostsPageSize

// ScanResult is what ScanPosts read.
type ScanResult struct {
	// TotalCount is the server's count of the posts matching the query as
	// given.
	TotalCount int
	// Read is how many distinct posts were passed to visit.
	Read int
	// HasMore says whether matching posts were not passed to visit:
	// maxPosts stopped the scan, or a single account held more posts on a
	// single day than one query serves.
	HasMore bool
	// Requests is how many requests the scan made (pages, window probes
	// and the target list; not retries).
	Requests int
}

// ScanPosts passes each post matching q to visit, newest window first, up
// to maxPosts posts, as the windows arrive: it holds the pages of at most
// readAhead windows (MaxQueryRows posts each), whatever the number of
// posts. q's sort, limit and offset are replaced by published_at, newest
// first.
//
// One query serves at most MaxQueryRows rows. When more match and more are
// asked for, the scan splits the query into windows of days (start/end,
// which the API takes by day), sized from the totalCount of the query:
// about 4/5 of a query's rows each, so that one probe of each window is
// also its first page. A window still holding more than a query serves is
// split again the same way; a single day that does is split by account
// (accounts: the query's, else the tracked targets of its platforms). Each
// window is read with FetchPosts's paging, under a budget of its own, so
// the per-read limits of requests and bytes bound a window, not the scan.
func (c *Client) ScanPosts(ctx context.Context, q PostsQuery, maxPosts int, visit func(*Post)) (*ScanResult, error) {
	if maxPosts <= 0 {
		return &ScanResult{}, nil
	}
	ctx, cancel := c.readContext(ctx)
	defer cancel()
	q.SortBy, q.SortOrder, q.Offset, q.Limit = "published_at", "desc", 0, MaxPostsPageSize
	s := &postsScan{c: c, left: maxPosts, visit: visit, res: &ScanResult{}, edge: map[string]struct{}{}}
	first, err := s.probe(ctx, q)
	if err != nil {
		return nil, err
	}
	s.res.TotalCount = first.TotalCount
	if first.TotalCount <= MaxQueryRows || maxPosts <= MaxQueryRows || !first.HasMore {
		// One query serves all that is asked.
		return s.result(s.read(ctx, postsWindow{q: q}, first))
	}
	w, ok, err := s.bounds(ctx, q, first)
	if err != nil {
		return nil, err
	}
	if !ok {
		// No day to split by: read what one query serves.
		return s.result(s.read(ctx, postsWindow{q: q}, first))
	}
	leaves, err := s.plan(ctx, w, first.TotalCount)
	if err != nil {
		return nil, err
	}
	return s.result(s.readAll(ctx, leaves))
}

// result is the scan's result, or its error.
func (s *postsScan) result(err error) (*ScanResult, error) {
	if err != nil {
		return nil, err
	}
	return s.res, nil
}

// postsScan is the state of one ScanPosts.
type postsScan struct {
	c     *Client
	left  int
	visit func(*Post)
	res   *ScanResult
	// edge holds the keys of the posts read so far that were published
	// within a day of the first or last day of their window. The contract
	// is silent on the time zone of start/end (and on whether end is
	// inclusive, though a one-day query, start = end, only returns posts
	// when it is): a post near a window's edge may then be served by both
	// windows. Posts are deduplicated by analytics id across windows, and
	// only those near an edge can be served twice, so only they are kept.
	edge map[string]struct{}
	// from and to bound publishedAt when the windows cover more than the
	// query (a range preset, whose first day may be cut within the day);
	// zero when they cover exactly the query's days.
	from, to time.Time
}

// postsWindow is one query of a scan: q, with the days first to last
// (UTC midnights) when it is a window of days.
type postsWindow struct {
	q           PostsQuery
	first, last time.Time
}

// days is the number of days of w.
func (w postsWindow) days() int {
	return int(w.last.Sub(w.first)/(24*time.Hour)) + 1
}

// of returns the window of the days first to last, with q's filters.
func (w postsWindow) of(first, last time.Time) postsWindow {
	q := w.q
	q.Range, q.Start, q.End = "", first.Format(time.DateOnly), last.Format(time.DateOnly)
	return postsWindow{q: q, first: first, last: last}
}

// parts splits w into k windows of about as many days (at most one per
// day), the latest first.
func (w postsWindow) parts(k int) []postsWindow {
	n := w.days()
	k = min(k, n)
	out := make([]postsWindow, 0, k)
	last := w.last
	for i := range k {
		size := n / k
		if i < n%k {
			size++
		}
		first := last.AddDate(0, 0, 1-size)
		out = append(out, w.of(first, last))
		last = first.AddDate(0, 0, -1)
	}
	return out
}

// probe requests the first page of q.
func (s *postsScan) probe(ctx context.Context, q PostsQuery) (*PostsPage, error) {
	s.res.Requests++
	return s.c.ListPosts(ctx, q)
}

// bounds returns the window of days the scan covers: the query's start and
// end, or, for a range preset, the days from its oldest post (one request,
// oldest first) to its newest (first's), a day wider on each side for the
// time zone, with publishedAt bounded by those two posts. ok is false when
// they cannot be told.
func (s *postsScan) bounds(ctx context.Context, q PostsQuery, first *PostsPage) (postsWindow, bool, error) {
	w := postsWindow{q: q}
	if q.Start != "" && q.End != "" {
		from, err1 := time.Parse(time.DateOnly, q.Start)
		to, err2 := time.Parse(time.DateOnly, q.End)
		return w.of(from, to), err1 == nil && err2 == nil && !to.Before(from), nil
	}
	oq := q
	oq.SortOrder, oq.Limit = "asc", 1
	oldest, err := s.probe(ctx, oq)
	if err != nil || len(oldest.Posts) == 0 || len(first.Posts) == 0 {
		return w, false, err
	}
	from, ok1 := postTime(&oldest.Posts[0])
	to, ok2 := postTime(&first.Posts[0])
	if !ok1 || !ok2 || to.Before(from) {
		return w, false, nil
	}
	s.from, s.to = from, to
	day := func(t time.Time) time.Time { return t.UTC().Truncate(24 * time.Hour) }
	return w.of(day(from).AddDate(0, 0, -1), day(to).AddDate(0, 0, 1)), true, nil
}

// leaf is a window that one query serves, with its first page.
type leaf struct {
	w     postsWindow
	first *PostsPage
}

// plan splits window w, holding total posts, into windows of fewer days
// sized from total, probed in parallel, and returns the leaves they make,
// the latest first.
func (s *postsScan) plan(ctx context.Context, w postsWindow, total int) ([]leaf, error) {
	k := (total*5/4 + MaxQueryRows - 1) / MaxQueryRows
	return s.planAll(ctx, w.parts(max(k, 2)))
}

// planAll probes parts in parallel and returns the leaves they make, in
// their order.
func (s *postsScan) planAll(ctx context.Context, parts []postsWindow) ([]leaf, error) {
	pages := make([]*PostsPage, len(parts))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(s.c.cfg.MaxParallel)
	for i, part := range parts {
		g.Go(func() (err error) {
			pages[i], err = s.c.ListPosts(gctx, part.q)
			return err
		})
	}
	s.res.Requests += len(parts)
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var out []leaf
	for i, part := range parts {
		sub, err := s.planWindow(ctx, part, pages[i])
		if err != nil {
			return nil, err
		}
		out = append(out, sub...)
	}
	return out, nil
}

// planWindow returns the leaves of w, whose first page is p: w itself when
// one query serves it, else its windows of fewer days or, for a single
// day, of fewer accounts.
func (s *postsScan) planWindow(ctx context.Context, w postsWindow, p *PostsPage) ([]leaf, error) {
	if p.TotalCount <= MaxQueryRows || !p.HasMore {
		return []leaf{{w, p}}, nil
	}
	if w.days() > 1 {
		return s.plan(ctx, w, p.TotalCount)
	}
	accounts, err := s.accounts(ctx, w.q)
	if err != nil {
		return nil, err
	}
	if len(accounts) < 2 {
		// One account's day holds more than a query serves: read what
		// it serves.
		s.res.HasMore = true
		return []leaf{{w, p}}, nil
	}
	var parts []postsWindow
	for _, group := range [][]string{accounts[:len(accounts)/2], accounts[len(accounts)/2:]} {
		part := w
		part.q.AccountIDs = group
		parts = append(parts, part)
	}
	leaves, err := s.planAll(ctx, parts)
	if err != nil {
		return nil, err
	}
	held := 0
	for _, l := range leaves {
		held += l.first.TotalCount
	}
	if held < p.TotalCount {
		// Posts of accounts the target list did not show.
		s.res.HasMore = true
	}
	return leaves, nil
}

// accounts returns the accounts to split a query by: its own, else the
// ids of the tracked targets of its platforms.
func (s *postsScan) accounts(ctx context.Context, q PostsQuery) ([]string, error) {
	if len(q.AccountIDs) > 0 {
		return q.AccountIDs, nil
	}
	s.res.Requests++
	list, err := s.c.ListTargets(ctx)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, t := range list.Targets {
		if len(q.Platforms) == 0 || slices.Contains(q.Platforms, t.Platform) {
			ids = append(ids, t.ID)
		}
	}
	return ids, nil
}

// read reads the rows of w, whose first page is first, and passes those
// not read before to visit, up to the posts still wanted.
func (s *postsScan) read(ctx context.Context, w postsWindow, first *PostsPage) error {
	res, err := s.c.fetchPostsFrom(ctx, w.q, s.left, first, nil)
	if err != nil {
		return err
	}
	s.visitAll(res, w)
	return nil
}

// visitAll passes the posts of res, read in window w, that were not read
// before to visit, and counts its requests.
func (s *postsScan) visitAll(res *PostsResult, w postsWindow) {
	s.res.Requests += res.Requests
	s.res.HasMore = s.res.HasMore || res.HasMore
	for i := range res.Posts {
		if p := &res.Posts[i]; s.keep(p, w) {
			s.visit(p)
			s.res.Read++
			s.left--
		}
	}
}

// readAhead is how many leaves a scan reads at once: the next leaf's
// pages are requested while the current one's are read, so that its first
// requests fill the rounds the current one leaves partly empty. The
// client's MaxParallel bounds the requests in flight of both together;
// this bounds the pages held to two leaves' worth.
const readAhead = 2

// leafRead is the outcome of reading one leaf.
type leafRead struct {
	res *PostsResult
	err error
}

// readAll reads leaves, readAhead at a time, and visits their posts in
// order, up to the posts still wanted: each leaf reads at most what is
// left of them after the counts of the leaves before it; a leaf past them
// is not read.
func (s *postsScan) readAll(ctx context.Context, leaves []leaf) error {
	quotas := make([]int, len(leaves))
	left := s.left
	for i, l := range leaves {
		n := max(l.first.TotalCount, len(l.first.Posts))
		if l.first.HasMore && n <= len(l.first.Posts) {
			// No usable count: as much as one query serves.
			n = MaxQueryRows
		}
		quotas[i] = min(n, left)
		left -= quotas[i]
	}
	done := make([]chan leafRead, len(leaves))
	for i := range done {
		done[i] = make(chan leafRead, 1)
	}
	slots := make(chan struct{}, readAhead)
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i, l := range leaves {
			if quotas[i] == 0 {
				done[i] <- leafRead{}
				continue
			}
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := s.c.fetchPostsFrom(ctx, l.w.q, quotas[i], l.first, nil)
				done[i] <- leafRead{res, err}
			}()
		}
	}()
	for i, l := range leaves {
		var r leafRead
		select {
		case r = <-done[i]:
		case <-ctx.Done():
			return ctxErr(ctx)
		}
		if r.err != nil {
			return r.err
		}
		if r.res == nil {
			// Past the posts wanted: not read.
			s.res.HasMore = true
			continue
		}
		s.visitAll(r.res, l.w)
		<-slots
	}
	return nil
}

// keep reports whether p, read in window w, is to be visited: published
// within the scan's bounds, and not read before in another window (see
// postsScan.edge).
func (s *postsScan) keep(p *Post, w postsWindow) bool {
	t, ok := postTime(p)
	if ok && !s.from.IsZero() && (t.Before(s.from) || t.After(s.to)) {
		return false
	}
	if w.first.IsZero() {
		return true
	}
	near := func(day time.Time) bool { return t.Sub(day) < 48*time.Hour && day.Sub(t) < 24*time.Hour }
	if ok && !near(w.first) && !near(w.last) {
		return true
	}
	k := p.Key()
	if _, dup := s.edge[k]; dup && k != "" {
		return false
	}
	s.edge[k] = struct{}{}
	return true
}

// postTime returns the publication time of p.
func postTime(p *Post) (time.Time, bool) {
	if p.PublishedAt == nil {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, *p.PublishedAt)
	return t, err == nil
}
