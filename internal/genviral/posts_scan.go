package genviral

import (
	"context"
	"slices"
	"time"
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
// to maxPosts posts, as the pages arrive: it holds at most one window's
// pages (MaxQueryRows posts), whatever the number of posts. q's sort, limit
// and offset are replaced by published_at, newest first.
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
		return s.res, s.read(ctx, postsWindow{q: q}, first)
	}
	w, ok, err := s.bounds(ctx, q, first)
	if err != nil {
		return nil, err
	}
	if !ok {
		// No day to split by: read what one query serves.
		return s.res, s.read(ctx, postsWindow{q: q}, first)
	}
	_, err = s.split(ctx, w, first.TotalCount)
	return s.res, err
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

// split reads window w of total posts as windows of fewer days sized from
// total, the latest first. It returns the posts they hold by their counts.
func (s *postsScan) split(ctx context.Context, w postsWindow, total int) (int, error) {
	k := (total*5/4 + MaxQueryRows - 1) / MaxQueryRows
	held := 0
	for _, part := range w.parts(max(k, 2)) {
		n, err := s.window(ctx, part)
		if err != nil {
			return held, err
		}
		held += n
	}
	return held, nil
}

// window reads w: at once when one query serves it, else split by days or,
// for a single day, by account. It returns the posts w holds by its
// count.
func (s *postsScan) window(ctx context.Context, w postsWindow) (int, error) {
	if s.left == 0 {
		// maxPosts stopped the scan before this window.
		s.res.HasMore = true
		return 0, nil
	}
	p, err := s.probe(ctx, w.q)
	if err != nil {
		return 0, err
	}
	if p.TotalCount <= MaxQueryRows || !p.HasMore {
		return p.TotalCount, s.read(ctx, w, p)
	}
	if w.days() > 1 {
		held, err := s.split(ctx, w, p.TotalCount)
		return max(held, p.TotalCount), err
	}
	accounts, err := s.accounts(ctx, w.q)
	if err != nil {
		return 0, err
	}
	if len(accounts) < 2 {
		// One account's day holds more than a query serves: read what
		// it serves.
		s.res.HasMore = true
		return p.TotalCount, s.read(ctx, w, p)
	}
	held := 0
	for _, group := range [][]string{accounts[:len(accounts)/2], accounts[len(accounts)/2:]} {
		part := w
		part.q.AccountIDs = group
		n, err := s.window(ctx, part)
		if err != nil {
			return held, err
		}
		held += n
	}
	if held < p.TotalCount {
		// Posts of accounts the target list did not show.
		s.res.HasMore = true
	}
	return p.TotalCount, nil
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
	res, err := s.c.fetchPostsFrom(ctx, w.q, s.left, first)
	if err != nil {
		return err
	}
	s.res.Requests += res.Requests
	s.res.HasMore = s.res.HasMore || res.HasMore
	for i := range res.Posts {
		if p := &res.Posts[i]; s.keep(p, w) {
			s.visit(p)
			s.res.Read++
			s.left--
		}
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
