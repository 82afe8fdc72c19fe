# Every API key sees one scope only. List the other scopes (workspaces, or
# the personal scope) in which the key's owner tracks accounts, for example
# to warn that some accounts need another key.
data "genviral_analytics_workspace_suggestions" "other" {}

output "other_scopes" {
  value = [
    for s in data.genviral_analytics_workspace_suggestions.other.suggestions : {
      scope   = s.is_personal ? "personal" : s.workspace_id
      name    = s.workspace_name
      targets = s.total_items
    }
  ]
}
