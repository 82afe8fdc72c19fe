// Package provider is the genviral Terraform provider: its schema and
// Configure, the registration of every feature package (targets, refresh,
// analytics), and the protocol server main serves (server.go). It never
// builds URLs or decodes API envelopes; internal/genviral does.
package provider

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/provider/analytics"
	"github.com/genviral/terraform-provider-genviral/internal/provider/refresh"
	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
	"github.com/genviral/terraform-provider-genviral/internal/provider/targets"
)

// Environment variables the provider reads when an argument is not set.
const (
	EnvAPIKey  = "GENVIRAL_API_KEY"
	EnvBaseURL = "GENVIRAL_BASE_URL"
)

// RetryWaitMin is the client's shortest backoff. Tests that inject faults
// shorten it; it is not a provider argument.
var RetryWaitMin = genviral.DefaultRetryWaitMin

// MinRequestRate is the lowest request rate, in requests per second, the
// client slows down to under 429s. Tests that inject bursts of 429s raise
// it; it is not a provider argument.
var MinRequestRate = genviral.DefaultMinRequestRate

// Limits of the provider arguments.
const (
	maxRetriesLimit  = 10
	maxParallelLimit = 16
	maxTimeout       = 10 * time.Minute
)

var (
	_ provider.Provider                  = (*genviralProvider)(nil)
	_ provider.ProviderWithFunctions     = (*genviralProvider)(nil)
	_ provider.ProviderWithListResources = (*genviralProvider)(nil)
	_ provider.ProviderWithActions       = (*genviralProvider)(nil)
)

// New returns a factory of the provider for providerserver.Serve and for
// tests. Every call of the factory returns a fresh provider instance with its
// own client and caches.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &genviralProvider{version: version} }
}

type genviralProvider struct {
	version string
}

type providerModel struct {
	APIKey              types.String       `tfsdk:"api_key"`
	BaseURL             types.String       `tfsdk:"base_url"`
	RequestTimeout      types.String       `tfsdk:"request_timeout"`
	MaxRetries          shared.WholeNumber `tfsdk:"max_retries"`
	MaxParallelRequests shared.WholeNumber `tfsdk:"max_parallel_requests"`
}

func (p *genviralProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "genviral"
	resp.Version = p.version
}

func (p *genviralProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The genviral provider manages which social accounts the Genviral Partner API tracks for analytics, and reads their post-level metrics.",
		Attributes: map[string]schema.Attribute{
			"api_key": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "Genviral Partner API key: the full token `<public_id>.<secret>` shown once when the key was created " +
					"(for example `gva_live_k3m9qz.<secret>`). Defaults to the `" + EnvAPIKey + "` environment variable; prefer the " +
					"environment variable so the key stays out of configuration files and saved plans (`terraform plan -out`), or pass " +
					"it through an `ephemeral = true` variable (Terraform 1.10 or later); a plain variable, even `sensitive`, is " +
					"stored in a saved plan. A workspace key manages the workspace's " +
					"targets, a personal key its owner's personal targets.",
				Validators: []validator.String{apiKeyValidator()},
			},
			"base_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Base URL of the Partner API. Defaults to the `" + EnvBaseURL + "` environment variable, then to `" +
					genviral.DefaultBaseURL + "`. Must use `https://`; `http://` is accepted only for loopback hosts " +
					"(`localhost`, `127.0.0.1`, `[::1]`), e.g. a local emulator.",
				Validators: []validator.String{baseURLValidator()},
			},
			"request_timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How long one HTTP request may take before it is abandoned (and retried when safe), as a Go duration " +
					"such as `30s` or `2m`. Defaults to `30s`; at most `10m`.",
				Validators: []validator.String{shared.DurationValidator{Max: maxTimeout}},
			},
			"max_retries": schema.Int64Attribute{
				Optional:   true,
				CustomType: shared.WholeNumberType{},
				MarkdownDescription: fmt.Sprintf("How many times a request that failed with a network error, a timeout or "+
					"HTTP 500/502/503/504 is retried, with exponential backoff and jitter. A request answered HTTP 429 (rate "+
					"limited) is retried for as long as the operation's timeout allows instead, however many times, honouring "+
					"`Retry-After`. 0 turns every retry off, 429s included. "+
					"Billable refresh requests are never retried. Defaults to %d; 0 to %d.", genviral.DefaultMaxRetries, maxRetriesLimit),
				Validators: []validator.Int64{int64validator.Between(0, maxRetriesLimit)},
			},
			"max_parallel_requests": schema.Int64Attribute{
				Optional:   true,
				CustomType: shared.WholeNumberType{},
				MarkdownDescription: fmt.Sprintf("The most API requests this provider configuration sends at once, across all resources "+
					"and data sources (pages of `genviral_analytics_posts` are fetched in parallel up to this bound). "+
					"The provider starts at this bound and adapts below it: when the API answers 429 it halves the requests "+
					"it lets into flight, then grows them back by one request per round of answers (5xx answers and timeouts "+
					"change nothing), so you rarely need to change it. "+
					"Terraform's `-parallelism` (default 10) also bounds how many resources are worked on at once. "+
					"Lower it to cap the load on the API; 1 sends one request at a time. Defaults to %d; 1 to %d.",
					genviral.DefaultMaxParallel, maxParallelLimit),
				Validators: []validator.Int64{int64validator.Between(1, maxParallelLimit)},
			},
		},
	}
}

func (p *genviralProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	data := &shared.ProviderData{}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
	resp.ActionData = data

	if unknown := unknownArguments(m); len(unknown) > 0 {
		// Values such as a key produced by another resource are unknown
		// during plan: defer, and fail only if a call is actually needed.
		data.Deferred = fmt.Sprintf("the provider arguments %v are not known until apply", unknown)
		return
	}

	key := m.APIKey.ValueString()
	keyFrom := "the api_key argument"
	if m.APIKey.IsNull() {
		key, keyFrom = os.Getenv(EnvAPIKey), "the "+EnvAPIKey+" environment variable"
	}
	if key == "" {
		resp.Diagnostics.AddAttributeError(path.Root("api_key"), "Missing Genviral API Key",
			"The provider needs a Genviral Partner API key. Set the "+EnvAPIKey+" environment variable (recommended) "+
				"or the api_key argument of the provider block to the full token \"<public_id>.<secret>\".")
		return
	}
	if problem := checkAPIKey(key); problem != "" {
		resp.Diagnostics.AddAttributeError(path.Root("api_key"), "Malformed Genviral API Key",
			fmt.Sprintf("The API key from %s is malformed: %s. The key is the full token \"<public_id>.<secret>\" "+
				"shown once when it was created (for example gva_live_k3m9qz.<secret>).", keyFrom, problem))
		return
	}
	ctx = maskKey(ctx, key)

	baseURL := m.BaseURL.ValueString()
	if m.BaseURL.IsNull() {
		baseURL = os.Getenv(EnvBaseURL)
		if baseURL != "" {
			if problem := checkBaseURL(baseURL); problem != "" {
				resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid Genviral Base URL",
					fmt.Sprintf("The %s environment variable is not a valid base URL: %s.", EnvBaseURL, problem))
				return
			}
		}
	}
	cfg := genviral.DefaultConfig()
	if baseURL != "" {
		cfg.BaseURL = baseURL
	}
	cfg.APIKey = key
	if !m.RequestTimeout.IsNull() {
		cfg.Timeout, _ = time.ParseDuration(m.RequestTimeout.ValueString()) // validated
	}
	if !m.MaxRetries.IsNull() {
		cfg.MaxRetries = int(m.MaxRetries.ValueInt64())
	}
	if !m.MaxParallelRequests.IsNull() {
		cfg.MaxParallel = int(m.MaxParallelRequests.ValueInt64())
	}
	cfg.RetryWaitMin = RetryWaitMin
	cfg.RetryWaitMax = max(cfg.RetryWaitMax, RetryWaitMin)
	cfg.MinRequestRate = MinRequestRate
	cfg.UserAgent = fmt.Sprintf("terraform-provider-genviral/%s Terraform/%s", p.version, req.TerraformVersion)
	cfg.Logger = apiLogger{Key: key}
	client, err := genviral.New(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Configure the Genviral Client", genviral.Redact(err.Error(), key))
		return
	}
	data.Client = client
	tflog.Debug(ctx, "configured Genviral client", map[string]any{"base_url": cfg.BaseURL, "max_retries": cfg.MaxRetries, "max_parallel_requests": cfg.MaxParallel})
}

func unknownArguments(m providerModel) []string {
	var out []string
	for name, v := range map[string]interface{ IsUnknown() bool }{
		"api_key": m.APIKey, "base_url": m.BaseURL, "request_timeout": m.RequestTimeout,
		"max_retries": m.MaxRetries, "max_parallel_requests": m.MaxParallelRequests,
	} {
		if v.IsUnknown() {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func (p *genviralProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		targets.NewAnalyticsTargetResource,
		refresh.NewAnalyticsRefreshResource,
	}
}

func (p *genviralProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		analytics.NewAnalyticsPostsDataSource,
		analytics.NewAnalyticsPostsReportDataSource,
		targets.NewAnalyticsTargetsDataSource,
		targets.NewAnalyticsTargetDataSource,
		analytics.NewAnalyticsSummaryDataSource,
		analytics.NewAnalyticsWorkspaceSuggestionsDataSource,
	}
}

func (p *genviralProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		targets.NewNormalizeHandleFunction,
	}
}

func (p *genviralProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		targets.NewAnalyticsTargetListResource,
	}
}

func (p *genviralProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		refresh.NewAnalyticsRefreshAction,
	}
}
