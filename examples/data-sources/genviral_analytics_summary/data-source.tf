# KPIs of the last 30 days, all tracked accounts. The API does not document
# the inner shape of kpis and of the series, so they are JSON strings:
# decode them with jsondecode() and read them defensively with try().
data "genviral_analytics_summary" "last_30d" {
  range = "30d"
}

locals {
  kpis = jsondecode(data.genviral_analytics_summary.last_30d.kpis)
}

output "kpis_30d" {
  value = {
    # A KPI may be a number or an object with its value and delta.
    views           = try(local.kpis.views.value, local.kpis.views, null)
    views_delta     = try(local.kpis.views.delta, null)
    engagement_rate = try(local.kpis.engagementRate.value, local.kpis.engagementRate, null)
    posting_streak  = data.genviral_analytics_summary.last_30d.posting_streak
  }
}

# A custom date range for two platforms and one account, with the daily
# series and the content mix decoded for a dashboard.
data "genviral_analytics_summary" "q1" {
  start_date  = "2026-01-01"
  end_date    = "2026-03-31"
  platforms   = ["tiktok", "instagram"]
  account_ids = [genviral_analytics_target.northwind.id]
}

output "q1_series" {
  value = {
    interactions = try(jsondecode(data.genviral_analytics_summary.q1.interaction_series), [])
    engagement   = try(jsondecode(data.genviral_analytics_summary.q1.engagement_series), [])
    heatmap      = try(jsondecode(data.genviral_analytics_summary.q1.posting_heatmap), [])
    content_mix  = try(jsondecode(data.genviral_analytics_summary.q1.content_mix), [])
  }
}

resource "genviral_analytics_target" "northwind" {
  platform   = "tiktok"
  identifier = "@northwind_labs"
}
