package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// APILogger writes the client's log entries to the "genviral_api" tflog
// subsystem, with the key masked in case any field ever carried it.
type APILogger struct {
	Key string
}

const LogSubsystem = "genviral_api"

// maskKey returns ctx with the key and its secret masked in provider logs.
func maskKey(ctx context.Context, key string) context.Context {
	ctx = tflog.MaskAllFieldValuesStrings(ctx, MaskedStrings(key)...)
	return tflog.MaskMessageStrings(ctx, MaskedStrings(key)...)
}

func MaskedStrings(key string) []string {
	out := []string{key}
	if _, secret, ok := strings.Cut(key, "."); ok && secret != "" {
		out = append(out, secret)
	}
	return out
}
