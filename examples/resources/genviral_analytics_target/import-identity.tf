# Terraform 1.12+: import by identity. The handle may be spelled in any way;
# the state takes the API's spelling. identity = { id = "<target id>" } works too.
import {
  to       = genviral_analytics_target.northwind
  identity = { platform = "tiktok", identifier = "@Northwind_Labs" }
}
