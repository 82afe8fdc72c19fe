# Look a tracked account up by platform and handle. Handles match
# case-insensitively, with or without the "@": "@Acme.Coffee" finds a target
# tracked as "acme.coffee". The read fails if the account is not tracked in
# the API key's scope.
data "genviral_analytics_target" "acme" {
  platform   = "instagram"
  identifier = "@Acme.Coffee"
}

# Or by its id.
data "genviral_analytics_target" "by_id" {
  id = "5c9d2e41-0a7b-4c3f-b8e2-91d4f6a0c3b5"
}

output "acme" {
  value = {
    id           = data.genviral_analytics_target.acme.id
    display_name = data.genviral_analytics_target.acme.display_name
    free_refresh = data.genviral_analytics_target.acme.free_refresh_available
  }
}

# Use the id to read the account's most liked posts of the last 90 days.
data "genviral_analytics_posts" "acme_top" {
  range       = "90d"
  account_ids = [data.genviral_analytics_target.acme.id]
  sort_by     = "likes"
  max_results = 5
}
