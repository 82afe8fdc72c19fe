package emulator

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// uuidV4 matches the ids the emulator generates.
var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// result is one HTTP answer of the emulator.
type result struct {
	status int
	header http.Header
	raw    []byte
	env    map[string]json.RawMessage // nil when the body is not a JSON object
}

// send performs a request without checking the answer. auth is the whole
// Authorization header; "" sends none.
func send(ctx context.Context, t *testing.T, method, url, auth, body string) (result, error) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return result{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return result{}, err
	}
	r := result{status: resp.StatusCode, header: resp.Header, raw: raw}
	_ = json.Unmarshal(raw, &r.env)
	return r, nil
}

// bearer returns the Authorization header of key; "" for no key.
func bearer(key string) string {
	if key == "" {
		return ""
	}
	return "Bearer " + key
}

// do performs a request with key (see doAuth).
func do(t *testing.T, method, url, key, body string) result {
	t.Helper()
	return doAuth(t, method, url, bearer(key), body)
}

// doAuth performs a request and checks the envelope invariants of contract
// §3: ok, code (= status) and message always; data only on success;
// error_code on every error; nothing else.
func doAuth(t *testing.T, method, url, auth, body string) result {
	t.Helper()
	r, err := send(context.Background(), t, method, url, auth, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	if r.env == nil {
		t.Fatalf("%s %s: body is not a JSON object: %s", method, url, r.raw)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s %s: Content-Type = %q", method, url, ct)
	}
	var env struct {
		OK      *bool   `json:"ok"`
		Code    *int    `json:"code"`
		Message *string `json:"message"`
	}
	if err := json.Unmarshal(r.raw, &env); err != nil || env.OK == nil || env.Code == nil || env.Message == nil || *env.Message == "" {
		t.Fatalf("%s %s: envelope lacks ok/code/message: %s", method, url, r.raw)
	}
	if *env.Code != r.status {
		t.Errorf("%s %s: code %d != status %d", method, url, *env.Code, r.status)
	}
	want := []string{"code", "message", "ok"}
	if *env.OK {
		want = append(want, "data")
		if r.status < 200 || r.status > 299 {
			t.Errorf("%s %s: ok with status %d", method, url, r.status)
		}
	} else {
		want = append(want, "error_code")
	}
	if got := keysOf(r.env); !slices.Equal(got, sorted(want)) {
		t.Errorf("%s %s: envelope keys = %v, want %v", method, url, got, sorted(want))
	}
	return r
}

// wantStatus fails unless r answered status.
func wantStatus(t *testing.T, r result, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body %s", r.status, status, r.raw)
	}
}

// wantError fails unless r is an error with status and error_code.
func wantError(t *testing.T, r result, status int, code string) {
	t.Helper()
	wantStatus(t, r, status)
	var got string
	if err := json.Unmarshal(r.env["error_code"], &got); err != nil || got != code {
		t.Fatalf("error_code = %s, want %q; body %s", r.env["error_code"], code, r.raw)
	}
}

// data decodes the data member of r into a value of type T.
func data[T any](t *testing.T, r result) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.env["data"], &v); err != nil {
		t.Fatalf("decoding data %s: %v", r.env["data"], err)
	}
	return v
}

// obj is a decoded JSON object.
type obj = map[string]json.RawMessage

// keysOf returns the sorted keys of a JSON object.
func keysOf(m map[string]json.RawMessage) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// sorted returns a sorted copy of s.
func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// wantKeys fails unless m has exactly the keys want.
func wantKeys(t *testing.T, what string, m map[string]json.RawMessage, want ...string) {
	t.Helper()
	if got := keysOf(m); !slices.Equal(got, sorted(want)) {
		t.Errorf("%s keys = %v, want %v", what, got, sorted(want))
	}
}

// str decodes a JSON string or null ("<null>").
func str(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	if string(raw) == "null" {
		return "<null>"
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("not a string: %s", raw)
	}
	return s
}

// createTarget creates a target over HTTP and returns its id.
func createTarget(t *testing.T, base, key, platform, identifier string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"platform": platform, "identifier": identifier})
	r := do(t, "POST", base+"/analytics/targets", key, string(body))
	if r.status != http.StatusCreated && r.status != http.StatusOK {
		t.Fatalf("create: status %d: %s", r.status, r.raw)
	}
	d := data[struct {
		Target struct {
			ID string `json:"id"`
		} `json:"target"`
	}](t, r)
	return d.Target.ID
}

// Start serves a Server for the emulator's own tests (emulatortest.Start,
// which the other packages use, would be an import cycle here).
func Start(tb testing.TB, opts Options) (*Server, string) {
	tb.Helper()
	s, url, stop := Serve(opts)
	tb.Cleanup(stop)
	return s, url
}
