# Unit tests of the reporting module: no API, no key, no network. The
# provider is mocked (its schema comes from the installed provider, but it is
# never configured or called) and each read is overridden with realistic rows,
# so these tests check the module's own logic: ranking, the text table, the
# summary it merges, and its input checks.
#
#   terraform init && terraform test    # in examples/reporting (Terraform 1.7+)
#
# tests/integration/ holds a run against a real API (make test runs it
# against the emulator): terraform test -test-directory=tests/integration

mock_provider "genviral" {}

# Three posts as genviral_analytics_posts returns them with posts_format =
# "json" (every attribute present, null when the API does not report it),
# highest likes first: the order of sort_by = "likes", sort_order = "desc".
override_data {
  target = data.genviral_analytics_posts.top
  values = {
    posts_json  = <<-JSON
      [
        {"account_avatar_url": null, "account_display_name": "Acme Coffee", "account_identifier": "@acme.coffee",
         "analytics_id": "an_001", "caption": "before and after #12", "comments": 1210, "duration_seconds": null,
         "engagement_rate": 9.64, "external_id": null, "genviral_post_id": null, "id": "an_001", "likes": 30259,
         "permalink": "https://www.instagram.com/p/C1a2b3c4/", "platform": "instagram", "platform_post_id": "C1a2b3c4",
         "published_at": "2026-02-27T15:04:05Z", "saves": 1800, "shares": 2723, "thumbnail_url": null, "views": 383028},
        {"account_avatar_url": null, "account_display_name": "Northwind", "account_identifier": "@northwind_labs",
         "analytics_id": "an_002", "caption": "three tips for cold brew that nobody tells you #12", "comments": 249,
         "duration_seconds": 31, "engagement_rate": 8.13, "external_id": "ext-42", "genviral_post_id": "gp_42",
         "id": "an_002", "likes": 24994, "permalink": "https://www.tiktok.com/@northwind_labs/video/7300000000000000002",
         "platform": "tiktok", "platform_post_id": "7300000000000000002", "published_at": "2026-02-26T09:30:00Z",
         "saves": 310, "shares": null, "thumbnail_url": null, "views": 328878},
        {"account_avatar_url": null, "account_display_name": "Northwind", "account_identifier": "@northwind_labs",
         "analytics_id": "an_003", "caption": null, "comments": 15, "duration_seconds": 12, "engagement_rate": null,
         "external_id": null, "genviral_post_id": null, "id": "an_003", "likes": 1200,
         "permalink": "https://www.tiktok.com/@northwind_labs/video/7300000000000000003", "platform": "tiktok",
         "platform_post_id": "7300000000000000003", "published_at": "2026-02-20T18:00:00Z", "saves": 40, "shares": 31,
         "thumbnail_url": null, "views": null}
      ]
    JSON
    total_count = 250
    has_more    = true
  }
}

# What genviral_analytics_posts_report computes over the newest 200 of 250
# matching posts. (Its maps, per_platform and the like, are passed through
# unchanged; a mock gives them empty.)
override_data {
  target = data.genviral_analytics_posts_report.all
  values = {
    total_count = 250
    posts_read  = 200
    truncated   = true
    summary = {
      posts                    = 200
      views                    = 7400000
      likes                    = 512000
      comments                 = 20400
      shares                   = 31000
      saves                    = 18000
      interactions             = 581400
      weighted_engagement_rate = 7.86
      avg_engagement_rate      = 7.5
      median_engagement_rate   = 7.12
    }
    most_engaging_post = {
      id                   = "an_001"
      analytics_id         = "an_001"
      platform             = "instagram"
      account_identifier   = "@acme.coffee"
      account_display_name = "Acme Coffee"
      published_at         = "2026-02-27T15:04:05Z"
      permalink            = "https://www.instagram.com/p/C1a2b3c4/"
      views                = 383028
      likes                = 30259
      engagement_rate      = 9.64
    }
  }
}

variables {
  range  = "90d"
  top_by = "likes"
  top_n  = 3
}

run "top_posts_keep_the_api_order" {
  command = plan

  assert {
    condition     = [for p in output.top_posts : p.rank] == [1, 2, 3]
    error_message = "top_posts must be ranked 1, 2, 3 in the API's order."
  }
  assert {
    condition     = [for p in output.top_posts : p.id] == ["an_001", "an_002", "an_003"]
    error_message = "top_posts must keep the API's order (no re-sorting in the module)."
  }
  assert {
    condition     = output.top_posts[1].shares == null && output.top_posts[2].views == null
    error_message = "Metrics the API does not report must stay null."
  }
  assert {
    condition     = output.summary.best_post.id == "an_001" && output.summary.best_post.rank == 1
    error_message = "summary.best_post must be the first of top_posts."
  }
}

run "top_posts_table" {
  command = plan

  assert {
    condition     = length(split("\n", output.top_posts_table)) == 4
    error_message = "The table must have a header and one line per post."
  }
  assert {
    condition     = strcontains(split("\n", output.top_posts_table)[0], "LIKES*") && !strcontains(split("\n", output.top_posts_table)[0], "VIEWS*")
    error_message = "Only the ranking metric's column (likes) must be marked with *."
  }
  assert {
    condition     = startswith(split("\n", output.top_posts_table)[1], "   1  instagram  @acme.coffee   ")
    error_message = "The first row must be rank 1, padded to the longest handle: ${split("\n", output.top_posts_table)[1]}"
  }
  assert {
    condition     = endswith(split("\n", output.top_posts_table)[2], "2026-02-26  three tips for cold brew that nobody ...")
    error_message = "Long captions must be cut to 40 characters: ${split("\n", output.top_posts_table)[2]}"
  }
  assert {
    condition     = length(regexall("\\s-\\s", split("\n", output.top_posts_table)[3])) == 2
    error_message = "Missing views and engagement rate must print as '-': ${split("\n", output.top_posts_table)[3]}"
  }
}

run "summary_merges_the_report" {
  command = plan

  assert {
    condition     = output.summary.posts_matching == 250 && output.summary.posts_read == 200 && output.summary.truncated
    error_message = "summary must carry the report's coverage: ${jsonencode(output.summary)}"
  }
  assert {
    condition     = output.summary.views == 7400000 && output.summary.weighted_engagement_rate == 7.86 && output.summary.top_by == "likes"
    error_message = "summary must hold the report's totals and the ranking metric."
  }
  assert {
    condition     = output.summary.most_engaging_post.id == "an_001" && output.summary.most_engaging_post.engagement_rate == 9.64
    error_message = "summary.most_engaging_post must be the report's."
  }
  assert {
    condition     = output.total_count == 250 && output.truncated
    error_message = "total_count and truncated must be the report's."
  }
}

# (An override cannot make most_engaging_post null: Terraform's mocks cannot
# give a nested object the value null. The integration run covers it.)
run "no_matching_posts" {
  command = plan

  override_data {
    target = data.genviral_analytics_posts.top
    values = {
      posts_json  = "[]"
      total_count = 0
    }
  }

  assert {
    condition     = output.top_posts == [] && output.summary.best_post == null
    error_message = "With no posts, top_posts must be empty and summary.best_post null."
  }
  assert {
    condition     = strcontains(output.top_posts_table, "(no posts match the filters)")
    error_message = "With no posts, the table must say so."
  }
}

# Input checks fail at plan, before any read.

run "rejects_an_unsortable_metric" {
  command = plan
  variables {
    top_by = "saves"
  }
  expect_failures = [var.top_by]
}

run "rejects_handles_as_account_ids" {
  command = plan
  variables {
    account_ids = ["@acme.coffee"]
  }
  expect_failures = [var.account_ids]
}

run "rejects_range_with_dates" {
  command = plan
  variables {
    range      = "30d"
    start_date = "2026-03-01"
    end_date   = "2026-03-31"
  }
  expect_failures = [data.genviral_analytics_posts.top, data.genviral_analytics_posts_report.all]
}

run "rejects_start_after_end" {
  command = plan
  variables {
    range      = null
    start_date = "2026-03-31"
    end_date   = "2026-03-01"
  }
  expect_failures = [data.genviral_analytics_posts.top, data.genviral_analytics_posts_report.all]
}
