#!/usr/bin/env bash
# scripts/bench-scale.sh: how the cost of genviral_analytics_target grows
# with their number (BENCHMARKS.md "Thousands of targets", issue 26 item 2),
# side by side with the same number of:
#
#   noop:    noop_target of internal/cmd/bench-noop-provider, a provider on
#            this module's framework versions with the target's schema that
#            calls nothing: the framework's and Terraform's cost for that
#            schema, without provider logic or API;
#   data:    terraform_data (Terraform's built-in provider): Terraform's own
#            floor;
#   restapi: restapi_object of Mastercard/restapi v1.20.0 creating the same
#            accounts in the emulator (built from the Go module proxy and
#            cached in $BENCH_CACHE, as scripts/bench-apply.sh does).
#
# For each count in BENCH_SCALE_TARGETS and each variant it times `apply`,
# a no-change `plan` (refresh) and `plan -refresh=false`, then destroys (not
# timed), with every provider behind a GNU time wrapper that records its
# peak RSS and CPU (terraform_data runs inside Terraform: none). It fails
# when a plan is not empty, when an apply's creates are not the count, or
# when a genviral plan sends anything but exactly one request (the target
# list); times, RSS and CPU are reported, never asserted. Part of `make
# bench` through scripts/bench-terraform.sh (BENCH_SKIP_SCALE=1 skips it).
#
# Tunables (environment): BENCH_SCALE_TARGETS="100 500" (add 2000 for the
# issue's measurement: about 15 minutes more on a quiet 2-core machine),
# BENCH_SCALE_LATENCY=50ms, BENCH_SCALE_VARIANTS="genviral noop data
# restapi", BENCH_RESTAPI_PROVIDER (a prebuilt terraform-provider-restapi),
# BENCH_CACHE, VERSION, BENCH_KEEP=1 keeps the scratch directory.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
counts=${BENCH_SCALE_TARGETS:-100 500}
latency=${BENCH_SCALE_LATENCY:-50ms}
variants=${BENCH_SCALE_VARIANTS:-genviral noop data restapi}
version=${VERSION:-0.0.0-bench}
restapi_module=github.com/Mastercard/terraform-provider-restapi
restapi_version=v1.20.0

die() { printf 'bench-scale: %s\n' "$*" >&2; exit 1; }
step() { printf '==> %s\n' "$*"; }

[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is missing: it measures the providers' peak RSS"
for n in $counts; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "BENCH_SCALE_TARGETS must hold positive integers, got '$n'"
done

# shellcheck source=scripts/bench-lib.sh
. "$root/scripts/bench-lib.sh"
bench_start genviral-bench-scale
go build -o "$work/bin/terraform-provider-noop" "$root/internal/cmd/bench-noop-provider" || die "building the no-op provider failed"
wrap genviral "$work/bin/terraform-provider-genviral"
wrap noop "$work/bin/terraform-provider-noop"
overrides=("genviral/genviral=$work/wrap-genviral" "genviral/noop=$work/wrap-noop")
if [[ " $variants " == *" restapi "* ]]; then
  wrap restapi "$(provider_binary "${BENCH_RESTAPI_PROVIDER:-}" restapi "$restapi_module" "$restapi_version")"
  overrides+=("Mastercard/restapi=$work/wrap-restapi")
fi
bench_overrides "${overrides[@]}"

step "Starting the emulator (latency $latency per request, -stats-route)"
start_stats_emulator -latency "$latency" -posts-per-target -1

# config VARIANT N: the configuration of N resources of VARIANT.
config() {
  local platform='element(["tiktok", "instagram", "youtube"], count.index)'
  local handle='format("@bench_account_%04d", count.index)'
  case $1 in
    genviral)
      genviral_head
      printf 'resource "genviral_analytics_target" "bench" {\n  count      = %s\n  platform   = %s\n  identifier = %s\n  alias      = format("Bench account %%04d", count.index)\n}\n' "$2" "$platform" "$handle"
      ;;
    noop)
      tf_head noop genviral/noop
      printf 'resource "noop_target" "bench" {\n  count      = %s\n  platform   = %s\n  identifier = %s\n  alias      = format("Bench account %%04d", count.index)\n}\n' "$2" "$platform" "$handle"
      ;;
    data)
      tf_head terraform terraform.io/builtin/terraform
      printf 'resource "terraform_data" "bench" {\n  count = %s\n  input = { platform = %s, identifier = %s }\n}\n' "$2" "$platform" "$handle"
      ;;
    restapi)
      restapi_targets "$2" "{ platform = $platform, identifier = $handle }"
      ;;
  esac
}

tf() { # tf VARIANT COMMAND...
  local name=$1
  shift
  terraform -chdir="$work/$name" "$@" -input=false -no-color -var "base_url=$base_url" -var "api_key=$key"
}

rows=()
# timed VARIANT N LABEL COMMAND...: runs tf VARIANT COMMAND with fresh
# counters; records a row and sets $last_stats, $last_wall and $last_rc.
timed() {
  local name=$1 n=$2 label=$3 t0 t1 usage
  shift 3
  reset_stats
  : >"$work/usage-$name"
  t0=$(date +%s%N)
  set +e
  tf "$name" "$@" >"$work/last.log" 2>&1
  last_rc=$?
  set -e
  t1=$(date +%s%N)
  last_stats=$(stats)
  last_wall=$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.2f", ns / 1e9 }')
  usage="- -"
  [ -s "$work/usage-$name" ] && usage=$(usage_of "$name")
  rows+=("$(printf '%6s %-9s %-20s %8s %9s %8s %6s' "$n" "$name" "$label" "$last_wall" $usage "$(field "$last_stats" total)")")
  printf '    %s\n' "${rows[-1]}"
}

ok_or_die() { [ "$last_rc" -eq "${2:-0}" ] || { tail -n 40 "$work/last.log" >&2; die "$1 (exit code $last_rc)"; }; }

ratios=()
for n in $counts; do
  step "$n resources per variant: $variants"
  declare -A plan_wall=() apply_wall=()
  for name in $variants; do
    mkdir -p "$work/$name"
    config "$name" "$n" >"$work/$name/main.tf"
    timed "$name" "$n" apply apply -auto-approve
    ok_or_die "terraform apply ($name, $n)"
    apply_wall[$name]=$last_wall
    case $name in genviral | restapi)
      [ "$(field "$last_stats" "POST /analytics/targets")" -eq "$n" ] || die "apply ($name, $n): $last_stats, want $n creates"
    esac
    timed "$name" "$n" "plan" plan -detailed-exitcode
    ok_or_die "the plan after apply ($name, $n) was not empty"
    plan_wall[$name]=$last_wall
    if [ "$name" = genviral ]; then
      [ "$(field "$last_stats" total)" -eq 1 ] && [ "$(field "$last_stats" "GET /analytics/targets")" -eq 1 ] ||
        die "plan ($n targets): $last_stats, want exactly one request, the target list"
    fi
    timed "$name" "$n" "plan -refresh=false" plan -refresh=false -detailed-exitcode
    ok_or_die "plan -refresh=false ($name, $n) was not empty"
    tf "$name" destroy -auto-approve >"$work/last.log" 2>&1 || { tail -n 40 "$work/last.log" >&2; die "terraform destroy ($name, $n) failed"; }
  done
  for peer in noop data; do
    if [ -n "${plan_wall[genviral]:-}" ] && [ -n "${plan_wall[$peer]:-}" ]; then
      ratios+=("$(awk -v n="$n" -v p="$peer" -v g="${plan_wall[genviral]}" -v o="${plan_wall[$peer]}" 'BEGIN { printf "%6s plan (refresh): genviral / %s %.2fx", n, p, g / o }')")
    fi
  done
  if [ -n "${apply_wall[genviral]:-}" ] && [ -n "${apply_wall[restapi]:-}" ]; then
    ratios+=("$(awk -v n="$n" -v g="${apply_wall[genviral]}" -v r="${apply_wall[restapi]}" 'BEGIN { printf "%6s apply: genviral / restapi %.2fx", n, g / r }')")
  fi
done

echo
echo "Terraform $(terraform version | sed -n '1s/^Terraform //p'), emulator latency $latency, default -parallelism (10), each provider's defaults"
echo "$(nproc 2>/dev/null || echo '?') CPUs, load average $load_start at start, $(loadavg) at end (wall times are noisy on a busy machine)"
printf '%6s %-9s %-20s %8s %9s %8s %6s\n' "count" "variant" "command" "wall(s)" "RSS(MiB)" "cpu(s)" "reqs"
printf '%s\n' "${rows[@]}"
echo "(RSS, cpu: the provider processes' peak RSS and CPU, user + system; terraform_data has none of its own)"
printf '%s\n' "${ratios[@]}"
echo "bench-scale: request-count targets met (one target-list request per genviral plan, one create per resource)"
