package genviral

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// APIError is the one error type the client returns for a failed call: an
// error envelope, an unexpected status, a body that cannot be decoded, or a
// transport failure (StatusCode 0).
type APIError struct {
	// Method and Path identify the endpoint, e.g. "GET", "/analytics/targets".
	Method string
	Path   string
	// StatusCode is the HTTP status of the last attempt; 0 when no response
	// arrived (network error, timeout, cancellation).
	StatusCode int
	// ErrorCode is the envelope's error_code, when the body had one.
	ErrorCode string
	// Message is the envelope's message, or a description of what went wrong.
	Message string
	// Attempts is how many requests were sent for this call.
	Attempts int
	// Err is the underlying cause, when there is one (transport or decode).
	Err error
	// Envelope says whether the body was the API's error envelope (ok
	// false, code equal to the status): only then is a 404 the API's word
	// that something does not exist.
	Envelope bool
	// UnknownRoute says that the API answered a 404 envelope about the
	// request's path, not about the object it names ("Route not found"):
	// the base URL is wrong, and the object is not known to be gone.
	UnknownRoute bool
	// malformed marks a garbled 2xx answer, retried like a network error.
	malformed bool
	// RetryAfter is the wait the last answer asked for with Retry-After
	// (at most the client's cap); 0 when it sent none.
	RetryAfter time.Duration
	// Unsent says that the call sent no request at all: it stopped (its
	// context ended, or a read limit was reached) before the first one
	// left the client. Only then is a failed POST known to have had no
	// effect on the server.
	Unsent bool
}

// Error implements error. It never contains the API key.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", e.Method, e.Path)
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": HTTP %d", e.StatusCode)
		if t := http.StatusText(e.StatusCode); t != "" {
			fmt.Fprintf(&b, " %s", t)
		}
	}
	if e.ErrorCode != "" {
		fmt.Fprintf(&b, " (%s)", e.ErrorCode)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	// ErrNotJSON only marks the kind of failure; the message describes the
	// body (HTML page, truncated JSON) better than its text would.
	if e.Err != nil && (e.Message == "" || (!strings.Contains(e.Message, e.Err.Error()) && !errors.Is(e.Err, ErrNotJSON))) {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *APIError) Unwrap() error { return e.Err }

// Hint returns advice for the user on what to do about the error, or "".
func (e *APIError) Hint() string {
	var de *DeadlineError
	switch {
	case errors.Is(e.Err, ErrRedirect):
		return "The Genviral API does not redirect: base_url probably points at a proxy, a load balancer or an old " +
			"address (http instead of https, another host or port). Set base_url to the Partner API's address " +
			"(default " + DefaultBaseURL + "), not to the one the redirect names unless you trust it."
	case errors.Is(e.Err, ErrReadLimit):
		return "The server sent more than one read may hold or ask for (see \"Reliability\" in the provider's " +
			"documentation for the limits). Narrow the read (filters, a smaller max_results) or check that base_url " +
			"points at the Genviral API."
	case e.UnknownRoute:
		return "The API has no endpoint at the URL requested: base_url must be the Partner API's address, ending in " +
			BasePath + " (default " + DefaultBaseURL + "). Nothing was removed from state."
	case e.StatusCode == http.StatusNotFound && !e.Envelope:
		return "This 404 did not come from the Genviral API (it had no JSON error envelope): check base_url and any " +
			"proxy between Terraform and the API. Nothing was removed from state."
	case e.StatusCode >= 400 && e.StatusCode < 500 && e.StatusCode != http.StatusTooManyRequests && !e.Envelope &&
		errors.Is(e.Err, ErrNotJSON):
		// Not the API's verdict on the key, its scope or its credits.
		return fmt.Sprintf("This HTTP %d did not come from the Genviral API (its body was not the API's JSON): a "+
			"firewall, a proxy or a wrong base_url refused the request. Check base_url and any proxy between Terraform "+
			"and the API.", e.StatusCode)
	case e.malformed:
		return "The answer had a success status but was not the API's JSON answer (an HTML page, a body cut short, or " +
			"ok:false), also when asked again. Check base_url and any proxy between Terraform and the API (a proxy's or " +
			"captive portal's page answers like this); if the API is only briefly degraded, try again later, and raise " +
			"max_retries for unattended runs."
	case e.StatusCode == http.StatusUnauthorized:
		return "The API key was rejected. Check the provider's api_key argument or the GENVIRAL_API_KEY environment variable: it must be the full token \"<public_id>.<secret>\" shown once when the key was created, and the key must not be revoked."
	case e.StatusCode == http.StatusForbidden && e.ErrorCode == "tier_not_allowed":
		return "The account's plan does not include the Partner API (the Scheduler tier cannot use it). Upgrade to a Creator, Professional or Business plan."
	case e.StatusCode == http.StatusForbidden:
		return "The key lacks access to this scope. Every key is single-scope: a workspace key sees only its workspace's targets, a personal key only its owner's personal targets. Use a key of the scope that owns the target."
	case e.StatusCode == http.StatusPaymentRequired && e.ErrorCode == "subscription_required":
		return "The Partner API needs an active Creator, Professional or Business subscription."
	case e.StatusCode == http.StatusPaymentRequired:
		return "The account does not have enough credits for this (paid) operation. Add credits or wait for the free daily refresh."
	case e.StatusCode == http.StatusTooManyRequests && e.Attempts <= 1:
		return "The API rate limited the request. Wait a little and apply again; the provider already sends fewer requests at once after a 429: lower max_parallel_requests or -parallelism if it keeps happening. (Requests that could spend credits, such as refreshes, are never retried automatically.)"
	case e.StatusCode == http.StatusTooManyRequests:
		return fmt.Sprintf("The API rate limited the request and it was still limited after %d attempts, when the "+
			"operation's deadline left no time for another. The provider retries a 429 for as long as the operation's "+
			"timeout allows (a timeouts block value, or timeouts.read of a data source), pausing all its requests for "+
			"Retry-After and slowing its request rate. Raise that timeout, lower max_parallel_requests or -parallelism, "+
			"run fewer pipelines with this API key at once, or try again later.", e.Attempts)
	case e.StatusCode >= 500:
		return "The Genviral API failed. This is usually transient: try again later; raise max_retries for unattended runs."
	case e.StatusCode == 0 && errors.Is(e.Err, context.Canceled):
		return "The operation was cancelled (for example Terraform was interrupted) before the API answered."
	case e.StatusCode == 0 && errors.As(e.Err, &de):
		return fmt.Sprintf("%s before the API answered. Raise it; request_timeout bounds each single request, "+
			"this deadline the whole read with its retries.", upperFirst(de.Error()))
	case e.StatusCode == 0 && errors.Is(e.Err, context.DeadlineExceeded):
		return "The operation's deadline (a timeouts block value of the resource) passed before the API answered. Raise that timeout; request_timeout bounds each single request."
	case e.StatusCode == 0 && errors.Is(e.Err, ErrTimeout):
		return "The API did not answer within request_timeout. Raise request_timeout or check connectivity to base_url."
	case e.StatusCode == 0:
		return "Check connectivity to the API and the provider's base_url."
	}
	return ""
}

// SharedRequestError is the failure of a request that several reads of one
// run shared (the target list), as given to every reader but the first,
// which got Err itself: it refers to that error instead of repeating it.
// errors.As still finds the *APIError inside.
type SharedRequestError struct {
	// Err is the shared request's error, reported in full once.
	Err error
}

// Error implements error: a short reference to the shared failure.
func (e *SharedRequestError) Error() string {
	what := "the shared request"
	if a, ok := AsAPIError(e.Err); ok {
		what = a.Method + " " + a.Path
		if a.StatusCode != 0 {
			what += fmt.Sprintf(" (HTTP %d)", a.StatusCode)
		}
	}
	return what + " failed; every target read of this run shares that one request, and its error is reported in " +
		"full once, for another resource or data source of this run"
}

// Unwrap returns the shared error.
func (e *SharedRequestError) Unwrap() error { return e.Err }

// ErrTimeout marks a request attempt that exceeded the configured timeout.
var ErrTimeout = errors.New("request timed out")

// ErrNotJSON marks a response whose body was not JSON (e.g. an HTML error
// page from a proxy).
var ErrNotJSON = errors.New("response body was not JSON")

// AsAPIError returns err as an *APIError when it is (or wraps) one.
func AsAPIError(err error) (*APIError, bool) {
	var e *APIError
	ok := errors.As(err, &e)
	return e, ok
}

func hasStatus(err error, status int) bool {
	e, ok := AsAPIError(err)
	return ok && e.StatusCode == status
}

// IsNotFound reports whether err is the API's 404 (absent or outside the
// key's scope): a 404 that carried the API's error envelope about the
// object asked for. A 404 without it (an HTML page of a proxy, a wrong
// base_url), or the API's own 404 for a path it has no route for, is not
// proof of absence.
func IsNotFound(err error) bool {
	e, ok := AsAPIError(err)
	return ok && e.StatusCode == http.StatusNotFound && e.Envelope && !e.UnknownRoute
}

// isUnknownRoute reports whether the 404 envelope env is about the path
// rather than the object it names. [INFERENCE] The API answers a path it
// has no route for with {"code":404,"error_code":"not_found","message":
// "Route not found"} (seen with a base URL ending in /api/partner/v2; issue
// 23), and its 404s about objects name the object ("Analytics target not
// found in current key scope"). Wording is all that tells them apart, so
// "route" or "endpoint" in the message or the error_code counts.
func isUnknownRoute(env *envelope) bool {
	for _, s := range []string{env.Message, env.ErrorCode} {
		s = strings.ToLower(s)
		if strings.Contains(s, "route") || strings.Contains(s, "endpoint") {
			return true
		}
	}
	return false
}

// IsConflict reports whether err is a 409 (e.g. a refresh already running).
func IsConflict(err error) bool { return hasStatus(err, http.StatusConflict) }

// IsUnauthorized reports whether err is a 401.
func IsUnauthorized(err error) bool { return hasStatus(err, http.StatusUnauthorized) }

// IsForbidden reports whether err is a 403.
func IsForbidden(err error) bool { return hasStatus(err, http.StatusForbidden) }

// IsPaymentRequired reports whether err is a 402 (subscription or credits).
func IsPaymentRequired(err error) bool { return hasStatus(err, http.StatusPaymentRequired) }

// IsRateLimited reports whether err is a 429.
func IsRateLimited(err error) bool { return hasStatus(err, http.StatusTooManyRequests) }

// upperFirst returns s with its first letter in upper case, to open a
// sentence with a phrase such as "the read timeout (timeouts.read)".
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
