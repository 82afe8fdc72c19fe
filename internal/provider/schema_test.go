package provider_test

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
	srv, resp := providerSchemas(t)
	checked := 0
	walkDescriptions(resp, func(d described) {
		if d.kind == describedAttribute || d.kind == describedParameter {
			checked++
		}
		// The framework's timeouts block has no description of its own.
		if d.kind == describedBlock && strings.HasSuffix(d.where, ".timeouts") {
			return
		}
		if strings.TrimSpace(d.description) == "" {
			t.Errorf("%s has no description", d.where)
		}
	})
	for name, f := range resp.Functions {
		if strings.TrimSpace(f.Summary) == "" {
			t.Errorf("function %s has no summary", name)
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
