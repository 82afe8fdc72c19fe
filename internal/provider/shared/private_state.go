package shared

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// PrivateGetter reads private state (requests and responses of every
// operation implement it).
type PrivateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// privateSetter writes private state.
type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// GetPrivateString returns the JSON string stored under key, or "".
func GetPrivateString(ctx context.Context, p PrivateGetter, key string, diags *diag.Diagnostics) string {
	if p == nil {
		return ""
	}
	raw, d := p.GetKey(ctx, key)
	diags.Append(d...)
	var s string
	if len(raw) > 0 && json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// SetPrivateString stores s under key as a JSON string; "" removes the key.
func SetPrivateString(ctx context.Context, p privateSetter, key, s string, diags *diag.Diagnostics) {
	if s == "" {
		diags.Append(p.SetKey(ctx, key, nil)...)
		return
	}
	raw, _ := json.Marshal(s)
	diags.Append(p.SetKey(ctx, key, raw)...)
}
