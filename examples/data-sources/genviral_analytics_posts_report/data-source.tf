# A quarter of TikTok and Instagram posts, aggregated by the provider: the
# state keeps the report (kilobytes), not the posts.
data "genviral_analytics_posts_report" "q1" {
  start_date = "2026-01-01"
  end_date   = "2026-03-31"
  platforms  = ["tiktok", "instagram"]
  top_n      = 5
  top_by     = "engagement_rate"
}

output "q1_summary" {
  description = "Posts, views, interactions and engagement rates over the quarter."
  value       = data.genviral_analytics_posts_report.q1.summary
}

output "q1_views_per_week" {
  description = "Views per ISO week of publication, e.g. { \"2026-W02\" = 18250, ... }."
  value       = { for week, s in data.genviral_analytics_posts_report.q1.per_week : week => s.views }
}

locals {
  # per_account is a map, so a for expression visits it in key order. To
  # order by rate, prefix each key with its rate, zero-padded ("000004.94
  # tiktok/@acme"), since sort() compares strings.
  q1_accounts_by_rate = reverse(sort([
    for key, s in data.genviral_analytics_posts_report.q1.per_account :
    format("%09.2f %s", coalesce(s.weighted_engagement_rate, 0), key)
  ]))
}

output "q1_best_accounts" {
  description = "Accounts by weighted engagement rate, highest first."
  value = [
    for line in local.q1_accounts_by_rate : "${substr(line, 10, -1)}: ${tonumber(substr(line, 0, 9))} %"
  ]
}

output "q1_most_engaging" {
  description = "Permalinks of the five posts with the highest engagement rate."
  value       = [for p in data.genviral_analytics_posts_report.q1.top_posts : p.permalink]
}
