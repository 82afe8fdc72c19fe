package genviral

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

const postsPath = "/analytics/summary/posts"

// ListPosts returns one page of post metrics (GET /analytics/summary/posts).
func (c *Client) ListPosts(ctx context.Context, q PostsQuery) (*PostsPage, error) {
	v := q.values()
	if q.SortBy != "" {
		v.Set("sortBy", q.SortBy)
	}
	if q.SortOrder != "" {
		v.Set("sortOrder", q.SortOrder)
	}
	v.Set("limit", strconv.Itoa(q.Limit))
	v.Set("offset", strconv.Itoa(q.Offset))
	var out PostsPage
	if err := c.call(ctx, request{method: http.MethodGet, path: postsPath, query: v, retryable: true}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// PostsResult is what FetchPosts assembled.
type PostsResult struct {
	// Posts are in server order, de-duplicated by analytics id.
	Posts []Post
	// TotalCount is the server's count of rows matching the filters.
	TotalCount int
	// HasMore says whether rows exist beyond those returned.
	HasMore bool
	// Requests is how many pages were requested.
	Requests int
}

// FetchPosts returns up to maxResults rows starting at q.Offset (q.Limit is
// ignored). It asks for the first page, then, knowing totalCount, fetches the
// remaining pages in parallel (bounded by the client's MaxParallel) and
// assembles them in server order. Offsets beyond MaxPostsOffset are never
// requested: rows past it (up to MaxPostsOffset+MaxPostsPageSize) are read
// from a last page at MaxPostsOffset, without the rows already read. When the
// first page gives no usable totalCount it pages sequentially until hasMore
// is false. A page that comes back empty or with hasMore = false is trusted
// over a totalCount that announced more: paging stops there (see
// fetchPages) and TotalCount is what was served.
func (c *Client) FetchPosts(ctx context.Context, q PostsQuery, maxResults int) (*PostsResult, error) {
	return c.fetchPosts(ctx, q, maxResults, nil)
}

// fetchPosts is FetchPosts, calling hooks (when not nil) on the pages.
func (c *Client) fetchPosts(ctx context.Context, q PostsQuery, maxResults int, hooks *pageHooks) (*PostsResult, error) {
	if maxResults <= 0 {
		return &PostsResult{Posts: []Post{}}, nil
	}
	if q.Offset < 0 || q.Offset > MaxPostsOffset {
		return nil, fmt.Errorf("posts offset %d is outside 0..%d", q.Offset, MaxPostsOffset)
	}
	// The pages are one read: one deadline, one budget of bytes and
	// requests.
	ctx, cancel := c.readContext(ctx)
	defer cancel()
	return c.fetchPostsFrom(ctx, q, maxResults, nil, hooks)
}

// PageSink receives the pages of a read as FetchPostsInto reads them, so
// that a caller can turn the rows into what it keeps (e.g. their JSON)
// while later pages are still in flight, and release each page once done.
// P is what Prepare makes of one page.
type PageSink[P any] struct {
	// Expect is called once, before any Keep, with how many rows the read
	// expects to keep (at most maxResults; the first page's totalCount
	// says), so that the caller can size what it builds. Optional.
	Expect func(rows int)
	// Prepare (required) is called with the rows of each page as soon as the page is
	// decoded, from the goroutine that read it (concurrently with other
	// pages). It may clear fields of the rows: the result holds the rows as
	// Prepare left them.
	Prepare func(rows []Post) P
	// Keep is called for each row the result keeps (see assembler), one call
	// at a time, in server order, with its page's prepared value and the
	// row's index in the page; as soon as the pages before it are in.
	Keep func(page P, i int)
	// Done is called after the last Keep of each page that reached the
	// result (in order), so that the caller can release the page's
	// value. Pages read but not used (past where the rows end) are not
	// passed to Done. Optional.
	Done func(page P)
}

// FetchPostsInto is FetchPosts handing each page to sink as described on
// PageSink. On error what was handed over is incomplete: the caller drops
// it.
func FetchPostsInto[P any](ctx context.Context, c *Client, q PostsQuery, maxResults int, sink PageSink[P]) (*PostsResult, error) {
	var mu sync.Mutex
	prepared := map[*PostsPage]P{}
	hooks := &pageHooks{
		expect: sink.Expect,
		arrived: func(p *PostsPage) {
			v := sink.Prepare(p.Posts)
			mu.Lock()
			prepared[p] = v
			mu.Unlock()
		},
		kept: func(p *PostsPage, i int) {
			mu.Lock()
			v := prepared[p]
			mu.Unlock()
			sink.Keep(v, i)
		},
		fed: func(p *PostsPage) {
			mu.Lock()
			v := prepared[p]
			delete(prepared, p)
			mu.Unlock()
			if sink.Done != nil {
				sink.Done(v)
			}
		},
	}
	return c.fetchPosts(ctx, q, maxResults, hooks)
}

// pageHooks follow the pages of one read: expect is called once with the
// rows the read expects to keep, arrived with each page as soon as it is
// decoded (concurrently), kept with each row the result keeps and fed after
// each page that reached the result, in order (one at a time), as soon as
// the pages before it are in. Each hook may be nil.
type pageHooks struct {
	expect  func(rows int)
	arrived func(p *PostsPage)
	kept    func(p *PostsPage, i int)
	fed     func(p *PostsPage)
}

// fetchPostsFrom is FetchPosts within ctx's deadline, with a read budget of
// its own, calling hooks (when not nil) on the pages it reads. first, when
// not nil, is the page at q.Offset already read (a window's probe, see
// ScanPosts): it is used instead of requested again, and not counted in
// Requests.
func (c *Client) fetchPostsFrom(ctx context.Context, q PostsQuery, maxResults int, first *PostsPage,
	hooks *pageHooks) (*PostsResult, error) {
	ctx = withBudget(ctx, c.newReadBudget())
	if hooks == nil {
		hooks = &pageHooks{}
	}
	start := q.Offset
	pp := pagePlan{q: q, end: start + maxResults, pageSize: MaxPostsPageSize}
	page := func(ctx context.Context, o int) (*PostsPage, error) {
		pq, skip, _ := pp.at(o)
		p, err := c.ListPosts(ctx, pq)
		if err != nil {
			return nil, err
		}
		if skip > 0 {
			p.Posts = p.Posts[min(skip, len(p.Posts)):]
		}
		if hooks.arrived != nil {
			hooks.arrived(p)
		}
		return p, nil
	}

	res := &PostsResult{}
	var err error
	if first == nil {
		if first, err = page(ctx, start); err != nil {
			return nil, err
		}
		res.Requests++
	}
	// The rows the read expects to keep, as the first page counts them.
	expected := min(maxResults, max(first.TotalCount-start, len(first.Posts)))
	if hooks.expect != nil {
		hooks.expect(expected)
	}
	feed := newInOrder(newAssembler(maxResults, expected, hooks))
	feed.put(0, first)
	next := start + len(first.Posts)
	pp.fitTo(first, start)
	res.TotalCount = first.TotalCount
	_, _, reachable := pp.at(next)

	switch {
	case !first.HasMore || len(first.Posts) == 0 || next >= pp.end:
		res.HasMore = first.HasMore
	case !reachable:
		res.HasMore = true
	case first.TotalCount > next:
		// Parallel: the window is known.
		stop := min(pp.end, first.TotalCount)
		offsets := pp.offsets(next, stop)
		if n := 1 + len(offsets); n > c.cfg.MaxReadRequests {
			return nil, &APIError{Method: http.MethodGet, Path: postsPath, Err: ErrReadLimit, Message: fmt.Sprintf(
				"reading rows %d to %d would take %d requests, since the server serves %d rows per page; that is more "+
					"than the %d requests one read may make, so nothing past the first page was requested",
				start, stop-1, n, pp.pageSize, c.cfg.MaxReadRequests)}
		}
		position := make(map[int]int, len(offsets))
		for i, o := range offsets {
			position[o] = 1 + i
		}
		rest, end, n, err := c.fetchPages(ctx, func(ctx context.Context, o int) (*PostsPage, error) {
			p, err := page(ctx, o)
			if err == nil {
				feed.put(position[o], p)
			}
			return p, err
		}, offsets)
		res.Requests += n
		if err != nil {
			return nil, err
		}
		if end >= 0 {
			// A page showed where the rows end (empty, or hasMore =
			// false): it is trusted over a totalCount that announced more.
			res.TotalCount = min(res.TotalCount, end)
		} else {
			last := rest[len(rest)-1]
			next = offsets[len(rest)-1] + len(last.Posts)
			res.HasMore = last.HasMore || next < first.TotalCount
		}
	default:
		// Sequential: no usable totalCount; follow hasMore.
		last, pos := first, 0
		for last.HasMore && len(last.Posts) > 0 && next < pp.end {
			if _, _, ok := pp.at(next); !ok {
				break
			}
			if last, err = page(ctx, next); err != nil {
				return nil, err
			}
			res.Requests++
			pos++
			feed.put(pos, last)
			next += len(last.Posts)
		}
		res.HasMore = last.HasMore
		if res.TotalCount < next {
			res.TotalCount = next
		}
	}
	res.Posts = feed.a.out
	if want := min(pp.end, res.TotalCount) - start; len(res.Posts) < want && !res.HasMore {
		// A page came back shorter than asked (the data changed while
		// paging): rows exist that were not returned.
		res.HasMore = true
	}
	return res, nil
}

// inOrder hands the pages of a read to an assembler in server order while
// they arrive in any order (concurrently): a page waits until the pages
// before it are in. Pages are numbered by position: the first page 0, the
// next 1, and so on. After a page that shows where the rows end (empty, or
// hasMore = false) no page is handed over: fetchPages drops the pages past
// it in the same way, and every page before it was requested.
type inOrder struct {
	mu      sync.Mutex
	a       *assembler
	waiting map[int]*PostsPage
	next    int
	ended   bool
}

func newInOrder(a *assembler) *inOrder {
	return &inOrder{a: a, waiting: map[int]*PostsPage{}}
}

// put takes the page at position pos and hands over every page that is
// now next in order.
func (f *inOrder) put(pos int, p *PostsPage) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.waiting[pos] = p
	for {
		p, ok := f.waiting[f.next]
		if !ok {
			return
		}
		delete(f.waiting, f.next)
		f.next++
		if !f.ended {
			f.a.add(p)
			f.ended = !p.HasMore || len(p.Posts) == 0
		}
	}
}

// fetchPages reads the pages at offsets in parallel (bounded by
// MaxParallel) and returns them in order, with how many it requested. A
// page that comes back empty or with hasMore = false shows where the rows
// end, whatever totalCount announced: no page from there on is requested
// (only those already in flight are, at most MaxParallel-1), pages past it
// are dropped, and end is that offset; end is -1 when no page showed it.
// requests counts the pages requested.
func (c *Client) fetchPages(ctx context.Context, page func(context.Context, int) (*PostsPage, error),
	offsets []int) (pages []*PostsPage, end, requests int, err error) {
	rest := make([]*PostsPage, len(offsets))
	var stop, requested atomic.Int64
	stop.Store(math.MaxInt64)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(c.cfg.MaxParallel)
	for i, o := range offsets {
		if int64(o) >= stop.Load() {
			break
		}
		g.Go(func() error {
			// The end may have shown up while this page waited for its
			// turn.
			if int64(o) >= stop.Load() {
				return nil
			}
			requested.Add(1)
			p, err := page(gctx, o)
			if err == nil && (!p.HasMore || len(p.Posts) == 0) {
				lowerTo(&stop, int64(o+len(p.Posts)))
			}
			rest[i] = p
			return err
		})
	}
	err = g.Wait()
	requests = int(requested.Load())
	if err != nil {
		return nil, -1, requests, err
	}
	s := stop.Load()
	if s == math.MaxInt64 {
		return rest, -1, requests, nil
	}
	// Every page before the end was requested (the end only moves down, and
	// a page is skipped only at or past it).
	n := 0
	for n < len(offsets) && int64(offsets[n]) < s {
		n++
	}
	return rest[:n], int(s), requests, nil
}

// lowerTo lowers v to x when x is smaller.
func lowerTo(v *atomic.Int64, x int64) {
	for {
		cur := v.Load()
		if x >= cur || v.CompareAndSwap(cur, x) {
			return
		}
	}
}

// pagePlan plans the page requests of one posts read: the query q, the
// exclusive end of the window of rows to read, and the rows asked per page.
// It is pure: FetchPosts asks it which request reads which rows.
type pagePlan struct {
	q   PostsQuery
	end int
	// pageSize is MaxPostsPageSize, or less once the first page showed that
	// the server serves smaller pages (see fitTo).
	pageSize int
}

// at returns the request that reads the rows from offset o on. Past
// MaxPostsOffset it asks for the page at MaxPostsOffset and says how many
// of its rows (skip) precede o; ok is false when no row from o on is
// reachable within the window.
func (pp *pagePlan) at(o int) (pq PostsQuery, skip int, ok bool) {
	pq = pp.q
	if o > MaxPostsOffset {
		skip = o - MaxPostsOffset
		o = MaxPostsOffset
	}
	pq.Offset = o
	pq.Limit = min(pp.pageSize, pp.end-o)
	return pq, skip, pq.Limit > skip
}

// fitTo shrinks the page size to what the first page (read at start)
// shows the server serves, when it served fewer rows than asked and has
// more.
func (pp *pagePlan) fitTo(first *PostsPage, start int) {
	if first.HasMore && len(first.Posts) > 0 && len(first.Posts) < min(pp.pageSize, pp.end-start) {
		pp.pageSize = len(first.Posts)
	}
}

// offsets returns the offsets of the pages that read the rows from next
// up to stop (exclusive), as far as they are reachable.
func (pp *pagePlan) offsets(next, stop int) []int {
	var out []int
	for o := next; o < stop; o += pp.pageSize {
		if _, _, ok := pp.at(o); !ok {
			break
		}
		out = append(out, o)
	}
	return out
}

// assembler concatenates pages handed to it in order, drops rows whose
// analytics id was already seen, and stops at limit rows. hooks.kept, when
// not nil, is called with each row kept (its page and index), and hooks.fed
// after each page, in order.
type assembler struct {
	limit int
	hooks *pageHooks
	seen  map[string]struct{}
	out   []Post
}

// newAssembler returns an assembler sized for expected rows (at most what
// one query serves, whatever a first page announced).
func newAssembler(limit, expected int, hooks *pageHooks) *assembler {
	n := max(0, min(expected, limit, MaxQueryRows))
	return &assembler{limit: limit, hooks: hooks, seen: make(map[string]struct{}, n), out: make([]Post, 0, n)}
}

// add takes the next page in order.
func (a *assembler) add(p *PostsPage) {
	for i, post := range p.Posts {
		if len(a.out) == a.limit {
			break
		}
		k := post.Key()
		if _, dup := a.seen[k]; dup && k != "" {
			continue
		}
		a.seen[k] = struct{}{}
		a.out = append(a.out, post)
		if a.hooks.kept != nil {
			a.hooks.kept(p, i)
		}
	}
	if a.hooks.fed != nil {
		a.hooks.fed(p)
	}
}
