package provider_test

import (
	"context"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
	"github.com/genviral/terraform-provider-genviral/internal/emulator/emulatortest"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
	"github.com/genviral/terraform-provider-genviral/internal/provider"
)

// BenchmarkPostsDataSourceRead10100 measures the provider's side of reading
// 10,100 posts: the paged fetch (no latency), the conversion into the data
// source's state, and its encoding for Terraform, through the plugin
// protocol as Terraform calls it.
//
// Sub-benchmarks: server=emulator asks the in-process emulator, whose own
// work (it sorts every matching row for each page) is counted too;
// server=pages answers each page from a copy recorded from the emulator, so
// that nearly all the work is the provider's. provider=served is the server
// main serves (NewServer); provider=framework-values is the framework's
// plain server, where the rows go through framework values (the code path
// before NewServer). cpu-s/op is the process's CPU time per read (all
// goroutines, garbage collection included), which the load of other
// processes does not inflate as it does ns/op.
func BenchmarkPostsDataSourceRead10100(b *testing.B) {
	srv, emulatorURL := emulatortest.Start(b, emulator.Options{PostsPerTarget: 2600})
	for _, h := range []string{"@a", "@b", "@c", "@d"} {
		srv.SeedTarget(emulator.WorkspaceScope(), "tiktok", h, "")
	}
	pages := httptest.NewServer(recordedPages(srv))
	b.Cleanup(pages.Close)
	pagesURL := pages.URL + emulator.BasePath
	b.Run("server=emulator/provider=served", func(b *testing.B) {
		benchPostsRead(b, provider.NewServer("bench"), emulatorURL, "list")
	})
	b.Run("server=pages/provider=served", func(b *testing.B) {
		benchPostsRead(b, provider.NewServer("bench"), pagesURL, "list")
	})
	b.Run("server=pages/provider=framework-values", func(b *testing.B) {
		benchPostsRead(b, providerserver.NewProtocol6WithError(provider.New("bench")()), pagesURL, "list")
	})
	b.Run("server=pages/provider=served/format=json", func(b *testing.B) {
		benchPostsRead(b, provider.NewServer("bench"), pagesURL, "json")
	})
}

// benchPostsRead reads the 10,100 posts from url through newServer, with
// posts_format set to postsFormat.
func benchPostsRead(b *testing.B, newServer func() (tfprotov6.ProviderServer, error), url, postsFormat string) {
	ps, schemas := acctest.ConfiguredServer(b, newServer, url, map[string]tftypes.Value{
		"max_parallel_requests": tftypes.NewValue(tftypes.Number, 8),
	})
	ctx := context.Background()
	dsSchema := schemas.DataSourceSchemas[provider.PostsDataSourceType]
	req := &tfprotov6.ReadDataSourceRequest{
		TypeName: provider.PostsDataSourceType,
		Config: acctest.DynamicValue(b, dsSchema, map[string]tftypes.Value{
			"range":        tftypes.NewValue(tftypes.String, "all"),
			"max_results":  tftypes.NewValue(tftypes.Number, 10100),
			"posts_format": tftypes.NewValue(tftypes.String, postsFormat),
		}),
	}
	read := func() *tfprotov6.ReadDataSourceResponse {
		resp, err := ps.ReadDataSource(ctx, req)
		if err != nil || acctest.HasErrorDiag(resp.Diagnostics) {
			b.Fatalf("read: %v %v", err, resp.Diagnostics)
		}
		return resp
	}
	// Check the answer once, outside the timing: 10,100 rows.
	typ, _ := dsSchema.ValueType().(tftypes.Object)
	state, err := read().State.Unmarshal(typ)
	var attrs map[string]tftypes.Value
	var rows []tftypes.Value
	if err != nil || state.As(&attrs) != nil {
		b.Fatalf("read returned no state: %v", err)
	}
	var totals map[string]tftypes.Value
	var count big.Float
	if attrs["totals"].As(&totals) != nil || totals["posts"].As(&count) != nil || count.Cmp(big.NewFloat(10100)) != 0 {
		b.Fatalf("read counted %v rows, want 10100", count.String())
	}
	if postsFormat == "list" && (attrs["posts"].As(&rows) != nil || len(rows) != 10100) {
		b.Fatalf("read returned %d rows, want 10100", len(rows))
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	for b.Loop() {
		read()
	}
	b.ReportMetric((processCPU()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}

// processCPU returns the CPU time (user and system) the process has used so
// far. Unlike ns/op it does not grow when other processes take the CPUs.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// recordedPages answers every request from the first answer h gave to the
// same method and URL, so that the server's own work is left out of a
// benchmark.
func recordedPages(h http.Handler) http.Handler {
	type page struct {
		status int
		header http.Header
		body   []byte
	}
	var mu sync.Mutex
	seen := map[string]*page{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Method + " " + r.URL.RequestURI()
		mu.Lock()
		p, ok := seen[key]
		mu.Unlock()
		if !ok {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			p = &page{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
			mu.Lock()
			seen[key] = p
			mu.Unlock()
		}
		for k, v := range p.header {
			w.Header()[k] = v
		}
		w.WriteHeader(p.status)
		_, _ = w.Write(p.body)
	})
}
