# WARNING: every create or replacement of a genviral_analytics_refresh starts
# a refresh, which spends credits once the target's free daily refresh is
# used up. Plans, reads and destroys never start one.

resource "genviral_analytics_target" "northwind" {
  platform   = "tiktok"
  identifier = "@northwind_labs"
}

# At most one refresh per day: the pipeline passes the date, e.g.
#   terraform apply -var "report_date=$(date -u +%F)"
# A new date replaces the resource, which starts a new refresh; re-running
# the pipeline on the same day changes nothing. (Without a variable,
# formatdate("YYYY-MM-DD", plantimestamp()) gives the same daily cadence.)
variable "report_date" {
  type        = string
  description = "The day of the report, YYYY-MM-DD."
}

resource "genviral_analytics_refresh" "daily" {
  target_id = genviral_analytics_target.northwind.id

  triggers = {
    day = var.report_date
  }

  # The default: wait until the refresh has completed, so that the data
  # sources below read fresh metrics.
  wait_for_completion = true

  timeouts {
    create = "15m"
  }
}

# Read the summary only after the refresh has completed.
data "genviral_analytics_summary" "after_refresh" {
  range       = "30d"
  account_ids = [genviral_analytics_target.northwind.id]

  depends_on = [genviral_analytics_refresh.daily]
}

output "refresh" {
  value = {
    id           = genviral_analytics_refresh.daily.id
    status       = genviral_analytics_refresh.daily.status
    was_free     = genviral_analytics_refresh.daily.was_free
    credits_used = genviral_analytics_refresh.daily.credits_used
  }
}

# Fire and forget: return as soon as the refresh is queued (status
# "pending"); later plans update the status. One refresh per target at a
# time: the API refuses a second one while the first runs.
resource "genviral_analytics_target" "acme" {
  platform   = "instagram"
  identifier = "@acme.coffee"
}

resource "genviral_analytics_refresh" "queued" {
  target_id           = genviral_analytics_target.acme.id
  wait_for_completion = false

  triggers = {
    day = var.report_date
  }
}
