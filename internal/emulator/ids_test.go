package emulator

import (
	"slices"
	"testing"
)

// idsOf creates the same three targets and one refresh on a new Server with
// opts and returns their ids in order.
func idsOf(t *testing.T, opts Options) []string {
	t.Helper()
	srv, base := Start(t, opts)
	var ids []string
	for _, h := range []string{"@one", "@two"} {
		ids = append(ids, createTarget(t, base, WorkspaceKey, "tiktok", h))
	}
	ids = append(ids, srv.SeedTarget(PersonalScope(), "youtube", "@three", "").ID)
	r := do(t, "POST", base+"/analytics/targets/"+ids[0]+"/refresh", WorkspaceKey, "")
	wantStatus(t, r, 200)
	ids = append(ids, data[struct {
		Refresh struct {
			ID string `json:"id"`
		} `json:"refresh"`
	}](t, r).Refresh.ID)
	for _, id := range ids {
		if !uuidV4.MatchString(id) {
			t.Errorf("id %q is not a UUID v4", id)
		}
	}
	return ids
}

// TestIDsAreRandomByDefault: two Servers (as two processes, or one restarted)
// never hand out the same ids for the same operations, so state written
// against one never names the other's targets.
func TestIDsAreRandomByDefault(t *testing.T) {
	a, b := idsOf(t, Options{}), idsOf(t, Options{})
	seen := map[string]bool{}
	for _, id := range append(a, b...) {
		if seen[id] {
			t.Errorf("id %s handed out twice (first server %v, second %v)", id, a, b)
		}
		seen[id] = true
	}
}

// TestIDSeedIsDeterministic: the same IDSeed gives the same ids for the same
// operations; another seed gives others.
func TestIDSeedIsDeterministic(t *testing.T) {
	a, b := idsOf(t, Options{IDSeed: 7}), idsOf(t, Options{IDSeed: 7})
	if !slices.Equal(a, b) {
		t.Errorf("IDSeed 7 gave %v, then %v", a, b)
	}
	c := idsOf(t, Options{IDSeed: 8})
	for i := range a {
		if a[i] == c[i] {
			t.Errorf("IDSeed 7 and 8 both gave id %s", a[i])
		}
	}
}
