# Integration tests of the reporting module against a real Genviral API:
# the provider reads GENVIRAL_API_KEY and GENVIRAL_BASE_URL from the
# environment. `make test` runs them against the bundled emulator, seeded
# with ../../emulator-seed.json (two tracked accounts, @northwind_labs on
# TikTok and @acme.coffee on Instagram, 20 posts each):
#
#   terraform test -test-directory=tests/integration
#
# The module only reads, so every run is free of side effects (apply creates
# nothing; destroy deletes nothing).

provider "genviral" {}

variables {
  range     = "all"
  top_by    = "views"
  top_n     = 5
  max_posts = 1000
}

run "reports_the_tracked_accounts" {
  command = apply

  assert {
    condition     = length(output.top_posts) == 5
    error_message = "top_posts must hold top_n posts: ${output.top_posts_table}"
  }
  assert {
    condition     = alltrue([for p in output.top_posts : contains(["@northwind_labs", "@acme.coffee"], p.account_identifier)])
    error_message = "top_posts must come from the tracked accounts: ${output.top_posts_table}"
  }
  assert {
    condition     = alltrue([for i in range(1, length(output.top_posts)) : output.top_posts[i - 1].views >= output.top_posts[i].views])
    error_message = "top_posts must be sorted by views, highest first: ${output.top_posts_table}"
  }
  assert {
    condition     = output.summary.posts_read == output.total_count && !output.truncated
    error_message = "All matching posts must be read: ${jsonencode(output.summary)}"
  }
  assert {
    condition     = sum([for k, v in output.per_platform : v.posts]) == output.summary.posts_read && sort(keys(output.per_platform)) == tolist(["instagram", "tiktok"])
    error_message = "per_platform must cover every read post of both platforms: ${jsonencode(output.per_platform)}"
  }
  assert {
    condition     = output.summary.best_post.id == output.top_posts[0].id && output.summary.most_engaging_post != null
    error_message = "summary must name the best and the most engaging post."
  }
}

run "filters_by_platform" {
  command = apply

  variables {
    platforms = ["tiktok"]
    top_by    = "likes"
  }

  assert {
    condition     = length(output.per_platform) == 1 && contains(keys(output.per_platform), "tiktok") && alltrue([for p in output.top_posts : p.platform == "tiktok"])
    error_message = "Only TikTok posts must be read: ${output.top_posts_table}"
  }
  assert {
    condition     = strcontains(split("\n", output.top_posts_table)[0], "LIKES*")
    error_message = "The table must mark the likes column."
  }
}

run "no_matching_posts" {
  command = apply

  variables {
    platforms = ["youtube"]
  }

  assert {
    condition     = output.total_count == 0 && length(output.top_posts) == 0 && length(output.per_platform) == 0
    error_message = "No tracked YouTube account: nothing must match."
  }
  assert {
    condition     = output.summary.best_post == null && output.summary.most_engaging_post == null
    error_message = "With no posts, the best posts must be null: ${jsonencode(output.summary)}"
  }
  assert {
    condition     = strcontains(output.top_posts_table, "(no posts match the filters)")
    error_message = "With no posts, the table must say so."
  }
}
