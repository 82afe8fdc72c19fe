# Every account tracked in the API key's scope.
data "genviral_analytics_targets" "all" {}

# Only the TikTok accounts.
data "genviral_analytics_targets" "tiktok" {
  platform = "tiktok"
}

output "workspace_id" {
  description = "The key's workspace (null for a personal key)."
  value       = data.genviral_analytics_targets.all.workspace_id
}

output "tracked_handles" {
  description = "Target id by platform/handle, e.g. \"tiktok/northwind_labs\"."
  value = {
    for t in data.genviral_analytics_targets.all.targets :
    "${t.platform}/${t.normalized_identifier}" => t.id
  }
}

# Read the post metrics of every tracked TikTok account.
data "genviral_analytics_posts" "tiktok_30d" {
  range       = "30d"
  account_ids = [for t in data.genviral_analytics_targets.tiktok.targets : t.id]
}
