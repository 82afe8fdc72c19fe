package genviral

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// values encodes the filter with the API's query names; empty fields are
// left out.
func (f AnalyticsFilter) values() url.Values {
	v := url.Values{}
	if f.Range != "" {
		v.Set("range", f.Range)
	}
	if f.Start != "" {
		v.Set("start", f.Start)
	}
	if f.End != "" {
		v.Set("end", f.End)
	}
	if len(f.Platforms) > 0 {
		v.Set("platforms", strings.Join(f.Platforms, ","))
	}
	if len(f.AccountIDs) > 0 {
		v.Set("accounts", strings.Join(f.AccountIDs, ","))
	}
	return v
}

// GetSummary returns the KPI summary (GET /analytics/summary). Only the
// endpoint's top-level keys are known (contract §6, [SKILL]); their contents
// are kept raw.
func (c *Client) GetSummary(ctx context.Context, f AnalyticsFilter) (*Summary, error) {
	var raw map[string]json.RawMessage
	if err := c.call(ctx, request{method: http.MethodGet, path: "/analytics/summary", query: f.values(), retryable: true}, &raw); err != nil {
		return nil, err
	}
	s := &Summary{
		KPIs:              raw["kpis"],
		InteractionSeries: raw["interactionSeries"],
		EngagementSeries:  raw["engagementSeries"],
		PostingHeatmap:    raw["postingHeatmap"],
		ContentMix:        raw["contentMix"],
		PostingStreak:     decodeStreak(raw["postingStreak"]),
	}
	return s, nil
}

// decodeStreak reads postingStreak tolerantly: a number, a numeric string,
// or an object with a numeric "value" or "current" member. Anything else is
// nil (the shape is undocumented), and so are null and non-finite values
// (a NaN or ±Inf cannot be stored as a Terraform number).
func decodeStreak(raw json.RawMessage) *float64 {
	number := func(raw json.RawMessage) *float64 {
		var n float64
		if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) || json.Unmarshal(raw, &n) != nil {
			return nil
		}
		return &n
	}
	if n := number(raw); n != nil {
		return n
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return &f
		}
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) == nil {
		for _, k := range []string{"value", "current"} {
			if n := number(obj[k]); n != nil {
				return n
			}
		}
	}
	return nil
}

// ListWorkspaceSuggestions returns the other scopes in which the key's owner
// tracks targets (GET /analytics/workspace-suggestions). Its data is a bare
// JSON array.
func (c *Client) ListWorkspaceSuggestions(ctx context.Context) ([]WorkspaceSuggestion, error) {
	var out []WorkspaceSuggestion
	if err := c.call(ctx, request{method: http.MethodGet, path: "/analytics/workspace-suggestions", retryable: true}, &out); err != nil {
		return nil, err
	}
	if out == nil {
		out = []WorkspaceSuggestion{}
	}
	return out, nil
}
