package genviral

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sync/atomic"
	"time"
)

// Defaults of the limits of one read (Config.ReadTimeout, MaxReadBytes,
// MaxReadRequests, MaxTargets).
const (
	// DefaultReadTimeout bounds a read, retries and Retry-After waits
	// included, when its context has no deadline of its own.
	DefaultReadTimeout = 10 * time.Minute
	// DefaultMaxReadBytes caps the response bytes one read holds: the sum
	// of the page bodies of a posts read, the body of a target list.
	DefaultMaxReadBytes = 64 << 20
	// DefaultMaxReadRequests caps the requests one read asks for: its pages
	// (and a target list). Retries of a request do not count: MaxRetries
	// bounds those of failures, the read's deadline those of 429s. A full
	// posts window (10,100 rows) takes 101 requests at the API's 100-row
	// pages.
	DefaultMaxReadRequests = 1000
	// DefaultMaxTargets caps the rows of a target list.
	DefaultMaxTargets = 10000
)

// ErrReadLimit marks a read stopped by one of its limits (bytes, requests,
// rows): the server sent more than a read may hold or ask for.
var ErrReadLimit = errors.New("read limit reached")

// ErrRedirect marks a 3xx answer: the client follows no redirect.
var ErrRedirect = errors.New("redirect not followed")

// DeadlineError is the cause of a context bounded by WithDeadline (and of
// the client's own read deadline): it names the limit that ended the
// operation. It matches context.DeadlineExceeded with errors.Is.
type DeadlineError struct {
	// Limit names the limit in the caller's words, e.g. "the read timeout".
	Limit string
	// Timeout is its value.
	Timeout time.Duration
}

// Error implements error.
func (e *DeadlineError) Error() string {
	return fmt.Sprintf("%s of %s ended", e.Limit, e.Timeout)
}

// Is makes errors.Is(err, context.DeadlineExceeded) true.
func (e *DeadlineError) Is(target error) bool { return target == context.DeadlineExceeded }

type limitKey struct{}

// WithDeadline returns ctx bounded by timeout. When that deadline ends an
// operation, the client's error names limit (e.g. "the read timeout")
// instead of a bare "context deadline exceeded".
func WithDeadline(ctx context.Context, timeout time.Duration, limit string) (context.Context, context.CancelFunc) {
	ctx = context.WithValue(ctx, limitKey{}, limit)
	return context.WithTimeoutCause(ctx, timeout, &DeadlineError{Limit: limit, Timeout: timeout})
}

// readContext bounds a read whose context has no deadline by
// Config.ReadTimeout.
func (c *Client) readContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return ctx, func() {}
	}
	return WithDeadline(ctx, c.cfg.ReadTimeout, "the client's read deadline")
}

// limitName names the deadline of ctx for messages.
func limitName(ctx context.Context) string {
	if s, ok := ctx.Value(limitKey{}).(string); ok && s != "" {
		return s
	}
	return "the operation's deadline"
}

// ctxErr is the reason ctx ended: the DeadlineError of WithDeadline when it
// set one, else ctx.Err().
func ctxErr(ctx context.Context) error {
	if err := context.Cause(ctx); err != nil {
		return err
	}
	return ctx.Err()
}

// ctxMessage describes why ctx ended, for an APIError's Message.
func ctxMessage(ctx context.Context) string {
	var de *DeadlineError
	switch err := ctxErr(ctx); {
	case errors.As(err, &de):
		return "stopped: " + de.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return "stopped: " + limitName(ctx) + " ended"
	default:
		return "request cancelled"
	}
}

// readBudget is what one read may still spend: response bytes held and
// requests asked for (each counted once, however many attempts it takes).
// Its zero value is not usable; see newReadBudget. A call
// outside a FetchPosts is a read of its own, with a budget of its own.
type readBudget struct {
	maxBytes    int64
	maxRequests int64
	bytes       atomic.Int64
	requests    atomic.Int64
}

type budgetKey struct{}

// withBudget makes the calls made with ctx share b: the pages of one
// FetchPosts are one read.
func withBudget(ctx context.Context, b *readBudget) context.Context {
	return context.WithValue(ctx, budgetKey{}, b)
}

func budgetFrom(ctx context.Context) *readBudget {
	b, _ := ctx.Value(budgetKey{}).(*readBudget)
	return b
}

func (c *Client) newReadBudget() *readBudget {
	return &readBudget{maxBytes: c.cfg.MaxReadBytes, maxRequests: int64(c.cfg.MaxReadRequests)}
}

// request counts one request of the read (not its retries); it fails when
// the read already asked for its maximum.
func (b *readBudget) request() error {
	if n := b.requests.Add(1); n > b.maxRequests {
		return fmt.Errorf("%w: this read already asked for %d requests (pages), the limit of one read; the server "+
			"may be serving very small pages", ErrReadLimit, b.maxRequests)
	}
	return nil
}

// reader returns r charging every byte read to the budget. refund gives
// back what it charged (for a body that is not kept).
func (b *readBudget) reader(r io.Reader) (rd io.Reader, refund func()) {
	br := &budgetReader{r: r, b: b}
	return br, func() { b.bytes.Add(-br.n) }
}

type budgetReader struct {
	r io.Reader
	b *readBudget
	n int64
}

func (br *budgetReader) Read(p []byte) (int, error) {
	n, err := br.r.Read(p)
	br.n += int64(n)
	if total := br.b.bytes.Add(int64(n)); total > br.b.maxBytes {
		return n, fmt.Errorf("%w: the responses of this read exceed %d bytes, the limit one read may hold", ErrReadLimit, br.b.maxBytes)
	}
	return n, err
}

// displayURL is u for messages: without credentials and query (which may
// hold long id lists).
func displayURL(u *url.URL) string {
	v := *u
	v.User, v.RawQuery, v.ForceQuery, v.Fragment, v.RawFragment = nil, "", false, "", ""
	return v.String()
}
