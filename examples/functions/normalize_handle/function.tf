variable "owners" {
  description = "Team that owns each account, keyed by handle in any spelling."
  type        = map(string)
  default     = { "@Northwind_Labs" = "growth", "acme.coffee" = "brand" }
}

resource "genviral_analytics_target" "tracked" {
  for_each   = var.owners
  platform   = "tiktok"
  identifier = each.key
}

locals {
  # Keys in the comparison form the API and normalized_identifier use.
  owner_by_handle = { for h, team in var.owners : provider::genviral::normalize_handle(h) => team }
}

output "owner_of_each_target" {
  value = {
    for t in genviral_analytics_target.tracked : t.id => local.owner_by_handle[t.normalized_identifier]
  }
}
