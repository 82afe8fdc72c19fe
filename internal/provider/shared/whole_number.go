package shared

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// WholeNumberType is the type of the optional whole-number arguments of the
// provider (max_retries, max_parallel_requests) and of the data sources
// (offset, max_results, max_posts, top_n): an Int64 whose
// configuration may hold any number. With the framework's own Int64Type a
// number with a fraction (max_results = 1.5) or beyond int64 fails to
// convert, and Terraform shows "Configuration Read Error ... This is always
// an error in the provider" with the number as "%!s(*big.Float=1.5)". Here
// it converts to an unknown value that remembers the number, and
// ValidateAttribute reports it on the attribute as the user's mistake. The
// schema and the state are those of an Int64 attribute.
type WholeNumberType struct {
	basetypes.Int64Type
}

var (
	_ basetypes.Int64Typable      = WholeNumberType{}
	_ basetypes.Int64Valuable     = WholeNumber{}
	_ xattr.ValidateableAttribute = WholeNumber{}
)

// Equal implements attr.Type.
func (WholeNumberType) Equal(o attr.Type) bool {
	_, ok := o.(WholeNumberType)
	return ok
}

// String implements attr.Type.
func (WholeNumberType) String() string { return "provider.wholeNumberType" }

// ValueType implements attr.Type.
func (WholeNumberType) ValueType(context.Context) attr.Value { return WholeNumber{} }

// ValueFromInt64 implements basetypes.Int64Typable.
func (WholeNumberType) ValueFromInt64(_ context.Context, v basetypes.Int64Value) (basetypes.Int64Valuable, diag.Diagnostics) {
	return WholeNumber{Int64Value: v}, nil
}

// ValueFromTerraform implements attr.Type: a known number that is not a
// whole int64 becomes an unknown value carrying its text.
func (t WholeNumberType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	if in.IsKnown() && !in.IsNull() && in.Type().Equal(tftypes.Number) {
		var f *big.Float
		if err := in.As(&f); err == nil && f != nil {
			if _, acc := f.Int64(); !f.IsInt() || acc != big.Exact {
				return WholeNumber{Int64Value: basetypes.NewInt64Unknown(), notWhole: f.Text('g', -1), fraction: !f.IsInt()}, nil
			}
		}
	}
	v, err := t.Int64Type.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	i, ok := v.(basetypes.Int64Value)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T from Int64Type", v)
	}
	return WholeNumber{Int64Value: i}, nil
}

// WholeNumber is a value of wholeNumberType.
type WholeNumber struct {
	basetypes.Int64Value
	// notWhole is the configured number when it is not a whole int64 (the
	// value is then unknown); fraction says whether it has one.
	notWhole string
	fraction bool
}

// WholeNumberOf returns the known value i.
func WholeNumberOf(i int64) WholeNumber { return WholeNumber{Int64Value: basetypes.NewInt64Value(i)} }

// Type implements attr.Value.
func (WholeNumber) Type(context.Context) attr.Type { return WholeNumberType{} }

// Equal implements attr.Value.
func (v WholeNumber) Equal(o attr.Value) bool {
	w, ok := o.(WholeNumber)
	return ok && v.notWhole == w.notWhole && v.Int64Value.Equal(w.Int64Value)
}

// ValidateAttribute implements xattr.ValidateableAttribute: it reports a
// configured number that is not a whole int64.
func (v WholeNumber) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	switch {
	case v.notWhole == "":
	case v.fraction:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Whole Number",
			fmt.Sprintf("%s = %s is not a whole number: give a whole number, without a fraction (for example 100).", req.Path, v.notWhole))
	default:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Whole Number",
			fmt.Sprintf("%s = %s is too large: give a whole number within the range the attribute's documentation states.", req.Path, v.notWhole))
	}
}
