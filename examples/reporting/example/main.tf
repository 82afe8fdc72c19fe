# An example caller of the reporting module: the 5 most liked TikTok and
# Instagram posts of the last 90 days, with totals per platform and account.
#
#   make install   # from the repository root: the provider is not on a registry yet
#   export GENVIRAL_API_KEY="gva_live_xxxxxx.<secret>"
#   terraform init && terraform apply
#   terraform output -raw top_posts_table
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

module "report" {
  source = "../"

  range     = "90d"
  platforms = ["tiktok", "instagram"]
  top_n     = 5
  top_by    = "likes"
  max_posts = 2000
}

output "top_posts_table" {
  description = "The five most liked posts, as a table."
  value       = module.report.top_posts_table
}

output "top_posts" {
  description = "The five most liked posts (rank, platform, account, permalink, metrics)."
  value       = module.report.top_posts
}

output "per_platform" {
  description = "Posts, metrics and engagement rates per platform."
  value       = module.report.per_platform
}

output "per_account" {
  description = "Posts, metrics and engagement rates per tracked account."
  value       = module.report.per_account
}

output "summary" {
  description = "Engagement summary of the period."
  value       = module.report.summary
}

output "coverage" {
  description = "How many posts matched, and whether the aggregates had to leave some out."
  value = {
    total_count = module.report.total_count
    truncated   = module.report.truncated
  }
}
