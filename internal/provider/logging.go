package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// apiLogger writes the client's log entries to the "genviral_api" tflog
// subsystem, with the key masked in case any field ever carried it.
type apiLogger struct {
	key string
}

const logSubsystem = "genviral_api"

// maskKey returns ctx with the key and its secret masked in provider logs.
func maskKey(ctx context.Context, key string) context.Context {
	ctx = tflog.MaskAllFieldValuesStrings(ctx, maskedStrings(key)...)
	return tflog.MaskMessageStrings(ctx, maskedStrings(key)...)
}

func maskedStrings(key string) []string {
	out := []string{key}
	if _, secret, ok := strings.Cut(key, "."); ok && secret != "" {
		out = append(out, secret)
	}
	return out
}
