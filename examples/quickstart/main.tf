# Quickstart: track three accounts and print a small metrics report.
#
# Run it against the offline emulator with `make demo`, or against the real
# API with GENVIRAL_API_KEY set, after `make install` from the repository root
# (the provider is not on a registry yet; see README, "Use a Local Build"):
#   terraform init && terraform apply
terraform {
  required_version = ">= 1.5"
  required_providers {
    genviral = {
      source = "genviral/genviral"
    }
  }
}

# Credentials come from the environment: GENVIRAL_API_KEY (and, for the
# emulator, GENVIRAL_BASE_URL). Nothing secret lives in this file.
provider "genviral" {}

locals {
  accounts = {
    northwind = { platform = "tiktok", handle = "@northwind_labs", alias = "Northwind" }
    # In the demo this one is already tracked: the provider adopts it with a
    # warning instead of creating a duplicate, and destroy leaves it tracked.
    acme  = { platform = "instagram", handle = "@acme.coffee", alias = "Acme Coffee" }
    brand = { platform = "youtube", handle = "@brandchannel", alias = null }
  }
}

# One target per account.
resource "genviral_analytics_target" "tracked" {
  for_each = local.accounts

  platform   = each.value.platform
  identifier = each.value.handle
  alias      = each.value.alias
}

# The ten most viewed posts of these accounts over the last 90 days.
data "genviral_analytics_posts" "top" {
  range       = "90d"
  account_ids = [for t in genviral_analytics_target.tracked : t.id]
  sort_by     = "views"
  sort_order  = "desc"
  max_results = 10
}

# All posts of the period, for the per-platform totals.
data "genviral_analytics_posts" "all" {
  range       = "90d"
  account_ids = [for t in genviral_analytics_target.tracked : t.id]
  max_results = 1000
}

locals {
  platforms = distinct([for p in data.genviral_analytics_posts.all.posts : p.platform])
  per_platform = {
    for platform in local.platforms : platform => {
      posts = length([for p in data.genviral_analytics_posts.all.posts : p if p.platform == platform])
      views = sum(concat([0], [for p in data.genviral_analytics_posts.all.posts : p.views if p.platform == platform && p.views != null]))
      likes = sum(concat([0], [for p in data.genviral_analytics_posts.all.posts : p.likes if p.platform == platform && p.likes != null]))
    }
  }
}

output "targets" {
  description = "Tracked accounts: id, and whether an existing target was adopted."
  value = {
    for k, t in genviral_analytics_target.tracked : k => {
      id      = t.id
      handle  = "${t.platform}/${t.identifier}"
      adopted = t.adopted
    }
  }
}

output "top_posts" {
  description = "The ten most viewed posts of the last 90 days, as a table."
  value = join("\n", concat(
    [format("%-10s %-18s %10s %8s %7s  %s", "PLATFORM", "ACCOUNT", "VIEWS", "LIKES", "ER %", "PUBLISHED")],
    [for p in data.genviral_analytics_posts.top.posts : format("%-10s %-18s %10d %8d %7.2f  %s",
    p.platform, p.account_identifier, coalesce(p.views, 0), coalesce(p.likes, 0), coalesce(p.engagement_rate, 0), substr(coalesce(p.published_at, "?"), 0, 10))]
  ))
}

output "per_platform_totals" {
  description = "Posts, views and likes per platform over the last 90 days."
  value       = local.per_platform
}

output "totals" {
  description = "Totals over every post of the period."
  value       = data.genviral_analytics_posts.all.totals
}
