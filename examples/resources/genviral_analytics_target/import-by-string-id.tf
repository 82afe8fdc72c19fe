# Terraform 1.5+: import with a block, then `terraform plan` shows the import.
import {
  to = genviral_analytics_target.northwind
  id = "tiktok/@northwind_labs" # or the target id
}
