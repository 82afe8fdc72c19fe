#!/usr/bin/env bash
# make check-prereqs: fails, saying what to install, unless GO (default go)
# and TERRAFORM (default terraform) are on PATH. Every target that needs
# them runs it first.
set -Eeuo pipefail
go=${GO:-go} terraform=${TERRAFORM:-terraform}
command -v "$go" >/dev/null 2>&1 || {
  echo "ERROR: $go not found on PATH: install Go >= 1.26 (https://go.dev/dl/) and make sure '$go version' works." >&2
  exit 1
}
command -v "$terraform" >/dev/null 2>&1 || {
  echo "ERROR: $terraform CLI not found on PATH: install Terraform >= 1.5 (https://developer.hashicorp.com/terraform/install) and make sure '$terraform version' works; acceptance tests run against the terraform on PATH." >&2
  exit 1
}
