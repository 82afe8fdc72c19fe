package provider_test

import (
	"context"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
)

// providerSchemas returns the in-process provider server and its
// GetProviderSchema answer, failing t on an error or a diagnostic.
func providerSchemas(t *testing.T) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	srv, err := acctest.TestProviders["genviral"]()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("schema diagnostic: %s: %s", d.Summary, d.Detail)
	}
	return srv, resp
}

// describedKind is what a described schema element is.
type describedKind int

const (
	describedSchema    describedKind = iota // the top block of the provider, a resource, data source, list resource or action
	describedBlock                          // a nested block
	describedAttribute                      // an attribute or nested attribute
	describedFunction                       // a function
	describedParameter                      // a function parameter, the variadic one included
)

// described is one element of the provider's schemas that carries a
// description, named by where: "provider", "<resource>", "data.<name>",
// "list.<name>", "action.<name>", then ".<attribute or block>" per level;
// "function <name>" and "function <name> parameter <param>".
type described struct {
	where       string
	kind        describedKind
	description string
	format      tfprotov6.StringKind
}

// walkDescriptions calls visit for every described element of resp: the
// provider, resource, data source, list resource and action schemas with
// their nested blocks and (nested) attributes, and the functions with their
// parameters. Resource identity schemas are not part of resp.
func walkDescriptions(resp *tfprotov6.GetProviderSchemaResponse, visit func(described)) {
	var walkBlock func(where string, kind describedKind, b *tfprotov6.SchemaBlock)
	var walkAttr func(where string, a *tfprotov6.SchemaAttribute)
	walkAttr = func(where string, a *tfprotov6.SchemaAttribute) {
		visit(described{where, describedAttribute, a.Description, a.DescriptionKind})
		if a.NestedType != nil {
			for _, n := range a.NestedType.Attributes {
				walkAttr(where+"."+n.Name, n)
			}
		}
	}
	walkBlock = func(where string, kind describedKind, b *tfprotov6.SchemaBlock) {
		visit(described{where, kind, b.Description, b.DescriptionKind})
		for _, a := range b.Attributes {
			walkAttr(where+"."+a.Name, a)
		}
		for _, nb := range b.BlockTypes {
			walkBlock(where+"."+nb.TypeName, describedBlock, nb.Block)
		}
	}
	walkBlock("provider", describedSchema, resp.Provider.Block)
	for name, s := range resp.ResourceSchemas {
		walkBlock(name, describedSchema, s.Block)
	}
	for name, s := range resp.DataSourceSchemas {
		walkBlock("data."+name, describedSchema, s.Block)
	}
	for name, s := range resp.ListResourceSchemas {
		walkBlock("list."+name, describedSchema, s.Block)
	}
	for name, s := range resp.ActionSchemas {
		walkBlock("action."+name, describedSchema, s.Schema.Block)
	}
	for name, f := range resp.Functions {
		visit(described{"function " + name, describedFunction, f.Description, f.DescriptionKind})
		params := f.Parameters
		if f.VariadicParameter != nil {
			params = append(slices.Clip(params), f.VariadicParameter)
		}
		for _, p := range params {
			visit(described{"function " + name + " parameter " + p.Name, describedParameter, p.Description, p.DescriptionKind})
		}
	}
}
