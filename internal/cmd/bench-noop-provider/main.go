// Command bench-noop-provider is the floor scripts/bench-scale.sh compares
// genviral_analytics_target with: a provider built on the same
// terraform-plugin-framework and terraform-plugin-go versions (this module's
// go.mod) whose one resource, noop_target, has the schema of
// genviral_analytics_target (the same attribute names, types, nesting,
// optionality and defaults, and the timeouts block) without any of its
// logic: no validators, no plan modifiers, no API. Create records the plan
// with every unknown value null and an id; read, update and delete keep what
// they are given. What a plan of N of them costs is what the framework and
// Terraform cost for that schema, with no provider logic.
//
// It is a benchmark tool, never released (GoReleaser builds the root package).
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return noopProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/genviral/noop"})
	if err != nil {
		log.Fatal(err)
	}
}

type noopProvider struct{}

func (noopProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "noop"
}

func (noopProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (noopProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (noopProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return noopTarget{} }}
}

func (noopProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// noopTarget is noop_target.
type noopTarget struct{}

func (noopTarget) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_target"
}

// Schema is genviral_analytics_target's, attribute for attribute.
func (noopTarget) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computedString := schema.StringAttribute{Computed: true}
	optionalString := schema.StringAttribute{Optional: true}
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"id":         computedString,
			"platform":   schema.StringAttribute{Required: true},
			"identifier": schema.StringAttribute{Required: true},
			"alias":      schema.StringAttribute{Optional: true, Computed: true},
			"favorite":   schema.BoolAttribute{Optional: true, Computed: true},
			"refresh_policy": schema.SingleNestedAttribute{
				Optional: true,
				Attributes: map[string]schema.Attribute{
					"free_daily_refresh": schema.BoolAttribute{Optional: true},
					"max_posts":          schema.Int64Attribute{Optional: true},
				},
			},
			"adopt_existing":         schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true)},
			"deletion_policy":        schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("delete_unless_adopted")},
			"adopted":                schema.BoolAttribute{Computed: true},
			"display_name":           computedString,
			"normalized_identifier":  computedString,
			"workspace_id":           computedString,
			"user_id":                computedString,
			"last_refreshed_at":      computedString,
			"free_refresh_available": schema.BoolAttribute{Computed: true},
		},
		Blocks: map[string]schema.Block{
			"timeouts": schema.SingleNestedBlock{Attributes: map[string]schema.Attribute{
				"create": optionalString, "read": optionalString, "update": optionalString, "delete": optionalString,
			}},
		},
	}
}

func (noopTarget) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	recordPlan(req.Plan, &resp.State, &resp.Diagnostics)
	var platform, identifier string
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("platform"), &platform)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("identifier"), &identifier)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), platform+"/"+identifier)...)
}

func (noopTarget) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (noopTarget) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	recordPlan(req.Plan, &resp.State, &resp.Diagnostics)
}

func (noopTarget) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// recordPlan sets state to plan with every unknown value null (a computed
// attribute the apply does not set).
func recordPlan(plan tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics) {
	raw, err := tftypes.Transform(plan.Raw, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if !v.IsKnown() {
			return tftypes.NewValue(v.Type(), nil), nil
		}
		return v, nil
	})
	if err != nil {
		diags.AddError("Cannot record the plan", err.Error())
		return
	}
	state.Raw = raw
}
