package targets

import (
	"context"
	"sync"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

// runKey is the key of the targetRun of a provider configuration.
type runKey struct{}

// runOf returns the coordination of the genviral_analytics_target resources
// of the provider configuration d: duplicate declarations, the plan-time
// view of the key's targets, and the creates and deletes of one target id.
func runOf(d *shared.ProviderData) *targetRun {
	return shared.Local(d, runKey{}, func() *targetRun { return &targetRun{} })
}

// targetRun coordinates, within one provider instance (one plan or one
// apply of one provider configuration), the genviral_analytics_target
// resources. The API's create is idempotent by account, so without it two
// resources could share one target, a target being deleted could be adopted
// by a new resource (create_before_destroy, a resource renamed without a
// moved block), and ownership would be decided without evidence.
type targetRun struct {
	mu sync.Mutex
	// declared maps the accounts ("tiktok/brand") declared by resources of
	// this plan to the handle as written, to reject duplicates.
	declared map[string]string
	// creates maps the accounts of new resources planned in this plan (not
	// replacements) to the handle as written.
	creates map[string]string
	// planDeletes maps the accounts whose target a destroy planned in this
	// plan deletes to the target's id.
	planDeletes map[string]string
	// claimed maps target ids created or adopted in this run to the handle
	// of the resource that took them.
	claimed map[string]string
	// deleting holds the ids whose DELETE is in flight; the channel closes
	// when it ends.
	deleting map[string]chan struct{}
	// released maps the accounts whose resource was destroyed in this run
	// (deleted or only removed from state) to what was known of them.
	released map[string]releasedTarget
	// deleted holds the ids this run deleted: they are never adopted.
	deleted map[string]bool

	// snapshot is the key's target list as first seen by this instance,
	// before its own writes: the evidence plan-time decisions rest on.
	snapshotOnce sync.Mutex
	snapshot     *genviral.TargetList
	// reported holds the messages already reported in full in this run.
	reported map[string]bool
}

// releasedTarget is an account whose resource was destroyed in this run.
type releasedTarget struct {
	id string
	// owned says whether this configuration owned the target (created or
	// imported it, or deletion_policy = "delete").
	owned bool
}

// declare records that a resource of this plan declares account (as
// written). It returns the earlier declaration when another resource of
// this plan already declared it.
func (r *targetRun) declare(account, handle string) (previous string, taken bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if prev, ok := r.declared[account]; ok {
		return prev, true
	}
	if r.declared == nil {
		r.declared = map[string]string{}
	}
	r.declared[account] = handle
	return "", false
}

// planDelete records that a destroy planned in this plan deletes (deletes =
// true) the target id of account, and returns the handle of a new resource
// of this plan that declares the account, if any.
func (r *targetRun) planDelete(account, id string, deletes bool) (created string, taken bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if deletes {
		if r.planDeletes == nil {
			r.planDeletes = map[string]string{}
		}
		r.planDeletes[account] = id
	}
	created, taken = r.creates[account]
	return created, taken
}

// planNew records that a new resource of this plan (not a replacement)
// declares account as handle, and returns the id of the account's target
// when a destroy planned in this plan deletes it.
func (r *targetRun) planNew(account, handle string) (deletedID string, deleting bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.creates == nil {
		r.creates = map[string]string{}
	}
	r.creates[account] = handle
	deletedID, deleting = r.planDeletes[account]
	return deletedID, deleting
}

// claimedBy returns the handle of the resource that created or adopted id
// in this run, if any.
func (r *targetRun) claimedBy(id string) (handle string, claimed bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	handle, claimed = r.claimed[id]
	return handle, claimed
}

// claimResult is what claim found out about a target id a create answered.
type claimResult struct {
	// previous is the handle of another resource of this run that took the
	// id; the caller must not take it.
	previous string
	// deleting is closed when an in-flight delete of the id ends; the
	// caller waits and posts again.
	deleting <-chan struct{}
	// deleted says this run deleted the id: the caller posts again and
	// never adopts it.
	deleted bool
}

// claim records that handle created or adopted id, unless the result says
// otherwise.
func (r *targetRun) claim(id, handle string) claimResult {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ch, ok := r.deleting[id]; ok {
		return claimResult{deleting: ch}
	}
	if r.deleted[id] {
		return claimResult{deleted: true}
	}
	if prev, ok := r.claimed[id]; ok {
		return claimResult{previous: prev}
	}
	if r.claimed == nil {
		r.claimed = map[string]string{}
	}
	r.claimed[id] = handle
	return claimResult{}
}

// release forgets the claim of id (the resource did not take it after all).
func (r *targetRun) release(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.claimed, id)
}

// startDelete registers the destroy of the resource holding id for account.
// When a resource of this run took id, it returns that resource's handle and
// the caller must not delete; otherwise it returns done, to call with
// whether the DELETE succeeded.
func (r *targetRun) startDelete(id, account string, owned bool) (taker string, done func(deleted bool)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.releaseLocked(id, account, owned)
	if taker, ok := r.claimed[id]; ok {
		return taker, nil
	}
	ch := make(chan struct{})
	if r.deleting == nil {
		r.deleting = map[string]chan struct{}{}
	}
	r.deleting[id] = ch
	return "", func(deleted bool) {
		r.mu.Lock()
		defer r.mu.Unlock()
		delete(r.deleting, id)
		if deleted {
			if r.deleted == nil {
				r.deleted = map[string]bool{}
			}
			r.deleted[id] = true
		}
		close(ch)
	}
}

// forget records the destroy of a resource that leaves its target tracked.
func (r *targetRun) forget(id, account string, owned bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.releaseLocked(id, account, owned)
}

func (r *targetRun) releaseLocked(id, account string, owned bool) {
	if r.released == nil {
		r.released = map[string]releasedTarget{}
	}
	r.released[account] = releasedTarget{id: id, owned: owned}
}

// releasedAccount returns what is known of account when a resource holding
// it was destroyed in this run.
func (r *targetRun) releasedAccount(account string) (releasedTarget, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rt, ok := r.released[account]
	return rt, ok
}

// existing returns the target of account in the key's scope as this
// instance first saw the list, before its own writes, or nil. An account
// whose resource this run destroyed counts as existing: it existed before
// the run, which is what the plan saw. The list is fetched once per
// instance (the shared cached request when refresh already made it).
func (r *targetRun) existing(ctx context.Context, client *genviral.Client, account string) (*genviral.Target, error) {
	r.snapshotOnce.Lock()
	if r.snapshot == nil {
		list, err := client.CachedTargets(ctx)
		if err != nil {
			r.snapshotOnce.Unlock()
			return nil, err
		}
		r.snapshot = list
	}
	list := r.snapshot
	r.snapshotOnce.Unlock()
	for i := range list.Targets {
		t := &list.Targets[i]
		if key, ok := t.Key(); ok && key == account && t.ID != "" {
			return t, nil
		}
	}
	if rt, ok := r.releasedAccount(account); ok {
		return &genviral.Target{ID: rt.id}, nil
	}
	return nil, nil
}

// firstReport reports whether msg has not been reported in full in this run
// yet, and records it. Errors that every resource of a run would repeat (a
// wrong key) are reported in full once; the others refer to it.
func (r *targetRun) firstReport(msg string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.reported[msg] {
		return false
	}
	if r.reported == nil {
		r.reported = map[string]bool{}
	}
	r.reported[msg] = true
	return true
}
