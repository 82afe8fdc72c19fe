# The 10 most viewed TikTok and Instagram posts of the last 30 days.
data "genviral_analytics_posts" "top_30d" {
  range       = "30d"
  platforms   = ["tiktok", "instagram"]
  sort_by     = "views"
  sort_order  = "desc"
  max_results = 10
}

output "top_posts" {
  description = "Permalink, views and engagement rate (a percentage) of the top posts, most viewed first."
  value = [
    for p in data.genviral_analytics_posts.top_30d.posts : {
      url             = p.permalink
      account         = p.account_identifier
      views           = p.views
      engagement_rate = p.engagement_rate
    }
  ]
}

# Every post of two tracked accounts in the first quarter, newest first
# (the API's default order). max_results pages through the API in parallel;
# has_more says whether the window cut rows off.
data "genviral_analytics_posts" "q1_brand" {
  start_date = "2026-01-01"
  end_date   = "2026-03-31"
  account_ids = [
    genviral_analytics_target.northwind.id,
    data.genviral_analytics_target.acme_ig.id,
  ]
  max_results = 1000
}

output "q1_brand_report" {
  value = {
    posts_matching = data.genviral_analytics_posts.q1_brand.total_count
    posts_read     = data.genviral_analytics_posts.q1_brand.totals.posts
    truncated      = data.genviral_analytics_posts.q1_brand.has_more
    views          = data.genviral_analytics_posts.q1_brand.totals.views
    interactions = sum([
      data.genviral_analytics_posts.q1_brand.totals.likes,
      data.genviral_analytics_posts.q1_brand.totals.comments,
      data.genviral_analytics_posts.q1_brand.totals.shares,
      data.genviral_analytics_posts.q1_brand.totals.saves,
    ])
  }
}

# The accounts the report above reads: one managed here, one looked up.
resource "genviral_analytics_target" "northwind" {
  platform   = "tiktok"
  identifier = "@northwind_labs"
}

data "genviral_analytics_target" "acme_ig" {
  platform   = "instagram"
  identifier = "@acme.coffee"
}

# Every post of the last year as one JSON document for a dashboard: with
# posts_format = "json" Terraform holds one string instead of 20 values per
# row, which keeps plans of thousands of rows fast. jsondecode() gives the
# rows back where HCL needs them.
data "genviral_analytics_posts" "export" {
  range        = "1y"
  max_results  = 10100
  posts_format = "json"
}

resource "terraform_data" "dashboard_feed" {
  input = data.genviral_analytics_posts.export.posts_json
}

output "export_rows" {
  value = length(jsondecode(data.genviral_analytics_posts.export.posts_json))
}
