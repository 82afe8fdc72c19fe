package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// privateGetter reads private state (requests and responses of every
// operation implement it).
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// privateSetter writes private state.
type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// getPrivateString returns the JSON string stored under key, or "".
func getPrivateString(ctx context.Context, p privateGetter, key string, diags *diag.Diagnostics) string {
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

// setPrivateString stores s under key as a JSON string; "" removes the key.
func setPrivateString(ctx context.Context, p privateSetter, key, s string, diags *diag.Diagnostics) {
	if s == "" {
		diags.Append(p.SetKey(ctx, key, nil)...)
		return
	}
	raw, _ := json.Marshal(s)
	diags.Append(p.SetKey(ctx, key, raw)...)
}
