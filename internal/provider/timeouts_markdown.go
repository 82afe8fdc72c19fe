package provider

import (
	"context"

	dtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	rtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// The timeouts module writes its attribute descriptions (a Markdown link,
// and ours with code spans) into the plain-text Description. The two
// functions below build its blocks with those descriptions moved to
// MarkdownDescription, so that Terraform receives them as Markdown like
// every other description of this provider; the generated docs do not
// change (tfplugindocs renders either kind as written).

// resourceTimeoutsBlock is timeouts.Block of a resource, its descriptions
// sent as Markdown.
func resourceTimeoutsBlock(ctx context.Context, opts rtimeouts.Opts) rschema.Block {
	block := rtimeouts.Block(ctx, opts)
	b, ok := block.(rschema.SingleNestedBlock)
	if !ok {
		return block // a later module version: TestSchemasSendMarkdownAsMarkdown says so
	}
	for name, a := range b.Attributes {
		if s, ok := a.(rschema.StringAttribute); ok && s.MarkdownDescription == "" {
			s.MarkdownDescription, s.Description = s.Description, ""
			b.Attributes[name] = s
		}
	}
	return b
}

// dataSourceTimeoutsBlock is timeouts.BlockWithOpts of a data source, its
// descriptions sent as Markdown.
func dataSourceTimeoutsBlock(ctx context.Context, opts dtimeouts.Opts) dschema.Block {
	block := dtimeouts.BlockWithOpts(ctx, opts)
	b, ok := block.(dschema.SingleNestedBlock)
	if !ok {
		return block // a later module version: TestSchemasSendMarkdownAsMarkdown says so
	}
	for name, a := range b.Attributes {
		if s, ok := a.(dschema.StringAttribute); ok && s.MarkdownDescription == "" {
			s.MarkdownDescription, s.Description = s.Description, ""
			b.Attributes[name] = s
		}
	}
	return b
}
