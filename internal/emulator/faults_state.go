package emulator

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// StateFaults are answers that put a client's state at risk rather than
// fail its request: rows missing fields, creates and refreshes whose answer
// is lost after the server committed them, creates answered with another
// account's row.
// They are applied after the endpoint ran; the zero value injects nothing.
// The shipped emulator binary never sets them.
type StateFaults struct {
	// ListOmitFields are keys removed from every row of GET
	// /analytics/targets (for example "identifier", "display_name").
	ListOmitFields []string
	// ListNullFields are keys set to JSON null in every row of GET
	// /analytics/targets.
	ListNullFields []string
	// ListBlankFields are keys set to "" in every row of GET
	// /analytics/targets where they are null, as an API that stores empty
	// strings (an empty display name) lists them.
	ListBlankFields []string
	// ListRepeatRows lists every row of GET /analytics/targets twice.
	ListRepeatRows bool
	// CommitThenFail is the number of next POST /analytics/targets requests
	// that are carried out (the target is created) and then answered with
	// CommitFailStatus and an error envelope, as when the server fails after
	// its commit.
	CommitThenFail int
	// CommitFailStatus is the status of CommitThenFail and RefreshThenFail
	// answers; 0 means 502.
	CommitFailStatus int
	// CommitThenDrop is the number of next POST /analytics/targets requests
	// that are carried out and then answered by closing the connection
	// without a response, as when the answer is lost on the way back.
	CommitThenDrop int
	// RefreshThenFail and RefreshThenDrop are the same for the next POST
	// /analytics/targets/{id}/refresh requests: the refresh is started (and
	// paid for) and its answer is CommitFailStatus or a closed connection.
	RefreshThenFail int
	RefreshThenDrop int
	// MisdirectCreates is the number of next POST /analytics/targets
	// requests answered with created:false and the row of another target of
	// the key's scope (the first one whose account differs), creating
	// nothing. With no such target they are answered normally.
	MisdirectCreates int
	// TrackElsewhereBeforeCreate is the number of next POST
	// /analytics/targets requests before which another client tracks the
	// requested account (when the scope does not track it yet), as when two
	// pipelines create one account at the same time: the request is then
	// answered created:false.
	TrackElsewhereBeforeCreate int
	// ListEmpty answers GET /analytics/targets with no rows while the
	// targets stay (single reads and deletes still find them), as a proxy or
	// a partial outage may.
	ListEmpty bool
	// CreateAnswerDelay holds every answer of POST /analytics/targets this
	// long after the target was created or found, as a slow network does:
	// what the answer says may be stale when it arrives.
	CreateAnswerDelay time.Duration
}

// SetStateFaults replaces the active state faults; the zero value switches
// them off.
func (s *Server) SetStateFaults(f StateFaults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f.ListOmitFields = slices.Clone(f.ListOmitFields)
	f.ListNullFields = slices.Clone(f.ListNullFields)
	f.ListBlankFields = slices.Clone(f.ListBlankFields)
	s.stateFaults = f
}

// misdirectCreate returns the created:false answer of a misdirected create
// of platform/norm in scope, or nil when no create is to be misdirected.
// The caller holds s.mu.
func (s *Server) misdirectCreate(scope Scope, platform, norm string) *response {
	if s.stateFaults.MisdirectCreates <= 0 {
		return nil
	}
	for _, t := range s.scopedTargets(scope) {
		if t.Platform == platform && t.NormalizedIdentifier == norm {
			continue
		}
		s.stateFaults.MisdirectCreates--
		return success(s.existingStatus, "Analytics target already exists", struct {
			Target  createdRow `json:"target"`
			Created bool       `json:"created"`
		}{t.createdRow(), false})
	}
	return nil
}

// trackElsewhere tracks platform/identifier in scope as another client
// would, when a TrackElsewhereBeforeCreate fault is pending. The caller
// holds s.mu.
func (s *Server) trackElsewhere(scope Scope, platform, identifier string) {
	if s.stateFaults.TrackElsewhereBeforeCreate <= 0 {
		return
	}
	s.stateFaults.TrackElsewhereBeforeCreate--
	s.createTarget(scope, platform, identifier, "")
}

// answerDelay returns how long the answer of a request of route is held
// after it was computed. The caller holds s.mu.
func (s *Server) answerDelay(route string) time.Duration {
	if route == RouteCreateTarget {
		return s.stateFaults.CreateAnswerDelay
	}
	return 0
}

// applyStateFaults rewrites the answer resp of a request of route after the
// endpoint ran. drop reports that the connection must be closed without an
// answer. The caller holds s.mu.
func (s *Server) applyStateFaults(route string, resp *response) (out *response, drop bool) {
	f := &s.stateFaults
	ok := resp.status >= 200 && resp.status <= 299
	switch {
	case !ok:
	case route == RouteCreateTarget && f.CommitThenDrop > 0:
		f.CommitThenDrop--
		return resp, true
	case route == RouteCreateTarget && f.CommitThenFail > 0:
		f.CommitThenFail--
		return f.commitFailure(), false
	case route == RouteRefreshTarget && f.RefreshThenDrop > 0:
		f.RefreshThenDrop--
		return resp, true
	case route == RouteRefreshTarget && f.RefreshThenFail > 0:
		f.RefreshThenFail--
		return f.commitFailure(), false
	case route == RouteListTargets && (f.ListEmpty || len(f.ListOmitFields)+len(f.ListNullFields)+len(f.ListBlankFields) > 0 || f.ListRepeatRows):
		return f.rewriteListRows(resp), false
	}
	return resp, false
}

// commitFailure is the answer that replaces one of a request carried out:
// CommitFailStatus (502 when 0) with an error envelope.
func (f *StateFaults) commitFailure() *response {
	status := f.CommitFailStatus
	if status == 0 {
		status = http.StatusBadGateway
	}
	return failure(status, "", "Injected failure after commit: "+http.StatusText(status))
}

// rewriteListRows rewrites every target row of a list answer as the list
// faults of f say: no rows at all, omitted, null and blank keys, repeated
// rows.
func (f *StateFaults) rewriteListRows(resp *response) *response {
	var env struct {
		OK      bool   `json:"ok"`
		Code    int    `json:"code"`
		Message string `json:"message"`
		Data    struct {
			WorkspaceID *string          `json:"workspace_id"`
			Targets     []map[string]any `json:"targets"`
		} `json:"data"`
	}
	if err := json.Unmarshal(resp.body, &env); err != nil {
		panic("emulator: decoding its own list answer: " + err.Error())
	}
	if f.ListEmpty {
		env.Data.Targets = []map[string]any{}
	}
	for _, row := range env.Data.Targets {
		for _, k := range f.ListOmitFields {
			delete(row, k)
		}
		for _, k := range f.ListNullFields {
			row[k] = nil
		}
		for _, k := range f.ListBlankFields {
			if v, ok := row[k]; ok && v == nil {
				row[k] = ""
			}
		}
	}
	if f.ListRepeatRows {
		env.Data.Targets = append(env.Data.Targets, env.Data.Targets...)
	}
	if env.Data.Targets == nil {
		env.Data.Targets = []map[string]any{}
	}
	return success(resp.status, env.Message, env.Data)
}

// RepointTarget makes target id name another account, as a server that
// reused the id for another account would. It reports whether the target
// exists.
func (s *Server) RepointTarget(id, platform, identifier string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.targets[id]
	if !ok {
		return false
	}
	t.Platform, t.Identifier, t.NormalizedIdentifier = platform, identifier, normalizeIdentifier(identifier)
	return true
}
