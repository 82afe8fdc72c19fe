package emulator

import (
	"bytes"
	"maps"
	"math"
	"net/http"
	"slices"
	"strings"
)

// platforms are the platforms analytics supports, in display order.
var platforms = []string{"tiktok", "instagram", "youtube"}

// listRow is a row of GET /analytics/targets: exactly the documented list
// fields plus last_refreshed_at (contract §4.1).
type listRow struct {
	ID                   string  `json:"id"`
	TargetID             string  `json:"target_id"`
	Platform             string  `json:"platform"`
	Identifier           string  `json:"identifier"`
	DisplayName          *string `json:"display_name"`
	FreeRefreshAvailable bool    `json:"free_refresh_available"`
	LastRefreshedAt      *string `json:"last_refreshed_at"`
}

// createdRow is the target row of POST /analytics/targets (contract §4.2):
// no target_id alias, no free_refresh_available.
type createdRow struct {
	ID                   string  `json:"id"`
	UserID               *string `json:"user_id"`
	WorkspaceID          *string `json:"workspace_id"`
	Platform             string  `json:"platform"`
	Identifier           string  `json:"identifier"`
	NormalizedIdentifier string  `json:"normalized_identifier"`
	DisplayName          *string `json:"display_name"`
	LastRefreshedAt      *string `json:"last_refreshed_at"`
}

// fullRow is the target of GET /analytics/targets/{id}: the created row
// plus what is stored beside it, metadata included. The refresh policy is
// never echoed.
type fullRow struct {
	createdRow
	FreeRefreshAvailable bool           `json:"free_refresh_available"`
	Metadata             map[string]any `json:"metadata"`
	CreatedAt            string         `json:"created_at"`
}

// patchedRow is the data of PATCH /analytics/targets/{id} (contract §4.4).
type patchedRow struct {
	ID          string         `json:"id"`
	Platform    string         `json:"platform"`
	Identifier  string         `json:"identifier"`
	DisplayName *string        `json:"display_name"`
	Metadata    map[string]any `json:"metadata"`
}

// metadata returns the metadata object of t; favorite appears once set.
func (t *target) metadata() map[string]any {
	m := map[string]any{}
	if t.Favorite != nil {
		m["favorite"] = *t.Favorite
	}
	return m
}

// createdRow returns the row of t as POST /analytics/targets answers it.
func (t *target) createdRow() createdRow {
	return createdRow{
		ID:                   t.ID,
		UserID:               nullable(t.UserID),
		WorkspaceID:          nullable(t.WorkspaceID),
		Platform:             t.Platform,
		Identifier:           t.Identifier,
		NormalizedIdentifier: t.NormalizedIdentifier,
		DisplayName:          nullable(t.DisplayName),
		LastRefreshedAt:      nullable(t.LastRefreshedAt),
	}
}

// fullRow returns the detail row of t.
func (t *target) fullRow() fullRow {
	return fullRow{
		createdRow:           t.createdRow(),
		FreeRefreshAvailable: t.FreeRefreshAvailable,
		Metadata:             t.metadata(),
		CreatedAt:            timestamp(t.createdAt),
	}
}

// listTargets answers GET /analytics/targets.
func (s *Server) listTargets(c *call) *response {
	rows := []listRow{}
	for _, t := range s.scopedTargets(c.scope) {
		rows = append(rows, listRow{
			ID:                   t.ID,
			TargetID:             t.ID,
			Platform:             t.Platform,
			Identifier:           t.Identifier,
			DisplayName:          nullable(t.DisplayName),
			FreeRefreshAvailable: t.FreeRefreshAvailable,
			LastRefreshedAt:      nullable(t.LastRefreshedAt),
		})
	}
	return success(http.StatusOK, "Analytics targets retrieved", struct {
		WorkspaceID *string   `json:"workspace_id"`
		Targets     []listRow `json:"targets"`
	}{nullable(c.scope.WorkspaceID), rows})
}

// createTargetHandler answers POST /analytics/targets.
func (s *Server) createTargetHandler(c *call) *response {
	obj, bad := decodeObject(c.body)
	if bad != nil {
		return bad
	}
	platform, ok := obj["platform"].(string)
	if !ok || !slices.Contains(platforms, platform) {
		return validationError("platform must be one of tiktok, instagram, youtube")
	}
	identifier, ok := obj["identifier"].(string)
	if !ok || normalizeIdentifier(identifier) == "" {
		return validationError("identifier is required")
	}
	var alias string
	if v, present := obj["alias"]; present && v != nil {
		if alias, ok = v.(string); !ok {
			return validationError("alias must be a string")
		}
	}
	s.trackElsewhere(c.scope, platform, identifier)
	if resp := s.misdirectCreate(c.scope, platform, normalizeIdentifier(identifier)); resp != nil {
		return resp
	}
	t, created := s.createTarget(c.scope, platform, identifier, alias)
	status, message := http.StatusCreated, "Analytics target created"
	if !created {
		status, message = s.existingStatus, "Analytics target already exists"
	}
	return success(status, message, struct {
		Target  createdRow `json:"target"`
		Created bool       `json:"created"`
	}{t.createdRow(), created})
}

// getTarget answers GET /analytics/targets/{id}.
func (s *Server) getTarget(c *call) *response {
	t, bad := s.pathTarget(c)
	if bad != nil {
		return bad
	}
	if s.flatDetail {
		return success(http.StatusOK, "Analytics target retrieved", t.fullRow())
	}
	return success(http.StatusOK, "Analytics target retrieved", struct {
		Target  fullRow       `json:"target"`
		Summary detailSummary `json:"summary"`
	}{t.fullRow(), s.detailSummary(t)})
}

// updateTarget answers PATCH /analytics/targets/{id}. The body is validated
// as a whole before anything is applied.
func (s *Server) updateTarget(c *call) *response {
	if c.id == "" {
		return missingTargetID()
	}
	if len(bytes.TrimSpace(c.body)) == 0 {
		return validationError("No valid updates")
	}
	obj, bad := decodeObject(c.body)
	if bad != nil {
		return bad
	}
	var apply []func(*target)
	if v, ok := obj["displayName"]; ok {
		switch name := v.(type) {
		case nil, string:
			newName, _ := name.(string)
			apply = append(apply, func(t *target) { t.DisplayName = newName })
		default:
			return validationError("displayName must be a string or null")
		}
	}
	if v, ok := obj["favorite"]; ok {
		fav, isBool := v.(bool)
		if !isBool {
			return validationError("favorite must be a boolean")
		}
		apply = append(apply, func(t *target) { t.Favorite = &fav })
	}
	if v, ok := obj["refreshPolicy"]; ok {
		switch patch := v.(type) {
		case nil:
			apply = append(apply, func(t *target) { t.RefreshPolicy = nil })
		case map[string]any:
			if bad := validateRefreshPolicy(patch); bad != nil {
				return bad
			}
			apply = append(apply, func(t *target) { t.RefreshPolicy = mergePolicy(t.RefreshPolicy, patch) })
		default:
			return validationError("refreshPolicy must be an object or null")
		}
	}
	if len(apply) == 0 {
		return validationError("No valid updates")
	}
	t, ok := s.lookupTarget(c.scope, c.id)
	if !ok {
		return targetNotFound()
	}
	for _, f := range apply {
		f(t)
	}
	return success(http.StatusOK, "Analytics target updated", patchedRow{
		ID:          t.ID,
		Platform:    t.Platform,
		Identifier:  t.Identifier,
		DisplayName: nullable(t.DisplayName),
		Metadata:    t.metadata(),
	})
}

// validateRefreshPolicy checks the documented keys of a refreshPolicy patch;
// other keys are stored as sent. null values remove keys.
func validateRefreshPolicy(p map[string]any) *response {
	if v, ok := p["freeDailyRefresh"]; ok && v != nil {
		if _, isBool := v.(bool); !isBool {
			return validationError("refreshPolicy.freeDailyRefresh must be a boolean")
		}
	}
	if v, ok := p["maxPosts"]; ok && v != nil {
		n, isNum := v.(float64)
		if !isNum || n < 1 || n != math.Trunc(n) {
			return validationError("refreshPolicy.maxPosts must be a positive integer")
		}
	}
	return nil
}

// mergePolicy shallow-merges patch into policy: keys with null values are
// removed, others replaced. It returns nil when nothing is left.
func mergePolicy(policy, patch map[string]any) map[string]any {
	out := maps.Clone(policy)
	if out == nil {
		out = map[string]any{}
	}
	for k, v := range patch {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// deleteTarget answers DELETE /analytics/targets/{id}.
func (s *Server) deleteTarget(c *call) *response {
	t, bad := s.pathTarget(c)
	if bad != nil {
		return bad
	}
	delete(s.targets, t.ID)
	return success(http.StatusOK, "Analytics target deleted", struct {
		ID      string `json:"id"`
		Deleted bool   `json:"deleted"`
	}{t.ID, true})
}

// pathTarget returns the target named by the path id in the key's scope, or
// the 400/404 answer.
func (s *Server) pathTarget(c *call) (*target, *response) {
	if c.id == "" {
		return nil, missingTargetID()
	}
	t, ok := s.lookupTarget(c.scope, c.id)
	if !ok {
		return nil, targetNotFound()
	}
	return t, nil
}

// suggestion is one item of GET /analytics/workspace-suggestions (contract
// §8).
type suggestion struct {
	WorkspaceID   *string `json:"workspaceId"`
	WorkspaceName string  `json:"workspaceName"`
	TotalItems    int     `json:"totalItems"`
	IsPersonal    bool    `json:"isPersonal"`
}

// suggestions answers GET /analytics/workspace-suggestions: the other scopes
// of the key's user that have targets. A user belongs to a workspace when a
// key of that workspace names the user or the user created a target there.
func (s *Server) suggestions(c *call) *response {
	out := []suggestion{}
	user := c.scope.UserID
	if user == "" {
		return success(http.StatusOK, "Analytics workspace suggestions retrieved", out)
	}
	member := map[string]bool{}
	for _, sc := range s.keys {
		if sc.UserID == user && sc.WorkspaceID != "" {
			member[sc.WorkspaceID] = true
		}
	}
	personal := 0
	perWorkspace := map[string]int{}
	for _, t := range s.targets {
		switch {
		case t.WorkspaceID == "" && t.UserID == user:
			personal++
		case t.WorkspaceID != "":
			perWorkspace[t.WorkspaceID]++
			if t.UserID == user {
				member[t.WorkspaceID] = true
			}
		}
	}
	if !c.scope.IsPersonal() && personal > 0 {
		out = append(out, suggestion{WorkspaceName: "Personal", TotalItems: personal, IsPersonal: true})
	}
	var workspaces []suggestion
	for ws := range member {
		if ws == c.scope.WorkspaceID || perWorkspace[ws] == 0 {
			continue
		}
		workspaces = append(workspaces, suggestion{
			WorkspaceID:   nullable(ws),
			WorkspaceName: s.workspaceName(ws),
			TotalItems:    perWorkspace[ws],
		})
	}
	slices.SortFunc(workspaces, func(a, b suggestion) int {
		if c := strings.Compare(a.WorkspaceName, b.WorkspaceName); c != 0 {
			return c
		}
		return strings.Compare(*a.WorkspaceID, *b.WorkspaceID)
	})
	out = append(out, workspaces...)
	return success(http.StatusOK, "Analytics workspace suggestions retrieved", out)
}

// validationError is the 400 of an unnamed validation failure.
func validationError(message string) *response {
	return failure(http.StatusBadRequest, "validation_error", message)
}

// missingTargetID is the 400 of an empty target id path segment.
func missingTargetID() *response {
	return failure(http.StatusBadRequest, "missing_target_id", "Target id is required")
}

// targetNotFound is the 404 of a target absent from the key's scope.
func targetNotFound() *response {
	return failure(http.StatusNotFound, "not_found", "Analytics target not found in current key scope")
}
