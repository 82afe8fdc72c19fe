// Package analytics holds the read-only analytics data sources:
// genviral_analytics_posts (its rows written straight into the response by
// the provider's server, or as one JSON string), genviral_analytics_posts_report,
// genviral_analytics_summary and genviral_analytics_workspace_suggestions,
// with the filters they share.
package analytics

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

// Limits of max_results: the API serves offsets up to MaxPostsOffset with
// pages of up to MaxPostsPageSize rows, so at most 10100 rows are reachable.
const (
	defaultPostsMaxResults = 100
	maxPostsResults        = genviral.MaxPostsOffset + genviral.MaxPostsPageSize
)

var (
	_ datasource.DataSource                   = (*analyticsPostsDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*analyticsPostsDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*analyticsPostsDataSource)(nil)
)

// NewAnalyticsPostsDataSource returns the genviral_analytics_posts data source.
func NewAnalyticsPostsDataSource() datasource.DataSource { return &analyticsPostsDataSource{} }

type analyticsPostsDataSource struct {
	shared.WithDataSourceData
	withFilterValidation
}

type postsModel struct {
	analyticsFilterModel
	ID         types.String       `tfsdk:"id"`
	SortBy     types.String       `tfsdk:"sort_by"`
	SortOrder  types.String       `tfsdk:"sort_order"`
	Offset     shared.WholeNumber `tfsdk:"offset"`
	MaxResults shared.WholeNumber `tfsdk:"max_results"`
	Posts      types.List         `tfsdk:"posts"`
	Format     types.String       `tfsdk:"posts_format"`
	PostsJSON  types.String       `tfsdk:"posts_json"`
	TotalCount types.Int64        `tfsdk:"total_count"`
	HasMore    types.Bool         `tfsdk:"has_more"`
	Totals     *postsTotalsModel  `tfsdk:"totals"`
	Timeouts   timeouts.Value     `tfsdk:"timeouts"`
}

type postsTotalsModel struct {
	Posts    types.Int64 `tfsdk:"posts"`
	Views    types.Int64 `tfsdk:"views"`
	Likes    types.Int64 `tfsdk:"likes"`
	Comments types.Int64 `tfsdk:"comments"`
	Shares   types.Int64 `tfsdk:"shares"`
	Saves    types.Int64 `tfsdk:"saves"`
}

func (d *analyticsPostsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_analytics_posts"
}

func (d *analyticsPostsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	count := func(desc string) schema.Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	total := func(metric string) schema.Attribute {
		return count(fmt.Sprintf("Sum of `%s` over the returned posts (posts without the metric count as 0).", metric))
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Post-level metrics (views, likes, comments, shares, saves, engagement rate) of the posts of the " +
			"tracked accounts in the API key's scope, with optional filters, sorting and a window (`offset`, `max_results`) " +
			"over the matching posts. Pages are fetched in parallel (bounded by the provider's `max_parallel_requests`) and " +
			"assembled in server order. The API serves at most 10100 rows of one query: `offset + max_results` beyond 10100 " +
			"returns fewer rows, with `has_more = true`. What each form can hold: `posts` (a list, the default) suits " +
			"up to a few thousand rows (Terraform handles about 20 values per row); `posts_json` holds the same up " +
			"to 10100 rows in one string, far faster; to aggregate more posts than one query serves (a year of a " +
			"large workspace, up to 1,000,000 posts) use `genviral_analytics_posts_report`, which keeps only the " +
			"report in state. To list more rows, split the query by `start_date`/`end_date` or `account_ids`.",
		Attributes: withAnalyticsFilter(map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "A stable identifier of the query: a hash of the effective filters, sorting and window.",
			},
			"sort_by": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Sort field: " + shared.QuotedList(genviral.PostSortFields) + ". The API's default is `published_at`. " +
					"`saves` is returned but cannot be sorted on.",
				Validators: []validator.String{stringvalidator.OneOf(genviral.PostSortFields...)},
			},
			"sort_order": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Sort order: " + shared.QuotedList(genviral.SortOrders) + ". The API's default is `desc`.",
				Validators:          []validator.String{stringvalidator.OneOf(genviral.SortOrders...)},
			},
			"offset": schema.Int64Attribute{
				Optional:   true,
				CustomType: shared.WholeNumberType{},
				Computed:   true,
				MarkdownDescription: fmt.Sprintf("How many matching posts to skip before the first returned one; 0 to %d, default 0.",
					genviral.MaxPostsOffset),
				Validators: []validator.Int64{int64validator.Between(0, genviral.MaxPostsOffset)},
			},
			"max_results": schema.Int64Attribute{
				Optional:   true,
				CustomType: shared.WholeNumberType{},
				Computed:   true,
				MarkdownDescription: fmt.Sprintf("The most posts to return; 1 to %d, default %d. The API serves rows only up to "+
					"`offset + max_results` = %d, so a larger window returns fewer rows (with `has_more = true`). Each "+
					"%d rows cost one API request.", maxPostsResults, defaultPostsMaxResults, maxPostsResults, genviral.MaxPostsPageSize),
				Validators: []validator.Int64{int64validator.Between(1, maxPostsResults)},
			},
			"posts": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The matching posts, in the order the API returned them (the sort of `sort_by`/`sort_order`), " +
					"de-duplicated by analytics id. Values the API does not report for a post are null.",
				NestedObject: schema.NestedAttributeObject{Attributes: postRowAttributes()},
			},
			"posts_format": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How the rows are returned: `\"list\"` (the default) fills `posts`, a list of objects; " +
					"`\"json\"` fills `posts_json` instead, one JSON string of the same rows, and leaves `posts` null. " +
					"Use `\"json\"` for thousands of rows that are passed on rather than read attribute by attribute " +
					"(a file, an output, another API): Terraform handles one string far faster than 20 values per row, " +
					"and `jsondecode(posts_json)` gives the rows back when needed. To add rows up (sums, per account, " +
					"per day, top posts), `genviral_analytics_posts_report` is faster still: its state holds the " +
					"aggregates, not the rows.",
				Validators: []validator.String{stringvalidator.OneOf(postsFormats...)},
			},
			"posts_json": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "With `posts_format = \"json\"`: the rows as one JSON array, byte for byte what " +
					"`jsonencode(posts)` would give with the default format (attributes in name order, absent values as " +
					"`null`). Null with the default format.",
			},
			"total_count": schema.Int64Attribute{
				Computed: true,
				MarkdownDescription: "How many posts match the filters in total, as the API counts them (not only those returned); " +
					"when the API's pages end before the count it announced, the number of posts it really serves.",
			},
			"has_more": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether matching posts exist beyond the returned ones (raise `max_results` or `offset` to read them).",
			},
			"totals": schema.SingleNestedAttribute{
				Computed: true,
				MarkdownDescription: "Sums over the returned posts (not over all `total_count` matching posts), for reporting: " +
					"a warning says when more posts match than were returned (raise `max_results`, or use " +
					"`genviral_analytics_posts_report`). A sum that does not fit a 64-bit whole number is an error naming " +
					"the metric, never a wrapped-around number; negative counts from the API are summed with a warning.",
				Attributes: map[string]schema.Attribute{
					"posts":    count("Number of returned posts."),
					"views":    total("views"),
					"likes":    total("likes"),
					"comments": total("comments"),
					"shares":   total("shares"),
					"saves":    total("saves"),
				},
			},
		}),
		Blocks: map[string]schema.Block{"timeouts": shared.ReadTimeoutsBlock(ctx)},
	}
}

func (d *analyticsPostsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m postsModel
	f, ok := readFilteredConfig(ctx, req.Config, &m, &m.analyticsFilterModel, &resp.Diagnostics)
	if !ok {
		return
	}
	q := genviral.PostsQuery{
		AnalyticsFilter: f,
		SortBy:          m.SortBy.ValueString(),
		SortOrder:       m.SortOrder.ValueString(),
		Offset:          int(m.Offset.ValueInt64()),
	}
	maxResults := defaultPostsMaxResults
	if !m.MaxResults.IsNull() {
		maxResults = int(m.MaxResults.ValueInt64())
	}

	asJSON := m.Format.ValueString() == postsFormatJSON
	res, rowsJSON := fetchPosts(ctx, d.Data, m.Timeouts, q, maxResults, asJSON, PostsQueryParts(q, maxResults),
		"Unable to Read Analytics Posts", "Reading post metrics", &resp.Diagnostics)
	if res == nil {
		return
	}

	m.ID = types.StringValue(QueryID(PostsQueryParts(q, maxResults)))
	m.Offset = shared.WholeNumberOf(int64(q.Offset))
	m.MaxResults = shared.WholeNumberOf(int64(maxResults))
	m.TotalCount = types.Int64Value(int64(res.TotalCount))
	m.HasMore = types.BoolValue(res.HasMore)
	// The rows are not built through the framework's struct reflection
	// or, under this provider's server, as framework values at all: see
	// posts_rows.go.
	var postsType types.ListType
	if t, ok := resp.State.Schema.GetAttributes()[postsAttribute].GetType().(types.ListType); ok {
		postsType = t
	}
	rowType, _ := postsType.ElemType.(types.ObjectType)
	// totals adds the rows up as genviral_analytics_posts_report does,
	// with checked sums.
	var sum postStats
	for i := range res.Posts {
		sum.add(&res.Posts[i])
	}
	if res.HasMore {
		resp.Diagnostics.Append(warnPartialTotals(len(res.Posts), res.TotalCount, q.Offset, maxResults))
	}
	sum.warnNegatives(path.Root("totals"), &resp.Diagnostics)
	if sum.checkSums(path.Root("totals"), map[string]bool{}, &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}
	m.PostsJSON = types.StringNull()
	rows := PostsRowsFrom(ctx)
	if asJSON {
		m.Posts = types.ListNull(rowType)
		if !setPostsJSON(&m, rows, rowsJSON, &resp.Diagnostics) {
			return
		}
	} else if rows != nil {
		// The server writes the rows into the state's null posts.
		rows.Posts, rows.Set = res.Posts, true
		m.Posts = types.ListNull(rowType)
	} else {
		values := make([]attr.Value, len(res.Posts))
		for i := range res.Posts {
			row, diags := types.ObjectValue(rowType.AttrTypes, postAttributes(&res.Posts[i]))
			resp.Diagnostics.Append(diags...)
			values[i] = row
		}
		posts, diags := types.ListValue(rowType, values)
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		m.Posts = posts
	}
	total := func(s *checkedSum) types.Int64 { v, _ := s.Value(); return types.Int64Value(v) }
	m.Totals = &postsTotalsModel{
		Posts:    types.Int64Value(sum.posts),
		Views:    total(&sum.views),
		Likes:    total(&sum.likes),
		Comments: total(&sum.comments),
		Shares:   total(&sum.shares),
		Saves:    total(&sum.saves),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// setPostsJSON hands the rows' JSON to the server that writes it into the
// state's null posts_json (rows, see NewServer), or without one sets
// posts_json to the JSON array. It reports a row that could not be encoded
// and returns false.
func setPostsJSON(m *postsModel, rows *PostsRows, j *postsJSON, diags *diag.Diagnostics) bool {
	array, err := j.array()
	if err != nil {
		diags.AddError("Unable to Encode Analytics Posts", "Encoding the posts as JSON failed: "+err.Error()+
			". This is a bug in the provider; please report it.")
		return false
	}
	if rows != nil {
		rows.setJSON(j)
	} else {
		m.PostsJSON = types.StringValue(string(array))
	}
	return true
}

// fetchPosts reads up to maxResults posts of q for a data source (see
// readPosts). With asJSON it also returns the rows' JSON array, built as
// the pages arrived, and the rows hold only what the totals read
// (encodePageJSON).
func fetchPosts(ctx context.Context, data *shared.ProviderData, t timeouts.Value, q genviral.PostsQuery, maxResults int, asJSON bool,
	parts []string, summary, attempted string, diags *diag.Diagnostics) (*genviral.PostsResult, *postsJSON) {
	type read struct {
		res  *genviral.PostsResult
		rows *postsJSON
	}
	r, _ := readPosts(ctx, data, t, q, parts, summary, attempted, diags,
		func(ctx context.Context, c *genviral.Client, q genviral.PostsQuery) (read, error) {
			var r read
			var err error
			if asJSON {
				r.rows = newPostsJSON()
				r.res, err = genviral.FetchPostsInto(ctx, c, q, maxResults, r.rows.sink())
			} else {
				r.res, err = c.FetchPosts(ctx, q, maxResults)
			}
			if err == nil {
				tflog.Debug(ctx, "read analytics posts", map[string]any{
					"rows": len(r.res.Posts), "total_count": r.res.TotalCount, "has_more": r.res.HasMore, "requests": r.res.Requests,
				})
			}
			return r, err
		})
	return r.res, r.rows
}

// readPosts runs read with the client of a posts read, bounded by the
// data source's read timeout t, after checking the filters' account ids.
// On failure it adds an error naming what was attempted with parts (the
// data source's arguments) and returns false.
func readPosts[T any](ctx context.Context, data *shared.ProviderData, t timeouts.Value, q genviral.PostsQuery, parts []string,
	summary, attempted string, diags *diag.Diagnostics,
	read func(context.Context, *genviral.Client, genviral.PostsQuery) (T, error)) (T, bool) {
	var zero T
	client, ctx, cancel := data.ReadClient(ctx, t, diags)
	defer cancel()
	if client == nil {
		return zero, false
	}
	q.AnalyticsFilter = checkAccountIDs(ctx, client, q.AnalyticsFilter, diags)
	res, err := read(ctx, client, q)
	if err != nil {
		shared.AddAPIError(diags, summary, fmt.Sprintf("%s (%s) failed.", attempted, shared.MessageParts(parts)), err)
		return zero, false
	}
	return res, true
}

// postRowAttributes returns the schema of one post row: a row of
// genviral_analytics_posts.posts, and of the post lists of
// genviral_analytics_posts_report. postAttributes fills it.
func postRowAttributes() map[string]schema.Attribute {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	count := func(desc string) schema.Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	return map[string]schema.Attribute{
		"id":               str("The analytics row id (legacy alias of `analytics_id`, same value)."),
		"analytics_id":     str("Genviral's id of the post's analytics row: no two rows share it (repeated rows are dropped by it), so it can key a map, e.g. `{ for p in posts : p.analytics_id => p }`."),
		"platform_post_id": str("The platform's own id of the post or video, when available."),
		"genviral_post_id": str("The id of the Genviral post that produced it, when it can be correlated."),
		"external_id":      str("The Partner API `external_id` of that Genviral post, when available."),
		"published_at":     str("When the post was published (ISO 8601)."),
		"caption":          str("The post's caption."),
		"permalink":        str("Public URL of the post."),
		"thumbnail_url":    str("URL of the post's thumbnail, when available."),
		"duration_seconds": schema.Float64Attribute{
			Computed:            true,
			MarkdownDescription: "Length of the video in seconds; null for images and carousels.",
		},
		"views":    count("View count."),
		"likes":    count("Like count."),
		"comments": count("Comment count."),
		"shares":   count("Share count."),
		"saves":    count("Save count."),
		"engagement_rate": schema.Float64Attribute{
			Computed:            true,
			MarkdownDescription: "Engagement rate as a percentage, as the API reports it (e.g. `4.92` means 4.92 %, not a 0–1 fraction).",
		},
		"platform":             str("The post's platform: " + shared.QuotedList(genviral.Platforms) + "."),
		"account_identifier":   str("Handle of the tracked account that published the post."),
		"account_display_name": str("Display name of that account."),
		"account_avatar_url":   str("Avatar URL of that account, when available."),
	}
}

// PostsQueryParts lists the effective query as name=value pairs in a fixed
// order, leaving out what is not set: for the id and error messages.
func PostsQueryParts(q genviral.PostsQuery, maxResults int) []string {
	parts := analyticsFilterParts(q.AnalyticsFilter)
	if q.SortBy != "" {
		parts = append(parts, "sort_by="+q.SortBy)
	}
	if q.SortOrder != "" {
		parts = append(parts, "sort_order="+q.SortOrder)
	}
	return append(parts, fmt.Sprintf("offset=%d", q.Offset), fmt.Sprintf("max_results=%d", maxResults))
}
