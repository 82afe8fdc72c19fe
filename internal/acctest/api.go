package acctest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
)

// APICall sends one request straight to the emulator with the env's API
// key, outside Terraform, as another tool would: the one raw API client of
// the tests. It decodes the JSON answer into out (numbers in interface
// values as json.Number) unless out is nil. A transport error, a status
// other than 200 or a body that does not decode is an error naming the
// request.
func (e *TestEnv) APICall(method, pathAndQuery, body string, out any) error {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.URL+pathAndQuery, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+e.Key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s", method, pathAndQuery, resp.Status)
	}
	if out == nil {
		return nil
	}
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("%s %s: %w", method, pathAndQuery, err)
	}
	return nil
}

// PatchDirectly changes a target through the API, as another tool would.
func (e *TestEnv) PatchDirectly(id, body string) {
	if err := e.APICall(http.MethodPatch, "/analytics/targets/"+id, body, nil); err != nil {
		e.T.Fatal(err)
	}
}

// WrongVersionURL is e's base URL with another API version: the API
// answers its paths with its own 404 envelope, "Route not found".
func (e *TestEnv) WrongVersionURL() string {
	return strings.TrimSuffix(e.URL, emulator.BasePath) + "/api/partner/v2"
}

// Proxy serves the emulator behind a test server whose intercept may answer
// a request itself (it returns true when it did), and returns the test
// server's base_url: the one way the tests put a misbehaving network or
// gateway between the provider and the emulator.
func (e *TestEnv) Proxy(intercept func(w http.ResponseWriter, r *http.Request) bool) string {
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !intercept(w, r) {
			e.Srv.ServeHTTP(w, r)
		}
	}))
	e.T.Cleanup(hs.Close)
	return hs.URL + emulator.BasePath
}

// EmulatorAnswer lets the emulator serve r (with all its effects) and
// returns its answer, for a proxy to change before passing it on.
func (e *TestEnv) EmulatorAnswer(r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.Srv.ServeHTTP(rec, r)
	return rec
}
