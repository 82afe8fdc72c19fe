package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
)

// BenchmarkPostsDataSourceRead10100 measures the provider's side of reading
// 10,100 posts: the paged fetch from the in-process emulator (no latency),
// the conversion into the data source's state, and its encoding for
// Terraform, through the plugin protocol as Terraform calls it.
func BenchmarkPostsDataSourceRead10100(b *testing.B) {
	srv, url := emulator.Start(b, emulator.Options{PostsPerTarget: 2600})
	for _, h := range []string{"@a", "@b", "@c", "@d"} {
		srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", h, "")
	}
	ps, err := providerserver.NewProtocol6WithError(New("bench")())()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	schemas, err := ps.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	cfg := dynamicValue(b, schemas.Provider, map[string]tftypes.Value{
		"api_key":               tftypes.NewValue(tftypes.String, emulator.WorkspaceKey),
		"base_url":              tftypes.NewValue(tftypes.String, url),
		"max_parallel_requests": tftypes.NewValue(tftypes.Number, 8),
	})
	if _, err := ps.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: cfg}); err != nil {
		b.Fatal(err)
	}
	req := &tfprotov6.ReadDataSourceRequest{
		TypeName: "genviral_analytics_posts",
		Config: dynamicValue(b, schemas.DataSourceSchemas["genviral_analytics_posts"], map[string]tftypes.Value{
			"range":       tftypes.NewValue(tftypes.String, "all"),
			"max_results": tftypes.NewValue(tftypes.Number, 10100),
		}),
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		resp, err := ps.ReadDataSource(ctx, req)
		if err != nil || hasErrorDiag(resp.Diagnostics) {
			b.Fatalf("read: %v %v", err, resp.Diagnostics)
		}
	}
}
