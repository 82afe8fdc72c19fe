package analytics

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

var (
	_ datasource.DataSource              = (*analyticsWorkspaceSuggestionsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*analyticsWorkspaceSuggestionsDataSource)(nil)
)

// NewAnalyticsWorkspaceSuggestionsDataSource returns the
// genviral_analytics_workspace_suggestions data source.
func NewAnalyticsWorkspaceSuggestionsDataSource() datasource.DataSource {
	return &analyticsWorkspaceSuggestionsDataSource{}
}

type analyticsWorkspaceSuggestionsDataSource struct {
	shared.WithDataSourceData
}

type workspaceSuggestionsModel struct {
	ID          types.String                `tfsdk:"id"`
	Suggestions []workspaceSuggestionsEntry `tfsdk:"suggestions"`
	Timeouts    timeouts.Value              `tfsdk:"timeouts"`
}

type workspaceSuggestionsEntry struct {
	WorkspaceID   types.String `tfsdk:"workspace_id"`
	WorkspaceName types.String `tfsdk:"workspace_name"`
	TotalItems    types.Int64  `tfsdk:"total_items"`
	IsPersonal    types.Bool   `tfsdk:"is_personal"`
}

// workspaceSuggestionsID is the id of the data source: the API answers for
// the key's owner, and nothing in the answer names the key's own scope.
const workspaceSuggestionsID = "workspace-suggestions"

func (d *analyticsWorkspaceSuggestionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_analytics_workspace_suggestions"
}

func (d *analyticsWorkspaceSuggestionsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The other scopes (workspaces, or the personal scope) in which the API key's owner tracks analytics " +
			"targets (`GET /analytics/workspace-suggestions`). Every API key sees a single scope, so targets tracked " +
			"elsewhere are invisible to this provider configuration; use this to find them and the key you need. " +
			"Informational only.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "A constant identifier, `" + workspaceSuggestionsID + "`.",
			},
			"suggestions": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The other scopes that have tracked targets, in the order the API lists them; empty when there are none.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"workspace_id": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "The workspace's id; null for the personal scope.",
						},
						"workspace_name": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "The workspace's name, or a label such as `Personal` for the personal scope.",
						},
						"total_items": schema.Int64Attribute{
							Computed:            true,
							MarkdownDescription: "How many analytics targets the scope tracks.",
						},
						"is_personal": schema.BoolAttribute{
							Computed:            true,
							MarkdownDescription: "Whether this is the personal scope of the key's owner.",
						},
					},
				},
			},
		},
		Blocks: map[string]schema.Block{"timeouts": shared.ReadTimeoutsBlock(ctx)},
	}
}

func (d *analyticsWorkspaceSuggestionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var t timeouts.Value
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("timeouts"), &t)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, ctx, cancel := d.Data.ReadClient(ctx, t, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	list, err := client.ListWorkspaceSuggestions(ctx)
	if err != nil {
		shared.AddAPIError(&resp.Diagnostics, "Unable to Read Analytics Workspace Suggestions",
			"Listing the other scopes in which the API key's owner tracks analytics targets failed.", err)
		return
	}
	m := workspaceSuggestionsModel{
		ID:          types.StringValue(workspaceSuggestionsID),
		Suggestions: make([]workspaceSuggestionsEntry, len(list)),
		Timeouts:    t,
	}
	for i, s := range list {
		m.Suggestions[i] = workspaceSuggestionsEntry{
			WorkspaceID:   types.StringPointerValue(s.WorkspaceID),
			WorkspaceName: types.StringValue(s.WorkspaceName),
			TotalItems:    types.Int64Value(s.TotalItems),
			IsPersonal:    types.BoolValue(s.IsPersonal),
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
