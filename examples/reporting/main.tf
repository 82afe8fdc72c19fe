# Post reporting: the top posts by one metric, totals per platform, per
# account and per day and week of publication, and an engagement summary.
#
# Two reads, whatever the filters:
#   - "top" (genviral_analytics_posts): the top_n posts by top_by, sorted by
#     the API over every matching post (so they are right even when "all" is
#     truncated);
#   - "all" (genviral_analytics_posts_report): up to max_posts matching posts,
#     newest first, aggregated by the provider, so that the state holds the
#     aggregates (kilobytes) instead of every post.

locals {
  # Empty sets mean "no filter", as for the data sources themselves.
  platforms   = var.platforms
  account_ids = var.account_ids

  # Whole-module checks of the filters, as preconditions of both reads.
  date_mode       = var.start_date != null || var.end_date != null
  dates_paired    = (var.start_date == null) == (var.end_date == null)
  range_and_dates = var.range != null && local.date_mode
  dates_ordered = (local.dates_paired && var.start_date != null
    ? timecmp("${var.start_date}T00:00:00Z", "${var.end_date}T00:00:00Z") <= 0
  : true)
}

data "genviral_analytics_posts" "top" {
  range       = var.range
  start_date  = var.start_date
  end_date    = var.end_date
  platforms   = local.platforms
  account_ids = local.account_ids
  sort_by     = var.top_by
  sort_order  = "desc"
  max_results = var.top_n
  # The rows as one JSON string (byte for byte jsonencode(posts)): less work
  # for Terraform than a list of objects, and a value that `terraform test`
  # can override with realistic rows (override_data cannot yet give a list
  # of nested attributes, hashicorp/terraform#38369; see tests/).
  posts_format = "json"

  lifecycle {
    precondition {
      condition     = !local.range_and_dates
      error_message = "Set either range or start_date/end_date, not both."
    }
    precondition {
      condition     = local.dates_paired
      error_message = "start_date and end_date must be set together (or neither)."
    }
    precondition {
      condition     = local.dates_ordered
      error_message = "start_date must not be after end_date."
    }
  }
}

data "genviral_analytics_posts_report" "all" {
  range       = var.range
  start_date  = var.start_date
  end_date    = var.end_date
  platforms   = local.platforms
  account_ids = local.account_ids
  max_posts   = var.max_posts
  top_n       = 0

  lifecycle {
    precondition {
      condition     = !local.range_and_dates && local.dates_paired && local.dates_ordered
      error_message = "Invalid date filter: set either range or both start_date and end_date (start not after end)."
    }
  }
}

locals {
  top_posts = [
    for i, p in jsondecode(data.genviral_analytics_posts.top.posts_json) : {
      rank                 = i + 1
      id                   = p.id
      platform             = p.platform
      account_identifier   = p.account_identifier
      account_display_name = p.account_display_name
      published_at         = p.published_at
      caption              = p.caption
      permalink            = p.permalink
      views                = p.views
      likes                = p.likes
      comments             = p.comments
      shares               = p.shares
      saves                = p.saves
      engagement_rate      = p.engagement_rate
    }
  ]

  report        = data.genviral_analytics_posts_report.all
  most_engaging = local.report.most_engaging_post

  summary = merge(local.report.summary, {
    posts_matching = local.report.total_count
    posts_read     = local.report.posts_read
    truncated      = local.report.truncated
    top_by         = var.top_by
    best_post      = length(local.top_posts) > 0 ? local.top_posts[0] : null
    most_engaging_post = local.most_engaging == null ? null : {
      id                 = local.most_engaging.id
      platform           = local.most_engaging.platform
      account_identifier = local.most_engaging.account_identifier
      published_at       = local.most_engaging.published_at
      permalink          = local.most_engaging.permalink
      views              = local.most_engaging.views
      engagement_rate    = local.most_engaging.engagement_rate
    }
  })

  # top_posts_table: fixed-width text; the account column fits the longest
  # handle, the ranking metric's header ends in "*" (other metric headers and
  # all metric values in a space, so the columns line up), and missing
  # metrics print as "-".
  account_width = max(concat([7], [for p in local.top_posts : length(coalesce(p.account_identifier, "-"))])...)
  row_format    = "%4s  %-9s  %-${local.account_width}s  %11s  %10s  %9s  %9s  %6s  %-10s  %s"
  table_header = format(local.row_format, "#", "PLATFORM", "ACCOUNT",
    "VIEWS${var.top_by == "views" ? "*" : " "}", "LIKES${var.top_by == "likes" ? "*" : " "}",
    "COMMENTS${var.top_by == "comments" ? "*" : " "}", "SHARES${var.top_by == "shares" ? "*" : " "}",
  "ER %", "PUBLISHED", "CAPTION")
  table_rows = [
    for p in local.top_posts : format(local.row_format,
      tostring(p.rank),
      coalesce(p.platform, "-"),
      coalesce(p.account_identifier, "-"),
      "${p.views == null ? "-" : p.views} ",
      "${p.likes == null ? "-" : p.likes} ",
      "${p.comments == null ? "-" : p.comments} ",
      "${p.shares == null ? "-" : p.shares} ",
      p.engagement_rate == null ? "-" : format("%.2f", p.engagement_rate),
      p.published_at == null ? "-" : substr(p.published_at, 0, 10),
      p.caption == null ? "" : (length(p.caption) > 40 ? "${substr(p.caption, 0, 37)}..." : p.caption),
    )
  ]
  top_posts_table = join("\n", concat(
    [local.table_header],
    length(local.table_rows) > 0 ? local.table_rows : ["      (no posts match the filters)"],
  ))
}
