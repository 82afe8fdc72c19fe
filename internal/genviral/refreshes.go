package genviral

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// RefreshTarget starts a metrics refresh of a target
// (POST /analytics/targets/{id}/refresh). It may spend credits, so it is
// never retried: a failed attempt is returned to the caller as is.
func (c *Client) RefreshTarget(ctx context.Context, targetID string) (*RefreshResult, error) {
	if targetID == "" {
		return nil, errors.New("target id is empty")
	}
	// The refresh changes the target's last_refreshed_at and
	// free_refresh_available: later reads must list again.
	defer c.targets.invalidate()
	var out RefreshResult
	if err := c.call(ctx, request{method: http.MethodPost, path: targetPath(targetID) + "/refresh"}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetRefresh returns one refresh job (GET /analytics/refreshes/{id}).
func (c *Client) GetRefresh(ctx context.Context, refreshID string) (*Refresh, error) {
	if refreshID == "" {
		return nil, errors.New("refresh id is empty")
	}
	var out Refresh
	p := "/analytics/refreshes/" + url.PathEscape(refreshID)
	if err := c.call(ctx, request{method: http.MethodGet, path: p, retryable: true}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// LatestRefreshID returns the id of the target's latest refresh as its
// detail summary reports it, or "" when the summary does not say. The
// contract names a "refresh status" part of the summary but not its fields
// (contract §4.3, undocumented), so both plausible spellings are read: an
// object "refresh_status" or "refreshStatus" holding "refresh_id",
// "refreshId" or "id". Anything else, or a summary that does not decode,
// says nothing.
func (d *TargetDetail) LatestRefreshID() string {
	var summary map[string]json.RawMessage
	if json.Unmarshal(d.Summary, &summary) != nil {
		return ""
	}
	for _, part := range []string{"refresh_status", "refreshStatus"} {
		var status map[string]json.RawMessage
		if json.Unmarshal(summary[part], &status) != nil {
			continue
		}
		for _, key := range []string{"refresh_id", "refreshId", "id"} {
			var id string
			if json.Unmarshal(status[key], &id) == nil && strings.TrimSpace(id) != "" {
				return id
			}
		}
	}
	return ""
}
