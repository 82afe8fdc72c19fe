package genviral

import (
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Platforms supported by the analytics API (contract §1).
const (
	PlatformTikTok    = "tiktok"
	PlatformInstagram = "instagram"
	PlatformYouTube   = "youtube"
)

// Platforms lists every platform the analytics API accepts, in a stable order.
var Platforms = []string{PlatformTikTok, PlatformInstagram, PlatformYouTube}

// Date range presets accepted by the summary and posts endpoints (contract §6, §7).
var Ranges = []string{"14d", "30d", "90d", "1y", "all"}

// Sort fields and orders accepted by the posts endpoint (contract §7).
var (
	PostSortFields = []string{"published_at", "views", "likes", "comments", "shares"}
	SortOrders     = []string{"asc", "desc"}
)

// Paging limits of the posts endpoint (contract §7).
const (
	MaxPostsPageSize = 100
	MaxPostsOffset   = 10000
)

// NormalizeIdentifier returns the comparison form of an account handle: white
// space trimmed, one leading "@" removed, and Unicode case folded, so that
// two handles are the same account exactly when their normal forms are equal.
//
// The API documents only the "@" stripping (contract §4.2); its example
// normalized_identifier values are lower-cased, and [INFERENCE] it lower-cases
// as JavaScript's toLowerCase does: "İ" becomes "i̇" and a capital sigma at
// the end of a word becomes the final "ς", which a rune-by-rune lower-casing
// ("σ") would call another account. So every rune is first mapped to one
// representative of its simple case folding orbit (Σ, σ and ς to σ; K, k
// and the Kelvin sign to k; ẞ to ß, which stays apart from "ss" as it does in
// toLowerCase), then a sigma ending a word is written "ς". The result is the
// API's lower-case spelling, and equal for every spelling of one handle,
// whichever side (configuration or API answer) it comes from. It is used to
// compare handles, never to send them.
func NormalizeIdentifier(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "@")
	return foldHandle(s)
}

// foldHandle returns s case folded as NormalizeIdentifier describes.
func foldHandle(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	runes := make([]rune, 0, len(s))
	for _, r := range s {
		if r == 'İ' {
			// Its full lower case (SpecialCasing.txt), as toLowerCase gives.
			runes = append(runes, 'i', '\u0307')
			continue
		}
		runes = append(runes, foldRune(r))
	}
	for i, r := range runes {
		if r == 'σ' && i > 0 && unicode.IsLetter(runes[i-1]) && (i+1 == len(runes) || !unicode.IsLetter(runes[i+1])) {
			runes[i] = 'ς'
		}
	}
	return string(runes)
}

// foldRune returns the representative of r's simple case folding orbit, the
// same for every member: the lower case of its smallest upper-case member
// (so Ι, ι and the combining ypogegrammeni all give ι), or of its smallest
// member when none is upper case.
func foldRune(r rune) rune {
	lowest, upper := r, rune(-1)
	for f := r; ; {
		lowest = min(lowest, f)
		if unicode.IsUpper(f) && (upper < 0 || f < upper) {
			upper = f
		}
		if f = unicode.SimpleFold(f); f == r {
			break
		}
	}
	if upper >= 0 {
		return unicode.ToLower(upper)
	}
	return unicode.ToLower(lowest)
}

// Target is one analytics target row. The list, create, single GET and PATCH
// endpoints each return a different subset of these fields (contract §4), so
// every field but ID may be absent: pointers are nil when the server omitted
// the field or sent null.
type Target struct {
	ID                   string          `json:"id"`
	TargetID             string          `json:"target_id,omitempty"`
	UserID               *string         `json:"user_id,omitempty"`
	WorkspaceID          *string         `json:"workspace_id,omitempty"`
	Platform             string          `json:"platform"`
	Identifier           string          `json:"identifier"`
	NormalizedIdentifier *string         `json:"normalized_identifier,omitempty"`
	DisplayName          *string         `json:"display_name,omitempty"`
	LastRefreshedAt      *string         `json:"last_refreshed_at,omitempty"`
	FreeRefreshAvailable *bool           `json:"free_refresh_available,omitempty"`
	Metadata             *TargetMetadata `json:"metadata,omitempty"`

	// present records which fields the row carried (see Has).
	present TargetField
}

// TargetMetadata is the free-form metadata object of a target; only the
// documented favorite flag is decoded.
type TargetMetadata struct {
	Favorite *bool `json:"favorite,omitempty"`
}

// TargetList is the data of GET /analytics/targets.
type TargetList struct {
	// WorkspaceID is the key's workspace; nil for personal-scope keys.
	WorkspaceID *string
	// ScopeKnown says whether the answer carried workspace_id at all
	// (documented [DOC]; a server or proxy that drops it leaves the key's
	// scope unknown, which is not the same as personal).
	ScopeKnown bool
	Targets    []Target
}

// UnmarshalJSON decodes the list, telling an absent workspace_id from null.
func (l *TargetList) UnmarshalJSON(b []byte) error {
	var w struct {
		WorkspaceID opt[string] `json:"workspace_id"`
		Targets     []Target    `json:"targets"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*l = TargetList{WorkspaceID: w.WorkspaceID.v, ScopeKnown: w.WorkspaceID.set, Targets: w.Targets}
	return nil
}

// Scope describes the key's scope as the list reported it: "workspace <id>",
// "personal scope", or "" when the list did not say.
func (l *TargetList) Scope() string {
	switch {
	case !l.ScopeKnown:
		return ""
	case l.WorkspaceID == nil:
		return "personal scope"
	}
	return "workspace " + *l.WorkspaceID
}

// CreateTargetRequest is the body of POST /analytics/targets.
type CreateTargetRequest struct {
	Platform   string `json:"platform"`
	Identifier string `json:"identifier"`
	Alias      string `json:"alias,omitempty"`
}

// CreateTargetResult is the data of POST /analytics/targets. Created is false
// when the API returned a target that already existed in the key's scope.
type CreateTargetResult struct {
	Target  Target `json:"target"`
	Created bool   `json:"created"`
	// Retried is true when the answer came from a retry after an attempt
	// that failed in a way that may have created the target on the server
	// (no answer, a timeout, a 5xx), so Created false is then ambiguous. A
	// retry after a 429 or another refusal does not count.
	Retried bool `json:"-"`
}

// TargetDetail is the data of GET /analytics/targets/{id}: the target and its
// undocumented summary object, kept raw.
type TargetDetail struct {
	Target  Target
	Summary json.RawMessage
}

// RefreshPolicy is the refresh policy patch of a target (contract §4.4),
// sent with camelCase keys. The API merges it into the stored policy, so
// fields that are not Set are left as they are and Null fields are cleared.
type RefreshPolicy struct {
	FreeDailyRefresh Field[bool]
	MaxPosts         Field[int64]
}

// MarshalJSON encodes only the fields that are Set.
func (p RefreshPolicy) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	putField(m, "freeDailyRefresh", p.FreeDailyRefresh)
	putField(m, "maxPosts", p.MaxPosts)
	return json.Marshal(m)
}

// UpdateTargetRequest is the body of PATCH /analytics/targets/{id}. Each
// field is tri-state: not sent, sent as null (clear), or sent with a value.
type UpdateTargetRequest struct {
	DisplayName   Field[string]
	Favorite      Field[bool]
	RefreshPolicy Field[RefreshPolicy]
}

// Field is one tri-state member of a PATCH body.
type Field[T any] struct {
	// Set says whether the field is sent at all.
	Set bool
	// Null sends JSON null (only meaningful when Set).
	Null bool
	// Value is sent when Set and not Null.
	Value T
}

// Value returns a Field that sends v.
func Value[T any](v T) Field[T] { return Field[T]{Set: true, Value: v} }

// Null returns a Field that sends JSON null.
func Null[T any]() Field[T] { return Field[T]{Set: true, Null: true} }

// IsEmpty reports whether the request would send no field at all. The API
// rejects such a PATCH with 400 "no valid updates".
func (r UpdateTargetRequest) IsEmpty() bool {
	return !r.DisplayName.Set && !r.Favorite.Set && !r.RefreshPolicy.Set
}

// MarshalJSON encodes only the fields that are Set, with the API's camelCase
// names.
func (r UpdateTargetRequest) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	putField(m, "displayName", r.DisplayName)
	putField(m, "favorite", r.Favorite)
	putField(m, "refreshPolicy", r.RefreshPolicy)
	return json.Marshal(m)
}

func putField[T any](m map[string]any, name string, f Field[T]) {
	switch {
	case !f.Set:
	case f.Null:
		m[name] = nil
	default:
		m[name] = f.Value
	}
}

// Refresh is one refresh job row (contract §5.2).
type Refresh struct {
	ID              string  `json:"id"`
	TargetID        string  `json:"target_id"`
	WorkspaceID     *string `json:"workspace_id"`
	Status          string  `json:"status"`
	CreditsUsed     float64 `json:"credits_used"`
	FreeRefreshUsed bool    `json:"free_refresh_used"`
	StartedAt       *string `json:"started_at"`
	CompletedAt     *string `json:"completed_at"`
	Error           *string `json:"error"`
}

// Refresh statuses (contract §5.2). Completed and failed are terminal.
const (
	RefreshPending    = "pending"
	RefreshProcessing = "processing"
	RefreshCompleted  = "completed"
	RefreshFailed     = "failed"
)

// Done reports whether the refresh reached a terminal status.
func (r Refresh) Done() bool {
	return r.Status == RefreshCompleted || r.Status == RefreshFailed
}

// RefreshResult is the data of POST /analytics/targets/{id}/refresh.
type RefreshResult struct {
	Refresh Refresh `json:"refresh"`
	WasFree bool    `json:"wasFree"`
}

// AnalyticsFilter holds the filters shared by the summary and posts
// endpoints (contract §6, §7). Empty fields are not sent.
type AnalyticsFilter struct {
	Range      string
	Start      string
	End        string
	Platforms  []string
	AccountIDs []string
}

// PostsQuery is the query of GET /analytics/summary/posts. Limit and Offset
// are always sent.
type PostsQuery struct {
	AnalyticsFilter
	SortBy    string
	SortOrder string
	Limit     int
	Offset    int
}

// Post is one post row of GET /analytics/summary/posts. Fields the contract
// marks as optional or nullable are pointers.
type Post struct {
	ID                 string       `json:"id"`
	AnalyticsID        *string      `json:"analyticsId"`
	PlatformPostID     *string      `json:"platformPostId"`
	GenviralPostID     *string      `json:"genviralPostId"`
	ExternalID         *string      `json:"externalId"`
	PublishedAt        *string      `json:"publishedAt"`
	Caption            *string      `json:"caption"`
	Permalink          *string      `json:"permalink"`
	ThumbnailURL       *string      `json:"thumbnailUrl"`
	DurationSeconds    *float64     `json:"durationSeconds"`
	Metrics            *PostMetrics `json:"metrics"`
	EngagementRate     *float64     `json:"engagementRate"`
	Platform           *string      `json:"platform"`
	AccountIdentifier  *string      `json:"accountIdentifier"`
	AccountDisplayName *string      `json:"accountDisplayName"`
	AccountAvatarURL   *string      `json:"accountAvatarUrl"`
}

// Key returns the analytics row id used to de-duplicate rows: analyticsId,
// falling back to the legacy id alias.
func (p Post) Key() string {
	if p.AnalyticsID != nil && *p.AnalyticsID != "" {
		return *p.AnalyticsID
	}
	return p.ID
}

// PostMetrics are the counters of one post. Absent counters are nil.
type PostMetrics struct {
	Views    *int64 `json:"views"`
	Likes    *int64 `json:"likes"`
	Comments *int64 `json:"comments"`
	Shares   *int64 `json:"shares"`
	Saves    *int64 `json:"saves"`
}

// PostsPage is the data of one GET /analytics/summary/posts response.
type PostsPage struct {
	Posts      []Post `json:"posts"`
	TotalCount int    `json:"totalCount"`
	HasMore    bool   `json:"hasMore"`
}

// Summary is the data of GET /analytics/summary. Its inner shapes are
// undocumented (contract §6), so everything but the posting streak is kept
// as raw JSON.
type Summary struct {
	KPIs              json.RawMessage `json:"kpis"`
	InteractionSeries json.RawMessage `json:"interactionSeries"`
	EngagementSeries  json.RawMessage `json:"engagementSeries"`
	PostingHeatmap    json.RawMessage `json:"postingHeatmap"`
	PostingStreak     *float64        `json:"postingStreak"`
	ContentMix        json.RawMessage `json:"contentMix"`
}

// WorkspaceSuggestion is one item of GET /analytics/workspace-suggestions.
type WorkspaceSuggestion struct {
	WorkspaceID   *string `json:"workspaceId"`
	WorkspaceName string  `json:"workspaceName"`
	TotalItems    int64   `json:"totalItems"`
	IsPersonal    bool    `json:"isPersonal"`
}
