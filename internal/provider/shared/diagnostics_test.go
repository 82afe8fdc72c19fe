package shared

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// TestAPIErrorHintPerKind: the provider turns each kind of failure the
// client reports into advice in its own terms (its arguments, Terraform's
// flags, state); the client's facts (status, code, attempts, the deadline)
// choose the advice and appear in it.
func TestAPIErrorHintPerKind(t *testing.T) {
	t.Parallel()
	readTimeout := &genviral.DeadlineError{Limit: "the read timeout (timeouts.read)", Timeout: 2 * time.Minute}
	tests := []struct {
		name  string
		e     genviral.APIError
		want  []string
		wrong []string
	}{
		{"redirect", genviral.APIError{StatusCode: 301, Err: genviral.ErrRedirect},
			[]string{"does not redirect", "Set base_url", genviral.DefaultBaseURL}, []string{"API key was rejected"}},
		{"read limit", genviral.APIError{StatusCode: 200, Err: genviral.ErrReadLimit},
			[]string{"\"Reliability\"", "max_results", "base_url"}, nil},
		{"unknown route", genviral.APIError{StatusCode: 404, Envelope: true, UnknownRoute: true},
			[]string{"base_url must be the Partner API's address, ending in /api/partner/v1", genviral.DefaultBaseURL,
				"Nothing was removed from state."}, nil},
		{"foreign 404", genviral.APIError{StatusCode: 404, Err: genviral.ErrNotJSON},
			[]string{"did not come from the Genviral API", "base_url", "proxy", "Nothing was removed from state."}, nil},
		{"foreign refusal", genviral.APIError{StatusCode: 403, Err: genviral.ErrNotJSON},
			[]string{"This HTTP 403 did not come from the Genviral API", "base_url", "proxy"},
			[]string{"scope", "API key was rejected", "credits"}},
		{"malformed", genviral.APIError{StatusCode: 200, Err: genviral.ErrNotJSON, Malformed: true},
			[]string{"base_url", "proxy", "try again", "max_retries"}, nil},
		{"401", genviral.APIError{StatusCode: 401, Envelope: true, ErrorCode: "invalid_token"},
			[]string{"API key was rejected", "api_key", "GENVIRAL_API_KEY"}, nil},
		{"403 tier", genviral.APIError{StatusCode: 403, Envelope: true, ErrorCode: "tier_not_allowed"},
			[]string{"plan does not include the Partner API"}, []string{"scope"}},
		{"403", genviral.APIError{StatusCode: 403, Envelope: true}, []string{"lacks access to this scope", "personal key"}, nil},
		{"402 subscription", genviral.APIError{StatusCode: 402, Envelope: true, ErrorCode: "subscription_required"},
			[]string{"subscription"}, []string{"credits"}},
		{"402", genviral.APIError{StatusCode: 402, Envelope: true}, []string{"credits"}, nil},
		{"429 not retried", genviral.APIError{StatusCode: 429, Envelope: true, Attempts: 1},
			[]string{"apply again", "max_parallel_requests", "-parallelism", "never retried"}, []string{"after 1 attempts"}},
		{"429 after retries", genviral.APIError{StatusCode: 429, Envelope: true, Attempts: 5},
			[]string{"after 5 attempts", "timeouts block", "timeouts.read", "max_parallel_requests", "-parallelism"},
			[]string{"never retried"}},
		{"5xx", genviral.APIError{StatusCode: 503}, []string{"transient", "max_retries"}, nil},
		{"cancelled", genviral.APIError{Err: context.Canceled}, []string{"cancelled", "Terraform was interrupted"}, nil},
		{"named deadline", genviral.APIError{Err: fmt.Errorf("stopped: %w", readTimeout)},
			[]string{"The read timeout (timeouts.read) of 2m0s ended before the API answered. Raise it; request_timeout"}, nil},
		{"deadline", genviral.APIError{Err: context.DeadlineExceeded},
			[]string{"The operation's deadline (a timeouts block value of the resource)", "request_timeout"}, nil},
		{"timeout", genviral.APIError{Err: genviral.ErrTimeout}, []string{"Raise request_timeout", "base_url"}, nil},
		{"connection", genviral.APIError{Err: errors.New("connection refused")}, []string{"connectivity", "base_url"}, nil},
	}
	for _, tt := range tests {
		hint := apiErrorHint(&tt.e)
		for _, w := range tt.want {
			if !strings.Contains(hint, w) {
				t.Errorf("%s (%v): hint %q lacks %q", tt.name, tt.e.Kind(), hint, w)
			}
		}
		for _, w := range tt.wrong {
			if strings.Contains(hint, w) {
				t.Errorf("%s (%v): hint %q says %q", tt.name, tt.e.Kind(), hint, w)
			}
		}
	}
}

// TestAPIErrorHintNone: a failure the provider has no advice for (the API's
// 409 or 422, an answer whose data could not be decoded) gets none, and the
// detail is the attempt and the error alone.
func TestAPIErrorHintNone(t *testing.T) {
	t.Parallel()
	for _, e := range []*genviral.APIError{
		{Method: "GET", Path: "/analytics/refreshes/r1", StatusCode: 409, Envelope: true, ErrorCode: "analytics_conflict"},
		{Method: "GET", Path: "/analytics/targets", StatusCode: 422, Envelope: true},
		{Method: "GET", Path: "/analytics/targets", StatusCode: 200, Message: "unexpected response data", Err: errors.New("bad")},
	} {
		if hint := apiErrorHint(e); hint != "" {
			t.Errorf("%v: hint %q, want none", e, hint)
		}
		if d, want := APIErrorDetail("Reading failed.", e), "Reading failed.\n\nThe API call failed: "+e.Error(); d != want {
			t.Errorf("detail %q, want %q", d, want)
		}
	}
}

// TestAPIErrorDetailOfASharedFailure: the short reference gets no advice but
// where the full error is; the full error gets its advice.
func TestAPIErrorDetailOfASharedFailure(t *testing.T) {
	full := &genviral.APIError{Method: "GET", Path: "/analytics/targets", StatusCode: 503, Message: "down for maintenance", Attempts: 5}
	short := APIErrorDetail("Reading target t1 failed.", &genviral.SharedRequestError{Err: full})
	if strings.Contains(short, "maintenance") || strings.Contains(short, apiErrorHint(full)) {
		t.Errorf("short detail repeats the error or its hint:\n%s", short)
	}
	if !strings.Contains(short, "reported in full once") || !strings.Contains(short, "another resource or data source") {
		t.Errorf("short detail does not refer to the full error:\n%s", short)
	}
	if d := APIErrorDetail("Reading target t1 failed.", full); !strings.Contains(d, apiErrorHint(full)) || !strings.Contains(d, "maintenance") {
		t.Errorf("full detail:\n%s", d)
	}
	if !errors.Is(&genviral.SharedRequestError{Err: full}, full) {
		t.Error("SharedRequestError does not unwrap")
	}
}
