#!/usr/bin/env bash
# scripts/bench-apply.sh: `terraform apply` creating 200 targets with this
# provider, side by side with the generic Mastercard/restapi provider v1.20.0
# creating the same 200 accounts through restapi_object (dev-docs/benchmarks.md §7,
# issue 14 item 3). Part of `make bench`.
#
# Builds the provider and the emulator, and restapi v1.20.0 from the Go
# module proxy (`go mod download`, then `go build`; the binary is cached in
# $BENCH_CACHE, so later runs are offline). Installs both through
# dev_overrides (no terraform init) and runs, alternately, BENCH_APPLY_RUNS
# times per emulator latency, at Terraform's default -parallelism (10) and
# each provider's defaults:
#
#   genviral: BENCH_TARGETS genviral_analytics_target (platform, identifier);
#   restapi:  BENCH_TARGETS restapi_object POSTing the same body to
#             /analytics/targets (create_returns_object, id_attribute
#             data/target/id, so one request per create as well);
#
# each `apply` timed and followed by a `destroy` (not timed). It prints per
# run and the medians: wall time, API requests, the most requests the API
# worked on at once, and the ratio genviral/restapi. It fails when an apply
# fails or a create count is not BENCH_TARGETS; times are reported, never
# asserted.
#
# Tunables (environment): BENCH_APPLY_RUNS=3, BENCH_APPLY_LATENCIES="0ms
# 50ms", BENCH_TARGETS=200, BENCH_CACHE (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-genviral-bench),
# BENCH_RESTAPI_PROVIDER (a prebuilt terraform-provider-restapi binary to use
# instead), VERSION, BENCH_KEEP=1 keeps the scratch directory.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
runs=${BENCH_APPLY_RUNS:-3}
latencies=${BENCH_APPLY_LATENCIES:-0ms 50ms}
targets=${BENCH_TARGETS:-200}
version=${VERSION:-0.0.0-bench}
restapi_module=github.com/Mastercard/terraform-provider-restapi
restapi_version=v1.20.0

die() { printf 'bench-apply: %s\n' "$*" >&2; exit 1; }
step() { printf '==> %s\n' "$*"; }

[[ $runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_APPLY_RUNS must be a positive integer, got '$runs'"
[[ $targets =~ ^[1-9][0-9]*$ ]] || die "BENCH_TARGETS must be a positive integer, got '$targets'"

# shellcheck source=scripts/bench-lib.sh
. "$root/scripts/bench-lib.sh"
bench_start genviral-bench-apply
restapi_bin=$(provider_binary "${BENCH_RESTAPI_PROVIDER:-}" restapi "$restapi_module" "$restapi_version")
mkdir -p "$work/restapi-bin"
ln -s "$restapi_bin" "$work/restapi-bin/terraform-provider-restapi"

bench_overrides "genviral/genviral=$work/bin" "Mastercard/restapi=$work/restapi-bin"

mkdir -p "$work/genviral" "$work/restapi"
{ tf_head genviral genviral/genviral; cat <<EOF; } >"$work/genviral/main.tf"
provider "genviral" {
  base_url = var.base_url
  api_key  = var.api_key
}

resource "genviral_analytics_target" "bench" {
  count      = $targets
  platform   = element(["tiktok", "instagram", "youtube"], count.index)
  identifier = format("@bench_account_%04d", count.index)
}
EOF
restapi_targets "$targets" '{
    platform   = element(["tiktok", "instagram", "youtube"], count.index)
    identifier = format("@bench_account_%04d", count.index)
  }' >"$work/restapi/main.tf"

tf() { # tf NAME COMMAND...
  local name=$1
  shift
  terraform -chdir="$work/$name" "$@" -input=false -no-color -var "base_url=$base_url" -var "api_key=$key"
}

# apply NAME: one timed `terraform apply` of configuration NAME, then an
# untimed destroy; prints "wall_s requests peak_in_flight".
apply() {
  local name=$1 t0 t1 s
  reset_stats
  t0=$(date +%s%N)
  tf "$name" apply -auto-approve >"$work/last.log" 2>&1 || { tail -n 40 "$work/last.log" >&2; die "terraform apply ($name) failed"; }
  t1=$(date +%s%N)
  s=$(stats)
  [ "$(field "$s" "POST /analytics/targets")" = "$targets" ] || die "apply ($name) sent $(field "$s" "POST /analytics/targets") creates, want $targets: $s"
  tf "$name" destroy -auto-approve >"$work/last.log" 2>&1 || { tail -n 40 "$work/last.log" >&2; die "terraform destroy ($name) failed"; }
  awk -v ns=$((t1 - t0)) -v req="$(field "$s" total)" -v peak="$(field "$s" peak_in_flight)" \
    'BEGIN { printf "%.2f %d %d\n", ns / 1e9, req, peak }'
}

results=()
for latency in $latencies; do
  step "Emulator latency $latency: $runs apply(s) of $targets targets per provider, alternating"
  start_stats_emulator -latency "$latency" -posts-per-target -1
  : >"$work/genviral.txt"
  : >"$work/restapi.txt"
  for i in $(seq 1 "$runs"); do
    for name in genviral restapi; do
      line=$(apply "$name")
      echo "$line" >>"$work/$name.txt"
      printf '    run %d %-8s wall %ss, %s requests, at most %s in flight\n' "$i" "$name" $line
    done
  done
  med() { cut -d' ' -f"$2" "$work/$1.txt" | median; }
  for name in genviral restapi; do
    results+=("$(printf '%-6s %-9s %8s %9s %10s' "$latency" "$name" "$(med "$name" 1)" "$(med "$name" 2)" "$(med "$name" 3)")")
  done
  results+=("$(awk -v l="$latency" -v g="$(med genviral 1)" -v r="$(med restapi 1)" 'BEGIN { printf "%-6s %-9s %7.2fx", l, "ratio", g / r }')")
done

echo
echo "Terraform $(terraform version | sed -n '1s/^Terraform //p'), apply of $targets new targets, default -parallelism (10), each provider's defaults; medians of $runs run(s)"
echo "$(nproc 2>/dev/null || echo '?') CPUs, load average $load_start at start, $(loadavg) at end (wall times are noisy on a busy machine)"
printf '%-6s %-9s %8s %9s %10s\n' "lat." "provider" "wall(s)" "requests" "in flight"
printf '%s\n' "${results[@]}"
echo "(ratio: genviral / restapi wall time; in flight: the most requests the emulator worked on at once)"
