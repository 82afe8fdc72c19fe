package targets

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

var (
	_ list.ListResource              = (*analyticsTargetListResource)(nil)
	_ list.ListResourceWithConfigure = (*analyticsTargetListResource)(nil)
)

// NewAnalyticsTargetListResource returns the genviral_analytics_target list
// resource (Terraform 1.14+ `terraform query`).
func NewAnalyticsTargetListResource() list.ListResource { return &analyticsTargetListResource{} }

// analyticsTargetListResource lists the targets the API key's scope tracks,
// from the same shared target list the resource reads, as
// genviral_analytics_target objects that import as they are: the
// configuration `terraform query -generate-config-out` writes from them
// imports every target with an empty plan afterwards.
type analyticsTargetListResource struct {
	// Its Configure has the resource's signature.
	shared.WithResourceData
}

type targetListConfigModel struct {
	Platform types.String `tfsdk:"platform"`
}

func (l *analyticsTargetListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_analytics_target"
}

func (l *analyticsTargetListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the social accounts the API key's scope (its workspace, or its owner's personal scope) " +
			"tracks, as `genviral_analytics_target` resources to import: each target once, and none whose account the " +
			"resource would refuse (such as a profile URL stored as the handle), which a warning names instead. With `terraform query " +
			"-generate-config-out=<file>` Terraform writes a resource and an import block for each; applying them " +
			"imports every target, and the plan after that is empty. Imported targets are adopted: this configuration " +
			"did not create them, so destroy (or removing a generated block) leaves them tracked unless the resource sets " +
			"`deletion_policy = \"delete\"`. Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"platform": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "List only the targets of this platform: " + shared.QuotedList(genviral.Platforms) + ". Unset lists all.",
				Validators:          []validator.String{stringvalidator.OneOf(genviral.Platforms...)},
			},
		},
	}
}

func (l *analyticsTargetListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg targetListConfigModel
	diags := req.Config.Get(ctx, &cfg)
	client := l.Data.ClientFor(&diags)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	targets, err := client.CachedTargets(ctx)
	if err != nil {
		shared.AddAPIError(&diags, "Unable to List Analytics Targets", "Listing the analytics targets of the API key's scope failed.", err)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	platform := cfg.Platform.ValueString()
	stream.Results = func(push func(list.ListResult) bool) {
		var pushed int64
		seen := map[string]bool{}
		for i := range targets.Targets {
			row := targetListRow(targets, i)
			id := strings.ToLower(row.ID)
			if row.ID == "" || seen[id] || (platform != "" && row.Platform != platform) {
				continue
			}
			// A row listed twice would write two resource blocks for one id.
			seen[id] = true
			if problem := checkAccount(row.Platform, row.Identifier); problem != "" {
				if !push(list.ListResult{Diagnostics: diag.Diagnostics{warnTargetNotListed(&row, problem)}}) {
					return
				}
				continue
			}
			if req.Limit > 0 && pushed >= req.Limit {
				return
			}
			pushed++
			if !push(importableTarget(ctx, req, &row)) {
				return
			}
		}
	}
}

// importableTarget converts a list row into a list result: the identity,
// and (when asked) the resource as importing it would leave it, so that
// generated configuration matches the import: the handle as the API spells
// it, the display name as alias, the import defaults (adopted: destroy
// leaves it tracked unless deletion_policy = "delete").
func importableTarget(ctx context.Context, req list.ListRequest, t *genviral.Target) list.ListResult {
	result := req.NewListResult(ctx)
	m := targetModel{
		ID:             types.StringValue(t.ID),
		Platform:       types.StringValue(t.Platform),
		Identifier:     types.StringValue(t.Identifier),
		Alias:          generatedAlias(t),
		Favorite:       types.BoolNull(),
		RefreshPolicy:  types.ObjectNull(refreshPolicyAttrTypes),
		AdoptExisting:  types.BoolValue(true),
		DeletionPolicy: types.StringValue(deleteUnlessAdopted),
		// An imported target is adopted: this configuration did not create it.
		Adopted: types.BoolValue(true),
	}
	for _, f := range computedFields {
		f.setNull(&m)
	}
	applyTargetRow(&m, t)
	m.Timeouts = timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
		"create": types.StringType, "read": types.StringType, "update": types.StringType, "delete": types.StringType,
	})}
	result.DisplayName = fmt.Sprintf("%s/%s", t.Platform, displayHandle(t))
	if t.DisplayName != nil && *t.DisplayName != "" {
		result.DisplayName += " (" + *t.DisplayName + ")"
	}
	setTargetIdentity(ctx, result.Identity, &m, &result.Diagnostics)
	if req.IncludeResource {
		result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
	}
	return result
}

// generatedAlias is the alias of the configuration generated for row t: its
// display name, unless that is empty, which no alias can be (an unset alias
// leaves an imported target's display name alone).
func generatedAlias(t *genviral.Target) types.String {
	if t.DisplayName == nil || *t.DisplayName == "" {
		return types.StringNull()
	}
	return types.StringValue(*t.DisplayName)
}

// targetListRow returns row i of a target list with the list's workspace id,
// which its rows do not carry, when the list reported it.
func targetListRow(l *genviral.TargetList, i int) genviral.Target {
	row := l.Targets[i]
	if l.ScopeKnown {
		row.WorkspaceID = l.WorkspaceID
		row.SetHas(genviral.FieldWorkspaceID)
	}
	return row
}
