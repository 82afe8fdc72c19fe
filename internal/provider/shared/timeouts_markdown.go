package shared

import (
	"context"
	"slices"

	dtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	rtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// The timeouts module writes its attribute descriptions (a Markdown link,
// and ours with code spans) into the plain-text Description. The functions
// below build its blocks with those descriptions moved to
// MarkdownDescription, so that Terraform receives them as Markdown like
// every other description of this provider; the generated docs do not
// change (tfplugindocs renders either kind as written). A later module
// version that builds another block type is returned unchanged, and
// TestSchemasSendMarkdownAsMarkdown then says so.

// ResourceTimeoutsBlock is timeouts.Block of a resource, its descriptions
// sent as Markdown.
func ResourceTimeoutsBlock(ctx context.Context, opts rtimeouts.Opts) rschema.Block {
	block := rtimeouts.Block(ctx, opts)
	if b, ok := block.(rschema.SingleNestedBlock); ok {
		markdownAttributes(b.Attributes, func(s *rschema.StringAttribute) (*string, *string) {
			return &s.Description, &s.MarkdownDescription
		})
	}
	return block
}

// dataSourceTimeoutsBlock is timeouts.BlockWithOpts of a data source, its
// descriptions sent as Markdown and its durations refused at validation
// when not greater than zero (which the module's own validator accepts, and
// which would end every read at once; resources check theirs in
// validateTimeouts).
func dataSourceTimeoutsBlock(ctx context.Context, opts dtimeouts.Opts) dschema.Block {
	block := dtimeouts.BlockWithOpts(ctx, opts)
	if b, ok := block.(dschema.SingleNestedBlock); ok {
		markdownAttributes(b.Attributes, func(s *dschema.StringAttribute) (*string, *string) {
			return &s.Description, &s.MarkdownDescription
		})
		for name, a := range b.Attributes {
			if s, ok := a.(dschema.StringAttribute); ok {
				s.Validators = append(slices.Clone(s.Validators), positiveTimeoutValidator{name: name})
				b.Attributes[name] = s
			}
		}
	}
	return block
}

// markdownAttributes moves the plain description of each attribute of type
// S in attrs (fields names its two description fields) to its Markdown
// description, unless that is set already.
func markdownAttributes[A any, S any](attrs map[string]A, fields func(*S) (plain, markdown *string)) {
	for name, a := range attrs {
		s, ok := any(a).(S)
		if !ok {
			continue
		}
		if plain, markdown := fields(&s); *markdown == "" {
			*markdown, *plain = *plain, ""
		}
		if a, ok := any(s).(A); ok { // always: s came out of an A
			attrs[name] = a
		}
	}
}
