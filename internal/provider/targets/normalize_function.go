package targets

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

var _ function.Function = normalizeHandleFunction{}

// NewNormalizeHandleFunction returns provider::genviral::normalize_handle.
func NewNormalizeHandleFunction() function.Function { return normalizeHandleFunction{} }

// normalizeHandleFunction returns an account handle in the comparison form
// the provider and the API use: trimmed, without the leading "@",
// case folded (genviral.NormalizeIdentifier). It is the same normalization as the resource's
// normalized_identifier and identity, so its results can key maps of
// targets and be compared with them.
type normalizeHandleFunction struct{}

func (normalizeHandleFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "normalize_handle"
}

func (normalizeHandleFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Normalize an account handle for comparisons and map keys",
		MarkdownDescription: "Returns `handle` as Genviral compares handles: without surrounding white space and the " +
			"leading `@`, lower-cased with Unicode case folding, so `provider::genviral::normalize_handle(\"@Brand\")` is " +
			"`\"brand\"`, and every spelling of one handle gives one result (`\"@ΚΑΦΕΟΔΟΣ\"` and `\"καφεοδοσ\"` both give " +
			"`\"καφεοδος\"`, with the final sigma the API writes). It is the " +
			"form of `normalized_identifier` and of the resource identity, so the result can key a map of targets, " +
			"or be compared with a handle spelled another way, without `lower(trimprefix(...))` chains. It calls no " +
			"API and needs no provider configuration (Terraform 1.8 or later). An empty handle is an error; other " +
			"checks of the handle are left to the resource.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "handle",
				MarkdownDescription: "An account handle, with or without the leading `@` (e.g. `@Acme.Coffee`).",
			},
		},
		Return: function.StringReturn{},
	}
}

func (normalizeHandleFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var handle string
	resp.Error = function.ConcatFuncErrors(resp.Error, req.Arguments.Get(ctx, &handle))
	if resp.Error != nil {
		return
	}
	out := genviral.NormalizeIdentifier(handle)
	if out == "" {
		resp.Error = function.NewArgumentFuncError(0, fmt.Sprintf("the handle %q is empty: give an account "+
			"handle such as \"@brand\"", handle))
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Error, resp.Result.Set(ctx, out))
}
