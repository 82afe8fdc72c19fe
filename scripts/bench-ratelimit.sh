#!/usr/bin/env bash
# scripts/bench-ratelimit.sh: several Terraform runs at once against one
# rate limit shared by all clients (BENCHMARKS.md "Many pipelines, one rate
# limit", issue 26 item 3), this provider side by side with the generic
# Mastercard/restapi provider v1.20.0.
#
# The emulator answers 429 beyond BENCH_RL_LIMIT requests per second over
# all clients (-rate-limit), once without Retry-After and once with
# Retry-After: 1. BENCH_RL_RUNS working directories per provider apply at
# once:
#
#   genviral: BENCH_RL_CREATES genviral_analytics_target and a
#             genviral_analytics_posts_report over the 10,100 posts of four
#             seeded accounts (101 pages);
#   restapi:  BENCH_RL_CREATES restapi_object POSTing the same bodies (it has
#             no report).
#
# It prints per provider and variant: runs that succeeded, requests, 429
# answers and their share, targets tracked afterwards against the number
# declared (nothing duplicated or lost), wall time and its ratio to the
# floor (all requests / limit). Times are reported, never asserted; a
# failed run is reported, not fatal (restapi is expected to fail).
#
# Tunables (environment): BENCH_RL_RUNS=5, BENCH_RL_LIMIT=20,
# BENCH_RL_CREATES=50, BENCH_RL_PROVIDERS="genviral restapi",
# BENCH_RESTAPI_PROVIDER (a prebuilt terraform-provider-restapi), VERSION,
# BENCH_KEEP=1 keeps the scratch directory.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
runs=${BENCH_RL_RUNS:-5}
limit=${BENCH_RL_LIMIT:-20}
creates=${BENCH_RL_CREATES:-50}
providers=${BENCH_RL_PROVIDERS:-genviral restapi}
version=${VERSION:-0.0.0-bench}
restapi_module=github.com/Mastercard/terraform-provider-restapi
restapi_version=v1.20.0

die() { printf 'bench-ratelimit: %s\n' "$*" >&2; exit 1; }
step() { printf '==> %s\n' "$*"; }

for v in runs limit creates; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "BENCH_RL_${v^^} must be a positive integer, got '${!v}'"
done

# shellcheck source=scripts/bench-lib.sh
. "$root/scripts/bench-lib.sh"
bench_start genviral-bench-ratelimit
overrides=("genviral/genviral=$work/bin")
if [[ " $providers " == *" restapi "* ]]; then
  restapi_bin=$(provider_binary "${BENCH_RESTAPI_PROVIDER:-}" restapi "$restapi_module" "$restapi_version")
  mkdir -p "$work/restapi-bin"
  ln -s "$restapi_bin" "$work/restapi-bin/terraform-provider-restapi"
  overrides+=("Mastercard/restapi=$work/restapi-bin")
fi
bench_overrides "${overrides[@]}"

# Four accounts of 2,525 posts each on Instagram and YouTube: the report
# reads them; the created TikTok targets (which get posts too) are filtered
# out.
cat >"$work/seed.json" <<'EOF'
[
  {"scope": "workspace", "platform": "instagram", "identifier": "@rl_a"},
  {"scope": "workspace", "platform": "youtube", "identifier": "@rl_b"},
  {"scope": "workspace", "platform": "instagram", "identifier": "@rl_c"},
  {"scope": "workspace", "platform": "youtube", "identifier": "@rl_d"}
]
EOF

for r in $(seq 1 "$runs"); do
  mkdir -p "$work/genviral-$r" "$work/restapi-$r"
  { tf_head genviral genviral/genviral; cat <<EOF; } >"$work/genviral-$r/main.tf"
provider "genviral" {
  base_url = var.base_url
  api_key  = var.api_key
}

resource "genviral_analytics_target" "bench" {
  count      = $creates
  platform   = "tiktok"
  identifier = format("@rl_run${r}_%04d", count.index)
}

data "genviral_analytics_posts_report" "all" {
  range     = "all"
  platforms = ["instagram", "youtube"]
  max_posts = 10100
}

output "posts_read" { value = data.genviral_analytics_posts_report.all.posts_read }
EOF
  restapi_targets "$creates" "{ platform = \"tiktok\", identifier = format(\"@rl_run${r}_%04d\", count.index) }" >"$work/restapi-$r/main.tf"
done

tf() { # tf DIR COMMAND...
  local dir=$1
  shift
  terraform -chdir="$work/$dir" "$@" -input=false -no-color -var "base_url=$base_url" -var "api_key=$key"
}

# tracked: the TikTok targets the workspace tracks.
tracked() {
  curl -fsS -H "Authorization: Bearer $key" "$base_url/analytics/targets" | grep -o '"platform":"tiktok"' | wc -l
}

# round NAME RETRY_AFTER: BENCH_RL_RUNS applies of NAME at once, from empty
# states, on a fresh emulator; appends one result line to results. (Not in
# a subshell: start_stats_emulator must see the emulator it replaces.)
round() {
  local name=$1 ra=$2 t0 t1 s ok=0 r pids=() args=(-rate-limit "$limit" -posts-per-target 2525 -seed "$work/seed.json")
  [ "$ra" = none ] || args+=(-retry-after "$ra")
  start_stats_emulator "${args[@]}"
  t0=$(date +%s%N)
  for r in $(seq 1 "$runs"); do
    rm -f "$work/$name-$r/terraform.tfstate" # the emulator starts empty
    tf "$name-$r" apply -auto-approve >"$work/$name-$r.log" 2>&1 &
    pids+=($!)
  done
  for r in "${!pids[@]}"; do
    if wait "${pids[$r]}"; then ok=$((ok + 1)); else grep -m1 -A3 '^Error' "$work/$name-$((r + 1)).log" | sed 's/^/      /' >&2 || true; fi
  done
  t1=$(date +%s%N)
  s=$(stats)
  results+=("$(awk -v n="$name" -v ra="$ra" -v ok="$ok" -v runs="$runs" -v req="$(field "$s" total)" -v lim="$(field "$s" 429)" \
    -v tr="$(tracked)" -v want=$((runs * creates)) -v ns=$((t1 - t0)) -v k="$limit" \
    'BEGIN { printf "%-9s %-6s %2d/%-2d %9d %6d %5.1f%% %6d/%-6d %8.1f %6.2fx\n", n, ra, ok, runs, req, lim, 100 * lim / req, tr, want, ns / 1e9, (ns / 1e9) / (req / k) }')")
}

results=()
for ra in none 1; do
  for name in $providers; do
    step "$runs runs of $name at once, one limit of $limit requests per second, Retry-After: $ra"
    round "$name" "$ra"
  done
done

echo
echo "Terraform $(terraform version | sed -n '1s/^Terraform //p'), $runs runs at once, each $creates creates (genviral: and a report over 10,100 posts), one limit of $limit requests/s over all clients"
echo "$(nproc 2>/dev/null || echo '?') CPUs, load average $load_start at start, $(loadavg) at end (wall times are noisy on a busy machine)"
printf '%-9s %-6s %5s %9s %6s %6s %13s %8s %7s\n' provider R-After ok requests 429 share tracked/want 'wall(s)' floor
printf '%s\n' "${results[@]}"
echo "(floor: wall time / (all requests / limit); tracked/want: TikTok targets in the workspace after the applies, against those declared)"
