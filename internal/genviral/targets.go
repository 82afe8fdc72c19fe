package genviral

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

const targetsPath = "/analytics/targets"

func targetPath(id string) string { return targetsPath + "/" + url.PathEscape(id) }

// ListTargets returns every target in the key's scope
// (GET /analytics/targets). It always asks the API; see CachedTargets.
func (c *Client) ListTargets(ctx context.Context) (*TargetList, error) {
	var out TargetList
	if err := c.call(ctx, request{method: http.MethodGet, path: targetsPath, retryable: true}, &out); err != nil {
		return nil, err
	}
	if len(out.Targets) > c.cfg.MaxTargets {
		return nil, &APIError{Method: http.MethodGet, Path: targetsPath, StatusCode: http.StatusOK,
			Message: fmt.Sprintf("the list has %d targets, more than the limit of %d one read may hold", len(out.Targets), c.cfg.MaxTargets),
			Err:     ErrReadLimit}
	}
	return &out, nil
}

// CreateTarget starts tracking an account (POST /analytics/targets). The
// endpoint is idempotent by (scope, platform, normalized identifier): when
// the account is already tracked the result has Created false and the
// existing target. The status of that answer is undocumented (200 or 201 are
// both accepted); only data.created decides. Being dedupe-safe, the request
// is retried like a GET.
func (c *Client) CreateTarget(ctx context.Context, in CreateTargetRequest) (*CreateTargetResult, error) {
	defer c.targets.invalidate()
	var out CreateTargetResult
	// The data replaces out whole: the retry flag is set after.
	var retried bool
	if err := c.call(ctx, request{method: http.MethodPost, path: targetsPath, body: in, retryable: true, uncertain: &retried}, &out); err != nil {
		return nil, err
	}
	out.Retried = retried
	if out.Target.ID == "" {
		return nil, &APIError{Method: http.MethodPost, Path: targetsPath, Message: "the response had no target id"}
	}
	return &out, nil
}

// GetTarget returns one target (GET /analytics/targets/{id}). The shape of
// its data is undocumented [INFERENCE, contract §4.3]: both
// {"target": {...}, "summary": {...}} and a flat target row are accepted.
func (c *Client) GetTarget(ctx context.Context, id string) (*TargetDetail, error) {
	if id == "" {
		return nil, errors.New("target id is empty")
	}
	var raw json.RawMessage
	p := targetPath(id)
	if err := c.call(ctx, request{method: http.MethodGet, path: p, retryable: true}, &raw); err != nil {
		return nil, err
	}
	d, err := decodeTargetDetail(raw)
	if err != nil {
		return nil, &APIError{Method: http.MethodGet, Path: p, StatusCode: http.StatusOK, Message: "unexpected response data", Err: err}
	}
	if !strings.EqualFold(d.Target.ID, id) {
		// Never let another target's row stand in for the one asked for
		// (ids are UUIDs: their case does not matter).
		return nil, &APIError{Method: http.MethodGet, Path: p, StatusCode: http.StatusOK,
			Message: fmt.Sprintf("unexpected response data: the API answered with target %q instead of %q", d.Target.ID, id)}
	}
	return d, nil
}

func decodeTargetDetail(raw json.RawMessage) (*TargetDetail, error) {
	var wrapped struct {
		Target  json.RawMessage `json:"target"`
		Summary json.RawMessage `json:"summary"`
	}
	if err := json.Unmarshal(raw, &wrapped); err != nil {
		return nil, err
	}
	d := &TargetDetail{Summary: wrapped.Summary}
	body := raw
	if t := bytes.TrimSpace(wrapped.Target); len(t) > 0 && t[0] == '{' {
		body = t
	}
	if err := json.Unmarshal(body, &d.Target); err != nil {
		return nil, err
	}
	if d.Target.ID == "" { // ID already falls back to target_id (UnmarshalJSON)
		return nil, errors.New("the target had no id")
	}
	return d, nil
}

// UpdateTarget patches a target (PATCH /analytics/targets/{id}) and returns
// the updated row. An empty request is refused without a call: the API
// answers it with 400 "no valid updates".
func (c *Client) UpdateTarget(ctx context.Context, id string, in UpdateTargetRequest) (*Target, error) {
	if id == "" {
		return nil, errors.New("target id is empty")
	}
	if in.IsEmpty() {
		return nil, errors.New("update has no fields")
	}
	defer c.targets.invalidate()
	var out Target
	if err := c.call(ctx, request{method: http.MethodPatch, path: targetPath(id), body: in, retryable: true}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteTarget stops tracking a target (DELETE /analytics/targets/{id}). The
// API's 404 (already gone, see IsNotFound) counts as success; any other
// failure, a proxy's 404 or a redirect included, is returned. The response
// data is ignored.
func (c *Client) DeleteTarget(ctx context.Context, id string) error {
	_, err := c.DeleteTargetIfFound(ctx, id)
	return err
}

// DeleteTargetIfFound deletes the target id, as DeleteTarget does, and
// reports whether the API found it: found is false, with no error, when the
// API answered its own 404, which it also answers for a target of another
// scope than the key's (a wrong key).
func (c *Client) DeleteTargetIfFound(ctx context.Context, id string) (found bool, err error) {
	if id == "" {
		return false, errors.New("target id is empty")
	}
	defer c.targets.invalidate()
	err = c.call(ctx, request{method: http.MethodDelete, path: targetPath(id), retryable: true}, nil)
	if IsNotFound(err) {
		return false, nil
	}
	return err == nil, err
}
