package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// TestSchemasDescribeEveryAttribute walks the provider, resource, data
// source, list resource, action, function and resource identity schemas as
// Terraform receives them and requires a description on every attribute,
// parameter, nested attribute and block: the docs are generated from
// them, so a missing one is an undocumented argument.
func TestSchemasDescribeEveryAttribute(t *testing.T) {
	srv, err := testProviders["genviral"]()
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
	checked := 0
	var walkBlock func(where string, b *tfprotov6.SchemaBlock)
	var walkNested func(where string, n *tfprotov6.SchemaObject)
	walkAttr := func(where string, a *tfprotov6.SchemaAttribute) {
		checked++
		if strings.TrimSpace(a.Description) == "" {
			t.Errorf("%s has no description", where)
		}
		if a.NestedType != nil {
			walkNested(where, a.NestedType)
		}
	}
	walkNested = func(where string, n *tfprotov6.SchemaObject) {
		for _, a := range n.Attributes {
			walkAttr(where+"."+a.Name, a)
		}
	}
	walkBlock = func(where string, b *tfprotov6.SchemaBlock) {
		for _, a := range b.Attributes {
			walkAttr(where+"."+a.Name, a)
		}
		for _, nb := range b.BlockTypes {
			if strings.TrimSpace(nb.Block.Description) == "" && nb.TypeName != "timeouts" {
				t.Errorf("%s.%s block has no description", where, nb.TypeName)
			}
			walkBlock(where+"."+nb.TypeName, nb.Block)
		}
	}
	walkBlock("provider", resp.Provider.Block)
	if resp.Provider.Block.Description == "" {
		t.Error("the provider has no description")
	}
	for name, s := range resp.ResourceSchemas {
		if s.Block.Description == "" {
			t.Errorf("resource %s has no description", name)
		}
		walkBlock(name, s.Block)
	}
	for name, s := range resp.DataSourceSchemas {
		if s.Block.Description == "" {
			t.Errorf("data source %s has no description", name)
		}
		walkBlock("data."+name, s.Block)
	}
	for name, s := range resp.ListResourceSchemas {
		if s.Block.Description == "" {
			t.Errorf("list resource %s has no description", name)
		}
		walkBlock("list."+name, s.Block)
	}
	for name, s := range resp.ActionSchemas {
		if s.Schema.Block.Description == "" {
			t.Errorf("action %s has no description", name)
		}
		walkBlock("action."+name, s.Schema.Block)
	}
	for name, f := range resp.Functions {
		if strings.TrimSpace(f.Summary) == "" || strings.TrimSpace(f.Description) == "" {
			t.Errorf("function %s has no summary or description", name)
		}
		for _, p := range f.Parameters {
			checked++
			if strings.TrimSpace(p.Description) == "" {
				t.Errorf("function %s parameter %s has no description", name, p.Name)
			}
		}
	}
	ids, err := srv.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range ids.IdentitySchemas {
		for _, a := range s.IdentityAttributes {
			checked++
			if strings.TrimSpace(a.Description) == "" {
				t.Errorf("identity of %s: %s has no description", name, a.Name)
			}
		}
	}
	if len(resp.ListResourceSchemas) < 1 || len(resp.ActionSchemas) < 1 || len(resp.Functions) < 1 || len(ids.IdentitySchemas) < 1 {
		t.Errorf("walked too little: %d list resources, %d actions, %d functions, %d identities",
			len(resp.ListResourceSchemas), len(resp.ActionSchemas), len(resp.Functions), len(ids.IdentitySchemas))
	}
	if len(resp.ResourceSchemas) < 2 || len(resp.DataSourceSchemas) < 5 || checked < 50 {
		t.Errorf("walked too little: %d resources, %d data sources, %d attributes", len(resp.ResourceSchemas), len(resp.DataSourceSchemas), checked)
	}
}
