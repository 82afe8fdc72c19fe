package genviral

import (
	"net/url"
	"regexp"
	"strings"
)

// redact removes the API key and its secret from s.
func (c *Client) redact(s string) string {
	return Redact(s, c.key)
}

// Redact replaces every occurrence of key, and of its secret part after the
// first ".", with "***", also percent-encoded (a server or proxy that echoes
// the request's URL or a form body encodes characters such as "/" and "+").
func Redact(s, key string) string {
	if key == "" {
		return s
	}
	secrets := []string{key}
	if _, secret, ok := strings.Cut(key, "."); ok && len(secret) >= 4 {
		secrets = append(secrets, secret)
	}
	for _, v := range secrets {
		s = strings.ReplaceAll(s, v, "***")
		for _, esc := range []string{url.QueryEscape(v), url.PathEscape(v)} {
			if esc != v && strings.Contains(s, "%") {
				// Hex digits of percent-encoding may be in either case.
				s = regexp.MustCompile("(?i)"+regexp.QuoteMeta(esc)).ReplaceAllLiteralString(s, "***")
			}
		}
	}
	return s
}
