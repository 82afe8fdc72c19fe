# Filters. They are passed to genviral_analytics_posts unchanged; the
# validations below mirror the provider's plan-time rules so that a mistake is
# reported on the module input that caused it. Rules that involve two inputs
# (range versus dates, both dates or neither, start before end) are
# preconditions in main.tf, since Terraform 1.5 validations may only refer to
# their own variable.

variable "range" {
  description = "Preset date range ending now: `14d`, `30d`, `90d`, `1y` or `all`. Conflicts with `start_date`/`end_date`. When neither a range nor dates are set, the API's default applies (`30d`)."
  type        = string
  default     = null

  validation {
    condition     = var.range == null ? true : contains(["14d", "30d", "90d", "1y", "all"], var.range)
    error_message = "range must be one of \"14d\", \"30d\", \"90d\", \"1y\", \"all\" (or null for the API's default, 30d)."
  }
}

variable "start_date" {
  description = "First day of a custom date range, `YYYY-MM-DD` (inclusive; the API does not document the time zone of day boundaries). Requires `end_date` and conflicts with `range`."
  type        = string
  default     = null

  validation {
    condition     = var.start_date == null ? true : can(regex("^\\d{4}-\\d{2}-\\d{2}$", var.start_date)) && can(formatdate("YYYY-MM-DD", "${var.start_date}T00:00:00Z"))
    error_message = "start_date must be a calendar date in the form YYYY-MM-DD, for example \"2026-03-01\"."
  }
}

variable "end_date" {
  description = "Last day of a custom date range, `YYYY-MM-DD` (inclusive; the API does not document the time zone of day boundaries). Requires `start_date`, must not be before it, and conflicts with `range`."
  type        = string
  default     = null

  validation {
    condition     = var.end_date == null ? true : can(regex("^\\d{4}-\\d{2}-\\d{2}$", var.end_date)) && can(formatdate("YYYY-MM-DD", "${var.end_date}T00:00:00Z"))
    error_message = "end_date must be a calendar date in the form YYYY-MM-DD, for example \"2026-03-31\"."
  }
}

variable "platforms" {
  description = "Only posts of these platforms (`tiktok`, `instagram`, `youtube`). Empty (the default) means all platforms."
  type        = set(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for p in var.platforms : contains(["tiktok", "instagram", "youtube"], p)])
    error_message = "platforms may only contain \"tiktok\", \"instagram\" and \"youtube\"."
  }
}

variable "account_ids" {
  description = "Only posts of these tracked accounts, given as analytics target ids (`genviral_analytics_target.<name>.id`), not handles. Empty (the default) means every account in the API key's scope."
  type        = set(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for id in var.account_ids : trimspace(id) != "" && !startswith(id, "@") && !can(regex("[\\s,]", id))])
    error_message = "account_ids must be analytics target ids (for example genviral_analytics_target.brand.id): not empty, not an @handle, without white space or commas."
  }
}

# Report shape.

variable "top_n" {
  description = "How many top posts to return in `top_posts` (1 to 10100). They are the top posts of all matching posts, not only of the `max_posts` read for the aggregates."
  type        = number
  default     = 10
  nullable    = false

  validation {
    condition     = var.top_n >= 1 && var.top_n <= 10100 && floor(var.top_n) == var.top_n
    error_message = "top_n must be a whole number from 1 to 10100."
  }
}

variable "top_by" {
  description = "The metric that ranks `top_posts`: `views`, `likes`, `comments` or `shares` (the API cannot sort by saves or engagement rate). Highest first."
  type        = string
  default     = "views"
  nullable    = false

  validation {
    condition     = contains(["views", "likes", "comments", "shares"], var.top_by)
    error_message = "top_by must be one of \"views\", \"likes\", \"comments\", \"shares\"."
  }
}

variable "max_posts" {
  description = "The most posts to read for the per-platform, per-account and summary aggregates (1 to 1000000), newest first. Each 100 posts cost one API request (beyond 10,100, the query is split into windows, a request or so more each). When more posts match, the aggregates cover the newest `max_posts` and the `truncated` output is true."
  type        = number
  default     = 1000
  nullable    = false

  validation {
    condition     = var.max_posts >= 1 && var.max_posts <= 1000000 && floor(var.max_posts) == var.max_posts
    error_message = "max_posts must be a whole number from 1 to 1000000."
  }
}
