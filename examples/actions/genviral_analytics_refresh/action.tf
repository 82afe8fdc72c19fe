# Terraform 1.14+. Refresh on demand (each invocation may spend credits):
#   terraform apply -invoke=action.genviral_analytics_refresh.northwind
action "genviral_analytics_refresh" "northwind" {
  config {
    target_id = genviral_analytics_target.northwind.id
    timeout   = "15m"
  }
}

resource "genviral_analytics_target" "northwind" {
  platform   = "tiktok"
  identifier = "@northwind_labs"

  lifecycle {
    # Or refresh once right after the target is created.
    action_trigger {
      events  = [after_create]
      actions = [action.genviral_analytics_refresh.northwind]
    }
  }
}
