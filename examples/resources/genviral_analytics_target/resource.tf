# Track one TikTok account. If it is already tracked in the key's scope,
# the existing target is adopted (with a warning) instead of duplicated.
resource "genviral_analytics_target" "northwind" {
  platform   = "tiktok"
  identifier = "@northwind_labs"
  alias      = "Northwind"
}

# Track several accounts from one map, with settings.
locals {
  accounts = {
    acme_ig = { platform = "instagram", handle = "@acme.coffee", alias = "Acme Coffee" }
    acme_yt = { platform = "youtube", handle = "@acmecoffee", alias = null }
  }
}

resource "genviral_analytics_target" "acme" {
  for_each = local.accounts

  platform   = each.value.platform
  identifier = each.value.handle
  alias      = each.value.alias
  favorite   = true

  refresh_policy = {
    free_daily_refresh = true
    max_posts          = 50
  }
}

# Refuse to take over an account someone else already tracks, and never
# delete it on destroy.
resource "genviral_analytics_target" "strict" {
  platform        = "tiktok"
  identifier      = "@partner_brand"
  adopt_existing  = false
  deletion_policy = "abandon"

  timeouts {
    create = "2m"
  }
}
