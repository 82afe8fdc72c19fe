package genviral_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

func TestGetSummaryPostingStreak(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		streak string // JSON value; "" leaves the key out
		want   *float64
	}{
		{"number", `7`, ptr(7.0)},
		{"zero", `0`, ptr(0.0)},
		{"float", `2.5`, ptr(2.5)},
		{"numeric string", `"12"`, ptr(12.0)},
		{"object value", `{"value":3,"best":9}`, ptr(3.0)},
		{"object current", `{"current":4,"longest":10}`, ptr(4.0)},
		{"object both", `{"value":5,"current":6}`, ptr(5.0)},
		{"object null value", `{"value":null,"current":6}`, ptr(6.0)},
		{"object without number", `{"days":3}`, nil},
		{"object string value", `{"value":"x"}`, nil},
		{"garbage string", `"many"`, nil},
		{"empty string", `""`, nil},
		{"NaN string", `"NaN"`, nil},
		{"Inf string", `"+Inf"`, nil},
		{"bool", `true`, nil},
		{"array", `[1,2]`, nil},
		{"null", `null`, nil},
		{"absent", ``, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := `{"kpis":{"views":{"value":10,"delta":2}},"interactionSeries":[{"date":"2026-03-01","views":1}],` +
				`"engagementSeries":[],"postingHeatmap":{"2026-03-01":1},"contentMix":[{"platform":"tiktok","count":2}]`
			if tt.streak != "" {
				data += `,"postingStreak":` + tt.streak
			}
			data += `}`
			f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
				writeRaw(w, 200, `{"ok":true,"code":200,"message":"","data":`+data+`}`)
			})
			s, err := newClient(t, f.URL).GetSummary(context.Background(), genviral.AnalyticsFilter{})
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.want == nil && s.PostingStreak != nil:
				t.Errorf("PostingStreak = %v, want nil", *s.PostingStreak)
			case tt.want != nil && (s.PostingStreak == nil || *s.PostingStreak != *tt.want):
				t.Errorf("PostingStreak = %v, want %v", s.PostingStreak, *tt.want)
			}
			// Raw fields are kept verbatim whatever the streak is.
			for name, got := range map[string][]byte{
				`{"views":{"value":10,"delta":2}}`:  s.KPIs,
				`[{"date":"2026-03-01","views":1}]`: s.InteractionSeries,
				`[]`:                                s.EngagementSeries,
				`{"2026-03-01":1}`:                  s.PostingHeatmap,
				`[{"platform":"tiktok","count":2}]`: s.ContentMix,
			} {
				if string(got) != name {
					t.Errorf("raw field = %s, want %s", got, name)
				}
			}
		})
	}
}

func TestGetSummaryFilterAndShapes(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		writeOK(w, 200, map[string]any{"kpis": map[string]any{}, "unknownKey": 1})
	})
	c := newClient(t, f.URL)
	ctx := context.Background()
	s, err := c.GetSummary(ctx, genviral.AnalyticsFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if string(s.KPIs) != `{}` || s.InteractionSeries != nil || s.ContentMix != nil || s.PostingStreak != nil {
		t.Errorf("summary = %+v", s)
	}
	if _, err := c.GetSummary(ctx, genviral.AnalyticsFilter{Range: "14d", Platforms: []string{"youtube"}, AccountIDs: []string{"t1", "t2"}}); err != nil {
		t.Fatal(err)
	}
	reqs := f.requests()
	if reqs[0].Path != "/analytics/summary" || len(reqs[0].Query) != 0 {
		t.Errorf("empty filter request = %s %v", reqs[0].Path, reqs[0].Query)
	}
	if q := reqs[1].Query; len(q) != 3 || q.Get("range") != "14d" || q.Get("platforms") != "youtube" || q.Get("accounts") != "t1,t2" {
		t.Errorf("filter query = %v", q)
	}

	// data that is not an object is an error, not a panic.
	f2 := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeRaw(w, 200, `{"ok":true,"code":200,"data":[1,2]}`) })
	if _, err := newClient(t, f2.URL).GetSummary(ctx, genviral.AnalyticsFilter{}); err == nil {
		t.Error("array summary accepted")
	}
}

func TestListWorkspaceSuggestions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		data    string
		wantLen int
		wantErr bool
	}{
		{"bare array", `[ { "workspaceId": null, "workspaceName": "Personal", "totalItems": 3, "isPersonal": true },
			{ "workspaceId": "w2", "workspaceName": "Agency", "totalItems": 12, "isPersonal": false } ]`, 2, false},
		{"empty array", `[]`, 0, false},
		{"object", `{"suggestions":[]}`, 0, true},
		{"null", `null`, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
				writeRaw(w, 200, `{"ok":true,"code":200,"message":"Analytics workspace suggestions retrieved","data":`+tt.data+`}`)
			})
			got, err := newClient(t, f.URL).ListWorkspaceSuggestions(context.Background())
			if tt.wantErr {
				if err == nil {
					t.Fatalf("got %+v, want error", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got == nil || len(got) != tt.wantLen {
				t.Fatalf("suggestions = %#v", got)
			}
			if tt.wantLen == 2 {
				if got[0].WorkspaceID != nil || got[0].WorkspaceName != "Personal" || got[0].TotalItems != 3 || !got[0].IsPersonal {
					t.Errorf("suggestion 0 = %+v", got[0])
				}
				if got[1].WorkspaceID == nil || *got[1].WorkspaceID != "w2" || got[1].TotalItems != 12 || got[1].IsPersonal {
					t.Errorf("suggestion 1 = %+v", got[1])
				}
			}
			if r := f.requests()[0]; r.Method != http.MethodGet || r.Path != "/analytics/workspace-suggestions" {
				t.Errorf("request = %s %s", r.Method, r.Path)
			}
		})
	}
}
