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
	// owners coordinates creates and deletes of one target id in this run.
	owners ownership
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

// claimRegistry maps account handles to a description of the resource of
// this plan that declared them.
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

// ownership coordinates, within one run, the creates and deletes of target
// ids. The API's idempotent create hands back a target that still exists,
// so without it a target being deleted (create_before_destroy, a resource
// renamed without a moved block) could be adopted by a new resource and
// then deleted under it, and two resources could share one target.
type ownership struct {
	mu       sync.Mutex
	claimed  map[string]string        // id → the resource that created or adopted it
	deleting map[string]chan struct{} // ids whose DELETE is in flight
}

// claim records that owner created or adopted id. When id is being deleted
// in this run it claims nothing and returns a channel closed when the delete
// ends (the caller then creates again). When another resource of this run
// claimed id, it returns that resource's description.
func (o *ownership) claim(id, owner string) (previous string, deleting <-chan struct{}) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if ch, ok := o.deleting[id]; ok {
		return "", ch
	}
	if prev, ok := o.claimed[id]; ok {
		return prev, nil
	}
	if o.claimed == nil {
		o.claimed = map[string]string{}
	}
	o.claimed[id] = owner
	return "", nil
}

// release forgets the claim of id (the resource did not take it after all).
func (o *ownership) release(id string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.claimed, id)
}

// startDelete registers a delete of id. When a resource of this run created
// or adopted id, it returns that resource's description and the caller must
// not delete; otherwise it returns done, to call once the DELETE ended.
func (o *ownership) startDelete(id string) (owner string, done func()) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if owner, ok := o.claimed[id]; ok {
		return owner, nil
	}
	ch := make(chan struct{})
	if o.deleting == nil {
		o.deleting = map[string]chan struct{}{}
	}
	o.deleting[id] = ch
	return "", func() {
		o.mu.Lock()
		defer o.mu.Unlock()
		delete(o.deleting, id)
		close(ch)
	}
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
