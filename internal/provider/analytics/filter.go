package analytics

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

// The filters of the data sources over the analytics summary dataset
// (genviral_analytics_summary and genviral_analytics_posts): the API shares
// them between GET /analytics/summary and GET /analytics/summary/posts
// (contract §6, §7), so their schema, plan-time validation and conversion
// live here once.
//
// A data source uses them by embedding analyticsFilterModel (without a tfsdk
// tag) in its model, adding withAnalyticsFilter(...) to its schema
// attributes, calling validateAnalyticsFilter from ValidateConfig and
// m.apiFilter in Read.

// analyticsFilterModel holds the filter attributes. Embed it in a data
// source model.
type analyticsFilterModel struct {
	Range      types.String `tfsdk:"range"`
	StartDate  types.String `tfsdk:"start_date"`
	EndDate    types.String `tfsdk:"end_date"`
	Platforms  types.Set    `tfsdk:"platforms"`
	AccountIDs types.Set    `tfsdk:"account_ids"`
}

// withAnalyticsFilter returns attrs plus the filter attributes (range,
// start_date, end_date, platforms, account_ids) with their validators. It
// panics if attrs already has one of them (a programming error).
func withAnalyticsFilter(attrs map[string]schema.Attribute) map[string]schema.Attribute {
	out := maps.Clone(attrs)
	for name, a := range analyticsFilterAttributes() {
		if _, dup := out[name]; dup {
			panic("withAnalyticsFilter: attribute " + name + " is defined twice")
		}
		out[name] = a
	}
	return out
}

// analyticsFilterAttributes returns the data source schema of the filters.
// Single-attribute rules (enum values, date format, pairing, range versus
// dates) are attribute validators; validateAnalyticsFilter checks the order
// of the dates.
func analyticsFilterAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"range": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Preset date range ending now: " + shared.QuotedList(genviral.Ranges) + ". Conflicts with " +
				"`start_date`/`end_date`. When neither a range nor dates are set, the API's default applies (`30d`).",
			Validators: []validator.String{
				stringvalidator.OneOf(genviral.Ranges...),
				stringvalidator.ConflictsWith(path.MatchRoot("start_date"), path.MatchRoot("end_date")),
			},
		},
		"start_date": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "First day of a custom date range, `YYYY-MM-DD` (inclusive). Requires `end_date`, must not be " +
				"after it, and conflicts with `range`.",
			Validators: []validator.String{shared.DateValidator(), stringvalidator.AlsoRequires(path.MatchRoot("end_date"))},
		},
		"end_date": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "Last day of a custom date range, `YYYY-MM-DD` (inclusive). Requires `start_date`; conflicts with `range`.",
			Validators:          []validator.String{shared.DateValidator(), stringvalidator.AlsoRequires(path.MatchRoot("start_date"))},
		},
		"platforms": schema.SetAttribute{
			Optional:    true,
			ElementType: types.StringType,
			MarkdownDescription: "Only posts of these platforms: " + shared.QuotedList(genviral.Platforms) + ". Omit it, or give an " +
				"empty set (the usual default of a module variable), for all platforms.",
			Validators: []validator.Set{
				noNullElements{},
				setvalidator.ValueStringsAre(stringvalidator.OneOf(genviral.Platforms...)),
			},
		},
		"account_ids": schema.SetAttribute{
			Optional:    true,
			ElementType: types.StringType,
			MarkdownDescription: fmt.Sprintf("Only posts of these tracked accounts, given as analytics target ids (the `id` of a "+
				"`genviral_analytics_target` resource or data source), not handles. Omit it, or give an empty set, for all "+
				"accounts. Ids compare without regard to letter case; an id that is not a target of the key's scope gives a "+
				"warning naming it (the results exclude it), checked against the run's one target list request. The ids travel in the request URL, which must stay under 8 KB: at most %d bytes of ids (about "+
				"%d UUIDs); for more accounts, omit the filter or split the query.", maxAccountIDsBytes, maxAccountIDsBytes/uuidQueryBytes),
			Validators: []validator.Set{
				noNullElements{},
				setvalidator.ValueStringsAre(shared.TargetIDValidator()),
				accountIDsLengthValidator{},
			},
		},
	}
}

// maxAccountIDsBytes bounds the account_ids of one request: comma-separated
// in the query string, they must leave the URL under 8 KB (a common limit of
// proxies and servers) with room for the other parameters.
const maxAccountIDsBytes = 6000

// uuidQueryBytes is what one UUID takes in the query: 36 characters and an
// escaped comma.
const uuidQueryBytes = 39

// accountIDsLengthValidator refuses account_ids that would make the request
// URL longer than 8 KB, naming the limit.
type accountIDsLengthValidator struct{}

func (accountIDsLengthValidator) Description(context.Context) string {
	return fmt.Sprintf("the ids must fit in %d bytes of the request URL", maxAccountIDsBytes)
}

func (v accountIDsLengthValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (accountIDsLengthValidator) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	n := 0
	for _, e := range req.ConfigValue.Elements() {
		if s, ok := e.(types.String); ok && !s.IsUnknown() && !s.IsNull() {
			n += len(url.QueryEscape(s.ValueString())) + len(url.QueryEscape(","))
		}
	}
	if n > maxAccountIDsBytes {
		resp.Diagnostics.Append(errTooManyAccountIDs(req.Path, len(req.ConfigValue.Elements()), n))
	}
}

// noNullElements refuses a set with a null element (`[null]`, or a
// variable or attribute that is null inside the set), which could not be
// sent: an error on the attribute at plan, instead of a conversion error at
// read.
type noNullElements struct{}

func (noNullElements) Description(context.Context) string { return "no element may be null" }

func (v noNullElements) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (noNullElements) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	n := 0
	for _, e := range req.ConfigValue.Elements() {
		if e.IsNull() {
			n++
		}
	}
	if n > 0 {
		resp.Diagnostics.Append(errNullElement(req.Path, n, len(req.ConfigValue.Elements())))
	}
}

// withFilterValidation gives a data source with the filter attributes its
// ValidateConfig: embed it.
type withFilterValidation struct{}

// ValidateConfig checks what attribute validators cannot (the order of the
// custom dates).
func (withFilterValidation) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	validateAnalyticsFilter(ctx, req.Config, &resp.Diagnostics)
}

// validateAnalyticsFilter checks what the attribute validators cannot: that
// the custom date range does not end before it starts. Call it from
// ValidateConfig with the request's config.
func validateAnalyticsFilter(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) {
	var start, end types.String
	diags.Append(config.GetAttribute(ctx, path.Root("start_date"), &start)...)
	diags.Append(config.GetAttribute(ctx, path.Root("end_date"), &end)...)
	if diags.HasError() || start.IsNull() || start.IsUnknown() || end.IsNull() || end.IsUnknown() {
		return
	}
	from, err1 := time.Parse(time.DateOnly, start.ValueString())
	to, err2 := time.Parse(time.DateOnly, end.ValueString())
	if err1 != nil || err2 != nil {
		return // reported by the attribute validators
	}
	if from.After(to) {
		diags.Append(errInvalidDateRange(start.ValueString(), end.ValueString()))
	}
}

// apiFilter converts the (known) filter attributes. Set elements are sent
// sorted, so that equal configurations send equal requests.
func (m analyticsFilterModel) apiFilter(ctx context.Context, diags *diag.Diagnostics) genviral.AnalyticsFilter {
	f := genviral.AnalyticsFilter{
		Range: m.Range.ValueString(),
		Start: m.StartDate.ValueString(),
		End:   m.EndDate.ValueString(),
	}
	if !m.Platforms.IsNull() {
		diags.Append(m.Platforms.ElementsAs(ctx, &f.Platforms, false)...)
	}
	if !m.AccountIDs.IsNull() {
		diags.Append(m.AccountIDs.ElementsAs(ctx, &f.AccountIDs, false)...)
	}
	for i, id := range f.AccountIDs {
		f.AccountIDs[i] = canonicalUUID(id)
	}
	slices.Sort(f.Platforms)
	slices.Sort(f.AccountIDs)
	f.AccountIDs = slices.Compact(f.AccountIDs)
	return f
}

// canonicalUUID returns id in the canonical (lower-case) form of a UUID, the
// form of the API's target ids (contract §4.1), when it is a UUID in any
// letter case; other ids as they are.
func canonicalUUID(id string) string {
	if !shared.IsUUID(id) {
		return id
	}
	return strings.ToLower(id)
}

// checkAccountIDs spells the account ids of f as the key's target list
// does, matching them without regard to letter case, and warns about the
// ids the list does not have. The list is the run's shared one
// (CachedTargets): one request per run at most, none when another read of
// the run already made it. When the list cannot be read the ids are sent
// as they are, with a warning.
func checkAccountIDs(ctx context.Context, client *genviral.Client, f genviral.AnalyticsFilter,
	diags *diag.Diagnostics) genviral.AnalyticsFilter {
	if len(f.AccountIDs) == 0 {
		return f
	}
	list, err := client.CachedTargets(ctx)
	if err != nil {
		diags.Append(warnAccountIDsUnchecked(err))
		return f
	}
	byID := make(map[string]string, len(list.Targets))
	for _, t := range list.Targets {
		byID[strings.ToLower(t.ID)] = t.ID
	}
	ids := make([]string, len(f.AccountIDs))
	var unknown []string
	for i, id := range f.AccountIDs {
		known, ok := byID[strings.ToLower(id)]
		if !ok {
			unknown, known = append(unknown, id), id
		}
		ids[i] = known
	}
	if len(unknown) > 0 {
		diags.Append(warnUnknownAccountIDs(unknown, len(f.AccountIDs)))
	}
	slices.Sort(ids)
	f.AccountIDs = slices.Compact(ids)
	return f
}

// readFilteredConfig decodes the configuration of a filtered data source
// into model, which embeds filter, and returns the API filter; ok is false
// after an error was added.
func readFilteredConfig(ctx context.Context, config tfsdk.Config, model any, filter *analyticsFilterModel,
	diags *diag.Diagnostics) (f genviral.AnalyticsFilter, ok bool) {
	diags.Append(config.Get(ctx, model)...)
	if diags.HasError() {
		return f, false
	}
	f = filter.apiFilter(ctx, diags)
	return f, !diags.HasError()
}

// analyticsFilterParts lists the filter as attribute=value pairs in a fixed
// order, leaving out empty filters: for ids and error messages.
func analyticsFilterParts(f genviral.AnalyticsFilter) []string {
	var parts []string
	add := func(name, value string) {
		if value != "" {
			parts = append(parts, name+"="+value)
		}
	}
	add("range", f.Range)
	add("start_date", f.Start)
	add("end_date", f.End)
	add("platforms", strings.Join(f.Platforms, ","))
	add("account_ids", strings.Join(f.AccountIDs, ","))
	return parts
}

// QueryID is a stable identifier of a query given as name=value parts:
// equal queries, equal ids.
func QueryID(parts []string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\n")))
	return hex.EncodeToString(sum[:16])
}

// DescribeFilter renders the filter for messages.
func DescribeFilter(f genviral.AnalyticsFilter) string {
	parts := analyticsFilterParts(f)
	if len(parts) == 0 {
		return "no filters, the API's default range"
	}
	return shared.MessageParts(parts)
}
