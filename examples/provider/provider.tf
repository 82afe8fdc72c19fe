terraform {
  required_providers {
    genviral = {
      source = "genviral/genviral"
    }
  }
}

# The recommended set-up: no arguments, everything from the environment.
#   export GENVIRAL_API_KEY="gva_live_xxxxxx.<secret>"
provider "genviral" {}

# Every argument, with its default.
provider "genviral" {
  alias = "tuned"

  api_key               = var.genviral_api_key                     # default: $GENVIRAL_API_KEY
  base_url              = "https://www.genviral.io/api/partner/v1" # default: $GENVIRAL_BASE_URL, then this URL
  request_timeout       = "30s"                                    # per HTTP request
  max_retries           = 4                                        # 429, 5xx and network errors; never billable refreshes
  max_parallel_requests = 4                                        # across all resources and data sources
}

variable "genviral_api_key" {
  type      = string
  sensitive = true
}
