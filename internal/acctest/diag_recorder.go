package acctest

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/genviral/terraform-provider-genviral/internal/provider"
)

// DiagRecorder runs the provider in process, as testProviders does, and
// records the warnings of every apply and read, which terraform-plugin-testing
// does not expose. It can also interrupt the apply in progress the way
// Ctrl-C does: Terraform then calls StopProvider, and terraform-plugin-go
// cancels the context of every request in flight.
type DiagRecorder struct {
	mu       sync.Mutex
	warnings []string // "summary: detail"
	cancel   context.CancelFunc
}

// Factories returns provider factories that report to d.
func (d *DiagRecorder) Factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"genviral": func() (tfprotov6.ProviderServer, error) {
			inner, err := providerserver.NewProtocol6WithError(provider.New("test")())()
			if err != nil {
				return nil, err
			}
			return &recordingServer{ProviderServer: inner, rec: d}, nil
		},
	}
}

// record keeps the warnings among diags.
func (d *DiagRecorder) record(diags []*tfprotov6.Diagnostic) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, diag := range diags {
		if diag.Severity == tfprotov6.DiagnosticSeverityWarning {
			d.warnings = append(d.warnings, diag.Summary+": "+diag.Detail)
		}
	}
}

// CancelApply cancels the context of the apply in progress, if any.
func (d *DiagRecorder) CancelApply() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cancel != nil {
		d.cancel()
	}
}

// ExpectWarnings checks the warnings recorded since the last check and
// forgets them: each pattern (ErrorPattern syntax) matches at least one
// warning, and each warning matches a pattern. No pattern means no warning.
// (A read runs once per plan, so how often a read's warning repeats
// depends on the steps, not on the provider.)
func (d *DiagRecorder) ExpectWarnings(patterns ...string) func(*terraform.State) error {
	return func(*terraform.State) error {
		d.mu.Lock()
		got := d.warnings
		d.warnings = nil
		d.mu.Unlock()
		matched := make([]bool, len(got))
		for _, p := range patterns {
			re := ErrorPattern(`(?s)` + p)
			found := false
			for i, w := range got {
				if re.MatchString(w) {
					matched[i], found = true, true
				}
			}
			if !found {
				return fmt.Errorf("no warning matches %q among %d:\n%s", p, len(got), strings.Join(got, "\n---\n"))
			}
		}
		for i, w := range got {
			if !matched[i] {
				return fmt.Errorf("unexpected warning:\n%s", w)
			}
		}
		return nil
	}
}

// recordingServer is a provider server that reports to a diagRecorder.
type recordingServer struct {
	tfprotov6.ProviderServer
	rec *DiagRecorder
}

// ApplyResourceChange runs the apply with a context rec can cancel.
func (s *recordingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.rec.mu.Lock()
	s.rec.cancel = cancel
	s.rec.mu.Unlock()
	resp, err := s.ProviderServer.ApplyResourceChange(ctx, req)
	if resp != nil {
		s.rec.record(resp.Diagnostics)
	}
	return resp, err
}

// ReadResource records the warnings of a read.
func (s *recordingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	resp, err := s.ProviderServer.ReadResource(ctx, req)
	if resp != nil {
		s.rec.record(resp.Diagnostics)
	}
	return resp, err
}

// ReadDataSource records the warnings of a data source read.
func (s *recordingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	resp, err := s.ProviderServer.ReadDataSource(ctx, req)
	if resp != nil {
		s.rec.record(resp.Diagnostics)
	}
	return resp, err
}
