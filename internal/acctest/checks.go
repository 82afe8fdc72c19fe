package acctest

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// SideEffect is a check that only runs f: what a step must do after its
// apply, before the next step.
func SideEffect(f func()) resource.TestCheckFunc {
	return func(*terraform.State) error {
		f()
		return nil
	}
}

// StateValue is the state check that the top-level attribute attr of
// addr passes want.
func StateValue(addr, attr string, want knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), want)
}

func StateString(addr, attr string, want string) statecheck.StateCheck {
	return StateValue(addr, attr, knownvalue.StringExact(want))
}

func StateBool(addr, attr string, want bool) statecheck.StateCheck {
	return StateValue(addr, attr, knownvalue.Bool(want))
}

// IdsDiffer is the state check that the resources or data sources a and b
// have different ids.
func IdsDiffer(a, b string) statecheck.StateCheck {
	return statecheck.CompareValuePairs(a, tfjsonpath.New("id"), b, tfjsonpath.New("id"), compare.ValuesDiffer())
}

// PlanBool is the plan check that the top-level attribute attr of addr is
// planned as the known value want.
func PlanBool(addr, attr string, want bool) plancheck.PlanCheck {
	return plancheck.ExpectKnownValue(addr, tfjsonpath.New(attr), knownvalue.Bool(want))
}

// PlanUnknown is the plan check that the top-level attribute attr of addr
// is planned as unknown ("known after apply").
func PlanUnknown(addr, attr string) plancheck.PlanCheck {
	return plancheck.ExpectUnknownValue(addr, tfjsonpath.New(attr))
}

// ValueCheck is a knownvalue.Check backed by a function over the decoded
// value (maps, slices, json.Number, string, bool, nil): the one check
// adapter of the tests, for what the knownvalue package cannot express.
type ValueCheck struct {
	desc string
	fn   func(any) error
}

// NewValueCheck returns the check desc that fn performs.
func NewValueCheck(desc string, fn func(any) error) ValueCheck {
	return ValueCheck{desc: desc, fn: fn}
}

// SlicesMatch reports whether any of values matches re.
func SlicesMatch(values []string, re *regexp.Regexp) bool {
	for _, v := range values {
		if re.MatchString(v) {
			return true
		}
	}
	return false
}

// CheckValue implements knownvalue.Check.
func (c ValueCheck) CheckValue(v any) error { return c.fn(v) }

// String implements knownvalue.Check.
func (c ValueCheck) String() string { return c.desc }
