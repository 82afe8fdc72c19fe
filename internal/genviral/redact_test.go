package genviral_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// echoStyle is one way a server, a proxy or a gateway may write back the
// key it was sent. Every style encodes character by character, so the
// spelling of a run of the secret is a substring of the spelling of the
// secret: leakedRun relies on it.
type echoStyle struct {
	name  string
	spell func(string) string
}

// echoStyles are the spellings of issue 23.1 and their combinations.
var echoStyles = []echoStyle{
	{"exact", func(s string) string { return s }},
	{"json", jsonInner},
	{"json with \\/", func(s string) string { return strings.ReplaceAll(jsonInner(s), "/", `\/`) }},
	{"json \\u every character", jsonUnicode},
	{"html", html.EscapeString},
	{"html decimal", func(s string) string { return perRune(s, func(r rune) string { return fmt.Sprintf("&#%d;", r) }) }},
	{"html hex", func(s string) string { return perRune(s, func(r rune) string { return fmt.Sprintf("&#x%X;", r) }) }},
	{"html named", htmlNamed},
	{"url query", url.QueryEscape},
	{"url path", url.PathEscape},
	{"url lower hex", func(s string) string { return lowerHex(url.QueryEscape(s)) }},
	{"url every byte", func(s string) string { return perByte(s, "%%%02x") }},
	{"form decoded", func(s string) string { return strings.ReplaceAll(s, "+", " ") }},
	{"url in json", func(s string) string { return jsonInner(url.QueryEscape(s)) }},
	{"url twice", func(s string) string { return url.QueryEscape(url.QueryEscape(s)) }},
	{"html in json", func(s string) string { return jsonInner(html.EscapeString(s)) }},
}

// jsonInner is s as a JSON string without its quotes, as encoding/json
// writes it (with "<", ">" and "&" as \u003c, \u003e and \u0026).
func jsonInner(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

// jsonUnicode writes every character as a \u escape (surrogate pairs
// outside the BMP).
func jsonUnicode(s string) string {
	return perRune(s, func(r rune) string {
		if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
			return fmt.Sprintf(`\u%04x\u%04x`, r1, r2)
		}
		return fmt.Sprintf(`\u%04X`, r)
	})
}

// htmlNamed writes the characters that have an HTML5 name by it.
func htmlNamed(s string) string {
	names := map[rune]string{'/': "&sol;", '+': "&plus;", '=': "&equals;", '<': "&lt;", '>': "&gt;", '&': "&amp;",
		'"': "&quot;", '\'': "&apos;", '%': "&percnt;", '#': "&num;", '?': "&quest;", '\\': "&bsol;", '@': "&commat;"}
	return perRune(s, func(r rune) string {
		if n, ok := names[r]; ok {
			return n
		}
		return string(r)
	})
}

func perRune(s string, f func(rune) string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteString(f(r))
	}
	return b.String()
}

func perByte(s, format string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, format, s[i])
	}
	return b.String()
}

// lowerHex writes the hex digits of percent-encoding in lower case.
func lowerHex(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			b.WriteString(strings.ToLower(s[i : i+3]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// leakedRun returns a run of 8 characters of secret that text holds as
// written or spelled in style, or "".
func leakedRun(text, secret string, style echoStyle) string {
	r := []rune(secret)
	for i := 0; i+8 <= len(r); i++ {
		run := string(r[i : i+8])
		if strings.Contains(text, run) || strings.Contains(text, style.spell(run)) {
			return run
		}
	}
	return ""
}

// printable is every character a key's secret may have: printable ASCII
// but the space (the provider refuses white space in a key).
var printable = func() string {
	var b strings.Builder
	for c := byte('!'); c <= '~'; c++ {
		b.WriteByte(c)
	}
	return b.String()
}()

// redactionKeys are keys whose secrets use every character the key format
// allows, some Unicode, and the secret of issue 23.1.
var redactionKeys = func() []string {
	keys := []string{
		"gva_live_k3m9qz.s3cr/t+k&y<x>Q9z=",
		"gva_live_k3m9qz." + printable,
		"gva-Live_0.Zürich€😀Schlüssel/+&",
	}
	for i := 0; i < len(printable); i += 16 {
		keys = append(keys, "gva_live_ab12."+printable[i:min(i+16, len(printable))]+"Zq9")
	}
	return keys
}()

// TestRedactEverySpelling echoes each key in each style, whole or cut short
// at either end, inside other text, and checks that no run of 8 characters
// of its secret survives, while the text around it does.
func TestRedactEverySpelling(t *testing.T) {
	t.Parallel()
	for _, key := range redactionKeys {
		_, secret, _ := strings.Cut(key, ".")
		for _, style := range echoStyles {
			for _, echoed := range []string{key, secret} {
				spelled := style.spell(echoed)
				for _, cut := range [][2]int{{0, 0}, {0, 2}, {2, 0}, {3, 3}, {1, 0}, {0, 1}} {
					in := "before " + spelled[cut[0]:len(spelled)-cut[1]] + " after"
					got := genviral.Redact(in, key)
					if run := leakedRun(got, secret, style); run != "" {
						t.Errorf("key %q, %s, cut %v: run %q survives in %q", key, style.name, cut, run, got)
					}
					// The spaces may go: a space is what a form-decoding
					// server makes of a "+" in the key.
					if !strings.HasPrefix(got, "before") || !strings.HasSuffix(got, "after") {
						t.Errorf("key %q, %s, cut %v: the text around the key is gone: %q", key, style.name, cut, got)
					}
				}
			}
		}
	}
}

func TestRedact(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, key, want string }{
		{"Bearer " + testKey, testKey, "Bearer ***"},
		{"s=" + testSecret + ";", testKey, "s=***;"},
		{"gva_live_abc123 is public", testKey, "gva_live_abc123 is public"},
		{"nothing", "", "nothing"},
		{"short abc", "id.abc", "short abc"}, // secrets under 4 chars are not replaced on their own
		{"short id.abc", "id.abc", "short ***"},
		{"nodot-key here", "nodot-key", "*** here"},
		// Echoed percent-encoded, with upper or lower case hex digits.
		{"GET /x?key=gva_live_ab.se%2Fcr%2Bet%3D", "gva_live_ab.se/cr+et=", "GET /x?key=***"},
		{"path /se%2fcr+et=/", "gva_live_ab.se/cr+et=", "path /***/"},
		// Cut short: the run that is left is removed, the rest of the
		// text stays.
		{"id gva_live_abc123.SuperSecretVal", testKey, "id gva_live_abc123.***"},
		{"tail perSecretValue42!", testKey, "tail ***!"},
		{"seven SuperSe stays", testKey, "seven SuperSe stays"},
		// Escaped, in one family or several.
		{`{"m":"k=s3cr\/t+k\u0026y\u003cx\u003eQ9"}`, "gva_live_k3m9qz.s3cr/t+k&y<x>Q9", `{"m":"k=***"}`},
		{"<p>s3cr/t k&amp;y&lt;x&#62;Q9</p>", "gva_live_k3m9qz.s3cr/t+k&y<x>Q9", "<p>***</p>"},
		{"a=s3cr%252Ft%252Bk", "gva_live_k3m9qz.s3cr/t+k&y<x>Q9", "a=***"},
		// A key with the escape characters of every family in it.
		{`x \"100%&amp;\\sure\" y`, `id."100%&\sure"`, "x *** y"},
		// A character cut by the redaction is removed whole, at either
		// end.
		{"Grüße ļrich€!", "id.Zürich€€", "Grüße ***!"},
		{"Zürich₂ ok", "id.Zürich€€", "*** ok"},
		// A key cut inside a character leaves the character's other
		// bytes alone.
		{"a \xbcrich€€ b", "id.Zürich€€", "a *** b"},
	}
	for _, tt := range tests {
		if got := genviral.Redact(tt.in, tt.key); got != tt.want {
			t.Errorf("Redact(%q, %q) = %q, want %q", tt.in, tt.key, got, tt.want)
		}
	}
}

// TestRedactLongText: a text over 64 KiB is cut before it is searched, and
// a key cut there loses its run too.
func TestRedactLongText(t *testing.T) {
	t.Parallel()
	page := strings.Repeat("<p>&amp; 100% \\ é</p>", 64<<10/20) // every escape family, and a 2-byte character
	for _, at := range []int{0, 100, 64<<10 - 9, 64<<10 - 3, 64 << 10, 70 << 10} {
		for !utf8.RuneStart(page[at]) {
			at--
		}
		in := page[:at] + testKey + page[at:]
		got := genviral.Redact(in, testKey)
		if run := leakedRun(got, testSecret, echoStyles[0]); run != "" {
			t.Errorf("key at %d: run %q survives", at, run)
		}
		if !utf8.ValidString(got) || !strings.HasSuffix(got, " more bytes not shown)") || len(got) > 64<<10+40 {
			t.Errorf("key at %d: got %d bytes ending %q", at, len(got), got[max(0, len(got)-40):])
		}
	}
}

// TestSecretNeverLeaksInAnySpelling has a server echo the key in each style
// in each place a server's text reaches an error or a log: an error
// envelope's message and error_code, an HTML 502 page, a JSON body cut
// short. With max_retries = 0, as in issue 23.1.
func TestSecretNeverLeaksInAnySpelling(t *testing.T) {
	t.Parallel()
	places := []struct {
		name  string
		write func(w http.ResponseWriter, echo string)
	}{
		{"500 message", func(w http.ResponseWriter, echo string) { writeErr(w, 500, "", "you sent "+echo) }},
		{"error_code", func(w http.ResponseWriter, echo string) { writeErr(w, 400, echo, "bad") }},
		{"html 502", func(w http.ResponseWriter, echo string) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			fmt.Fprintf(w, "<html><body><h1>502 Bad Gateway</h1><p>token %s</p></body></html>", echo)
		}},
		{"cut-short json", func(w http.ResponseWriter, echo string) {
			writeRaw(w, 200, `{"ok":true,"message":"token `+echo[:len(echo)-2])
		}},
	}
	key := redactionKeys[0]
	_, secret, _ := strings.Cut(key, ".")
	for _, style := range echoStyles {
		for _, place := range places {
			t.Run(style.name+"/"+place.name, func(t *testing.T) {
				t.Parallel()
				f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
					place.write(w, style.spell(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")))
				})
				log := &recLogger{}
				c := newClient(t, f.URL, func(c *genviral.Config) { c.APIKey, c.Logger, c.MaxRetries = key, log, 0 })
				_, err := c.ListTargets(context.Background())
				e := mustAPIError(t, err)
				for what, text := range map[string]string{
					"error": err.Error(), "error value": fmt.Sprintf("%+v %#v", e, e), "log": log.String(),
				} {
					if run := leakedRun(text, secret, style); run != "" {
						t.Errorf("%s holds %q of the secret: %s", what, run, text)
					}
				}
			})
		}
	}
}

// TestDecodeErrorRedacted: data that does not decode is described by
// encoding/json, which quotes a number it cannot hold, and a secret may be
// all digits.
func TestDecodeErrorRedacted(t *testing.T) {
	t.Parallel()
	const secret = "31415926535897932384626"
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request) {
		writeRaw(w, 200, `{"ok":true,"code":200,"data":[{"totalItems":`+secret+`}]}`)
	})
	c := newClient(t, f.URL, func(c *genviral.Config) { c.APIKey = "gva_live_pi." + secret })
	_, err := c.ListWorkspaceSuggestions(context.Background())
	contains(t, "error", mustAPIError(t, err).Error(), "unexpected response data", "totalItems")
	if run := leakedRun(err.Error(), secret, echoStyles[0]); run != "" {
		t.Errorf("error holds %q of the secret: %v", run, err)
	}
}

// TestRefreshErrorRedacted: a failed refresh's error is the API's free text,
// shown in messages and kept in state.
func TestRefreshErrorRedacted(t *testing.T) {
	t.Parallel()
	key := redactionKeys[0]
	_, secret, _ := strings.Cut(key, ".")
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		refresh := map[string]any{"id": "r1", "target_id": "t1", "status": "failed",
			"error": "upstream refused token " + strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")[2:]}
		if r.Method == http.MethodPost {
			writeOK(w, 200, map[string]any{"refresh": refresh, "wasFree": true})
			return
		}
		writeOK(w, 200, refresh)
	})
	c := newClient(t, f.URL, func(c *genviral.Config) { c.APIKey = key })
	started, err := c.RefreshTarget(context.Background(), "t1")
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetRefresh(context.Background(), "r1")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []*string{started.Refresh.Error, got.Error} {
		if e == nil || !strings.HasPrefix(*e, "upstream refused token ") || leakedRun(*e, secret, echoStyles[0]) != "" {
			t.Errorf("refresh error = %v, want it without the key", e)
		}
	}
}

// FuzzRedact feeds random secrets, echoed in every style, cut short by up
// to 3 bytes at either end and embedded in random text, to Redact and, as
// a string value of an answer's data, to the client: no run of 8
// characters of the secret may survive, and the quick check that lets
// most answers through unread never passes over a text Redact changes.
func FuzzRedact(f *testing.F) {
	for i, key := range redactionKeys {
		_, secret, _ := strings.Cut(key, ".")
		f.Add(secret, uint8(i), uint8(i), "error: ", " (after 1 attempt)")
	}
	f.Add("aaaaaaaaaaaa", uint8(3), uint8(5), "aaa", "aaa")
	f.Add("+/+/+/+/+/+/", uint8(12), uint8(15), "x ", " y")
	f.Fuzz(func(t *testing.T, secret string, style, cut uint8, before, after string) {
		secret = strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) || !unicode.IsPrint(r) {
				return -1
			}
			return r
		}, secret)
		if utf8.RuneCountInString(secret) < 8 {
			return
		}
		key := "gva_live_fz09." + secret
		s := echoStyles[int(style)%len(echoStyles)]
		spelled := s.spell([]string{key, secret}[cut>>7])
		head, tail := int(cut)%4, int(cut>>2)%4
		if head+tail >= len(spelled) {
			return
		}
		in := plainText(before) + spelled[head:len(spelled)-tail] + plainText(after)
		out := genviral.Redact(in, key)
		if run := leakedRun(out, secret, s); run != "" {
			t.Fatalf("%s: run %q of secret %q survives in %q (from %q)", s.name, run, secret, out, in)
		}
		if !genviral.MayHold(in, key) && out != in {
			t.Fatalf("%s: the quick check passes over %q, which Redact changes to %q", s.name, in, out)
		}
		value := genviral.RedactedAnswerValue(in, key)
		if run := leakedRun(value, secret, s); run != "" {
			t.Fatalf("%s: run %q of secret %q survives in the answer's value %q (from %q)", s.name, run, secret, value, in)
		}
	})
}

// plainText keeps the characters of s that start no escape (\, &, %), so
// that the text around an echo cannot change how the echo reads.
func plainText(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`\&%`, r) {
			return -1
		}
		return r
	}, s)
}
