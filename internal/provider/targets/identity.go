package targets

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

var _ resource.ResourceWithIdentity = (*analyticsTargetResource)(nil)

// targetIdentityModel is the resource identity of genviral_analytics_target
// (Terraform 1.12+): the target's id and its account, which is what makes a
// target unique in an API key's scope. Terraform records the handle in
// comparison form, so respelling it in configuration ("@Brand" to "brand")
// never changes the identity. An import block gives either platform and
// identifier (in any spelling) or id.
type targetIdentityModel struct {
	ID         types.String `tfsdk:"id"`
	Platform   types.String `tfsdk:"platform"`
	Identifier types.String `tfsdk:"identifier"`
}

// IdentitySchema defines the identity: id, platform and handle.
func (r *analyticsTargetResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				OptionalForImport: true,
				Description: "The target's UUID. An import block may give it instead of `platform` and `identifier`; " +
					"when it gives both, they must name the same target.",
			},
			"platform": identityschema.StringAttribute{
				OptionalForImport: true,
				Description:       "The social platform: " + shared.QuotedList(genviral.Platforms) + ". Give it with `identifier`.",
			},
			"identifier": identityschema.StringAttribute{
				OptionalForImport: true,
				Description: "The account handle. An import block may spell it in any way (`@Brand`, `brand`); " +
					"Terraform records it without the leading `@` and lower-cased (Unicode case folding, as `normalized_identifier`).",
			},
		},
	}
}

// setTargetIdentity records the identity of the target that m describes.
// An attribute not known yet (platform and identifier after an import by
// id, until the first read) stays null: Terraform requires an identity
// after every create, read and update, even a partial one.
func setTargetIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, m *targetModel, diags *diag.Diagnostics) {
	if identity == nil {
		return
	}
	known := func(v types.String) types.String {
		if v.IsUnknown() {
			return types.StringNull()
		}
		return v
	}
	id := targetIdentityModel{ID: known(m.ID), Platform: known(m.Platform), Identifier: known(m.Identifier)}
	if !id.Identifier.IsNull() {
		id.Identifier = types.StringValue(genviral.NormalizeIdentifier(id.Identifier.ValueString()))
	}
	diags.Append(identity.Set(ctx, id)...)
}

// importedAccount is the account an import names by platform and handle,
// resolved to its target.
type importedAccount struct {
	platform   string
	identifier string
	target     *genviral.Target
}

// resolveImportedAccount finds the target of platform and identifier (as an
// import gave them, already checked) through the key's shared target list.
// It returns nil after adding an error.
func (r *analyticsTargetResource) resolveImportedAccount(ctx context.Context, platform, identifier string, diags *diag.Diagnostics) *importedAccount {
	client := r.Data.ClientFor(diags)
	if client == nil {
		return nil
	}
	t, err := client.FindTargetByHandle(ctx, platform, identifier)
	if errors.Is(err, genviral.ErrTargetNotFound) {
		diags.Append(errImportNotFound(platform, identifier))
		return nil
	}
	if err != nil {
		shared.AddAPIError(diags, "Unable to Import Analytics Target", fmt.Sprintf("Looking up %s/%s failed.", platform, identifier), err)
		return nil
	}
	return &importedAccount{platform: platform, identifier: identifier, target: t}
}

// importByIdentity resolves the identity of an import block to a target id
// and, when the identity names the account, the account. The state takes
// the handle as the API spells it, so configuration that
// `terraform query -generate-config-out` wrote from the same rows matches
// it. It returns "" after adding an error.
func (r *analyticsTargetResource) importByIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) (string, *importedAccount) {
	var m targetIdentityModel
	diags.Append(identity.Get(ctx, &m)...)
	if diags.HasError() {
		return "", nil
	}
	id := strings.TrimSpace(m.ID.ValueString())
	if m.Platform.IsNull() && m.Identifier.IsNull() {
		if problem := checkImportedTargetID(id); problem != "" {
			diags.Append(errImportIdentityNoTarget(problem))
			return "", nil
		}
		return strings.ToLower(id), nil
	}
	platform, identifier := strings.ToLower(strings.TrimSpace(m.Platform.ValueString())), strings.TrimSpace(m.Identifier.ValueString())
	if problem := checkAccount(platform, identifier); problem != "" {
		diags.Append(errImportIdentityNoAccount(problem))
		return "", nil
	}
	a := r.resolveImportedAccount(ctx, platform, identifier, diags)
	if a == nil {
		return "", nil
	}
	if id != "" && !strings.EqualFold(id, a.target.ID) {
		diags.Append(errImportIdentityTwoTargets(id, platform, identifier, a.target.ID))
		return "", nil
	}
	if a.target.Has(genviral.FieldIdentifier) && a.target.Identifier != "" {
		a.identifier = a.target.Identifier
	}
	return a.target.ID, a
}

// parsedImportID is what an import ID names: a target id (lower-cased), or
// an account (platform and handle, checked).
type parsedImportID struct {
	ID                   string
	Platform, Identifier string
}

// parseImportID reads the ID of terraform import or of an import block:
// a target UUID (in either letter case; ids compare ignoring case), or
// "<platform>/<handle>". Anything else ("..", "%2e%2e", a handle without
// its platform, a 10,000-character paste) is refused with the expected
// forms, before any request: an id goes into the request path, so only a
// UUID is let through.
func parseImportID(raw string) (parsedImportID, diag.Diagnostic) {
	s := strings.TrimSpace(raw)
	switch p, ident, ok := strings.Cut(s, "/"); {
	case s == "":
		return parsedImportID{}, errEmptyImportID()
	case ok:
		platform, identifier := strings.ToLower(strings.TrimSpace(p)), strings.TrimSpace(ident)
		if problem := checkAccount(platform, identifier); problem != "" {
			return parsedImportID{}, errInvalidImportID(raw, problem)
		}
		return parsedImportID{Platform: platform, Identifier: identifier}, nil
	case strings.HasPrefix(s, "@"):
		return parsedImportID{}, errImportIDIsHandle(raw)
	}
	if problem := shared.CheckTargetID(s); problem != "" {
		return parsedImportID{}, errInvalidImportID(raw, problem)
	}
	if !shared.IsUUID(s) {
		return parsedImportID{}, errInvalidImportID(raw, "it has no \"/\" and is not a UUID")
	}
	return parsedImportID{ID: strings.ToLower(s)}, nil
}

// exampleTargetID is a target id for messages.
const exampleTargetID = "5c9d2e41-0a7b-4c3f-b8e2-91d4f6a0c3b5"

// checkImportedTargetID describes what is wrong with the target id of an
// import block's identity, or returns "": it must be a UUID.
func checkImportedTargetID(id string) string {
	if problem := shared.CheckTargetID(id); problem != "" {
		return problem
	}
	if !shared.IsUUID(id) {
		return fmt.Sprintf("%s is not a target id, which is a UUID such as %q", shared.QuoteInput(id), exampleTargetID)
	}
	return ""
}

// checkAccount describes what is wrong with an account an import names, or
// returns "".
func checkAccount(platform, identifier string) string {
	return joinProblems(shared.CheckPlatform(platform), shared.CheckIdentifier(platform, identifier))
}
