package genviral

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
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
	// Malformed says that the answer had a success status but was not the
	// API's answer (not JSON, cut short, or ok:false without an error
	// status); such an answer is retried like a network error.
	Malformed bool
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

// Kind classifies a failed call by what happened, so that a caller can say
// what to do about it; APIError.Kind returns it. The API's own refusals
// (401, 402, 403, 409, 422, ...) are KindAnswered: their StatusCode and
// ErrorCode say which.
type Kind int

// The kinds of a failed call, in the order APIError.Kind tests them.
const (
	// KindOther is a failure no other kind describes, such as an answer
	// whose data could not be decoded.
	KindOther Kind = iota
	// KindRedirect is a 3xx answer: the client follows no redirect.
	KindRedirect
	// KindReadLimit is a read stopped by one of its limits: the server
	// sent more than one read may hold or ask for (ErrReadLimit).
	KindReadLimit
	// KindUnknownRoute is the API's 404 about the path requested, not the
	// object it names: the base URL is wrong (APIError.UnknownRoute).
	KindUnknownRoute
	// KindForeignNotFound is a 404 without the API's error envelope: it
	// came from something other than the API, and is no proof of absence.
	KindForeignNotFound
	// KindForeignRefusal is a 4xx other than 404 and 429 whose body was
	// not JSON: a firewall, a proxy or another server refused the request,
	// not the API.
	KindForeignRefusal
	// KindMalformed is a success status whose body was not the API's
	// answer (not JSON, cut short, or ok:false), also when asked again.
	KindMalformed
	// KindAnswered is the API's refusal of the request: a 4xx other than
	// 429 with a JSON body.
	KindAnswered
	// KindRateLimited is a 429; Attempts says how often the call tried.
	KindRateLimited
	// KindServerError is a 5xx.
	KindServerError
	// KindCanceled is a call whose context was cancelled before an answer.
	KindCanceled
	// KindDeadline is a call whose context's deadline ended before an
	// answer; APIError.Deadline names it when WithDeadline set it.
	KindDeadline
	// KindTimeout is an attempt that got no (complete) answer within
	// Config.Timeout (ErrTimeout).
	KindTimeout
	// KindConnection is any other call that got no answer: DNS, TCP or
	// TLS failure, a connection reset.
	KindConnection
)

var kindNames = [...]string{"other", "redirect", "read limit", "unknown route", "foreign 404", "foreign refusal",
	"malformed answer", "answered", "rate limited", "server error", "cancelled", "deadline", "timeout", "connection"}

// String names k, for tests and logs.
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// Kind classifies e (see Kind).
func (e *APIError) Kind() Kind {
	switch {
	case errors.Is(e.Err, ErrRedirect):
		return KindRedirect
	case errors.Is(e.Err, ErrReadLimit):
		return KindReadLimit
	case e.UnknownRoute:
		return KindUnknownRoute
	case e.StatusCode == http.StatusNotFound && !e.Envelope:
		return KindForeignNotFound
	case e.StatusCode >= 400 && e.StatusCode < 500 && e.StatusCode != http.StatusTooManyRequests && !e.Envelope &&
		errors.Is(e.Err, ErrNotJSON):
		return KindForeignRefusal
	case e.Malformed:
		return KindMalformed
	case e.StatusCode == http.StatusTooManyRequests:
		return KindRateLimited
	case e.StatusCode >= 500:
		return KindServerError
	case e.StatusCode >= 400:
		return KindAnswered
	case e.StatusCode != 0:
		return KindOther
	}
	return transportKind(e.Err)
}

// transportKind classifies the cause err of a call that got no answer.
func transportKind(err error) Kind {
	switch {
	case errors.Is(err, context.Canceled):
		return KindCanceled
	case errors.Is(err, context.DeadlineExceeded):
		return KindDeadline
	case errors.Is(err, ErrTimeout):
		return KindTimeout
	}
	return KindConnection
}

// Deadline returns the named deadline (see WithDeadline) that ended the
// call, when one did.
func (e *APIError) Deadline() (*DeadlineError, bool) {
	var de *DeadlineError
	ok := errors.As(e.Err, &de)
	return de, ok
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
		"full once, to the first read that got it"
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
// base URL), or the API's own 404 for a path it has no route for, is not
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
