package emulator

import (
	"net/http"
	"time"
)

// Refresh statuses (contract §5.2).
const (
	refreshPending    = "pending"
	refreshProcessing = "processing"
	refreshCompleted  = "completed"
	refreshFailed     = "failed"
)

// refresh is one stored refresh job. It keeps the scope its target had when
// it was started.
type refresh struct {
	id          string
	seq         uint64
	targetID    string
	workspaceID string
	userID      string
	status      string
	freeUsed    bool
	creditsUsed float64
	startedAt   time.Time
	completedAt time.Time // zero while running
	errMessage  string    // set when failed
	failWith    string    // outcome decided at start: "" completes
	polls       int
	hiddenPolls int // polls answered 404 by Options.RefreshPollsNotFound
}

// refreshRow is a refresh as the API returns it (contract §5.2).
type refreshRow struct {
	ID              string  `json:"id"`
	TargetID        string  `json:"target_id"`
	WorkspaceID     *string `json:"workspace_id"`
	Status          string  `json:"status"`
	FreeRefreshUsed bool    `json:"free_refresh_used"`
	CreditsUsed     float64 `json:"credits_used"`
	StartedAt       string  `json:"started_at"`
	CompletedAt     *string `json:"completed_at"`
	Error           *string `json:"error"`
}

// row returns the API form of r.
func (r *refresh) row() refreshRow {
	row := refreshRow{
		ID:              r.id,
		TargetID:        r.targetID,
		WorkspaceID:     nullable(r.workspaceID),
		Status:          r.status,
		FreeRefreshUsed: r.freeUsed,
		CreditsUsed:     r.creditsUsed,
		StartedAt:       timestamp(r.startedAt),
		Error:           nullable(r.errMessage),
	}
	if !r.completedAt.IsZero() {
		row.CompletedAt = nullable(timestamp(r.completedAt))
	}
	return row
}

// running reports whether r has not reached a final status.
func (r *refresh) running() bool {
	return r.status == refreshPending || r.status == refreshProcessing
}

// startRefresh answers POST /analytics/targets/{id}/refresh. Checks, in
// order: target in scope (404), more than RefreshRateLimit refresh calls for
// the target (429), a running refresh of the target (409), credits for a
// paid refresh (402).
func (s *Server) startRefresh(c *call) *response {
	t, bad := s.pathTarget(c)
	if bad != nil {
		return bad
	}
	s.refreshCalls[t.ID]++
	if s.refreshCalls[t.ID] > RefreshRateLimit {
		return failure(http.StatusTooManyRequests, "rate_limited", "Too many refresh requests for this target; try again later")
	}
	for _, r := range s.refreshes {
		if r.targetID == t.ID && r.running() {
			return failure(http.StatusConflict, "analytics_conflict", "A refresh is already running for this target")
		}
	}
	free := t.FreeRefreshAvailable
	cost := 0.0
	if !free {
		if s.credits < RefreshCost {
			return failure(http.StatusPaymentRequired, "insufficient_credits", "Not enough credits for a paid refresh")
		}
		cost = RefreshCost
		s.credits -= cost
	}
	t.FreeRefreshAvailable = false
	r := &refresh{
		id:          s.newID(),
		seq:         s.ids,
		targetID:    t.ID,
		workspaceID: t.WorkspaceID,
		userID:      t.UserID,
		status:      refreshPending,
		freeUsed:    free,
		creditsUsed: cost,
		startedAt:   s.now,
		failWith:    s.outcomes[t.ID],
	}
	s.refreshes[r.id] = r
	return success(http.StatusOK, "Analytics refresh queued", struct {
		Refresh refreshRow `json:"refresh"`
		WasFree bool       `json:"wasFree"`
	}{r.row(), free})
}

// getRefresh answers GET /analytics/refreshes/{id}. Each poll of a running
// refresh advances it: to processing, and on the s.refreshPolls-th poll to
// completed (updating the target's last_refreshed_at) or failed.
func (s *Server) getRefresh(c *call) *response {
	if c.id == "" {
		return failure(http.StatusBadRequest, "missing_refresh_id", "Refresh id is required")
	}
	r, ok := s.refreshes[c.id]
	if !ok || !c.scope.contains(r.workspaceID, r.userID) {
		return failure(http.StatusNotFound, "refresh_not_found", "Refresh not found in current key scope")
	}
	if s.hideRefresh(r) {
		return failure(http.StatusNotFound, "refresh_not_found", "Refresh not found in current key scope")
	}
	if r.running() {
		r.polls++
		switch {
		case r.polls < s.refreshPolls:
			r.status = refreshProcessing
		case r.failWith != "":
			r.status, r.errMessage, r.completedAt = refreshFailed, r.failWith, s.now
		default:
			r.status, r.completedAt = refreshCompleted, s.now
			if t, ok := s.targets[r.targetID]; ok {
				t.LastRefreshedAt = timestamp(s.now)
			}
		}
	}
	return success(http.StatusOK, "Analytics refresh status retrieved", r.row())
}

// hideRefresh reports whether this poll of r answers 404 because of
// Options.RefreshPollsNotFound, and counts it. The caller holds s.mu.
func (s *Server) hideRefresh(r *refresh) bool {
	n := s.refreshPollsNotFound
	if n == 0 || (n > 0 && r.hiddenPolls >= n) {
		return false
	}
	r.hiddenPolls++
	return true
}

// latestRefresh returns the most recently started refresh of a target, or
// nil. The caller holds s.mu.
func (s *Server) latestRefresh(targetID string) *refresh {
	var latest *refresh
	for _, r := range s.refreshes {
		if r.targetID == targetID && (latest == nil || r.seq > latest.seq) {
			latest = r
		}
	}
	return latest
}
