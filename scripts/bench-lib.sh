# shellcheck shell=bash
# Shared by the Terraform benchmarks (scripts/bench-terraform.sh,
# bench-posts.sh, bench-apply.sh): their start-up (tool checks, scratch
# directory, provider and emulator built), the emulator with its request
# counters, a generic provider built from the Go module proxy, the
# Mastercard/restapi configuration of the targets, and medians.
#
# The sourcing script sets $root and $version and defines die() and step().

# Command substitutions ($(...)) keep set -e: a failing step inside one
# fails the script instead of handing back a partial answer.
shopt -s inherit_errexit

# bench_clean_env: unsets what would change what is measured: every TF_LOG*
# variable (any of them turns the provider's logging back on, see main.go)
# and Terraform's extra CLI arguments.
bench_clean_env() {
  local v
  for v in "${!TF_LOG@}" "${!TF_CLI_ARGS@}"; do
    unset "$v"
  done
}

# bench_start NAME: checks go, terraform and curl, sources scripts/lib.sh,
# creates the scratch directory $work (BENCH_KEEP=1 keeps it), records
# $load_start and builds the provider ($version) and the emulator into it.
bench_start() {
  command -v go >/dev/null 2>&1 || die "go is not on PATH"
  command -v terraform >/dev/null 2>&1 || die "terraform is not on PATH"
  command -v curl >/dev/null 2>&1 || die "curl is not on PATH (it reads the emulator's counters)"
  # shellcheck source=scripts/lib.sh
  . "$root/scripts/lib.sh"
  KEEP_SCRATCH=${BENCH_KEEP:-}
  scratch_dir "$1"
  load_start=$(loadavg)
  step "Building the provider ($version) and the emulator into $work"
  build_into "$root" -trimpath -ldflags "-X main.version=$version"
}

# bench_overrides OVERRIDE...: points every later terraform at a
# dev_overrides CLI configuration of the OVERRIDEs ("SOURCE=DIR", no
# terraform init), with the benchmarks' environment, and sets $key, the
# emulator's workspace key the configurations get as -var api_key.
bench_overrides() {
  private_cli_config "$work" dev_overrides "$@"
  export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
  bench_clean_env
  key="gva_live_wsp001.Wq7Zk2Vx9Lp4Rz8Nc3Tb6Hd1Ej5"
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "n/a"; }

# start_stats_emulator [FLAGS...]: (re)starts the emulator with -stats-route
# and the flags, and sets $stats_url.
start_stats_emulator() {
  if [ -n "${emulator_pid:-}" ]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
    rm -f "$work/addr"
  fi
  start_emulator "$@" -stats-route
  for _ in $(seq 1 100); do
    grep -q '^stats: ' "$work/emulator.log" && break
    sleep 0.1
  done
  stats_url=$(sed -n 's/^stats: //p' "$work/emulator.log")
  [ -n "$stats_url" ] || die "the emulator printed no stats URL (was it built without -stats-route?)"
}

# The emulator's counters: stats prints them, reset_stats zeroes them, and
# field JSON KEY prints the number after "KEY": in them, or 0.
stats() { curl -fsS "$stats_url" || die "reading the emulator's counters failed"; }
reset_stats() { curl -fsS -X DELETE "$stats_url" >/dev/null || die "resetting the emulator's counters failed"; }
field() {
  awk -v k="\"$2\":" '{ i = index($0, k); if (i == 0) { print 0; exit }
    s = substr($0, i + length(k)); match(s, /^[0-9]+/); print substr(s, 1, RLENGTH) }' <<<"$1"
}

# provider_binary PREBUILT NAME MODULE VERSION: prints the absolute path of
# PREBUILT when it is set (it must be an executable file), else that of
# generic_provider NAME MODULE VERSION.
provider_binary() {
  if [ -n "$1" ]; then
    [ -f "$1" ] && [ -x "$1" ] || die "$1 is not an executable file"
    realpath "$1"
    return
  fi
  generic_provider "$2" "$3" "$4"
}

# generic_provider NAME MODULE VERSION: prints the path of a
# terraform-provider binary built from MODULE@VERSION of the Go module proxy,
# cached in $BENCH_CACHE (default ~/.cache/terraform-provider-genviral-bench),
# so later runs are offline. Module zips may carry a vendor/modules.txt
# without the vendored code: the build is in module mode, in a copy without
# vendor/.
generic_provider() {
  local name=$1 module=$2 ver=$3 cache bin dir
  cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-genviral-bench}
  bin=$cache/terraform-provider-${name}_$ver
  if [ ! -x "$bin" ]; then
    step "Building $module $ver from the Go module proxy into $cache" >&2
    dir=$(go mod download -json "$module@$ver" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    [ -n "$dir" ] && [ -d "$dir" ] || die "go mod download $module@$ver gave no directory"
    rm -rf "$work/$name-src"
    cp -R "$dir" "$work/$name-src" || die "copying $dir failed"
    chmod -R u+w "$work/$name-src" || die "chmod of $work/$name-src failed"
    rm -rf "$work/$name-src/vendor"
    mkdir -p "$cache" || die "cannot create $cache"
    (cd "$work/$name-src" && GOFLAGS=-mod=mod go build -o "$bin.tmp" . >&2) || die "building $module@$ver failed"
    mv "$bin.tmp" "$bin" || die "cannot move the build to $bin"
  fi
  echo "$bin"
}

# tf_head NAME SOURCE: prints the start of a benchmark configuration:
# NAME's required provider SOURCE and the base_url and api_key variables
# that each run passes with -var.
tf_head() {
  cat <<EOF
terraform {
  required_providers {
    $1 = { source = "$2" }
  }
}

variable "base_url" { type = string }
variable "api_key" {
  type      = string
  sensitive = true
}

EOF
}

# genviral_head: prints the start of a configuration of this provider:
# tf_head and the provider block that takes base_url and api_key from the
# variables.
genviral_head() {
  tf_head genviral genviral/genviral
  printf 'provider "genviral" {\n  base_url = var.base_url\n  api_key  = var.api_key\n}\n\n'
}

# restapi_targets COUNT DATA: prints a Mastercard/restapi configuration of
# COUNT targets (restapi_object), each created with the HCL expression DATA
# as its JSON body: what a user of the generic provider writes for
# genviral_analytics_target.
restapi_targets() {
  tf_head restapi Mastercard/restapi
  cat <<EOF
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
  count        = $1
  path         = "/analytics/targets"
  read_path    = "/analytics/targets/{id}"
  destroy_path = "/analytics/targets/{id}"
  data         = jsonencode($2)
}
EOF
}

# wrap NAME BINARY: writes $work/wrap-NAME/terraform-provider-NAME, which
# runs BINARY under /usr/bin/time (GNU time) and appends "maxrss_kb user_s
# sys_s" of every provider process to $work/usage-NAME; install it through
# dev_overrides "SOURCE=$work/wrap-NAME".
wrap() {
  mkdir -p "$work/wrap-$1"
  cat >"$work/wrap-$1/terraform-provider-$1" <<EOF
#!/bin/sh
exec /usr/bin/time -a -o "$work/usage-$1" -f '%M %U %S' "$2" "\$@"
EOF
  chmod +x "$work/wrap-$1/terraform-provider-$1"
}

# usage_of NAME: "peak_rss_mib cpu_s" of the provider processes recorded in
# $work/usage-NAME since it was last emptied (the largest RSS, the CPU summed).
usage_of() {
  awk '{ rss = ($1 > rss ? $1 : rss); cpu += $2 + $3 } END { printf "%.1f %.2f\n", rss / 1024, cpu }' "$work/usage-$1"
}

# timed_plan DIR PROV: one `terraform plan` of the configuration in
# $work/DIR (-parallelism=$parallelism, -var base_url and api_key) with
# fresh emulator counters and usage of the wrapped provider PROV (wrap);
# dies with the end of the log when it fails. Leaves the log in
# $work/last.log and the counters in $work/last-stats, and prints "wall_s
# cpu_s provider_cpu_s provider_rss_mib requests" (cpu: Terraform and the
# providers together; provider RSS: the largest of PROV's processes).
timed_plan() {
  local dir=$1 prov=$2 t0 t1 s
  : >"$work/usage-$prov"
  reset_stats
  t0=$(date +%s%N)
  if ! /usr/bin/time -o "$work/usage-terraform" -f '%U %S' \
    terraform -chdir="$work/$dir" plan -input=false -no-color -parallelism="$parallelism" \
    -var "base_url=$base_url" -var "api_key=$key" >"$work/last.log" 2>&1; then
    tail -n 40 "$work/last.log" >&2
    die "terraform plan ($dir) failed"
  fi
  t1=$(date +%s%N)
  s=$(stats)
  printf '%s\n' "$s" >"$work/last-stats"
  awk -v ns=$((t1 - t0)) -v req="$(field "$s" total)" -v tf="$(cat "$work/usage-terraform")" '
    { rss = ($1 > rss ? $1 : rss); pcpu += $2 + $3 }
    END { split(tf, t, " "); printf "%.2f %.2f %.2f %.1f %d\n", ns / 1e9, t[1] + t[2], pcpu, rss / 1024, req }' \
    "$work/usage-$prov"
}

# median: the median of the numbers on stdin, one per line.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
