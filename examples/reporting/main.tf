# Post reporting over genviral_analytics_posts: the top posts by one metric,
# totals per platform and per account, and an engagement summary.
#
# Two reads, whatever the filters:
#   - "top": the top_n posts by top_by, sorted by the API over every matching
#     post (so they are right even when "all" is truncated);
#   - "all": up to max_posts matching posts, newest first, for the aggregates.
# Rows are used exactly as the API returns them, in server order.

locals {
  # Empty sets mean "no filter": the data source wants them omitted (null).
  platforms   = length(var.platforms) > 0 ? var.platforms : null
  account_ids = length(var.account_ids) > 0 ? var.account_ids : null

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

data "genviral_analytics_posts" "all" {
  range       = var.range
  start_date  = var.start_date
  end_date    = var.end_date
  platforms   = local.platforms
  account_ids = local.account_ids
  sort_by     = "published_at"
  sort_order  = "desc"
  max_results = var.max_posts

  lifecycle {
    precondition {
      condition     = !local.range_and_dates && local.dates_paired && local.dates_ordered
      error_message = "Invalid date filter: set either range or both start_date and end_date (start not after end)."
    }
  }
}

locals {
  # The read posts with the metrics the aggregates need. A metric the API does
  # not report for a post counts as 0 in sums (as the data source's totals
  # do); a missing engagement rate is left out of averages and medians.
  posts = [
    for p in data.genviral_analytics_posts.all.posts : {
      id                   = p.id
      platform             = coalesce(p.platform, "unknown")
      account_key          = "${coalesce(p.platform, "unknown")}/${coalesce(p.account_identifier, "unknown")}"
      account_identifier   = p.account_identifier
      account_display_name = p.account_display_name
      permalink            = p.permalink
      published_at         = p.published_at
      views                = coalesce(p.views, 0)
      likes                = coalesce(p.likes, 0)
      comments             = coalesce(p.comments, 0)
      shares               = coalesce(p.shares, 0)
      saves                = coalesce(p.saves, 0)
      engagement_rate      = p.engagement_rate
    }
  ]

  # Groups of posts to aggregate, by dimension. "overall" always has its one
  # group, also when no post matches.
  groups = {
    platform = { for p in local.posts : p.platform => p... }
    account  = { for p in local.posts : p.account_key => p... }
    overall  = { all = local.posts }
  }

  # Pass 1: sums, and the engagement rates in ascending order. Numbers are
  # sorted as zero-padded strings (Terraform's sort() is lexical); rates are
  # non-negative percentages.
  sums = {
    for dim, groups in local.groups : dim => {
      for key, ps in groups : key => {
        posts    = length(ps)
        views    = sum(concat([0], [for p in ps : p.views]))
        likes    = sum(concat([0], [for p in ps : p.likes]))
        comments = sum(concat([0], [for p in ps : p.comments]))
        shares   = sum(concat([0], [for p in ps : p.shares]))
        saves    = sum(concat([0], [for p in ps : p.saves]))
        rates = [
          for s in sort([for p in ps : format("%024.6f", p.engagement_rate) if p.engagement_rate != null]) : tonumber(s)
        ]
      }
    }
  }

  # Pass 2: interactions and rates. Every rate is rounded to 2 decimals and
  # is null when it is undefined (no views, or no post with a rate): the
  # conditionals guard each division.
  stats = {
    for dim, groups in local.sums : dim => {
      for key, s in groups : key => {
        posts        = s.posts
        views        = s.views
        likes        = s.likes
        comments     = s.comments
        shares       = s.shares
        saves        = s.saves
        interactions = s.likes + s.comments + s.shares + s.saves
        # Interactions per view over the whole group, in percent.
        weighted_engagement_rate = (s.views > 0
          ? floor((s.likes + s.comments + s.shares + s.saves) / s.views * 10000 + 0.5) / 100
        : null)
        # Plain mean and median of the posts' own engagement rates.
        avg_engagement_rate = (length(s.rates) > 0
          ? floor(sum(s.rates) / length(s.rates) * 100 + 0.5) / 100
        : null)
        median_engagement_rate = (length(s.rates) == 0 ? null
          : length(s.rates) % 2 == 1 ? floor(s.rates[floor(length(s.rates) / 2)] * 100 + 0.5) / 100
          : floor((s.rates[length(s.rates) / 2 - 1] + s.rates[length(s.rates) / 2]) * 50 + 0.5) / 100
        )
      }
    }
  }

  top_posts = [
    for i, p in data.genviral_analytics_posts.top.posts : {
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

  # The read post with the highest engagement rate (the first in server
  # order on a tie), or null.
  read_rates = [for p in data.genviral_analytics_posts.all.posts : p.engagement_rate if p.engagement_rate != null]
  max_rate   = length(local.read_rates) > 0 ? max(local.read_rates...) : null
  most_engaging = (local.max_rate == null ? null
    : [for p in data.genviral_analytics_posts.all.posts : p if p.engagement_rate == local.max_rate][0]
  )

  summary = merge(local.stats.overall.all, {
    posts_matching = data.genviral_analytics_posts.all.total_count
    posts_read     = local.stats.overall.all.posts
    truncated      = data.genviral_analytics_posts.all.has_more
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
