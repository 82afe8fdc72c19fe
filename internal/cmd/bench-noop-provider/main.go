// Command bench-noop-provider is the floor scripts/bench-scale.sh compares
// genviral_analytics_target with: a provider built on the same
// terraform-plugin-framework and terraform-plugin-go versions (this module's
// go.mod) whose one resource, noop_target, has the target's required
// arguments and an id, and calls nothing: create sets the id, read, update
// and delete keep what they are given. What a plan of N of them costs is what
// the framework and Terraform cost, with no provider logic and no API.
//
// It is a benchmark tool, never released (GoReleaser builds the root package).
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
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

type noopModel struct {
	ID         types.String `tfsdk:"id"`
	Platform   types.String `tfsdk:"platform"`
	Identifier types.String `tfsdk:"identifier"`
	Alias      types.String `tfsdk:"alias"`
}

func (noopTarget) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_target"
}

func (noopTarget) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id": schema.StringAttribute{Computed: true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"platform":   schema.StringAttribute{Required: true},
		"identifier": schema.StringAttribute{Required: true},
		"alias":      schema.StringAttribute{Optional: true},
	}}
}

func (noopTarget) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m noopModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID = types.StringValue(m.Platform.ValueString() + "/" + m.Identifier.ValueString())
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (noopTarget) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (noopTarget) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}

func (noopTarget) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
