package genviral_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// redirectSink is where redirects point: it records every request it gets
// (none may arrive) and whether one carried the key.
func redirectSink(t *testing.T) *fakeAPI {
	t.Helper()
	return newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		writeOK(w, 200, map[string]any{"id": "t1", "platform": "tiktok", "identifier": "x", "targets": []any{}})
	})
}

func assertSinkUntouched(t *testing.T, sink *fakeAPI) {
	t.Helper()
	for _, r := range sink.requests() {
		if strings.Contains(r.Header.Get("Authorization"), testSecret) {
			t.Errorf("the API key reached the redirect target: %s %s", r.Method, r.Path)
		}
	}
	if n := sink.count(); n != 0 {
		t.Errorf("the redirect target got %d requests, want none", n)
	}
}

// assertRedirectError checks the error of a refused redirect: status,
// Location without credentials, "not repeated", and the base_url hint.
func assertRedirectError(t *testing.T, err error, status int, location string) {
	t.Helper()
	e := mustAPIError(t, err)
	if e.StatusCode != status || !errors.Is(err, genviral.ErrRedirect) {
		t.Errorf("error = %v (status %d), want a %d ErrRedirect", err, e.StatusCode, status)
	}
	contains(t, "error", err.Error(), fmt.Sprintf("HTTP %d", status), "redirect to "+location, "not repeated")
	wantKind(t, "redirect", e, genviral.KindRedirect)
	assertNoSecret(t, "error", err.Error())
}

func TestRedirectsAreNeverFollowed(t *testing.T) {
	t.Parallel()
	sink := redirectSink(t)
	sinkURL, _ := url.Parse(sink.URL)
	// A TLS sink on another port of the same host (httptest TLS servers
	// share one certificate, which the API's client trusts).
	tlsSink := &fakeAPI{}
	tlsSink.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tlsSink.mu.Lock()
		tlsSink.reqs = append(tlsSink.reqs, recorded{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone()})
		tlsSink.mu.Unlock()
		tlsSink.n.Add(1)
		writeOK(w, 200, map[string]any{"targets": []any{}})
	}))
	t.Cleanup(tlsSink.Close)
	tlsSinkURL, _ := url.Parse(tlsSink.URL)
	tests := []struct {
		name     string
		location func(api *url.URL) string
		want     func(api *url.URL) string
	}{
		{"https to http on the same host", func(api *url.URL) string { return "http://" + api.Host + "/v1/analytics/targets" },
			func(api *url.URL) string { return "http://" + api.Host + "/v1/analytics/targets" }},
		{"same host, other port", func(*url.URL) string { return "https://" + tlsSinkURL.Host + "/v1/analytics/targets" },
			func(*url.URL) string { return "https://" + tlsSinkURL.Host + "/v1/analytics/targets" }},
		{"other host", func(*url.URL) string { return "http://localhost:" + sinkURL.Port() + "/x" },
			func(*url.URL) string { return "http://localhost:" + sinkURL.Port() + "/x" }},
		{"credentials in the Location are dropped", func(*url.URL) string { return "http://user:hunter2@" + sinkURL.Host + "/x?token=abc" },
			func(*url.URL) string { return "http://" + sinkURL.Host + "/x" }},
		{"relative", func(*url.URL) string { return "/elsewhere" },
			func(api *url.URL) string { return "https://" + api.Host + "/elsewhere" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var loc string
			api := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/v1/analytics/targets" {
					t.Errorf("API got %s %s after a redirect", r.Method, r.URL.Path)
				}
				http.Redirect(w, r, loc, http.StatusFound)
			}))
			t.Cleanup(api.Close)
			apiURL, _ := url.Parse(api.URL)
			loc = tt.location(apiURL)
			callers := api.Client()
			c := newClient(t, api.URL+"/v1", func(c *genviral.Config) { c.HTTPClient = callers })
			_, err := c.ListTargets(context.Background())
			assertRedirectError(t, err, http.StatusFound, tt.want(apiURL))
			if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "token=abc") {
				t.Errorf("error shows the Location's credentials: %v", err)
			}
			if e := mustAPIError(t, err); e.Attempts != 1 {
				t.Errorf("attempts = %d, want 1 (a redirect is not retried)", e.Attempts)
			}
			if callers.CheckRedirect != nil {
				t.Error("New modified the caller's http.Client")
			}
			assertSinkUntouched(t, sink)
			assertSinkUntouched(t, tlsSink)
		})
	}
}

func TestRedirectOnWriteIsNotReplayed(t *testing.T) {
	t.Parallel()
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, method := range []string{http.MethodDelete, http.MethodPatch} {
			t.Run(fmt.Sprintf("%d %s", status, method), func(t *testing.T) {
				t.Parallel()
				sink := redirectSink(t)
				api := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Location", sink.URL+r.URL.Path)
					w.WriteHeader(status)
				})
				c := newClient(t, api.URL)
				var err error
				if method == http.MethodDelete {
					err = c.DeleteTarget(context.Background(), "t1")
				} else {
					_, err = c.UpdateTarget(context.Background(), "t1", genviral.UpdateTargetRequest{DisplayName: genviral.Value("new")})
				}
				assertRedirectError(t, err, status, sink.URL+"/analytics/targets/t1")
				reqs := api.requests()
				if len(reqs) != 1 || reqs[0].Method != method {
					t.Errorf("API requests = %+v, want exactly one %s", reqs, method)
				}
				assertSinkUntouched(t, sink)
			})
		}
	}
}
