package provider

import (
	"strings"
	"testing"
)

// TestSchemasTimeoutsStateTheirDefault requires every attribute of a
// timeouts block to say what it bounds and its default, instead of the
// timeouts module's generic "A string that can be parsed as a duration",
// which leaves a user guessing how long an operation may take unset.
func TestSchemasTimeoutsStateTheirDefault(t *testing.T) {
	_, resp := providerSchemas(t)
	checked := 0
	walkDescriptions(resp, func(d described) {
		if d.kind != describedAttribute || !strings.Contains(d.where, ".timeouts.") {
			return
		}
		checked++
		if strings.Contains(d.description, "A string that can be [parsed as a duration]") {
			t.Errorf("%s has the timeouts module's generic description; say what it bounds and its default: %q", d.where, d.description)
		}
		if !strings.Contains(strings.ToLower(d.description), "default") {
			t.Errorf("%s does not state its default: %q", d.where, d.description)
		}
	})
	if checked < 5 {
		t.Errorf("walked too little: %d timeouts attributes", checked)
	}
}
