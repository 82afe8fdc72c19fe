package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// providerData is what Configure hands to every resource and data source of
// one provider instance (one provider configuration of one Terraform run).
type providerData struct {
	client *genviral.Client
	// deferred explains why there is no client yet (unknown arguments).
	deferred string
	// claims records which target ids resources of this run created or
	// adopted, so two resources cannot silently share one target.
	claims claimRegistry
	// planned records the accounts (platform and normalized handle) that
	// resources of this plan declare, to reject duplicates at plan time.
	planned claimRegistry
}

// clientFor returns the API client, or adds an error explaining why there
// is none.
func (d *providerData) clientFor(diags *diag.Diagnostics) *genviral.Client {
	switch {
	case d == nil:
		diags.AddError("Provider Not Configured",
			"The genviral provider was not configured before use. This is a bug in the provider; please report it.")
	case d.client == nil:
		diags.AddError("Provider Configuration Not Known",
			fmt.Sprintf("The genviral provider cannot call the API because %s. Make the provider arguments known "+
				"at plan time, or apply the resources they depend on first (terraform apply -target=...).", d.deferred))
	}
	if d == nil {
		return nil
	}
	return d.client
}

// providerDataFrom converts the ProviderData of a Configure request, adding
// an error when it has an unexpected type. A nil input (provider not yet
// configured, e.g. during validation) gives nil without error.
func providerDataFrom(in any, diags *diag.Diagnostics) *providerData {
	if in == nil {
		return nil
	}
	d, ok := in.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", in))
		return nil
	}
	return d
}

// claimRegistry maps keys (target ids, or account handles) to a description
// of the resource that claimed them in this run.
type claimRegistry struct {
	mu   sync.Mutex
	byID map[string]string
}

// claim records that owner claims id. It returns the previous owner's
// description when another resource of this run already claimed id.
func (r *claimRegistry) claim(id, owner string) (previous string, taken bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if prev, ok := r.byID[id]; ok {
		return prev, true
	}
	if r.byID == nil {
		r.byID = map[string]string{}
	}
	r.byID[id] = owner
	return "", false
}

// apiLogger writes the client's log entries to the "genviral_api" tflog
// subsystem, with the key masked in case any field ever carried it.
type apiLogger struct {
	key string
}

const logSubsystem = "genviral_api"

func (l apiLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	ctx = tflog.NewSubsystem(ctx, logSubsystem)
	ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, logSubsystem, maskedStrings(l.key)...)
	ctx = tflog.SubsystemMaskMessageStrings(ctx, logSubsystem, maskedStrings(l.key)...)
	tflog.SubsystemDebug(ctx, logSubsystem, msg, fields)
}

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
