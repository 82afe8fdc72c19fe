package targets

// The key scope of a target: a workspace, or the personal scope of one user.
// A target recorded in another scope than the key's is never taken as gone.

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"

	"github.com/genviral/terraform-provider-genviral/internal/provider/shared"
)

// personalScope is a personal scope whose user is not known (the target
// list's own word for a personal key, contract §4.1).
const personalScope = "personal scope"

// scopeOf describes the scope of a target from its workspace id and, for a
// personal target, its user: "workspace <id>", "personal scope of user
// <id>", or personalScope when the user is not known. Personal scopes of
// different users are different scopes, as different workspaces are.
func scopeOf(workspaceID, userID *string) string {
	switch {
	case workspaceID != nil:
		return "workspace " + *workspaceID
	case userID != nil && *userID != "":
		return personalScope + " of user " + *userID
	}
	return personalScope
}

// isUserScope reports whether scope is the personal scope of a known user.
func isUserScope(scope string) bool {
	return strings.HasPrefix(scope, personalScope+" of user ")
}

// recordedScope returns the scope the target was last seen in: from private
// state, else (states of earlier versions, which recorded no scope or only
// "personal scope") from the recorded workspace_id and user_id; "" when not
// known.
func recordedScope(ctx context.Context, state *targetModel, p shared.PrivateGetter, diags *diag.Diagnostics) string {
	s := shared.GetPrivateString(ctx, p, privateScope, diags)
	if s != "" && s != personalScope {
		return s
	}
	known := func(v types.String) *string {
		if v.IsNull() || v.IsUnknown() {
			return nil
		}
		return v.ValueStringPointer()
	}
	if ws, user := known(state.WorkspaceID), known(state.UserID); ws != nil || user != nil {
		return scopeOf(ws, user)
	}
	return s
}

// keyScopeAgainst returns the key's scope as the list says it, told apart
// by user when the target was recorded in a user's personal scope and the
// key is personal: the key's user then comes from Client.KeyUser, and stays
// unknown (personalScope) when the API does not say.
func keyScopeAgainst(ctx context.Context, client *genviral.Client, list *genviral.TargetList, recorded string) string {
	keyScope := list.Scope()
	if keyScope != personalScope || !isUserScope(recorded) {
		return keyScope
	}
	return personalKeyScope(ctx, client)
}

// personalKeyScope returns the scope of a personal key: its user's, or
// personalScope when the API does not say (or asking failed).
func personalKeyScope(ctx context.Context, client *genviral.Client) string {
	user, err := client.KeyUser(ctx)
	if err != nil {
		return personalScope
	}
	return scopeOf(nil, &user)
}

// scopeSeen returns the scope to record for a target the key's list shows:
// the key's scope, and for a personal key its user, known from the
// recorded scope, the recorded user_id (the target is the key's, so its
// user is the key's), or Client.KeyUser.
func scopeSeen(ctx context.Context, client *genviral.Client, list *genviral.TargetList, state *targetModel, recorded string) string {
	keyScope := list.Scope()
	switch {
	case keyScope != personalScope:
		return keyScope
	case isUserScope(recorded):
		return recorded
	case !state.UserID.IsNull() && !state.UserID.IsUnknown() && state.WorkspaceID.IsNull():
		return scopeOf(nil, state.UserID.ValueStringPointer())
	}
	return personalKeyScope(ctx, client)
}

// scopeConflict returns the error for a target recorded in scope recorded
// that the key, of scope keyScope, does not list, or nil when the scopes
// agree or either is unknown. A personal key whose user the API does not
// name cannot be told from another person's: that is an error too, since
// declaring the target gone would re-create it in the wrong scope.
func (r *analyticsTargetResource) scopeConflict(state *targetModel, recorded, keyScope string) diag.Diagnostic {
	if keyScope == "" || recorded == "" || recorded == keyScope {
		return nil
	}
	first := runOf(r.Data).firstReport(summaryAnotherScope + recorded + keyScope)
	if keyScope == personalScope && isUserScope(recorded) {
		return errPersonalKeyUnknown(state.ID.ValueString(), state.Platform.ValueString(), state.Identifier.ValueString(), recorded, first)
	}
	return errInAnotherScope(state.ID.ValueString(), state.Platform.ValueString(), state.Identifier.ValueString(), recorded, keyScope, first)
}
