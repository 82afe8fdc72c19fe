package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// apiLogger writes the client's log entries to the "genviral_api" tflog
// subsystem, with the key masked in case any field ever carried it.
type apiLogger struct {
	Key string
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

func (l apiLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	ctx = tflog.NewSubsystem(ctx, logSubsystem)
	ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, logSubsystem, maskedStrings(l.Key)...)
	ctx = tflog.SubsystemMaskMessageStrings(ctx, logSubsystem, maskedStrings(l.Key)...)
	tflog.SubsystemDebug(ctx, logSubsystem, msg, fields)
}
