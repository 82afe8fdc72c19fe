package genviral

import (
	"encoding/json"
	"strings"
)

// TargetField names one field of a target row, for Target.Has.
type TargetField uint16

// The fields of a target row whose presence Target.Has reports.
const (
	FieldPlatform TargetField = 1 << iota
	FieldIdentifier
	FieldNormalizedIdentifier
	FieldDisplayName
	FieldWorkspaceID
	FieldUserID
	FieldLastRefreshedAt
	FieldFreeRefreshAvailable
	FieldFavorite
)

// Has reports whether the row the target was decoded from carried field f.
//
// The list, create, single GET and PATCH answers each carry a different
// subset of the fields (contract §4), and a misbehaving server or proxy may
// drop any of them, so "absent" must never be read as "empty": a field a row
// lacks says nothing about the target. For the nullable fields (display name,
// workspace, user, last refresh) Has is true for an explicit JSON null. An
// empty or null platform or identifier is never a real value and counts as
// absent.
func (t *Target) Has(f TargetField) bool { return t.present&f != 0 }

// SetHas marks fields as carried by the row. The decoder sets them; code
// that builds a Target by hand (tests, fakes) uses it to say which of its
// fields are meant.
func (t *Target) SetHas(f TargetField) { t.present |= f }

// opt is one decoded member of a row: whether the key was present, and its
// value (nil for JSON null).
type opt[T any] struct {
	set bool
	v   *T
}

func (o *opt[T]) UnmarshalJSON(b []byte) error {
	o.set = true
	if string(b) == "null" {
		o.v = nil
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	o.v = &v
	return nil
}

// targetWire is a target row as the API sends it.
type targetWire struct {
	ID                   opt[string]          `json:"id"`
	TargetID             opt[string]          `json:"target_id"`
	UserID               opt[string]          `json:"user_id"`
	WorkspaceID          opt[string]          `json:"workspace_id"`
	Platform             opt[string]          `json:"platform"`
	Identifier           opt[string]          `json:"identifier"`
	NormalizedIdentifier opt[string]          `json:"normalized_identifier"`
	DisplayName          opt[string]          `json:"display_name"`
	LastRefreshedAt      opt[string]          `json:"last_refreshed_at"`
	FreeRefreshAvailable opt[bool]            `json:"free_refresh_available"`
	Metadata             opt[json.RawMessage] `json:"metadata"`
}

// UnmarshalJSON decodes a target row once, normalized: ID falls back to the
// target_id alias (contract §4.1), an empty normalized_identifier counts as
// absent, and Has records which fields the row carried.
func (t *Target) UnmarshalJSON(b []byte) error {
	var w targetWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*t = Target{}
	str := func(o opt[string]) string {
		if o.v == nil {
			return ""
		}
		return *o.v
	}
	t.ID, t.TargetID = str(w.ID), str(w.TargetID)
	if t.ID == "" {
		t.ID = t.TargetID
	}
	if t.Platform = str(w.Platform); t.Platform != "" {
		t.present |= FieldPlatform
	}
	if t.Identifier = str(w.Identifier); strings.TrimSpace(t.Identifier) != "" {
		t.present |= FieldIdentifier
	}
	if n := str(w.NormalizedIdentifier); n != "" {
		t.NormalizedIdentifier = &n
		t.present |= FieldNormalizedIdentifier
	}
	nullable := func(o opt[string], dst **string, f TargetField) {
		if o.set {
			*dst = o.v
			t.present |= f
		}
	}
	nullable(w.DisplayName, &t.DisplayName, FieldDisplayName)
	nullable(w.WorkspaceID, &t.WorkspaceID, FieldWorkspaceID)
	nullable(w.UserID, &t.UserID, FieldUserID)
	nullable(w.LastRefreshedAt, &t.LastRefreshedAt, FieldLastRefreshedAt)
	if w.FreeRefreshAvailable.v != nil {
		t.FreeRefreshAvailable = w.FreeRefreshAvailable.v
		t.present |= FieldFreeRefreshAvailable
	}
	if w.Metadata.v != nil {
		// Metadata is free-form [DOC]: only the favorite flag is read, and a
		// metadata value that is not an object is ignored.
		var md TargetMetadata
		if json.Unmarshal(*w.Metadata.v, &md) == nil {
			t.Metadata = &md
			if md.Favorite != nil {
				t.present |= FieldFavorite
			}
		}
	}
	return nil
}

// Normalized returns the row's handle in comparison form, and whether the
// row carried one: the API's own normalized_identifier wins over the
// provider's normalization of the identifier. It is the one place that
// decides between the two.
func (t *Target) Normalized() (string, bool) {
	switch {
	case t.Has(FieldNormalizedIdentifier):
		return NormalizeIdentifier(*t.NormalizedIdentifier), true
	case t.Has(FieldIdentifier):
		return NormalizeIdentifier(t.Identifier), true
	}
	return "", false
}

// Key returns the account a row names, platform and normalized handle
// ("tiktok/brand"), and whether the row carried both.
func (t *Target) Key() (string, bool) {
	norm, ok := t.Normalized()
	if !ok || !t.Has(FieldPlatform) {
		return "", false
	}
	return t.Platform + "/" + norm, true
}

// AccountKey returns the account key of platform and identifier, in the form
// of Target.Key.
func AccountKey(platform, identifier string) string {
	return platform + "/" + NormalizeIdentifier(identifier)
}
