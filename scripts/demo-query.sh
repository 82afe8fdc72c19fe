#!/usr/bin/env bash
# make demo-query: the Terraform 1.14+ features end to end, offline.
#
# Needs a Terraform of 1.14 or later: TERRAFORM_QUERY=<path> (an error when
# it is older), else the newest terraform* of 1.14 or later in TF_LANES_DIR
# (default ~/.cache/terraform-provider-genviral/tf-lanes, where .ci/run finds
# its extra lanes), else the terraform on PATH when it is new enough. Without
# one it prints "SKIPPED: needs terraform >= 1.14 (found ...)" and exits 0.
#
# Builds the provider and the API emulator, starts the emulator with three
# accounts already tracked in the workspace (as a team that adopts Terraform
# has them), points Terraform at the build through dev_overrides, then:
#
#   1. terraform query: lists the tracked TikTok accounts (list resource
#      genviral_analytics_target with a platform filter);
#   2. terraform query -generate-config-out=generated.tf: a resource and an
#      import block per account;
#   3. terraform apply: imports them; a second plan must be empty;
#   4. an import block by resource identity (platform + handle spelled in
#      another way) takes over the Instagram account; the plan after it is
#      empty;
#   5. terraform apply -invoke=action.genviral_analytics_refresh.acme: one
#      refresh, with its progress.
#
# The emulator is stopped and the scratch directory removed on exit, on
# failure and on Ctrl-C (KEEP_SCRATCH=1 keeps it).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
if [ -t 1 ]; then bold=$'\033[1m' red=$'\033[31m' plain=$'\033[0m'; else bold='' red='' plain=''; fi
step() { printf '\n%s==> %s%s\n' "$bold" "$*" "$plain"; }
die() { printf '%sdemo-query failed: %s%s\n' "$red" "$*" "$plain" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "Go is not on PATH (https://go.dev/dl/)"

# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"

min_version=1.14.0
# tf_version BIN: the version of a Terraform CLI (empty for OpenTofu, which
# has no terraform query, or for anything else).
tf_version() {
  CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null "$1" version 2>/dev/null |
    sed -n '1s/^Terraform v\([0-9][0-9.]*\).*/\1/p'
}
new_enough() {
  local v
  v=$(tf_version "$1")
  [ -n "$v" ] && [ "$(printf '%s\n' "$min_version" "$v" | sort -V | head -n 1)" = "$min_version" ]
}
describe() {
  local v
  v=$(tf_version "$1")
  if [ -n "$v" ]; then echo "Terraform $v at $1"; else echo "$1, which is not Terraform"; fi
}

lanes_dir=${TF_LANES_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-genviral/tf-lanes}
tf_bin=""
if [ -n "${TERRAFORM_QUERY:-}" ]; then
  [ -f "$TERRAFORM_QUERY" ] && [ -x "$TERRAFORM_QUERY" ] || die "TERRAFORM_QUERY=$TERRAFORM_QUERY is not an executable file"
  new_enough "$TERRAFORM_QUERY" || die "TERRAFORM_QUERY is $(describe "$TERRAFORM_QUERY"); this demo needs Terraform >= $min_version"
  tf_bin=$TERRAFORM_QUERY
else
  found=()
  while IFS= read -r f; do
    [ -f "$f" ] && [ -x "$f" ] || continue
    if new_enough "$f"; then tf_bin=$f; break; fi
    found+=("$(describe "$f")")
  done < <(printf '%s\n' "$lanes_dir"/terraform* | sort -r -V)
  if [ -z "$tf_bin" ] && command -v terraform >/dev/null 2>&1; then
    if new_enough "$(command -v terraform)"; then tf_bin=$(command -v terraform); else found+=("$(describe "$(command -v terraform)")"); fi
  fi
  if [ -z "$tf_bin" ]; then
    [ ${#found[@]} -gt 0 ] || found=("no terraform on PATH or in $lanes_dir")
    echo "SKIPPED: needs terraform >= ${min_version%.0} (found $(IFS=';'; echo "${found[*]}" | sed 's/;/; /g'))."
    echo "Set TERRAFORM_QUERY=/path/to/terraform, or put the official release into TF_LANES_DIR:"
    echo "  scripts/get-cli.sh terraform 1.14.8 \"$lanes_dir\""
    exit 0
  fi
fi
echo "Using $(describe "$tf_bin")"

scratch_dir genviral-demo-query

step "Building the provider and the emulator"
build_into "$root"

step "Starting the emulator (the workspace already tracks tiktok/@northwind_labs, tiktok/@brand_two, instagram/@Acme.Coffee)"
cat >"$work/seed.json" <<'JSON'
[{"scope": "workspace", "platform": "tiktok", "identifier": "@northwind_labs", "display_name": "Northwind"},
 {"scope": "workspace", "platform": "tiktok", "identifier": "@brand_two"},
 {"scope": "workspace", "platform": "instagram", "identifier": "@Acme.Coffee", "display_name": "Acme Coffee"}]
JSON
start_emulator -seed "$work/seed.json" -posts-per-target 5
echo "emulator listening on $base_url"
use_build

dir="$work/adopt"
mkdir -p "$dir"
cat >"$dir/main.tf" <<'EOF_TF'
terraform {
  required_providers {
    genviral = {
      source = "genviral/genviral"
    }
  }
}

# GENVIRAL_API_KEY and GENVIRAL_BASE_URL come from the environment.
provider "genviral" {}
EOF_TF
cat >"$dir/targets.tfquery.hcl" <<'EOF_TF'
list "genviral_analytics_target" "tiktok" {
  provider         = genviral
  include_resource = true

  config {
    platform = "tiktok"
  }
}
EOF_TF

tf() { "$tf_bin" -chdir="$dir" "$@"; }
# show prints a command's output without the development-overrides notice.
show() { without_overrides_notice | sed '/^$/N;/^\n$/D'; }
# empty_plan LABEL: a plan that must have nothing to do.
empty_plan() {
  local rc=0
  tf plan -detailed-exitcode -input=false -no-color >"$work/plan.txt" 2>&1 || rc=$?
  grep -E "No changes|Plan:" "$work/plan.txt" || true
  [ "$rc" -eq 0 ] || { cat "$work/plan.txt"; die "the plan after $1 was not empty (exit code $rc)"; }
}

step "terraform query: the tracked TikTok accounts (targets.tfquery.hcl)"
sed 's/^/    /' "$dir/targets.tfquery.hcl"
tf query -no-color 2>&1 | show || die "terraform query failed"

step "terraform query -generate-config-out=generated.tf"
tf query -generate-config-out=generated.tf -no-color >"$work/query.log" 2>&1 || { cat "$work/query.log"; die "terraform query -generate-config-out failed"; }
[ -s "$dir/generated.tf" ] || die "terraform query wrote no generated.tf"
[ "$(grep -c '^import {' "$dir/generated.tf")" -eq 2 ] || { cat "$dir/generated.tf"; die "generated.tf does not import both TikTok accounts"; }
sed 's/^/    /' "$dir/generated.tf"

step "terraform apply: import every generated block"
tf apply -auto-approve -input=false -no-color >"$work/apply.log" 2>&1 || { cat "$work/apply.log"; die "terraform apply of generated.tf failed"; }
grep -E "Import complete|^Apply complete" "$work/apply.log"
grep -q "^Apply complete! Resources: 2 imported, 0 added, 0 changed, 0 destroyed" "$work/apply.log" || { cat "$work/apply.log"; die "the apply did not import exactly the two accounts"; }

step "terraform plan: nothing to change after the import"
empty_plan "the import of generated.tf"

step "Import by identity: the Instagram account, its handle spelled another way (identity.tf)"
cat >"$dir/identity.tf" <<'EOF_TF'
import {
  to       = genviral_analytics_target.acme
  identity = { platform = "instagram", identifier = "acme.coffee" }
}

resource "genviral_analytics_target" "acme" {
  platform   = "instagram"
  identifier = "@Acme.Coffee"
  alias      = "Acme Coffee"
}
EOF_TF
sed 's/^/    /' "$dir/identity.tf"
tf apply -auto-approve -input=false -no-color >"$work/identity.log" 2>&1 || { cat "$work/identity.log"; die "terraform apply of the identity import failed"; }
grep -E "Import complete|^Apply complete" "$work/identity.log"
grep -q "^Apply complete! Resources: 1 imported, 0 added, 0 changed, 0 destroyed" "$work/identity.log" || { cat "$work/identity.log"; die "the apply did not import the Instagram account"; }
tf state show -no-color genviral_analytics_target.acme | grep -E '^ *(id|identifier|normalized_identifier|platform) ' || true
empty_plan "the identity import"

step "terraform apply -invoke=action.genviral_analytics_refresh.acme: one refresh, with progress"
cat >"$dir/action.tf" <<'EOF_TF'
action "genviral_analytics_refresh" "acme" {
  config {
    target_id = genviral_analytics_target.acme.id
  }
}
EOF_TF
sed 's/^/    /' "$dir/action.tf"
tf apply -auto-approve -input=false -no-color -invoke=action.genviral_analytics_refresh.acme >"$work/invoke.log" 2>&1 || { cat "$work/invoke.log"; die "terraform apply -invoke failed"; }
grep -E "^Action|^Apply complete" "$work/invoke.log" || true
grep -q "Actions: 1 invoked" "$work/invoke.log" && grep -q "^Action .*: Refresh .* completed" "$work/invoke.log" ||
  { cat "$work/invoke.log"; die "the action did not report one completed refresh"; }
empty_plan "the action (an action keeps nothing in state)"

step "Demo finished: three tracked accounts adopted (two from the configuration terraform query wrote, one by identity), no drift, one refresh invoked; the emulator and the scratch directory are removed."
