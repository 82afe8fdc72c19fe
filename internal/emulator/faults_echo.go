package emulator

import (
	"bytes"
	"cmp"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// KeyEcho is a way in which a misbehaving server (a proxy, a gateway, a
// buggy API version) writes back the key it was sent, each time spelled
// otherwise than as sent (issue 23.1). The zero value echoes nothing.
type KeyEcho string

// The key echoes of SetKeyEcho.
const (
	// EchoNone switches the echo off.
	EchoNone KeyEcho = ""
	// EchoCutShortJSON answers 200 with a JSON body cut short whose message
	// holds the key JSON-escaped, "/" written "\/" (as PHP writes it) and
	// "<", ">", "&" as \u003c, \u003e, \u0026.
	EchoCutShortJSON KeyEcho = "cut-short-json"
	// EchoHTMLPage answers 502 with a gateway's HTML page that holds the
	// key HTML-escaped.
	EchoHTMLPage KeyEcho = "html-page"
	// EchoFormDecoded answers 401 invalid_token with the key as a form
	// decoder reads it: "+" as a space.
	EchoFormDecoded KeyEcho = "form-decoded"
	// EchoPercentEncoded answers 401 invalid_token with the key
	// percent-encoded in lower case hex, as in an echoed URL.
	EchoPercentEncoded KeyEcho = "percent-encoded"
	// EchoCutShortKey answers 500 with the key cut short by two characters
	// at its end.
	EchoCutShortKey KeyEcho = "cut-short-key"
)

// keyEcho is the active echo of SetKeyEcho.
type keyEcho struct {
	style  KeyEcho
	routes []string
}

// SetKeyEcho makes the server answer every request of routes (Route
// constants; every request when none) by echoing its bearer token in style,
// before routing and authentication. EchoNone switches it off.
func (s *Server) SetKeyEcho(style KeyEcho, routes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.echo = keyEcho{style: style, routes: slices.Clone(routes)}
}

// echoKey returns the echo answer to a request of route sent with token,
// or nil. The caller holds s.mu.
func (s *Server) echoKey(route, token string) *response {
	e := s.echo
	if !e.applies(route) {
		return nil
	}
	h := http.Header{}
	spelled := spellKey(e.style, token)
	switch e.style {
	case EchoCutShortJSON:
		h.Set("Content-Type", "application/json")
		return &response{status: http.StatusOK, header: h,
			body: []byte(`{"ok":true,"code":200,"message":"Served for ` + spelled + `","data":{"targets":[{"id":"`)}
	case EchoHTMLPage:
		h.Set("Content-Type", "text/html; charset=utf-8")
		return &response{status: http.StatusBadGateway, header: h, body: []byte(
			"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>" +
				"<p>upstream refused Authorization: Bearer " + spelled + "</p></body></html>")}
	case EchoFormDecoded, EchoPercentEncoded:
		return failure(http.StatusUnauthorized, "invalid_token", "API key not found: "+spelled)
	default: // EchoCutShortKey
		return failure(http.StatusInternalServerError, "internal_error", "Key lookup failed for "+spelled)
	}
}

// applies reports whether the echo is on for route.
func (e keyEcho) applies(route string) bool {
	return e.style != EchoNone && (len(e.routes) == 0 || slices.Contains(e.routes, route))
}

// spellKey returns token as style writes it: JSON-escaped (without quotes,
// "/" as "\/"), HTML-escaped, form-decoded, percent-encoded in lower case
// hex, or cut short by two characters at its end.
func spellKey(style KeyEcho, token string) string {
	switch style {
	case EchoCutShortJSON:
		b, _ := json.Marshal(token)
		return strings.ReplaceAll(string(b[1:len(b)-1]), "/", `\/`)
	case EchoHTMLPage:
		return html.EscapeString(token)
	case EchoFormDecoded:
		return strings.ReplaceAll(token, "+", " ")
	case EchoPercentEncoded:
		return lowerHex(url.QueryEscape(token))
	}
	return token[:max(len(token)-2, 0)]
}

// SetKeyEchoInValues makes the successful answers of routes (Route
// constants; every route when none) carry their request's bearer token,
// spelled as style spells it, in their values, as a server that stores or
// builds them from what it was sent would: a target's display name, a
// post's caption, account handle and name and URLs (as a "key" query
// parameter), a workspace suggestion's name, a refresh's error. EchoNone
// switches it off; it is independent of SetKeyEcho.
func (s *Server) SetKeyEchoInValues(style KeyEcho, routes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.valueEcho = keyEcho{style: style, routes: slices.Clone(routes)}
}

// echoedValues are the members of rows SetKeyEchoInValues writes the key
// into, and whether each is a URL.
var echoedValues = map[string]bool{
	"display_name": false, "caption": false, "accountIdentifier": false, "accountDisplayName": false,
	"workspaceName": false, "error": false,
	"permalink": true, "thumbnailUrl": true, "accountAvatarUrl": true,
}

// echoKeyInValues returns resp, a JSON answer to a request of route sent
// with token, with the token in its values when SetKeyEchoInValues asks for
// it. The caller holds s.mu.
func (s *Server) echoKeyInValues(route, token string, resp *response) *response {
	if !s.valueEcho.applies(route) || resp.status < 200 || resp.status > 299 {
		return resp
	}
	dec := json.NewDecoder(bytes.NewReader(resp.body))
	dec.UseNumber()
	var env map[string]any
	if dec.Decode(&env) != nil {
		return resp
	}
	echoInto(env["data"], spellKey(s.valueEcho.style, token))
	body, err := json.Marshal(env)
	if err != nil {
		panic("emulator: encoding response: " + err.Error())
	}
	return &response{status: resp.status, header: resp.header, body: body}
}

// echoInto writes spelled into the members of v named in echoedValues.
func echoInto(v any, spelled string) {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			echoInto(e, spelled)
		}
	case map[string]any:
		for k, e := range v {
			isURL, ok := echoedValues[k]
			switch {
			case !ok:
				echoInto(e, spelled)
			case isURL:
				u, _ := e.(string)
				v[k] = strings.TrimSuffix(cmp.Or(u, "https://media.example/a.jpg"), "/") + "?key=" + spelled
			default:
				v[k] = spelled
			}
		}
	}
}

// lowerHex writes the hex digits of percent-encoding in lower case.
func lowerHex(s string) string {
	parts := strings.Split(s, "%")
	for i := 1; i < len(parts); i++ {
		if len(parts[i]) >= 2 {
			parts[i] = strings.ToLower(parts[i][:2]) + parts[i][2:]
		}
	}
	return strings.Join(parts, "%")
}
