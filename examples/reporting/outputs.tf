output "top_posts" {
  description = "The top_n posts with the highest top_by metric among all matching posts, highest first, in the API's order (ties: the API's order). Each: rank, id, platform, account_identifier, account_display_name, published_at, caption, permalink, views, likes, comments, shares, saves, engagement_rate (percent). Metrics the API does not report are null."
  value       = local.top_posts
}

output "top_posts_table" {
  description = "top_posts as a fixed-width text table (the ranking column is marked with *), for `terraform output -raw top_posts_table`."
  value       = local.top_posts_table
}

output "per_platform" {
  description = "Totals of the read posts per platform: map of platform => { posts, views, likes, comments, shares, saves, interactions, weighted_engagement_rate, avg_engagement_rate, median_engagement_rate }. Rates are percentages rounded to 2 decimals; platforms without posts are absent."
  value       = data.genviral_analytics_posts_report.all.per_platform
}

output "per_account" {
  description = "Totals of the read posts per tracked account: map of \"platform/account_identifier\" => { platform, account_identifier, account_display_name, posts, views, likes, comments, shares, saves, interactions, weighted_engagement_rate, avg_engagement_rate, median_engagement_rate }."
  value       = data.genviral_analytics_posts_report.all.per_account
}

output "per_day" {
  description = "Totals of the read posts per UTC day of publication: map of \"YYYY-MM-DD\" => the fields of per_platform. Days without posts are absent."
  value       = data.genviral_analytics_posts_report.all.per_day
}

output "per_week" {
  description = "Totals of the read posts per ISO week of publication (Monday to Sunday, UTC): map of \"YYYY-Www\" => the fields of per_platform."
  value       = data.genviral_analytics_posts_report.all.per_week
}

output "summary" {
  description = "Engagement summary over the read posts: posts_matching, posts_read, truncated, views, likes, comments, shares, saves, interactions (likes + comments + shares + saves), weighted_engagement_rate (interactions / views * 100), avg_engagement_rate and median_engagement_rate (of the posts' own rates), top_by, best_post (the first of top_posts) and most_engaging_post (highest engagement rate among the read posts). Rates are null when undefined (no views, no rates), best posts null when there are no posts."
  value       = local.summary
}

output "total_count" {
  description = "How many posts match the filters, as the API counts them (may exceed the posts read)."
  value       = data.genviral_analytics_posts_report.all.total_count
}

output "truncated" {
  description = "True when more posts match than max_posts: the aggregates then cover only the newest max_posts posts (top_posts is not affected)."
  value       = data.genviral_analytics_posts_report.all.truncated
}
