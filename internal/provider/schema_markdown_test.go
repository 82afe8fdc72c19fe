package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// markdownSyntax matches the Markdown a schema description may use: code
// spans, strong or emphasised text, links, list items and headings.
var markdownSyntax = regexp.MustCompile("`" +
	`|\*\*|__` +
	`|(^|\s)\*[^\s*][^*]*\*` +
	`|(^|\s)_[^\s_][^_]*_($|[\s.,;:)])` +
	`|\[[^\]]+\]\([^)]+\)` +
	`|(?m)^\s*([-*+]|\d+\.)\s` +
	`|(?m)^#{1,6}\s`)

// TestMarkdownSyntaxDetector proves that the detector TestSchemasSendMarkdownAsMarkdown
// relies on finds each kind of Markdown and leaves plain prose alone.
func TestMarkdownSyntaxDetector(t *testing.T) {
	for _, s := range []string{
		"a `code` span",
		"**bold** text",
		"some __strong__ text",
		"an *emphasised* word",
		"an _emphasised_ word",
		"see [the docs](https://example.com)",
		"a list:\n- one\n- two",
		"steps:\n1. first",
		"## Heading",
	} {
		if !markdownSyntax.MatchString(s) {
			t.Errorf("%q: Markdown not detected", s)
		}
	}
	for _, s := range []string{
		"",
		"The target's UUID.",
		"Sums over top_posts and max_results, 4.92 % (e.g. 2 * 3 = 6).",
		"How many posts - at most 100 - to read.",
	} {
		if markdownSyntax.MatchString(s) {
			t.Errorf("%q: plain text taken for Markdown", s)
		}
	}
}

// TestSchemasSendMarkdownAsMarkdown walks the provider, resource, data
// source, list resource, action and function schemas as Terraform receives
// them and fails when a description sent as plain text
// (schema.Description rather than MarkdownDescription) contains Markdown:
// editors and `terraform providers schema` would show the backticks and
// asterisks literally. Resource identity attributes have a single
// description that the framework always sends as Markdown, so they are not
// walked.
func TestSchemasSendMarkdownAsMarkdown(t *testing.T) {
	_, resp := providerSchemas(t)
	checked := 0
	walkDescriptions(resp, func(d described) {
		checked++
		if d.format != tfprotov6.StringKindMarkdown && markdownSyntax.MatchString(d.description) {
			t.Errorf("%s: the description contains Markdown (%q) but is sent as plain text: "+
				"set MarkdownDescription instead of Description: %q", d.where, markdownSyntax.FindString(d.description), d.description)
		}
	})
	if len(resp.ResourceSchemas) < 2 || len(resp.DataSourceSchemas) < 5 || len(resp.ListResourceSchemas) < 1 ||
		len(resp.ActionSchemas) < 1 || len(resp.Functions) < 1 || checked < 50 {
		t.Errorf("walked too little: %d resources, %d data sources, %d list resources, %d actions, %d functions, %d descriptions",
			len(resp.ResourceSchemas), len(resp.DataSourceSchemas), len(resp.ListResourceSchemas),
			len(resp.ActionSchemas), len(resp.Functions), checked)
	}
}
