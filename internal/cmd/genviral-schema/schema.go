package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty"
)

// providerKey is the key of the provider in the "provider_schemas" object:
// the short name, which tfplugindocs looks up first.
const providerKey = "genviral"

// providerSchemas asks the provider server for its schemas (GetProviderSchema
// and GetResourceIdentitySchemas) and returns them in the shape of
// `terraform providers schema -json`, converted as Terraform's jsonprovider
// package (v1.14) converts them: every attribute and block carries a
// description_kind, list resources are their config block, identity
// attributes keep only type, description and import requirements.
func providerSchemas(ctx context.Context, srv tfprotov6.ProviderServer) (*tfjson.ProviderSchemas, error) {
	resp, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, fmt.Errorf("GetProviderSchema: %w", err)
	}
	if err := diagnosticsError("GetProviderSchema", resp.Diagnostics); err != nil {
		return nil, err
	}
	ids, err := srv.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return nil, fmt.Errorf("GetResourceIdentitySchemas: %w", err)
	}
	if err := diagnosticsError("GetResourceIdentitySchemas", ids.Diagnostics); err != nil {
		return nil, err
	}

	c := &converter{}
	ps := &tfjson.ProviderSchema{
		ConfigSchema:             c.schema(resp.Provider),
		ResourceSchemas:          c.schemas(resp.ResourceSchemas),
		DataSourceSchemas:        c.schemas(resp.DataSourceSchemas),
		EphemeralResourceSchemas: c.schemas(resp.EphemeralResourceSchemas),
		ListResourceSchemas:      c.schemas(resp.ListResourceSchemas),
		Functions:                map[string]*tfjson.FunctionSignature{},
		ResourceIdentitySchemas:  map[string]*tfjson.IdentitySchema{},
		ActionSchemas:            map[string]*tfjson.ActionSchema{},
	}
	for name, f := range resp.Functions {
		ps.Functions[name] = c.function(f)
	}
	for name, s := range ids.IdentitySchemas {
		ps.ResourceIdentitySchemas[name] = c.identity(s)
	}
	for name, a := range resp.ActionSchemas {
		var block *tfjson.SchemaBlock
		if a != nil && a.Schema != nil {
			block = c.block(a.Schema.Block)
		}
		ps.ActionSchemas[name] = &tfjson.ActionSchema{Block: block}
	}
	if c.err != nil {
		return nil, c.err
	}
	return &tfjson.ProviderSchemas{
		FormatVersion: "1.0",
		Schemas:       map[string]*tfjson.ProviderSchema{providerKey: ps},
	}, nil
}

func diagnosticsError(rpc string, diags []*tfprotov6.Diagnostic) error {
	var msgs []string
	for _, d := range diags {
		if d != nil && d.Severity == tfprotov6.DiagnosticSeverityError {
			msgs = append(msgs, d.Summary+": "+d.Detail)
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %s", rpc, strings.Join(msgs, "; "))
}

// converter converts protocol schemas; the first type it cannot convert is
// kept in err.
type converter struct {
	err error
}

func (c *converter) schemas(in map[string]*tfprotov6.Schema) map[string]*tfjson.Schema {
	out := make(map[string]*tfjson.Schema, len(in))
	for name, s := range in {
		out[name] = c.schema(s)
	}
	return out
}

func (c *converter) schema(s *tfprotov6.Schema) *tfjson.Schema {
	if s == nil || s.Block == nil {
		return &tfjson.Schema{}
	}
	return &tfjson.Schema{Version: uint64(s.Version), Block: c.block(s.Block)}
}

func (c *converter) block(b *tfprotov6.SchemaBlock) *tfjson.SchemaBlock {
	if b == nil {
		return &tfjson.SchemaBlock{}
	}
	out := &tfjson.SchemaBlock{
		Description:     b.Description,
		DescriptionKind: descriptionKind(b.DescriptionKind),
		Deprecated:      b.Deprecated,
	}
	if len(b.Attributes) > 0 {
		out.Attributes = c.attributes(b.Attributes)
	}
	if len(b.BlockTypes) > 0 {
		out.NestedBlocks = make(map[string]*tfjson.SchemaBlockType, len(b.BlockTypes))
		for _, nb := range b.BlockTypes {
			out.NestedBlocks[nb.TypeName] = &tfjson.SchemaBlockType{
				NestingMode: nestingMode(nb.Nesting),
				Block:       c.block(nb.Block),
				MinItems:    uint64(nb.MinItems),
				MaxItems:    uint64(nb.MaxItems),
			}
		}
	}
	return out
}

func (c *converter) attributes(in []*tfprotov6.SchemaAttribute) map[string]*tfjson.SchemaAttribute {
	out := make(map[string]*tfjson.SchemaAttribute, len(in))
	for _, a := range in {
		attr := &tfjson.SchemaAttribute{
			AttributeType:   c.ctyType(a.Type),
			Description:     a.Description,
			DescriptionKind: descriptionKind(a.DescriptionKind),
			Deprecated:      a.Deprecated,
			Required:        a.Required,
			Optional:        a.Optional,
			Computed:        a.Computed,
			Sensitive:       a.Sensitive,
			WriteOnly:       a.WriteOnly,
		}
		if a.NestedType != nil {
			attr.AttributeNestedType = &tfjson.SchemaNestedAttributeType{
				Attributes:  c.attributes(a.NestedType.Attributes),
				NestingMode: nestingMode(a.NestedType.Nesting),
			}
		}
		out[a.Name] = attr
	}
	return out
}

func (c *converter) identity(s *tfprotov6.ResourceIdentitySchema) *tfjson.IdentitySchema {
	out := &tfjson.IdentitySchema{Attributes: map[string]*tfjson.IdentityAttribute{}}
	if s == nil {
		return out
	}
	out.Version = uint64(s.Version)
	for _, a := range s.IdentityAttributes {
		out.Attributes[a.Name] = &tfjson.IdentityAttribute{
			IdentityType:      c.ctyType(a.Type),
			Description:       a.Description,
			RequiredForImport: a.RequiredForImport,
			OptionalForImport: a.OptionalForImport,
		}
	}
	return out
}

func (c *converter) function(f *tfprotov6.Function) *tfjson.FunctionSignature {
	out := &tfjson.FunctionSignature{
		Description:        f.Description,
		Summary:            f.Summary,
		DeprecationMessage: f.DeprecationMessage,
	}
	if f.Return != nil {
		out.ReturnType = c.ctyType(f.Return.Type)
	}
	for _, p := range f.Parameters {
		out.Parameters = append(out.Parameters, c.parameter(p))
	}
	if f.VariadicParameter != nil {
		out.VariadicParameter = c.parameter(f.VariadicParameter)
	}
	return out
}

func (c *converter) parameter(p *tfprotov6.FunctionParameter) *tfjson.FunctionParameter {
	return &tfjson.FunctionParameter{
		Name:        p.Name,
		Description: p.Description,
		IsNullable:  p.AllowNullValue,
		Type:        c.ctyType(p.Type),
	}
}

// ctyType converts through the JSON type notation that the protocol itself
// uses and that both type systems read and write.
func (c *converter) ctyType(t tftypes.Type) cty.Type {
	if t == nil {
		return cty.NilType
	}
	raw, err := json.Marshal(t)
	if err == nil {
		var out cty.Type
		if err = out.UnmarshalJSON(raw); err == nil {
			return out
		}
	}
	if c.err == nil {
		c.err = fmt.Errorf("converting type %s: %w", t, err)
	}
	return cty.NilType
}

func descriptionKind(k tfprotov6.StringKind) tfjson.SchemaDescriptionKind {
	if k == tfprotov6.StringKindMarkdown {
		return tfjson.SchemaDescriptionKindMarkdown
	}
	return tfjson.SchemaDescriptionKindPlain
}

// nestingMode converts a protocol nesting mode, of a nested block
// (tfprotov6.SchemaNestedBlockNestingMode) or of a nested attribute type
// (tfprotov6.SchemaObjectNestingMode), to its JSON form. Both protocol enums
// name their modes alike (String: "SINGLE", "GROUP", "LIST", "SET", "MAP"), so
// one table serves both; anything else is "invalid", as in Terraform.
func nestingMode(n fmt.Stringer) tfjson.SchemaNestingMode {
	switch n.String() {
	case "SINGLE":
		return tfjson.SchemaNestingModeSingle
	case "GROUP":
		return tfjson.SchemaNestingModeGroup
	case "LIST":
		return tfjson.SchemaNestingModeList
	case "SET":
		return tfjson.SchemaNestingModeSet
	case "MAP":
		return tfjson.SchemaNestingModeMap
	}
	return "invalid"
}
