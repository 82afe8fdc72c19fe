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

output "q1_best_accounts" {
  description = "Accounts by weighted engagement rate, highest first."
  value = [
    for key, s in data.genviral_analytics_posts_report.q1.per_account : "${key}: ${coalesce(s.weighted_engagement_rate, 0)} %"
  ]
}

output "q1_most_engaging" {
  description = "Permalinks of the five posts with the highest engagement rate."
  value       = [for p in data.genviral_analytics_posts_report.q1.top_posts : p.permalink]
}
