#!/usr/bin/env bash
# scripts/bench-terraform.sh: the Terraform half of `make bench` (BENCHMARKS.md).
#
# Builds the provider and the API emulator into a scratch directory, starts
# the emulator with -stats-route (per-route request counters at
# /__emulator/stats, reset with DELETE) and a latency per request, points
# Terraform at the build through a dev_overrides CLI configuration (no
# terraform init, as scripts/demo.sh does), and measures, for a configuration
# of BENCH_TARGETS (200) genviral_analytics_target resources:
#
#   - provider start-up: `terraform validate` (starts the provider, reads its
#     schema, no API request);
#   - apply of the new targets: wall time and API requests per route;
#   - a no-change `terraform plan` (refresh of every target): wall time and
#     requests (target: exactly 1, the target list; a per-target GET would
#     be 200), and `terraform plan -refresh=false` for Terraform's own share;
#   - destroy;
#
# once with alias as the only setting (target: 1 POST per target) and once
# with favorite = true as well (target: 1 POST + 1 PATCH per target). It
# prints a table (with the provider processes' peak RSS and CPU, from GNU
# time) and fails when a request count misses its target or the second plan
# is not empty; wall times, RSS and CPU are reported, never asserted.
# Then it runs scripts/bench-posts.sh: a plan reading 10,100 posts, side by
# side with hashicorp/http (BENCH_SKIP_POSTS=1 skips it),
# scripts/bench-report-year.sh: a report over a year of 10,100 to 50,000
# posts (BENCH_SKIP_REPORT_YEAR=1 skips it), and
# scripts/bench-apply.sh: 200 creates side by side with Mastercard/restapi
# (BENCH_SKIP_APPLY=1 skips it), and scripts/bench-ratelimit.sh: five runs
# at once on one shared rate limit, side by side with Mastercard/restapi
# (BENCH_SKIP_RATELIMIT=1 skips it), and scripts/bench-scale.sh: 100 and 500
# targets side by side with a no-op framework provider, terraform_data and
# Mastercard/restapi (BENCH_SKIP_SCALE=1 skips it).
#
# Tunables (environment): BENCH_TARGETS=200, BENCH_LATENCY=20ms (emulator
# latency per request), BENCH_PARALLELISM=10 (terraform -parallelism),
# VERSION (provider version stamped into the build), BENCH_KEEP=1 keeps the
# scratch directory.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
targets=${BENCH_TARGETS:-200}
latency=${BENCH_LATENCY:-20ms}
parallelism=${BENCH_PARALLELISM:-10}
version=${VERSION:-0.0.0-bench}

die() { printf 'bench-terraform: %s\n' "$*" >&2; exit 1; }
step() { printf '==> %s\n' "$*"; }

[[ $targets =~ ^[1-9][0-9]*$ ]] || die "BENCH_TARGETS must be a positive integer, got '$targets'"
[[ $parallelism =~ ^[1-9][0-9]*$ ]] || die "BENCH_PARALLELISM must be a positive integer, got '$parallelism'"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is missing: it measures the provider's peak RSS and CPU"

# shellcheck source=scripts/bench-lib.sh
. "$root/scripts/bench-lib.sh"
bench_start genviral-bench
mkdir -p "$work/tf"

step "Starting the emulator (latency $latency per request, -stats-route)"
start_stats_emulator -latency "$latency" -posts-per-target -1
use_build
# The provider runs behind a wrapper that records its peak RSS and CPU.
wrap genviral "$work/bin/terraform-provider-genviral"
private_cli_config "$work" dev_overrides "genviral/genviral=$work/wrap-genviral"
bench_clean_env

# write_config EXTRA: BENCH_TARGETS targets with alias, plus the attribute
# lines in EXTRA.
write_config() {
  cat >"$work/tf/main.tf" <<EOF
terraform {
  required_providers {
    genviral = {
      source = "genviral/genviral"
    }
  }
}

provider "genviral" {}

resource "genviral_analytics_target" "bench" {
  count = $targets

  platform   = element(["tiktok", "instagram", "youtube"], count.index)
  identifier = format("@bench_account_%04d", count.index)
  alias      = format("Bench account %04d", count.index)
$1
}
EOF
}

now_ns() { date +%s%N; }
secs() { awk -v ns="$1" 'BEGIN { printf "%.2f", ns / 1e9 }'; }

rows=()
failures=()
summary=()
LIST="GET /analytics/targets" GET="GET /analytics/targets/{id}" POST="POST /analytics/targets"
PATCH="PATCH /analytics/targets/{id}" DELETE="DELETE /analytics/targets/{id}"

# measure LABEL -- COMMAND...: runs COMMAND with fresh counters, records a
# table row, sets $last_stats and $last_rc.
measure() {
  local label=$1
  shift 2
  reset_stats
  : >"$work/usage-genviral"
  local t0 t1 rss cpu
  t0=$(now_ns)
  set +e
  "$@" >"$work/last.log" 2>&1
  last_rc=$?
  set -e
  t1=$(now_ns)
  last_stats=$(stats)
  read -r rss cpu < <(usage_of genviral)
  local s=$last_stats
  rows+=("$(printf '%-30s %8s %7s %6s %6s %6s %6s %7s %6s %9s %9s' "$label" "$(secs $((t1 - t0)))" \
    "$(field "$s" total)" "$(field "$s" "$LIST")" "$(field "$s" "$GET")" "$(field "$s" "$POST")" \
    "$(field "$s" "$PATCH")" "$(field "$s" "$DELETE")" "$(field "$s" connections)" "$rss" "$cpu")")
  printf '    %-30s %6ss, %s requests, provider peak RSS %s MiB, CPU %ss %s\n' "$label" "$(secs $((t1 - t0)))" \
    "$(field "$s" total)" "$rss" "$cpu" "$s"
}

# expect WHAT GOT OP WANT: records a failure unless GOT OP WANT holds.
expect() {
  if ! [ "$2" "$3" "$4" ]; then
    failures+=("$1: got $2, want $3 $4")
  fi
}

ok_or_die() {
  if [ "$last_rc" -ne 0 ]; then
    tail -n 40 "$work/last.log" >&2
    die "$1 failed (exit code $last_rc)"
  fi
}

tf() { terraform -chdir="$work/tf" "$@"; }

step "Provider start-up"
write_config ""
measure "validate (provider start-up)" -- tf validate -no-color
ok_or_die "terraform validate"

# run_case NAME EXTRA PATCHES_PER_TARGET: NAME labels the rows, EXTRA is
# added to every resource, PATCHES_PER_TARGET is what apply may send.
run_case() {
  local name=$1 extra=$2 patches=$3
  step "$targets targets, $name"
  write_config "$extra"

  measure "apply, $targets creates ($name)" -- tf apply -auto-approve -input=false -no-color -parallelism="$parallelism"
  ok_or_die "terraform apply ($name)"
  expect "apply ($name): POST" "$(field "$last_stats" "$POST")" -eq "$targets"
  expect "apply ($name): PATCH" "$(field "$last_stats" "$PATCH")" -eq $((patches * targets))
  # + 2: the target list, read once by the plan and once by the apply-time
  # re-plan (a new provider process each) to decide create or adopt.
  expect "apply ($name): total requests" "$(field "$last_stats" total)" -le $(((1 + patches) * targets + 2))
  summary+=("$(awk -v n="$targets" -v name="$name" -v t="$(field "$last_stats" total)" -v p="$(field "$last_stats" "$POST")" \
    -v u="$(field "$last_stats" "$PATCH")" 'BEGIN { printf "apply (%s): %.2f requests per target (%.2f POST, %.2f PATCH)", name, t / n, p / n, u / n }')")

  measure "plan, refresh ($name)" -- tf plan -detailed-exitcode -input=false -no-color -parallelism="$parallelism"
  if [ "$last_rc" -ne 0 ]; then
    tail -n 40 "$work/last.log" >&2
    die "the plan after apply ($name) was not empty (exit code $last_rc; 2 = changes)"
  fi
  expect "plan ($name): total requests" "$(field "$last_stats" total)" -eq 1
  expect "plan ($name): GET /analytics/targets (one target list per plan)" "$(field "$last_stats" "$LIST")" -eq 1
  summary+=("plan, refresh of $targets targets ($name): $(field "$last_stats" total) request(s) in total (a GET per target would be $targets)")
  expect "plan ($name): GET /analytics/targets/{id}" "$(field "$last_stats" "$GET")" -eq 0

  measure "plan -refresh=false ($name)" -- tf plan -refresh=false -detailed-exitcode -input=false -no-color -parallelism="$parallelism"
  [ "$last_rc" -eq 0 ] || { tail -n 40 "$work/last.log" >&2; die "plan -refresh=false ($name) was not empty (exit code $last_rc)"; }
  expect "plan -refresh=false ($name): total requests" "$(field "$last_stats" total)" -eq 0

  measure "destroy ($name)" -- tf destroy -auto-approve -input=false -no-color -parallelism="$parallelism"
  ok_or_die "terraform destroy ($name)"
  expect "destroy ($name): DELETE" "$(field "$last_stats" "$DELETE")" -eq "$targets"
  expect "destroy ($name): total requests" "$(field "$last_stats" total)" -le $((targets + 2))
}

run_case "alias" "" 0
run_case "favorite" "  favorite   = true" 1

echo
echo "Terraform $(terraform version | sed -n '1s/^Terraform //p'), $targets targets, emulator latency $latency, -parallelism=$parallelism, provider max_parallel_requests default"
echo "$(nproc 2>/dev/null || echo '?') CPUs, load average $load_start at start, $(loadavg) at end (wall times are noisy on a busy machine)"
printf '%-30s %8s %7s %6s %6s %6s %6s %7s %6s %9s %9s\n' "command" "wall(s)" "reqs" "list" "get" "post" "patch" "delete" "conns" "RSS(MiB)" "cpu(s)"
printf '%s\n' "${rows[@]}"
echo "(alias: alias is the only setting; favorite: alias and favorite = true. list = GET /analytics/targets,"
echo " get = GET /analytics/targets/{id}, conns = TCP connections that carried requests,"
echo " RSS = the provider processes' peak RSS, cpu = their CPU, user + system)"
printf '%s\n' "${summary[@]}"

if [ ${#failures[@]} -gt 0 ]; then
  printf 'bench-terraform: request-count target missed: %s\n' "${failures[@]}" >&2
  exit 1
fi
echo "bench-terraform: request-count targets met (plan: exactly 1 request, the target list; apply 1 POST per target, + 1 PATCH only with favorite)"

# The posts read side by side with the generic hashicorp/http provider
# (BENCHMARKS.md, issue 14): scripts/bench-posts.sh. BENCH_SKIP_POSTS=1
# leaves it out.
if [ -z "${BENCH_SKIP_POSTS:-}" ]; then
  bash "$root/scripts/bench-posts.sh"
fi

# A report over a year of a large workspace, up to 50,000 posts (issue 26
# item 1): scripts/bench-report-year.sh. BENCH_SKIP_REPORT_YEAR=1 leaves it
# out.
if [ -z "${BENCH_SKIP_REPORT_YEAR:-}" ]; then
  bash "$root/scripts/bench-report-year.sh"
fi

# Applies side by side with the generic Mastercard/restapi provider
# (dev-docs/benchmarks.md §7, issue 14 item 3): scripts/bench-apply.sh.
# BENCH_SKIP_APPLY=1 leaves it out.
if [ -z "${BENCH_SKIP_APPLY:-}" ]; then
  bash "$root/scripts/bench-apply.sh"
fi

# Several runs at once on one shared rate limit, side by side with
# Mastercard/restapi (BENCHMARKS.md "Many pipelines, one rate limit", issue
# 26 item 3): scripts/bench-ratelimit.sh. BENCH_SKIP_RATELIMIT=1 leaves it
# out.
if [ -z "${BENCH_SKIP_RATELIMIT:-}" ]; then
  bash "$root/scripts/bench-ratelimit.sh"
fi

# How plan and apply grow with the number of targets, side by side with a
# no-op provider on the same framework, terraform_data and
# Mastercard/restapi (BENCHMARKS.md "Thousands of targets", issue 26 item
# 2): scripts/bench-scale.sh. BENCH_SKIP_SCALE=1 leaves it out.
if [ -z "${BENCH_SKIP_SCALE:-}" ]; then
  bash "$root/scripts/bench-scale.sh"
fi
