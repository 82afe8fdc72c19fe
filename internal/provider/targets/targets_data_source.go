package targets

import (
	"cmp"
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

var (
	_ datasource.DataSource              = (*analyticsTargetsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*analyticsTargetsDataSource)(nil)
)

// NewAnalyticsTargetsDataSource returns the genviral_analytics_targets data source.
func NewAnalyticsTargetsDataSource() datasource.DataSource { return &analyticsTargetsDataSource{} }

type analyticsTargetsDataSource struct {
	shared.WithDataSourceData
}

type targetsModel struct {
	ID          types.String     `tfsdk:"id"`
	Platform    types.String     `tfsdk:"platform"`
	WorkspaceID types.String     `tfsdk:"workspace_id"`
	Targets     []targetRowModel `tfsdk:"targets"`
	Timeouts    timeouts.Value   `tfsdk:"timeouts"`
}

func (d *analyticsTargetsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_analytics_targets"
}

func (d *analyticsTargetsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every analytics target (tracked social account) in the API key's scope: the workspace's targets for " +
			"a workspace key, the owner's personal targets for a personal key. Reads share one list request with the " +
			"`genviral_analytics_target` resources and data sources of the same run.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "An identifier of this listing: the scope (workspace id, or `personal`) and the platform filter.",
			},
			"platform": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only targets of this platform: " + shared.QuotedList(genviral.Platforms) + ". Omit for all platforms.",
				Validators:          []validator.String{stringvalidator.OneOf(genviral.Platforms...)},
			},
			"workspace_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The workspace of the API key; null for a personal-scope key.",
			},
			"targets": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The targets, in the order the API lists them.",
				NestedObject:        schema.NestedAttributeObject{Attributes: targetRowAttributes()},
			},
		},
		Blocks: map[string]schema.Block{"timeouts": shared.ReadTimeoutsBlock(ctx)},
	}
}

func (d *analyticsTargetsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m targetsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, ctx, cancel := d.Data.ReadClient(ctx, m.Timeouts, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	list, err := client.CachedTargets(ctx)
	if err != nil {
		shared.AddAPIError(&resp.Diagnostics, "Unable to Read Analytics Targets",
			"Listing the analytics targets of the API key's scope failed.", err)
		return
	}
	platform := m.Platform.ValueString()
	m.WorkspaceID = types.StringPointerValue(list.WorkspaceID)
	m.Targets = make([]targetRowModel, 0, len(list.Targets))
	for i := range list.Targets {
		if platform == "" || list.Targets[i].Platform == platform {
			m.Targets = append(m.Targets, newTargetRow(&list.Targets[i]))
		}
	}
	m.ID = types.StringValue(fmt.Sprintf("%s/%s", scopeName(list), cmp.Or(platform, "all")))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// scopeName names the scope of a target list: its workspace id, or
// "personal".
func scopeName(list *genviral.TargetList) string {
	if list.WorkspaceID != nil && *list.WorkspaceID != "" {
		return *list.WorkspaceID
	}
	return "personal"
}

// scopeDescription describes the scope of a target list for messages.
func scopeDescription(list *genviral.TargetList) string {
	if list.WorkspaceID != nil && *list.WorkspaceID != "" {
		return fmt.Sprintf("workspace %s (the scope of the workspace API key)", *list.WorkspaceID)
	}
	return "the personal scope of the API key's owner"
}
