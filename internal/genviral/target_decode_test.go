package genviral

import (
	"encoding/json"
	"testing"
)

func TestTargetDecodeRecordsPresence(t *testing.T) {
	cases := map[string]struct {
		row      string
		has, not []TargetField
		id, key  string
	}{
		"list row": {
			row: `{"id":"a","target_id":"a","platform":"tiktok","identifier":"@Brand","display_name":null,"free_refresh_available":false}`,
			has: []TargetField{FieldPlatform, FieldIdentifier, FieldDisplayName, FieldFreeRefreshAvailable},
			not: []TargetField{FieldNormalizedIdentifier, FieldWorkspaceID, FieldUserID, FieldLastRefreshedAt, FieldFavorite},
			id:  "a", key: "tiktok/brand",
		},
		"missing identifier": {
			row: `{"id":"a","platform":"tiktok"}`,
			has: []TargetField{FieldPlatform},
			not: []TargetField{FieldIdentifier, FieldDisplayName},
			id:  "a",
		},
		"null identifier and empty normalized": {
			row: `{"id":"a","platform":"tiktok","identifier":null,"normalized_identifier":""}`,
			not: []TargetField{FieldIdentifier, FieldNormalizedIdentifier},
			id:  "a",
		},
		"target_id alias only": {
			row: `{"target_id":"b","platform":"youtube","identifier":"x","normalized_identifier":"Chan"}`,
			has: []TargetField{FieldNormalizedIdentifier},
			id:  "b", key: "youtube/chan",
		},
		"create row with personal scope": {
			row: `{"id":"c","user_id":"u","workspace_id":null,"platform":"instagram","identifier":"@x","normalized_identifier":"x","last_refreshed_at":null}`,
			has: []TargetField{FieldWorkspaceID, FieldUserID, FieldLastRefreshedAt},
			id:  "c", key: "instagram/x",
		},
		"metadata favorite": {
			row: `{"id":"d","metadata":{"favorite":true}}`,
			has: []TargetField{FieldFavorite},
			id:  "d",
		},
		"metadata not an object": {
			row: `{"id":"d","metadata":"odd"}`,
			not: []TargetField{FieldFavorite},
			id:  "d",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var tg Target
			if err := json.Unmarshal([]byte(tc.row), &tg); err != nil {
				t.Fatal(err)
			}
			for _, f := range tc.has {
				if !tg.Has(f) {
					t.Errorf("Has(%d) = false, want true", f)
				}
			}
			for _, f := range tc.not {
				if tg.Has(f) {
					t.Errorf("Has(%d) = true, want false", f)
				}
			}
			if tg.ID != tc.id {
				t.Errorf("ID = %q, want %q", tg.ID, tc.id)
			}
			key, ok := tg.Key()
			if key != tc.key || ok != (tc.key != "") {
				t.Errorf("Key() = %q, %v; want %q", key, ok, tc.key)
			}
		})
	}
}

func TestTargetListScope(t *testing.T) {
	for row, want := range map[string]string{
		`{"workspace_id":"w1","targets":[]}`: "workspace w1",
		`{"workspace_id":null,"targets":[]}`: "personal scope",
		`{"targets":[]}`:                     "",
	} {
		var l TargetList
		if err := json.Unmarshal([]byte(row), &l); err != nil {
			t.Fatal(err)
		}
		if got := l.Scope(); got != want {
			t.Errorf("%s: Scope() = %q, want %q", row, got, want)
		}
	}
}
