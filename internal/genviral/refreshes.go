package genviral

import (
	"context"
	"errors"
	"net/http"
	"net/url"
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
	c.redactRefresh(&out.Refresh)
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
	c.redactRefresh(&out)
	return &out, nil
}

// redactRefresh removes the key from the API's free text in r: its error
// goes into messages and into state.
func (c *Client) redactRefresh(r *Refresh) {
	if r.Error != nil {
		e := c.redact(*r.Error)
		r.Error = &e
	}
}
