# targets.tfquery.hcl (Terraform 1.14+). List the tracked accounts:
#   terraform query
# and write a resource and an import block for each into generated.tf:
#   terraform query -generate-config-out=generated.tf
list "genviral_analytics_target" "tiktok" {
  provider         = genviral
  include_resource = true

  config {
    platform = "tiktok" # optional: leave out to list every platform
  }
}
