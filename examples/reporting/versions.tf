terraform {
  # The provider's supported floor; the module itself needs 1.3+ (timecmp).
  required_version = ">= 1.5"

  required_providers {
    genviral = {
      source = "genviral/genviral"
    }
  }
}
