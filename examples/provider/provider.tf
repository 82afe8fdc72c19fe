terraform {
  required_providers {
    genviral = {
      source = "genviral/genviral"
    }
  }
}

# The recommended set-up: no arguments, everything from the environment.
#   export GENVIRAL_API_KEY="gva_live_xxxxxx.<secret>"
# Terraform never sees the key, so it is in no plan file or state.
provider "genviral" {}

# Every argument, with its default. The key comes from an ephemeral
# variable (Terraform 1.10 or later), set with
#   export TF_VAR_genviral_api_key="gva_live_xxxxxx.<secret>"
# An ephemeral variable is not saved in a plan file (`terraform plan -out`);
# a plain variable is, in clear text, even with `sensitive = true`.
provider "genviral" {
  alias = "tuned"

  api_key               = var.genviral_api_key                     # default: $GENVIRAL_API_KEY
  base_url              = "https://www.genviral.io/api/partner/v1" # default: $GENVIRAL_BASE_URL, then this URL
  request_timeout       = "30s"                                    # per HTTP request
  max_retries           = 4                                        # 5xx and network errors (429s: until the timeout); never billable refreshes
  max_parallel_requests = 10                                       # at most, across all resources and data sources; halved on 429
}

variable "genviral_api_key" {
  type      = string
  sensitive = true
  ephemeral = true # Terraform >= 1.10: never written to plan files or state
}
