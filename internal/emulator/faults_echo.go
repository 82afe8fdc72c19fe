package emulator

import (
	"encoding/json"
	"fmt"
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
	if e.style == EchoNone || len(e.routes) > 0 && !slices.Contains(e.routes, route) {
		return nil
	}
	h := http.Header{}
	switch e.style {
	case EchoCutShortJSON:
		b, _ := json.Marshal(token)
		spelled := strings.ReplaceAll(string(b), "/", `\/`)
		h.Set("Content-Type", "application/json")
		return &response{status: http.StatusOK, header: h,
			body: []byte(`{"ok":true,"code":200,"message":"Served for ` + spelled[1:len(spelled)-1] + `","data":{"targets":[{"id":"`)}
	case EchoHTMLPage:
		h.Set("Content-Type", "text/html; charset=utf-8")
		return &response{status: http.StatusBadGateway, header: h, body: []byte(fmt.Sprintf(
			"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>"+
				"<p>upstream refused Authorization: Bearer %s</p></body></html>", html.EscapeString(token)))}
	case EchoFormDecoded:
		return failure(http.StatusUnauthorized, "invalid_token", "API key not found: "+strings.ReplaceAll(token, "+", " "))
	case EchoPercentEncoded:
		return failure(http.StatusUnauthorized, "invalid_token", "API key not found: "+lowerHex(url.QueryEscape(token)))
	default: // EchoCutShortKey
		return failure(http.StatusInternalServerError, "internal_error", "Key lookup failed for "+token[:max(len(token)-2, 0)])
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
