#!/usr/bin/env bash
# make demo: the provider end to end, offline, in about a minute.
#
# Builds the provider and the API emulator, starts the emulator on a free
# loopback port with one account already tracked, points Terraform at the
# build through a dev_overrides CLI configuration, then runs
# examples/quickstart: apply (with an adoption warning), the report, a plan
# that must say "No changes", and destroy. The emulator is stopped and the
# scratch directory removed on exit, on failure and on Ctrl-C.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
if [ -t 1 ]; then bold=$'\033[1m' red=$'\033[31m' plain=$'\033[0m'; else bold='' red='' plain=''; fi
step() { printf '\n%s==> %s%s\n' "$bold" "$*" "$plain"; }
die() { printf '%sdemo failed: %s%s\n' "$red" "$*" "$plain" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "Go is not on PATH (https://go.dev/dl/)"
command -v terraform >/dev/null 2>&1 || die "terraform is not on PATH (install Terraform >= 1.5)"

# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
scratch_dir genviral-demo

step "Building the provider and the emulator"
build_into "$root"

step "Starting the emulator (one account is already tracked: instagram/@acme.coffee)"
cat >"$work/seed.json" <<'JSON'
[{"scope": "workspace", "platform": "instagram", "identifier": "@acme.coffee", "display_name": "Acme Coffee (existing)"}]
JSON
start_emulator -seed "$work/seed.json" -posts-per-target 40
echo "emulator listening on $base_url"
use_build
cp -R "$root/examples/quickstart" "$work/quickstart"

tf() { terraform -chdir="$work/quickstart" "$@"; }

step "terraform apply: track three accounts (expect an adoption warning for acme)"
# quiet keeps the progress lines, the plan summary and the diagnostics of an
# apply or destroy, and drops the detailed plan, the development-overrides
# notice and the outputs (the report prints them).
quiet() {
  without_overrides_notice | awk '
    /^Changes to Outputs:/ { skip = "changes"; next }
    skip == "changes" { if (/^[A-Za-z]/) skip = ""; else next }
    /^Terraform used the selected providers/ { skip = "plan"; next }
    skip == "plan" { if (/^Plan:/) { print; skip = "" } next }
    /^Outputs:/ { skip = "outputs"; next }
    skip == "outputs" { next }
    { print }
  '
}
tf apply -auto-approve -input=false -no-color 2>&1 | quiet || die "terraform apply failed"

step "Report: top posts of the last 90 days"
tf output -raw top_posts
echo
step "Report: totals per platform"
tf output -json per_platform_totals

step "terraform plan: a second plan must have nothing to do"
set +e
tf plan -detailed-exitcode -input=false -no-color >"$work/plan.txt" 2>&1
plan_rc=$?
set -e
grep -E "No changes|Plan:" "$work/plan.txt" || true
[ "$plan_rc" -eq 0 ] || { cat "$work/plan.txt"; die "the second plan was not empty (exit code $plan_rc)"; }

step "terraform destroy (the adopted account stays tracked)"
tf destroy -auto-approve -input=false -no-color 2>&1 | quiet || die "terraform destroy failed"

step "Demo finished: provider built, accounts tracked and adopted, report printed, no drift, cleaned up."
