package analytics

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

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

var (
	_ datasource.DataSource                   = (*analyticsPostsReportDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*analyticsPostsReportDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*analyticsPostsReportDataSource)(nil)
)

// NewAnalyticsPostsReportDataSource returns the
// genviral_analytics_posts_report data source.
func NewAnalyticsPostsReportDataSource() datasource.DataSource {
	return &analyticsPostsReportDataSource{}
}

// analyticsPostsReportDataSource aggregates the matching posts in the
// provider, so that a report keeps kilobytes in state instead of every row.
type analyticsPostsReportDataSource struct {
	shared.WithDataSourceData
	withFilterValidation
}

type postsReportModel struct {
	analyticsFilterModel
	ID               types.String       `tfsdk:"id"`
	MaxPosts         shared.WholeNumber `tfsdk:"max_posts"`
	TopN             shared.WholeNumber `tfsdk:"top_n"`
	TopBy            types.String       `tfsdk:"top_by"`
	TotalCount       types.Int64        `tfsdk:"total_count"`
	PostsRead        types.Int64        `tfsdk:"posts_read"`
	Truncated        types.Bool         `tfsdk:"truncated"`
	Summary          types.Object       `tfsdk:"summary"`
	PerPlatform      types.Map          `tfsdk:"per_platform"`
	PerAccount       types.Map          `tfsdk:"per_account"`
	PerDay           types.Map          `tfsdk:"per_day"`
	PerWeek          types.Map          `tfsdk:"per_week"`
	TopPosts         types.List         `tfsdk:"top_posts"`
	MostEngagingPost types.Object       `tfsdk:"most_engaging_post"`
	Timeouts         timeouts.Value     `tfsdk:"timeouts"`
}

// reportMetrics are the values top_by accepts: the post counters and the
// engagement rate.
var reportMetrics = []string{"views", "likes", "comments", "shares", "saves", "engagement_rate"}

const defaultReportTopN = 10

// maxReportPosts is the ceiling of max_posts. The report reads past what
// one query serves by splitting the query into windows
// (genviral.Client.ScanPosts) and keeps no row past its top posts, so the
// ceiling bounds the time and requests of a read (one per 100 posts), not
// its memory.
const maxReportPosts = 1_000_000

func (d *analyticsPostsReportDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_analytics_posts_report"
}

// statsAttributes returns the schema of one aggregate; extra adds
// attributes (the account's names for per_account).
func statsAttributes(extra map[string]schema.Attribute) map[string]schema.Attribute {
	count := func(desc string) schema.Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	rate := func(desc string) schema.Attribute {
		return schema.Float64Attribute{Computed: true, MarkdownDescription: desc}
	}
	attrs := map[string]schema.Attribute{
		"posts":        count("Number of posts in the group."),
		"views":        count("Sum of views (a post without the metric counts as 0)."),
		"likes":        count("Sum of likes."),
		"comments":     count("Sum of comments."),
		"shares":       count("Sum of shares."),
		"saves":        count("Sum of saves."),
		"interactions": count("likes + comments + shares + saves."),
		"weighted_engagement_rate": rate("Interactions per view over the whole group, in percent, rounded to 2 " +
			"decimals; null without views."),
		"avg_engagement_rate": rate("Mean of the posts' own engagement rates (percent, rounded to 2 decimals); null " +
			"when no post reports one."),
		"median_engagement_rate": rate("Median of the posts' own engagement rates (percent, rounded to 2 decimals); " +
			"null when no post reports one."),
	}
	maps.Copy(attrs, extra)
	return attrs
}

func (d *analyticsPostsReportDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	group := func(desc string, extra map[string]schema.Attribute) schema.Attribute {
		return schema.MapNestedAttribute{
			Computed:            true,
			MarkdownDescription: desc,
			NestedObject:        schema.NestedAttributeObject{Attributes: statsAttributes(extra)},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A report over the posts of the tracked accounts that match the filters: totals and engagement " +
			"rates overall, per platform, per account and per day and week of publication, and the top posts by a " +
			"metric. The provider reads the matching posts (newest first, up to `max_posts`) and computes the report " +
			"itself, so the state holds the report, a few kilobytes, instead of every post as " +
			"`genviral_analytics_posts` does. It can cover up to 1,000,000 posts: the API serves at most 10,100 rows " +
			"per query, so beyond that the provider splits the query into windows of days (and a day holding more " +
			"into groups of accounts) and aggregates each post exactly once as the pages arrive, keeping no row " +
			"but the top posts. Sums are checked: one that does not fit a 64-bit whole number, or " +
			"engagement rates that add up beyond the largest number, is an error naming the metric, the group and " +
			"how many posts (the API's bad data), never a wrapped-around number; negative counts are summed with a " +
			"warning.",
		Attributes: withAnalyticsFilter(map[string]schema.Attribute{
			"id": str("A stable identifier of the report: a hash of the effective filters and options."),
			"max_posts": schema.Int64Attribute{
				Optional:   true,
				CustomType: shared.WholeNumberType{},
				Computed:   true,
				MarkdownDescription: fmt.Sprintf("The most posts to aggregate, newest first; 1 to %d, default %d (the most the "+
					"API serves for one query). Each %d posts cost one API request; beyond %d, the query is split into "+
					"windows, each costing one more request or so.", maxReportPosts, maxPostsResults,
					genviral.MaxPostsPageSize, maxPostsResults),
				Validators: []validator.Int64{int64validator.Between(1, maxReportPosts)},
			},
			"top_n": schema.Int64Attribute{
				Optional:            true,
				CustomType:          shared.WholeNumberType{},
				Computed:            true,
				MarkdownDescription: fmt.Sprintf("How many posts `top_posts` lists; 0 to 100, default %d.", defaultReportTopN),
				Validators:          []validator.Int64{int64validator.Between(0, 100)},
			},
			"top_by": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The metric `top_posts` ranks by, highest first: " + shared.QuotedList(reportMetrics) +
					". Default `views`. Posts without the metric rank last; ties keep the newest first.",
				Validators: []validator.String{stringvalidator.OneOf(reportMetrics...)},
			},
			"total_count": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "How many posts match the filters, as the API counts them (may exceed `posts_read`).",
			},
			"posts_read": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "How many posts the report covers.",
			},
			"truncated": schema.BoolAttribute{
				Computed: true,
				MarkdownDescription: "True when more posts match than the report covers: `max_posts` stopped it (or, " +
					"rarely, a single account published more than 10,100 posts on a single day, more than the API " +
					"serves for one query). The report then covers the newest `posts_read` posts.",
			},
			"summary": schema.SingleNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The aggregate of all posts read.",
				Attributes:          statsAttributes(nil),
			},
			"per_platform": group("The aggregate per platform, keyed by platform (`tiktok`, ...); platforms without "+
				"posts are absent, posts without a platform count under `unknown`.", nil),
			"per_account": group("The aggregate per tracked account, keyed by `\"<platform>/<account_identifier>\"` "+
				"(e.g. `\"tiktok/@acme\"`; `unknown` stands in for what the API does not report).", map[string]schema.Attribute{
				"platform":             str("The account's platform."),
				"account_identifier":   str("The account's handle, as the API reports it on its posts."),
				"account_display_name": str("The account's display name, as the API reports it on its first post."),
			}),
			"per_day": group("The aggregate per UTC day of publication, keyed by `YYYY-MM-DD`. Posts without a "+
				"readable publication time are left out.", nil),
			"per_week": group("The aggregate per ISO 8601 week of publication (weeks start on Monday, UTC), keyed by "+
				"`YYYY-Www` (e.g. `2026-W11`). Posts without a readable publication time are left out.", nil),
			"top_posts": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The `top_n` posts read with the highest `top_by`, highest first; each as a row of " +
					"`genviral_analytics_posts.posts`.",
				NestedObject: schema.NestedAttributeObject{Attributes: postRowAttributes()},
			},
			"most_engaging_post": schema.SingleNestedAttribute{
				Computed: true,
				MarkdownDescription: "The post read with the highest engagement rate (the newest on a tie), as a row of " +
					"`genviral_analytics_posts.posts`; null when no post reports a rate.",
				Attributes: postRowAttributes(),
			},
		}),
		Blocks: map[string]schema.Block{"timeouts": shared.ReadTimeoutsBlock(ctx)},
	}
}

func (d *analyticsPostsReportDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m postsReportModel
	f, ok := readFilteredConfig(ctx, req.Config, &m, &m.analyticsFilterModel, &resp.Diagnostics)
	if !ok {
		return
	}
	q := genviral.PostsQuery{AnalyticsFilter: f, SortBy: "published_at", SortOrder: "desc"}
	maxPosts := int(cmp.Or(m.MaxPosts.ValueInt64(), maxPostsResults))
	topN := defaultReportTopN
	if !m.TopN.IsNull() {
		topN = int(m.TopN.ValueInt64())
	}
	topBy := cmp.Or(m.TopBy.ValueString(), "views")

	options := []string{fmt.Sprintf("top_n=%d", topN), "top_by=" + topBy}
	parts := append(PostsQueryParts(q, maxPosts), options...)
	// Errors name the report's own arguments, not the posts query behind
	// them (its sort, offset and max_results are not the report's).
	described := append(append(analyticsFilterParts(q.AnalyticsFilter), fmt.Sprintf("max_posts=%d", maxPosts)), options...)
	r := newReport(topBy, topN)
	res, ok := readPosts(ctx, d.Data, m.Timeouts, q, described,
		"Unable to Read Analytics Posts Report", "Reading the posts of the report", &resp.Diagnostics,
		func(ctx context.Context, c *genviral.Client, q genviral.PostsQuery) (*genviral.ScanResult, error) {
			res, err := c.ScanPosts(ctx, q, maxPosts, r.add)
			if err == nil {
				tflog.Debug(ctx, "scanned analytics posts", map[string]any{
					"posts": res.Read, "total_count": res.TotalCount, "has_more": res.HasMore, "requests": res.Requests,
				})
			}
			return res, err
		})
	if !ok {
		return
	}

	m.ID = types.StringValue(QueryID(parts))
	m.MaxPosts = shared.WholeNumberOf(int64(maxPosts))
	m.TopN = shared.WholeNumberOf(int64(topN))
	m.TopBy = types.StringValue(topBy)
	m.TotalCount = types.Int64Value(int64(res.TotalCount))
	m.PostsRead = types.Int64Value(int64(res.Read))
	m.Truncated = types.BoolValue(res.HasMore)

	b := reportBuilder{
		typeOf:   func(name string) attr.Type { return resp.State.Schema.GetAttributes()[name].GetType() },
		diags:    &resp.Diagnostics,
		reported: map[string]bool{},
	}
	r.overall.warnNegatives(path.Root("summary"), &resp.Diagnostics)
	m.Summary = b.stats(b.objectType("summary"), r.overall, path.Root("summary"), nil)
	m.PerPlatform = b.groups("per_platform", r.platform, nil)
	m.PerAccount = b.groups("per_account", r.account, func(s *postStats) map[string]attr.Value {
		return map[string]attr.Value{
			"platform":             types.StringValue(s.platform),
			"account_identifier":   types.StringValue(s.account),
			"account_display_name": types.StringPointerValue(s.displayName),
		}
	})
	m.PerDay = b.groups("per_day", r.day, nil)
	m.PerWeek = b.groups("per_week", r.week, nil)
	m.TopPosts = b.posts(r.top.Sorted())
	m.MostEngagingPost = b.post(r.mostEngaging())
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// reportOnce adds d unless an error about attribute name was already
// reported (reported holds those that were).
func reportOnce(reported map[string]bool, name string, d diag.Diagnostic, diags *diag.Diagnostics) {
	if !reported[name] {
		reported[name] = true
		diags.Append(d)
	}
}

// report is the aggregate of a set of posts, built as they are read.
type report struct {
	overall                      *postStats
	platform, account, day, week map[string]*postStats
	// top keeps the top posts; engaging the most engaging one.
	top, engaging *topKeeper
}

// newReport returns an empty report whose top posts are the topN with the
// highest topBy.
func newReport(topBy string, topN int) *report {
	return &report{overall: &postStats{}, platform: map[string]*postStats{}, account: map[string]*postStats{},
		day: map[string]*postStats{}, week: map[string]*postStats{},
		top: newTopKeeper(topBy, topN), engaging: newTopKeeper("engagement_rate", 1)}
}

// add aggregates p, the next post read (posts are added newest first).
func (r *report) add(p *genviral.Post) {
	in := func(m map[string]*postStats, key string) *postStats {
		s, ok := m[key]
		if !ok {
			s = &postStats{}
			m[key] = s
		}
		return s
	}
	r.overall.add(p)
	platform := cmp.Or(derefString(p.Platform), "unknown")
	in(r.platform, platform).add(p)
	account := cmp.Or(derefString(p.AccountIdentifier), "unknown")
	a := in(r.account, platform+"/"+account)
	if a.posts == 0 {
		a.platform, a.account, a.displayName = platform, account, p.AccountDisplayName
	}
	a.add(p)
	if t, ok := publishedAt(p); ok {
		in(r.day, t.Format(time.DateOnly)).add(p)
		y, w := t.ISOWeek()
		in(r.week, fmt.Sprintf("%04d-W%02d", y, w)).add(p)
	}
	r.top.Add(p)
	r.engaging.Add(p)
}

// mostEngaging returns the first post read with the highest engagement
// rate, or nil.
func (r *report) mostEngaging() *genviral.Post {
	if top := r.engaging.Sorted(); len(top) == 1 && top[0].EngagementRate != nil {
		return top[0]
	}
	return nil
}

// publishedAt returns the post's publication time in UTC.
func publishedAt(p *genviral.Post) (time.Time, bool) {
	if p.PublishedAt == nil {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, *p.PublishedAt)
	return t.UTC(), err == nil
}

func derefString(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// metricOf returns the value of metric for p: a count, or the engagement
// rate, and false when the post does not report it. Counts compare as
// whole numbers: as floats, counts beyond 2^53 would tie or misorder.
func metricOf(p *genviral.Post, metric string) (count int64, rate float64, ok bool) {
	if metric == "engagement_rate" {
		if p.EngagementRate == nil {
			return 0, 0, false
		}
		return 0, *p.EngagementRate, true
	}
	if p.Metrics == nil {
		return 0, 0, false
	}
	var v *int64
	switch metric {
	case "views":
		v = p.Metrics.Views
	case "likes":
		v = p.Metrics.Likes
	case "comments":
		v = p.Metrics.Comments
	case "shares":
		v = p.Metrics.Shares
	case "saves":
		v = p.Metrics.Saves
	}
	if v == nil {
		return 0, 0, false
	}
	return *v, 0, true
}

// rankCmp orders posts by metric, highest first: posts without it rank
// last, ties keep the order they were read in (seq, newest first).
func rankCmp(metric string, a, b *rankedPost) int {
	ca, ra, oka := metricOf(&a.post, metric)
	cb, rb, okb := metricOf(&b.post, metric)
	switch {
	case oka != okb:
		if oka {
			return -1
		}
		return 1
	case ca != cb:
		return cmp.Compare(cb, ca)
	case ra != rb:
		return cmp.Compare(rb, ra)
	}
	return cmp.Compare(a.seq, b.seq)
}

// rankedPost is a post kept by a topKeeper, with its place in the read.
type rankedPost struct {
	post genviral.Post
	seq  int
}

// topKeeper keeps the n posts with the highest metric among those added,
// in a heap whose root is the lowest ranked of them: its memory is n
// posts, whatever the number added.
type topKeeper struct {
	metric string
	n, seq int
	heap   []rankedPost
}

func newTopKeeper(metric string, n int) *topKeeper {
	return &topKeeper{metric: metric, n: n}
}

// Add offers p (copied: the keeper holds no page of the read).
func (k *topKeeper) Add(p *genviral.Post) {
	r := rankedPost{*p, k.seq}
	k.seq++
	switch {
	case len(k.heap) < k.n:
		k.heap = append(k.heap, r)
		k.up(len(k.heap) - 1)
	case k.n > 0 && rankCmp(k.metric, &r, &k.heap[0]) < 0:
		k.heap[0] = r
		k.down(0)
	}
}

// lower reports whether the post at i ranks below the one at j (nearer the
// root).
func (k *topKeeper) lower(i, j int) bool { return rankCmp(k.metric, &k.heap[i], &k.heap[j]) > 0 }

func (k *topKeeper) up(i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if !k.lower(i, parent) {
			return
		}
		k.heap[i], k.heap[parent] = k.heap[parent], k.heap[i]
		i = parent
	}
}

func (k *topKeeper) down(i int) {
	for {
		low := i
		for _, c := range []int{2*i + 1, 2*i + 2} {
			if c < len(k.heap) && k.lower(c, low) {
				low = c
			}
		}
		if low == i {
			return
		}
		k.heap[i], k.heap[low] = k.heap[low], k.heap[i]
		i = low
	}
}

// Sorted returns the posts kept, highest first.
func (k *topKeeper) Sorted() []*genviral.Post {
	ranked := slices.Clone(k.heap)
	slices.SortFunc(ranked, func(a, b rankedPost) int { return rankCmp(k.metric, &a, &b) })
	out := make([]*genviral.Post, len(ranked))
	for i := range ranked {
		out[i] = &ranked[i].post
	}
	return out
}

// reportBuilder turns the aggregates into framework values of the report
// schema.
type reportBuilder struct {
	// typeOf returns the type of a top-level attribute.
	typeOf func(name string) attr.Type
	diags  *diag.Diagnostics
	// reported holds the attributes whose out-of-range error was added (for
	// the first group that has it).
	reported map[string]bool
}

// objectType returns the object type of attribute name, or of its
// elements.
func (b reportBuilder) objectType(name string) types.ObjectType {
	var ot types.ObjectType
	switch t := b.typeOf(name).(type) {
	case types.MapType:
		ot, _ = t.ElemType.(types.ObjectType)
	case types.ListType:
		ot, _ = t.ElemType.(types.ObjectType)
	case types.ObjectType:
		ot = t
	}
	return ot
}

// stats returns the value of one aggregate of type ot, with extra
// attributes.
func (b reportBuilder) stats(ot types.ObjectType, s *postStats, p path.Path, extra map[string]attr.Value) types.Object {
	s.checkSums(p, b.reported, b.diags)
	s.checkRates(p, b.reported, b.diags)
	weighted, avg, median := s.engagement()
	interactions, _ := s.interactions()
	vals := map[string]attr.Value{
		"posts":                    types.Int64Value(s.posts),
		"interactions":             types.Int64Value(interactions),
		"weighted_engagement_rate": types.Float64PointerValue(weighted),
		"avg_engagement_rate":      types.Float64PointerValue(avg),
		"median_engagement_rate":   types.Float64PointerValue(median),
	}
	for _, m := range s.sums() {
		v, _ := m.sum.Value()
		vals[m.name] = types.Int64Value(v)
	}
	maps.Copy(vals, extra)
	obj, d := types.ObjectValue(ot.AttrTypes, vals)
	b.diags.Append(d...)
	return obj
}

// groups returns the map attribute name from groups.
func (b reportBuilder) groups(name string, groups map[string]*postStats, extra func(*postStats) map[string]attr.Value) types.Map {
	ot := b.objectType(name)
	elems := make(map[string]attr.Value, len(groups))
	// In key order, so that an error names the same group every time.
	for _, k := range slices.Sorted(maps.Keys(groups)) {
		s := groups[k]
		var x map[string]attr.Value
		if extra != nil {
			x = extra(s)
		}
		elems[k] = b.stats(ot, s, path.Root(name).AtMapKey(k), x)
	}
	m, d := types.MapValue(ot, elems)
	b.diags.Append(d...)
	return m
}

// posts returns the top_posts list.
func (b reportBuilder) posts(posts []*genviral.Post) types.List {
	rowType := b.objectType("top_posts")
	rows := make([]attr.Value, len(posts))
	for i, p := range posts {
		row, d := types.ObjectValue(rowType.AttrTypes, postAttributes(p))
		b.diags.Append(d...)
		rows[i] = row
	}
	l, d := types.ListValue(rowType, rows)
	b.diags.Append(d...)
	return l
}

// post returns the most_engaging_post object, null for nil.
func (b reportBuilder) post(p *genviral.Post) types.Object {
	rowType := b.objectType("most_engaging_post")
	if p == nil {
		return types.ObjectNull(rowType.AttrTypes)
	}
	obj, d := types.ObjectValue(rowType.AttrTypes, postAttributes(p))
	b.diags.Append(d...)
	return obj
}
