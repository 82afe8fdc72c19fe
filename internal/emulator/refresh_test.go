package emulator

import "testing"

// refreshData is the data of POST /analytics/targets/{id}/refresh.
type refreshData struct {
	Refresh obj  `json:"refresh"`
	WasFree bool `json:"wasFree"`
}

// startRefreshOK triggers a refresh that must be accepted and returns it.
func startRefreshOK(t *testing.T, base, key, targetID string) refreshData {
	t.Helper()
	r := do(t, "POST", base+"/analytics/targets/"+targetID+"/refresh", key, "")
	wantStatus(t, r, 200)
	return data[refreshData](t, r)
}

// poll polls a refresh once and returns the row.
func poll(t *testing.T, base, key, refreshID string) obj {
	t.Helper()
	r := do(t, "GET", base+"/analytics/refreshes/"+refreshID, key, "")
	wantStatus(t, r, 200)
	return data[obj](t, r)
}

// refreshRowKeys are the fields of a refresh row (contract §5.2).
var refreshRowKeys = []string{"id", "target_id", "workspace_id", "status", "free_refresh_used", "credits_used",
	"started_at", "completed_at", "error"}

func TestRefreshLifecycle(t *testing.T) {
	tests := []struct {
		name     string
		polls    int      // Options.RefreshPolls
		statuses []string // statuses seen by successive polls
	}{
		{"default", 0, []string{"processing", "completed", "completed"}},
		{"one poll", 1, []string{"completed", "completed"}},
		{"four polls", 4, []string{"processing", "processing", "processing", "completed", "completed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, base := Start(t, Options{RefreshPolls: tt.polls})
			id := createTarget(t, base, WorkspaceKey, "tiktok", "@fresh")

			r := do(t, "POST", base+"/analytics/targets/"+id+"/refresh", WorkspaceKey, "")
			wantStatus(t, r, 200)
			if got := str(t, r.env["message"]); got != "Analytics refresh queued" {
				t.Errorf("message = %q", got)
			}
			wantKeys(t, "data", data[obj](t, r), "refresh", "wasFree")
			first := data[refreshData](t, r)
			wantKeys(t, "refresh", first.Refresh, refreshRowKeys...)
			want := map[string]string{
				"target_id":         `"` + id + `"`,
				"workspace_id":      `"` + WorkspaceID + `"`,
				"status":            `"pending"`,
				"free_refresh_used": "true",
				"credits_used":      "0",
				"started_at":        `"2026-03-15T12:00:00.000Z"`,
				"completed_at":      "null",
				"error":             "null",
			}
			for k, v := range want {
				if got := string(first.Refresh[k]); got != v {
					t.Errorf("refresh.%s = %s, want %s", k, got, v)
				}
			}
			refreshID := str(t, first.Refresh["id"])
			if !first.WasFree || !uuidV4.MatchString(refreshID) || refreshID == id {
				t.Errorf("wasFree = %v, id = %q", first.WasFree, refreshID)
			}

			// A running refresh blocks another one.
			wantError(t, do(t, "POST", base+"/analytics/targets/"+id+"/refresh", WorkspaceKey, ""), 409, "analytics_conflict")

			for i, status := range tt.statuses {
				row := poll(t, base, WorkspaceKey, refreshID)
				wantKeys(t, "polled row", row, refreshRowKeys...)
				if got := str(t, row["status"]); got != status {
					t.Fatalf("poll %d: status = %q, want %q", i+1, got, status)
				}
				done := status == "completed"
				if (string(row["completed_at"]) != "null") != done {
					t.Errorf("poll %d: completed_at = %s", i+1, row["completed_at"])
				}
				if got, _ := srv.Target(id); (got.LastRefreshedAt != "") != done {
					t.Errorf("poll %d: last_refreshed_at = %q", i+1, got.LastRefreshedAt)
				}
			}

			list := data[struct {
				Targets []obj `json:"targets"`
			}](t, do(t, "GET", base+"/analytics/targets", WorkspaceKey, ""))
			if got := string(list.Targets[0]["last_refreshed_at"]); got != `"2026-03-15T12:00:00.000Z"` {
				t.Errorf("list last_refreshed_at = %s", got)
			}
			if got := string(list.Targets[0]["free_refresh_available"]); got != "false" {
				t.Errorf("free_refresh_available after free refresh = %s", got)
			}

			// The next refresh is paid.
			paid := startRefreshOK(t, base, WorkspaceKey, id)
			if paid.WasFree || string(paid.Refresh["credits_used"]) != "2" || string(paid.Refresh["free_refresh_used"]) != "false" {
				t.Errorf("paid refresh = %+v", paid)
			}
			if srv.Credits() != DefaultCredits-RefreshCost {
				t.Errorf("credits = %v", srv.Credits())
			}
		})
	}
}

func TestRefreshFailure(t *testing.T) {
	srv, base := Start(t, Options{RefreshPolls: 1})
	id := createTarget(t, base, PersonalKey, "instagram", "@flaky")
	srv.SetRefreshOutcome(id, "upstream profile is private")
	failed := startRefreshOK(t, base, PersonalKey, id)
	if string(failed.Refresh["workspace_id"]) != "null" {
		t.Errorf("personal refresh workspace_id = %s", failed.Refresh["workspace_id"])
	}
	row := poll(t, base, PersonalKey, str(t, failed.Refresh["id"]))
	if str(t, row["status"]) != "failed" || str(t, row["error"]) != "upstream profile is private" || string(row["completed_at"]) == "null" {
		t.Errorf("failed refresh = %v", row)
	}
	if got, _ := srv.Target(id); got.LastRefreshedAt != "" {
		t.Error("a failed refresh set last_refreshed_at")
	}

	srv.SetRefreshOutcome(id, "")
	ok := startRefreshOK(t, base, PersonalKey, id)
	if row := poll(t, base, PersonalKey, str(t, ok.Refresh["id"])); str(t, row["status"]) != "completed" {
		t.Errorf("status after clearing the outcome = %s", row["status"])
	}
}

func TestRefreshErrors(t *testing.T) {
	t.Run("insufficient credits", func(t *testing.T) {
		srv, base := Start(t, Options{RefreshPolls: 1})
		id := createTarget(t, base, WorkspaceKey, "tiktok", "@poor")
		srv.SetCredits(RefreshCost - 0.5)
		free := startRefreshOK(t, base, WorkspaceKey, id) // free refreshes need no credits
		poll(t, base, WorkspaceKey, str(t, free.Refresh["id"]))
		wantError(t, do(t, "POST", base+"/analytics/targets/"+id+"/refresh", WorkspaceKey, ""), 402, "insufficient_credits")
		if srv.Credits() != RefreshCost-0.5 {
			t.Errorf("credits changed by a rejected refresh: %v", srv.Credits())
		}
		srv.SetCredits(RefreshCost)
		startRefreshOK(t, base, WorkspaceKey, id)
		if srv.Credits() != 0 {
			t.Errorf("credits = %v", srv.Credits())
		}
	})
	t.Run("rate limited per target", func(t *testing.T) {
		_, base := Start(t, Options{RefreshPolls: 1})
		id := createTarget(t, base, WorkspaceKey, "tiktok", "@busy")
		other := createTarget(t, base, WorkspaceKey, "tiktok", "@calm")
		for range RefreshRateLimit {
			r := startRefreshOK(t, base, WorkspaceKey, id)
			poll(t, base, WorkspaceKey, str(t, r.Refresh["id"]))
		}
		wantError(t, do(t, "POST", base+"/analytics/targets/"+id+"/refresh", WorkspaceKey, ""), 429, "rate_limited")
		startRefreshOK(t, base, WorkspaceKey, other)
	})
	t.Run("not found", func(t *testing.T) {
		_, base := Start(t, Options{})
		wsTarget := createTarget(t, base, WorkspaceKey, "youtube", "@mine")
		r := startRefreshOK(t, base, WorkspaceKey, wsTarget)
		refreshID := str(t, r.Refresh["id"])
		wantError(t, do(t, "POST", base+"/analytics/targets/nope/refresh", WorkspaceKey, ""), 404, "not_found")
		wantError(t, do(t, "GET", base+"/analytics/refreshes/"+refreshID, PersonalKey, ""), 404, "refresh_not_found")
		wantError(t, do(t, "GET", base+"/analytics/refreshes/"+wsTarget, WorkspaceKey, ""), 404, "refresh_not_found")
		// Polling from the wrong scope did not advance it.
		if row := poll(t, base, WorkspaceKey, refreshID); str(t, row["status"]) != "processing" {
			t.Errorf("status = %s", row["status"])
		}
	})
	t.Run("refresh survives its target", func(t *testing.T) {
		srv, base := Start(t, Options{RefreshPolls: 1})
		id := createTarget(t, base, WorkspaceKey, "youtube", "@ephemeral")
		r := startRefreshOK(t, base, WorkspaceKey, id)
		srv.RemoveTarget(id)
		if row := poll(t, base, WorkspaceKey, str(t, r.Refresh["id"])); str(t, row["status"]) != "completed" {
			t.Errorf("status = %s", row["status"])
		}
	})
	t.Run("detail shows the latest refresh", func(t *testing.T) {
		_, base := Start(t, Options{RefreshPolls: 1})
		id := createTarget(t, base, WorkspaceKey, "youtube", "@watched")
		var first obj
		for range 2 {
			r := startRefreshOK(t, base, WorkspaceKey, id)
			first = r.Refresh
			poll(t, base, WorkspaceKey, str(t, r.Refresh["id"]))
		}
		d := data[struct {
			Summary struct {
				RefreshStatus obj `json:"refresh_status"`
			} `json:"summary"`
		}](t, do(t, "GET", base+"/analytics/targets/"+id, WorkspaceKey, ""))
		rs := d.Summary.RefreshStatus
		if str(t, rs["status"]) != "completed" || string(rs["refresh_id"]) != string(first["id"]) {
			t.Errorf("refresh_status = %v", rs)
		}
	})
}

// TestRefreshPollsNotFound: the first RefreshPollsNotFound polls of each
// refresh answer 404 without advancing it; negative hides it for good.
func TestRefreshPollsNotFound(t *testing.T) {
	tests := []struct {
		name     string
		notFound int
		statuses []int // HTTP statuses of successive polls
		final    string
	}{
		{"first two", 2, []int{404, 404, 200, 200}, "completed"},
		{"always", -1, []int{404, 404, 404, 404}, "pending"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, base := Start(t, Options{RefreshPollsNotFound: tt.notFound})
			id := createTarget(t, base, WorkspaceKey, "tiktok", "@fresh")
			started := startRefreshOK(t, base, WorkspaceKey, id)
			refreshID := str(t, started.Refresh["id"])
			for i, want := range tt.statuses {
				r := do(t, "GET", base+"/analytics/refreshes/"+refreshID, WorkspaceKey, "")
				wantStatus(t, r, want)
				if want == 404 {
					if got := str(t, r.env["error_code"]); got != "refresh_not_found" {
						t.Errorf("poll %d: error_code %q", i+1, got)
					}
				}
			}
			srv.mu.Lock()
			got := srv.refreshes[refreshID].status
			srv.mu.Unlock()
			if got != tt.final {
				t.Errorf("status after polls: %q, want %q", got, tt.final)
			}
		})
	}
}
