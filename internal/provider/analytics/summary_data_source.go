package analytics

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

var (
	_ datasource.DataSource                   = (*analyticsSummaryDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*analyticsSummaryDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*analyticsSummaryDataSource)(nil)
)

// NewAnalyticsSummaryDataSource returns the genviral_analytics_summary data source.
func NewAnalyticsSummaryDataSource() datasource.DataSource { return &analyticsSummaryDataSource{} }

type analyticsSummaryDataSource struct {
	shared.WithDataSourceData
	withFilterValidation
}

type summaryModel struct {
	analyticsFilterModel

	ID                types.String   `tfsdk:"id"`
	PostingStreak     types.Float64  `tfsdk:"posting_streak"`
	KPIs              types.String   `tfsdk:"kpis"`
	InteractionSeries types.String   `tfsdk:"interaction_series"`
	EngagementSeries  types.String   `tfsdk:"engagement_series"`
	PostingHeatmap    types.String   `tfsdk:"posting_heatmap"`
	ContentMix        types.String   `tfsdk:"content_mix"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

// undocumentedShape is appended to the description of every JSON output.
const undocumentedShape = " A JSON string (compact, object keys sorted) to read with `jsondecode()`; null when the API " +
	"omits it. The API does not document its inner shape, which may change without notice: read it defensively " +
	"(for example with `try()`)."

func (d *analyticsSummaryDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_analytics_summary"
}

func (d *analyticsSummaryDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	jsonOut := func(desc string) schema.Attribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc + undocumentedShape}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The analytics KPI summary of the tracked accounts in the API key's scope (`GET /analytics/summary`): " +
			"KPIs with period-over-period deltas, daily series, a posting heatmap, the posting streak and the content mix, " +
			"with the same filters as `genviral_analytics_posts`. The API documents only the names of these parts, not " +
			"their contents, so apart from `posting_streak` they are exposed as JSON strings to decode with `jsondecode()`; " +
			"their inner shapes may change.",
		Attributes: withAnalyticsFilter(map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "A stable identifier of the query: a hash of the effective filters.",
			},
			"posting_streak": schema.Float64Attribute{
				Computed: true,
				MarkdownDescription: "Consecutive posting days, as the API reports them; null when the API omits the value or " +
					"reports it in a form that is not a number.",
			},
			"kpis": jsonOut("The KPI set with period-over-period deltas (the API names `publishedVideos`, `activeAccounts`, " +
				"`views`, `likes`, `comments`, `shares`, `saves`, `engagementRate`; whether each is a number or an object " +
				"with the value and its delta is not documented)."),
			"interaction_series": jsonOut("Daily interaction counts."),
			"engagement_series":  jsonOut("Daily engagement rate."),
			"posting_heatmap":    jsonOut("Daily post counts."),
			"content_mix":        jsonOut("Post counts by platform."),
		}),
		Blocks: map[string]schema.Block{"timeouts": shared.ReadTimeoutsBlock(ctx)},
	}
}

func (d *analyticsSummaryDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m summaryModel
	f, ok := readFilteredConfig(ctx, req.Config, &m, &m.analyticsFilterModel, &resp.Diagnostics)
	if !ok {
		return
	}
	client, ctx, cancel := d.Data.ReadClient(ctx, m.Timeouts, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	f = checkAccountIDs(ctx, client, f, &resp.Diagnostics)
	s, err := client.GetSummary(ctx, f)
	if err != nil {
		shared.AddAPIError(&resp.Diagnostics, "Unable to Read Analytics Summary",
			fmt.Sprintf("Reading the analytics summary (%s) failed.", DescribeFilter(f)), err)
		return
	}

	m.ID = types.StringValue(QueryID(analyticsFilterParts(f)))
	m.PostingStreak = types.Float64PointerValue(s.PostingStreak)
	for _, out := range []struct {
		name string
		raw  json.RawMessage
		dst  *types.String
	}{
		{"kpis", s.KPIs, &m.KPIs},
		{"interaction_series", s.InteractionSeries, &m.InteractionSeries},
		{"engagement_series", s.EngagementSeries, &m.EngagementSeries},
		{"posting_heatmap", s.PostingHeatmap, &m.PostingHeatmap},
		{"content_mix", s.ContentMix, &m.ContentMix},
	} {
		v, err := normalizedJSON(out.raw)
		if err != nil {
			resp.Diagnostics.Append(errSummaryNotNormalized(out.name, DescribeFilter(f), err))
			return
		}
		*out.dst = v
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// normalizedJSON re-encodes raw JSON compactly, with object keys sorted and
// numbers kept exactly as sent, so that equal content gives equal strings
// whatever the server's key order or white space. Absent or null gives a
// null string.
func normalizedJSON(raw json.RawMessage) (types.String, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return types.StringNull(), nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return types.StringNull(), err
	}
	if v == nil {
		return types.StringNull(), nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return types.StringNull(), err
	}
	return types.StringValue(string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))), nil
}
