package genviral

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/singleflight"
)

// targetCache holds the last target list. All reads of one Terraform run
// share it; every write through the client invalidates it.
type targetCache struct {
	mu   sync.Mutex
	gen  uint64
	list *TargetList
	byID map[string]int
	// failed is the failure of the last list request of this generation:
	// later readers get it without asking again, until a write.
	failed *sharedFailure
	sf     singleflight.Group
}

func (tc *targetCache) invalidate() {
	tc.mu.Lock()
	tc.gen++
	tc.list, tc.byID, tc.failed = nil, nil, nil
	tc.mu.Unlock()
}

// sharedFailure is a failed list request shared by the reads of a run. Its
// error is given in full to one reader; the others get a SharedRequestError
// that refers to it, so that 29 targets do not print 29 copies of it.
type sharedFailure struct {
	err      error
	reported atomic.Bool
}

// take returns the full error to the first caller, a short reference to it
// to every later one.
func (f *sharedFailure) take() error {
	if f.reported.CompareAndSwap(false, true) {
		return f.err
	}
	return &SharedRequestError{Err: f.err}
}

// CachedTargets returns the target list, asking the API only when no valid
// copy is cached. Concurrent callers share one request. The result must not
// be modified.
func (c *Client) CachedTargets(ctx context.Context) (*TargetList, error) {
	list, _, err := c.cachedTargets(ctx)
	return list, err
}

func (c *Client) cachedTargets(ctx context.Context) (*TargetList, map[string]int, error) {
	tc := &c.targets
	tc.mu.Lock()
	if tc.list != nil {
		l, idx := tc.list, tc.byID
		tc.mu.Unlock()
		return l, idx, nil
	}
	if f := tc.failed; f != nil {
		tc.mu.Unlock()
		return nil, nil, f.take()
	}
	gen := tc.gen
	tc.mu.Unlock()

	type result struct {
		list   *TargetList
		idx    map[string]int
		failed *sharedFailure
	}
	// The shared request must not fail for everyone because the caller that
	// happened to start it was cancelled: it runs without that caller's
	// cancellation and deadline (it has the client's read deadline, and
	// each attempt the request timeout), and every caller stops waiting
	// when its own context ends.
	flightCtx := context.WithoutCancel(ctx)
	ch := tc.sf.DoChan(strconv.FormatUint(gen, 10), func() (any, error) {
		// A flight of this generation may have filled the cache and left
		// the group between our check above and Do: use its list.
		tc.mu.Lock()
		if tc.gen == gen && (tc.list != nil || tc.failed != nil) {
			r := result{tc.list, tc.byID, tc.failed}
			tc.mu.Unlock()
			return r, nil
		}
		tc.mu.Unlock()
		l, err := c.ListTargets(flightCtx)
		if err != nil {
			f := &sharedFailure{err: err}
			tc.mu.Lock()
			if tc.gen == gen {
				tc.failed = f
			}
			tc.mu.Unlock()
			return result{failed: f}, nil
		}
		// Rows are normalized at decode time (Target.UnmarshalJSON): ID
		// already falls back to target_id. Ids are UUIDs, whose letter case
		// does not matter: the index is lower-cased.
		idx := make(map[string]int, len(l.Targets))
		for i, t := range l.Targets {
			idx[strings.ToLower(t.ID)] = i
		}
		tc.mu.Lock()
		if tc.gen == gen {
			tc.list, tc.byID = l, idx
		}
		tc.mu.Unlock()
		return result{list: l, idx: idx}, nil
	})
	select {
	case <-ctx.Done():
		return nil, nil, &APIError{Method: http.MethodGet, Path: targetsPath,
			Message: ctxMessage(ctx) + " while waiting for the shared target list", Err: ctxErr(ctx)}
	case res := <-ch:
		r, _ := res.Val.(result)
		if r.failed != nil {
			return nil, nil, r.failed.take()
		}
		return r.list, r.idx, nil
	}
}

// ErrTargetNotFound is returned by LookupTarget when the target does not
// exist in the key's scope.
var ErrTargetNotFound = errors.New("analytics target not found in the API key's scope")

// LookupTarget finds a target by id: in the shared list when it is there
// (no request when the list is cached), else by GET /analytics/targets/{id}.
// It returns ErrTargetNotFound only when the API said 404; any other failure
// is returned as is, so callers never mistake an outage for a deletion.
func (c *Client) LookupTarget(ctx context.Context, id string) (*Target, error) {
	list, idx, err := c.cachedTargets(ctx)
	if err != nil {
		return nil, err
	}
	if i, ok := idx[strings.ToLower(id)]; ok {
		t := list.Targets[i]
		return &t, nil
	}
	d, err := c.GetTarget(ctx, id)
	if IsNotFound(err) {
		return nil, ErrTargetNotFound
	}
	if err != nil {
		return nil, err
	}
	return &d.Target, nil
}

// FindTargetByHandle finds the target of platform whose identifier matches
// identifier after NormalizeIdentifier, in the shared list. Rows without an
// id (neither id nor target_id) are skipped: nothing could refer to them.
func (c *Client) FindTargetByHandle(ctx context.Context, platform, identifier string) (*Target, error) {
	list, err := c.CachedTargets(ctx)
	if err != nil {
		return nil, err
	}
	want := AccountKey(platform, identifier)
	for _, t := range list.Targets {
		if key, ok := t.Key(); ok && key == want && t.ID != "" {
			return &t, nil
		}
	}
	return nil, ErrTargetNotFound
}

// keyUserCache holds the user of a personal key once an answer named it.
type keyUserCache struct {
	mu   sync.Mutex
	user string
}

// KeyUser returns the user whose personal scope a personal key belongs to,
// or "" when the answers do not say, or the key is not personal.
//
// The API names the key's user nowhere directly: the target list says only
// that workspace_id is null (contract §4.1), and its rows carry no user_id
// [DOC], though a row that does is used first [INFERENCE: tolerated]. Every
// target of a personal scope belongs to its user, so the single GET of one
// listed target, whose row carries user_id (as the create answer does,
// §4.2; undocumented for the GET, §4.3), names the user: one request per
// client, only when a caller needs to tell personal scopes apart. A
// personal scope that tracks no target cannot be told from another
// person's; "" says so. A found user is kept for the client's lifetime (a
// key's scope does not change).
func (c *Client) KeyUser(ctx context.Context) (string, error) {
	kc := &c.keyUser
	kc.mu.Lock()
	defer kc.mu.Unlock()
	if kc.user != "" {
		return kc.user, nil
	}
	list, err := c.CachedTargets(ctx)
	if err != nil || !list.ScopeKnown || list.WorkspaceID != nil {
		return "", err
	}
	first := ""
	for _, t := range list.Targets {
		if t.UserID != nil && *t.UserID != "" {
			kc.user = *t.UserID
			return kc.user, nil
		}
		if first == "" {
			first = t.ID
		}
	}
	if first == "" {
		return "", nil
	}
	d, err := c.GetTarget(ctx, first)
	if err != nil {
		return "", err
	}
	if u := d.Target.UserID; u != nil && *u != "" && d.Target.WorkspaceID == nil {
		kc.user = *u
	}
	return kc.user, nil
}
