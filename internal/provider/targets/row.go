package targets

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

// targetRowModel is one analytics target as the target data sources expose
// it: a row of genviral_analytics_targets.targets, and the whole of
// genviral_analytics_target.
type targetRowModel struct {
	ID                   types.String `tfsdk:"id"`
	Platform             types.String `tfsdk:"platform"`
	Identifier           types.String `tfsdk:"identifier"`
	NormalizedIdentifier types.String `tfsdk:"normalized_identifier"`
	DisplayName          types.String `tfsdk:"display_name"`
	FreeRefreshAvailable types.Bool   `tfsdk:"free_refresh_available"`
}

// newTargetRow converts an API target row. Fields the row lacks are null,
// except normalized_identifier: the API's own value as it reports it, else
// the provider's normalization of the identifier (list rows do not carry
// it).
func newTargetRow(t *genviral.Target) targetRowModel {
	norm, _ := t.Normalized()
	if t.Has(genviral.FieldNormalizedIdentifier) {
		norm = *t.NormalizedIdentifier
	}
	return targetRowModel{
		ID:                   types.StringValue(t.ID),
		Platform:             types.StringValue(t.Platform),
		Identifier:           types.StringValue(t.Identifier),
		NormalizedIdentifier: types.StringValue(norm),
		DisplayName:          types.StringPointerValue(t.DisplayName),
		FreeRefreshAvailable: types.BoolPointerValue(t.FreeRefreshAvailable),
	}
}

// targetRowAttributes returns the data source schema of a target row, every
// attribute computed. Callers may replace entries (the single-target data
// source makes its lookup keys optional inputs).
func targetRowAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed: true,
			MarkdownDescription: "The target's UUID: use it in `genviral_analytics_posts.account_ids`, or to import the target " +
				"into a `genviral_analytics_target` resource.",
		},
		"platform": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The social platform: " + shared.QuotedList(genviral.Platforms) + ".",
		},
		"identifier": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The account handle as it was given when the target was created (e.g. `@acme.coffee`).",
		},
		"normalized_identifier": schema.StringAttribute{
			Computed: true,
			MarkdownDescription: "The handle in comparison form: as the API normalizes it when the API reports it, else trimmed, " +
				"without the leading `@` and lower-cased.",
		},
		"display_name": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The display name Genviral shows for the target; null when none is set.",
		},
		"free_refresh_available": schema.BoolAttribute{
			Computed:            true,
			MarkdownDescription: "Whether the target's free daily refresh is still available; null when the API does not report it.",
		},
	}
}
