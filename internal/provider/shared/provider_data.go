// Package shared holds what every feature package of the provider uses and
// none owns: the provider data handed to resources and data sources (the API
// client, and a store each feature keeps its own per-configuration state
// in), API errors as diagnostics with advice, validators, timeouts, whole
// numbers and private state. It imports no feature package.
package shared

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// ProviderData is what Configure hands to every resource and data source of
// one provider instance (one provider configuration of one Terraform run).
type ProviderData struct {
	// Client is the configured API client; nil while Deferred says why.
	Client *genviral.Client
	// Deferred explains why there is no client yet (unknown arguments).
	Deferred string
	// local holds what each feature keeps for this provider configuration
	// (see Local), by a key of the feature's own.
	localMu sync.Mutex
	local   map[any]any
}

// Local returns the value a feature keeps for the provider configuration d
// under key, made by newValue on first use: the genviral_analytics_target
// resources of one run, for instance, coordinate through one value.
func Local[T any](d *ProviderData, key any, newValue func() *T) *T {
	d.localMu.Lock()
	defer d.localMu.Unlock()
	if v, ok := d.local[key].(*T); ok {
		return v
	}
	if d.local == nil {
		d.local = map[any]any{}
	}
	v := newValue()
	d.local[key] = v
	return v
}

// ClientFor returns the API client, or adds an error explaining why there
// is none.
func (d *ProviderData) ClientFor(diags *diag.Diagnostics) *genviral.Client {
	switch {
	case d == nil:
		diags.AddError("Provider Not Configured",
			"The genviral provider was not configured before use. This is a bug in the provider; please report it.")
	case d.Client == nil:
		diags.AddError("Provider Configuration Not Known",
			fmt.Sprintf("The genviral provider cannot call the API because %s. Make the provider arguments known "+
				"at plan time, or apply the resources they depend on first (terraform apply -target=...).", d.Deferred))
	}
	if d == nil {
		return nil
	}
	return d.Client
}

// WithResourceData gives a resource its provider data: embed it, and the
// resource's Configure is this one.
type WithResourceData struct {
	Data *ProviderData
}

// Configure takes the provider data of the provider configuration.
func (w *WithResourceData) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	w.Data = ProviderDataFrom(req.ProviderData, &resp.Diagnostics)
}

// WithDataSourceData gives a data source its provider data: embed it, and
// the data source's Configure is this one.
type WithDataSourceData struct {
	Data *ProviderData
}

// Configure takes the provider data of the provider configuration.
func (w *WithDataSourceData) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	w.Data = ProviderDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ProviderDataFrom converts the ProviderData of a Configure request, adding
// an error when it has an unexpected type. A nil input (provider not yet
// configured, e.g. during validation) gives nil without error.
func ProviderDataFrom(in any, diags *diag.Diagnostics) *ProviderData {
	if in == nil {
		return nil
	}
	d, ok := in.(*ProviderData)
	if !ok {
		diags.AddError("Unexpected Provider Data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", in))
		return nil
	}
	return d
}
