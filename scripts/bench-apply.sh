#!/usr/bin/env bash
# scripts/bench-apply.sh: `terraform apply` creating 200 targets with this
# provider, side by side with the generic Mastercard/restapi provider v1.20.0
# creating the same 200 accounts through restapi_object (BENCHMARKS.md §7,
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
cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-genviral-bench}
restapi_module=github.com/Mastercard/terraform-provider-restapi
restapi_version=v1.20.0

die() { printf 'bench-apply: %s\n' "$*" >&2; exit 1; }
step() { printf '==> %s\n' "$*"; }

command -v go >/dev/null 2>&1 || die "go is not on PATH"
command -v terraform >/dev/null 2>&1 || die "terraform is not on PATH"
command -v curl >/dev/null 2>&1 || die "curl is not on PATH (it reads the emulator's counters)"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_APPLY_RUNS must be a positive integer, got '$runs'"
[[ $targets =~ ^[1-9][0-9]*$ ]] || die "BENCH_TARGETS must be a positive integer, got '$targets'"

# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
KEEP_SCRATCH=${BENCH_KEEP:-}
scratch_dir genviral-bench-apply

loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "n/a"; }
load_start=$(loadavg)

step "Building the provider ($version) and the emulator into $work"
build_into "$root" -trimpath -ldflags "-X main.version=$version"

restapi_bin=${BENCH_RESTAPI_PROVIDER:-$cache/terraform-provider-restapi_$restapi_version}
if [ ! -x "$restapi_bin" ]; then
  step "Building Mastercard/restapi $restapi_version from the Go module proxy into $cache"
  dir=$(go mod download -json "$restapi_module@$restapi_version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] && [ -d "$dir" ] || die "go mod download $restapi_module@$restapi_version gave no directory"
  mkdir -p "$cache"
  (cd "$dir" && GOFLAGS=-mod=mod go build -o "$restapi_bin.tmp" .) || die "building $restapi_module@$restapi_version failed"
  mv "$restapi_bin.tmp" "$restapi_bin"
fi
mkdir -p "$work/restapi-bin"
ln -s "$restapi_bin" "$work/restapi-bin/terraform-provider-restapi"

private_cli_config "$work" dev_overrides "genviral/genviral=$work/bin" "Mastercard/restapi=$work/restapi-bin"
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
unset TF_LOG TF_LOG_PROVIDER TF_CLI_ARGS TF_CLI_ARGS_apply TF_CLI_ARGS_destroy
key="gva_live_wsp001.emulatorWorkspaceSecret0001"

mkdir -p "$work/genviral" "$work/restapi"
variables='variable "base_url" { type = string }
variable "api_key" {
  type      = string
  sensitive = true
}'
cat >"$work/genviral/main.tf" <<EOF
terraform {
  required_providers {
    genviral = { source = "genviral/genviral" }
  }
}

$variables

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
cat >"$work/restapi/main.tf" <<EOF
terraform {
  required_providers {
    restapi = { source = "Mastercard/restapi" }
  }
}

$variables

provider "restapi" {
  uri                   = var.base_url
  id_attribute          = "data/target/id"
  create_returns_object = true
  headers = {
    Authorization  = "Bearer \${var.api_key}"
    "Content-Type" = "application/json"
  }
}

resource "restapi_object" "bench" {
  count        = $targets
  path         = "/analytics/targets"
  read_path    = "/analytics/targets/{id}"
  destroy_path = "/analytics/targets/{id}"
  data = jsonencode({
    platform   = element(["tiktok", "instagram", "youtube"], count.index)
    identifier = format("@bench_account_%04d", count.index)
  })
}
EOF

stats() { curl -fsS "$stats_url"; }
reset_stats() { curl -fsS -X DELETE "$stats_url" >/dev/null; }
# field JSON KEY: the number after "KEY": in the emulator's compact JSON, or 0.
field() {
  awk -v k="\"$2\":" '{ i = index($0, k); if (i == 0) { print 0; exit }
    s = substr($0, i + length(k)); match(s, /^[0-9]+/); print substr(s, 1, RLENGTH) }' <<<"$1"
}

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

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

results=()
for latency in $latencies; do
  step "Emulator latency $latency: $runs apply(s) of $targets targets per provider, alternating"
  if [ -n "$emulator_pid" ]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
    rm -f "$work/addr"
  fi
  start_emulator -latency "$latency" -posts-per-target -1 -stats-route
  for _ in $(seq 1 100); do
    grep -q '^stats: ' "$work/emulator.log" && break
    sleep 0.1
  done
  stats_url=$(sed -n 's/^stats: //p' "$work/emulator.log")
  [ -n "$stats_url" ] || die "the emulator printed no stats URL"
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
