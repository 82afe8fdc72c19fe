package provider

// The checks of the provider's own arguments (api_key, base_url) and of
// their environment variables. Domain validators (handles, ids, dates,
// timeouts) are in internal/provider/shared/validators.go.

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

// apiKeyValidator checks the shape of an API key without ever echoing it.
func apiKeyValidator() validator.String {
	return shared.StringCheck{
		Desc:    `must be the full token "<public_id>.<secret>"`,
		Summary: "Malformed Genviral API Key",
		Check: func(key string) string {
			problem := checkAPIKey(key)
			if problem == "" {
				return ""
			}
			return fmt.Sprintf("The api_key argument is malformed: %s. The key is the full token \"<public_id>.<secret>\" "+
				"shown once when it was created (for example gva_live_k3m9qz.<secret>). "+
				"Prefer the %s environment variable over writing the key in configuration.", problem, EnvAPIKey)
		},
	}
}

var publicIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

const minSecretLen = 8

// checkAPIKey describes what is wrong with key, or returns "". The
// description never contains any part of the key.
func checkAPIKey(key string) string {
	if key == "" {
		return "it is empty"
	}
	// Before the white space check: "Bearer <token>" has a space too, and
	// this is the better hint for it.
	if strings.HasPrefix(strings.ToLower(key), "bearer") {
		return `it starts with "Bearer": give the token alone, the provider adds the Authorization scheme`
	}
	if strings.IndexFunc(key, unicode.IsSpace) >= 0 {
		return "it contains white space (check for a trailing newline or a space copied with it)"
	}
	publicID, secret, ok := strings.Cut(key, ".")
	switch {
	case !ok:
		return `it has no "." between the public id and the secret (only the public id may have been copied)`
	case publicID == "":
		return `the public id before the "." is empty`
	case !publicIDPattern.MatchString(publicID):
		return "the public id before the \".\" may contain only letters, digits, \"_\" and \"-\""
	case len(secret) < minSecretLen:
		return fmt.Sprintf("the secret after the \".\" is shorter than %d characters (it may be truncated)", minSecretLen)
	}
	return ""
}

// baseURLValidator checks base_url: absolute, https unless loopback.
func baseURLValidator() validator.String {
	return shared.StringCheck{
		Desc:    "must be an absolute https:// URL (http:// only for loopback hosts)",
		Summary: "Invalid Genviral Base URL",
		Check: func(raw string) string {
			if problem := checkBaseURL(raw); problem != "" {
				return fmt.Sprintf("The base_url %s is not valid: %s.", quoteURL(raw), problem)
			}
			return ""
		},
	}
}

// quoteURL quotes a base URL for a message without what may hold a
// credential such as an API key pasted into it: the user information (user
// name and password), the query string and the fragment are replaced by
// "xxxxx". A URL that cannot be parsed is quoted only when it has none of
// "@", "?" and "#".
func quoteURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		if strings.ContainsAny(raw, "@?#") {
			return "(not shown: it may contain credentials)"
		}
		return fmt.Sprintf("%q", raw)
	}
	const hidden = "xxxxx"
	if u.User != nil {
		u.User = url.User(hidden)
	}
	if u.RawQuery != "" {
		u.RawQuery = hidden
	}
	if u.Fragment != "" {
		u.Fragment, u.RawFragment = hidden, ""
	}
	return fmt.Sprintf("%q", u.String())
}

// checkBaseURL describes what is wrong with a base URL, or returns "".
func checkBaseURL(raw string) string {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return "it cannot be parsed as a URL"
	case u.Scheme == "" || u.Host == "":
		return "it must be an absolute URL such as https://www.genviral.io/api/partner/v1"
	case u.User != nil:
		return "it must not contain credentials; use api_key"
	case u.RawQuery != "" || u.Fragment != "":
		return "it must not have a query string or fragment"
	case u.Scheme == "https":
		return ""
	case u.Scheme == "http" && isLoopback(u.Hostname()):
		return ""
	case u.Scheme == "http":
		return "plain http:// would send the API key unencrypted; use https://, or http:// only with a loopback host (localhost, 127.0.0.1, [::1])"
	}
	return fmt.Sprintf("the scheme %q is not supported; use https://", u.Scheme)
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
