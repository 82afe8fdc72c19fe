package targets

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

var (
	_ datasource.DataSource                   = (*analyticsTargetDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*analyticsTargetDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*analyticsTargetDataSource)(nil)
)

// maxSuggestedHandles bounds the handles a not-found error lists.
const maxSuggestedHandles = 10

// NewAnalyticsTargetDataSource returns the genviral_analytics_target data source.
func NewAnalyticsTargetDataSource() datasource.DataSource { return &analyticsTargetDataSource{} }

type analyticsTargetDataSource struct {
	shared.WithDataSourceData
}

// targetLookupModel is the data source's model: a target row and the
// timeouts block.
type targetLookupModel struct {
	targetRowModel
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (d *analyticsTargetDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_analytics_target"
}

func (d *analyticsTargetDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := targetRowAttributes()
	attrs["id"] = schema.StringAttribute{
		Optional: true,
		Computed: true,
		MarkdownDescription: "The target's UUID. Set it to look the target up by id, or leave it unset and set `platform` and " +
			"`identifier` instead; it is then the id of the target found.",
		Validators: []validator.String{
			shared.TargetIDValidator(),
			stringvalidator.ConflictsWith(path.MatchRoot("platform"), path.MatchRoot("identifier")),
		},
	}
	attrs["platform"] = schema.StringAttribute{
		Optional: true,
		Computed: true,
		MarkdownDescription: "The social platform (" + shared.QuotedList(genviral.Platforms) + "). Set it with `identifier` to look the " +
			"target up by handle.",
		Validators: []validator.String{
			stringvalidator.OneOf(genviral.Platforms...),
			stringvalidator.AlsoRequires(path.MatchRoot("identifier")),
		},
	}
	attrs["identifier"] = schema.StringAttribute{
		Optional: true,
		Computed: true,
		MarkdownDescription: "The account handle. Set it with `platform` to look the target up by handle: handles match " +
			"case-insensitively and with or without the leading `@` (`@Brand` finds a target tracked as `brand`), and the " +
			"configured spelling is kept. When looking up by `id`, it is the handle as the target was created. " +
			shared.IdentifierRulesMarkdown,
		Validators: []validator.String{
			shared.IdentifierValidator(),
			stringvalidator.AlsoRequires(path.MatchRoot("platform")),
		},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One analytics target (tracked social account) of the API key's scope, looked up either by `id` or by " +
			"`platform` and `identifier`. Fails when no such target exists in the scope. Lookups share one list request " +
			"with the other target resources and data sources of the same run.",
		Attributes: attrs,
		Blocks:     map[string]schema.Block{"timeouts": shared.ReadTimeoutsBlock(ctx)},
	}
}

// ValidateConfig requires one way of looking the target up; the attribute
// validators already refuse mixing both and half a handle lookup.
func (d *analyticsTargetDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m targetRowModel
	for name, v := range map[string]*types.String{"id": &m.ID, "platform": &m.Platform, "identifier": &m.Identifier} {
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(name), v)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if m.ID.IsNull() && m.Platform.IsNull() && m.Identifier.IsNull() {
		resp.Diagnostics.Append(errMissingTargetLookup())
	}
}

func (d *analyticsTargetDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var lookup targetLookupModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &lookup)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg := &lookup.targetRowModel
	client, ctx, cancel := d.Data.ReadClient(ctx, lookup.Timeouts, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}

	byID := !cfg.ID.IsNull()
	var (
		t      *genviral.Target
		err    error
		sought string
		attr   path.Path
	)
	if byID {
		sought, attr = fmt.Sprintf("with id %s", shared.QuoteInput(cfg.ID.ValueString())), path.Root("id")
		t, err = client.LookupTarget(ctx, cfg.ID.ValueString())
	} else {
		sought, attr = fmt.Sprintf("for the %s handle %s", cfg.Platform.ValueString(), shared.QuoteInput(cfg.Identifier.ValueString())), path.Root("identifier")
		t, err = client.FindTargetByHandle(ctx, cfg.Platform.ValueString(), cfg.Identifier.ValueString())
	}
	if errors.Is(err, genviral.ErrTargetNotFound) {
		resp.Diagnostics.AddAttributeError(attr, "Analytics Target Not Found", d.notFoundDetail(ctx, client, cfg, sought))
		return
	}
	if err != nil {
		shared.AddAPIError(&resp.Diagnostics, "Unable to Read Analytics Target", fmt.Sprintf("Looking up the analytics target %s failed.", sought), err)
		return
	}

	row := newTargetRow(t)
	if !byID {
		// Keep the configured spelling of the handle the target was found by.
		row.Identifier = cfg.Identifier
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &targetLookupModel{targetRowModel: row, Timeouts: lookup.Timeouts})...)
}

// notFoundDetail says what was searched, in which scope, what the scope has
// on that platform, and what to do.
func (d *analyticsTargetDataSource) notFoundDetail(ctx context.Context, client *genviral.Client, cfg *targetRowModel, sought string) string {
	var b strings.Builder
	scope := "the API key's scope"
	list, err := client.CachedTargets(ctx) // cached by the lookup: no request
	if err == nil {
		scope = scopeDescription(list)
	}
	fmt.Fprintf(&b, "No analytics target %s exists in %s.", sought, scope)
	if err == nil && !cfg.Platform.IsNull() {
		var handles []string
		for _, t := range list.Targets {
			if t.Platform == cfg.Platform.ValueString() {
				handles = append(handles, fmt.Sprintf("%q", t.Identifier))
			}
		}
		switch n := len(handles); {
		case n == 0:
			fmt.Fprintf(&b, " The scope tracks no %s account.", cfg.Platform.ValueString())
		case n > maxSuggestedHandles:
			fmt.Fprintf(&b, " The scope tracks %d %s accounts, among them %s.", n, cfg.Platform.ValueString(),
				strings.Join(handles[:maxSuggestedHandles], ", "))
		default:
			fmt.Fprintf(&b, " The scope tracks these %s accounts: %s.", cfg.Platform.ValueString(), strings.Join(handles, ", "))
		}
	}
	b.WriteString("\n\nCheck the ")
	if cfg.Platform.IsNull() {
		b.WriteString("id")
	} else {
		b.WriteString("platform and handle")
	}
	b.WriteString(", and that the API key belongs to the scope that tracks the account (a workspace key sees only its " +
		"workspace's targets, a personal key only its owner's personal targets). To start tracking the account, declare " +
		"a genviral_analytics_target resource instead of reading it.")
	return b.String()
}
