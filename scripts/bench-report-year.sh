#!/usr/bin/env bash
# scripts/bench-report-year.sh: `terraform plan` of one
# genviral_analytics_posts_report over a year of a large workspace (issue 26
# item 1): 50 accounts whose posts (10,100, 25,000 and 50,000 in all) are
# published within the last 365 days, read with range = "1y" at 100 ms of
# emulator latency per request. Part of `make bench`.
#
# Builds the provider and the emulator, installs the provider through
# dev_overrides (no terraform init) behind a wrapper that runs it under
# /usr/bin/time to record its peak RSS and CPU, and for each size restarts
# the emulator with the accounts (-seed), their posts (-posts-per-target,
# -posts-days 365) and the latency, then runs BENCH_REPORT_RUNS plans.
#
# It fails when a plan fails, when the report's posts_read is not the
# number of posts seeded, or when the plan sends more than 1.05 times
# ceil(posts / 100) requests (the pages of 100 posts). It prints per run
# and the medians: requests and their ratio to the pages, wall time and its
# ratio to the network floor (ceil(pages / max_parallel_requests) rounds of
# one latency each: every request in a full window), the provider's peak
# RSS and CPU; times and memory are reported, never asserted.
#
# Tunables (environment): BENCH_REPORT_POSTS="10100 25000 50000" (each a
# multiple of the accounts), BENCH_REPORT_ACCOUNTS=50, BENCH_REPORT_RUNS=3,
# BENCH_REPORT_LATENCY=100ms, BENCH_REPORT_MAX_PARALLEL=10 (the provider's
# default max_parallel_requests, for the floor; the configuration itself
# uses the default), VERSION, BENCH_KEEP=1 keeps the scratch directory.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
sizes=${BENCH_REPORT_POSTS:-10100 25000 50000}
accounts=${BENCH_REPORT_ACCOUNTS:-50}
runs=${BENCH_REPORT_RUNS:-3}
latency=${BENCH_REPORT_LATENCY:-100ms}
max_parallel=${BENCH_REPORT_MAX_PARALLEL:-10}
parallelism=10
version=${VERSION:-0.0.0-bench}

die() { printf 'bench-report-year: %s\n' "$*" >&2; exit 1; }
step() { printf '==> %s\n' "$*"; }

[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is missing: it measures the provider's peak RSS"
for v in "$accounts" "$runs" "$max_parallel"; do
  [[ $v =~ ^[1-9][0-9]*$ ]] || die "BENCH_REPORT_ACCOUNTS, _RUNS and _MAX_PARALLEL must be positive integers, got '$v'"
done
for n in $sizes; do
  [[ $n =~ ^[1-9][0-9]*$ ]] && [ $((n % accounts)) -eq 0 ] || die "BENCH_REPORT_POSTS must hold multiples of $accounts (the accounts), got '$n'"
done
[[ $latency =~ ^[1-9][0-9]*m?s$ ]] || die "BENCH_REPORT_LATENCY must be a positive duration in ms or s, got '$latency'"
latency_ms=$(awk -v l="$latency" 'BEGIN { ms = l + 0; if (l ~ /[0-9]s$/) ms *= 1000; print ms }')

# shellcheck source=scripts/bench-lib.sh
. "$root/scripts/bench-lib.sh"
bench_start genviral-bench-report-year
wrap genviral "$work/bin/terraform-provider-genviral"
bench_overrides "genviral/genviral=$work/wrap-genviral"

platforms=(tiktok instagram youtube)
{
  echo "["
  for i in $(seq 0 $((accounts - 1))); do
    printf '  {"scope": "workspace", "platform": "%s", "identifier": "@year_%03d"}%s\n' \
      "${platforms[i % 3]}" "$i" "$([ "$i" -lt $((accounts - 1)) ] && echo ,)"
  done
  echo "]"
} >"$work/seed.json"

rows=()
for n in $sizes; do
  pages=$(((n + 99) / 100))
  floor=$(awk -v p="$pages" -v m="$max_parallel" -v ms="$latency_ms" 'BEGIN { printf "%.2f", int((p + m - 1) / m) * ms / 1000 }')
  step "$n posts ($accounts accounts x $((n / accounts)) within 365 days), latency $latency: $runs plan(s)"
  start_stats_emulator -latency "$latency" -seed "$work/seed.json" -posts-per-target $((n / accounts)) -posts-days 365
  mkdir -p "$work/year-$n"
  { genviral_head; cat <<EOF; } >"$work/year-$n/main.tf"
data "genviral_analytics_posts_report" "year" {
  range     = "1y"
  max_posts = $n
}

output "posts_read" { value = data.genviral_analytics_posts_report.year.posts_read }
EOF
  : >"$work/year-$n.txt"
  for i in $(seq 1 "$runs"); do
    line=$(timed_plan "year-$n" genviral)
    read -r wall _ pcpu rss requests <<<"$line"
    grep -q "posts_read *= *$n\$" "$work/last.log" || { tail -n 20 "$work/last.log" >&2; die "plan ($n posts) did not report posts_read = $n"; }
    [ $((100 * requests)) -le $((105 * pages)) ] || die "plan ($n posts) sent $requests requests, want at most 1.05 x $pages pages: $(cat "$work/last-stats")"
    echo "$wall $pcpu $rss $requests" >>"$work/year-$n.txt"
    printf '    run %d: wall %ss (%s x the floor of %ss), provider cpu %ss, provider peak RSS %s MiB, %s requests\n' \
      "$i" "$wall" "$(awk -v w="$wall" -v f="$floor" 'BEGIN { printf "%.2f", w / f }')" "$floor" "$pcpu" "$rss" "$requests"
  done
  med() { cut -d' ' -f"$1" "$work/year-$n.txt" | median; }
  rows+=("$(awk -v n="$n" -v p="$pages" -v f="$floor" -v w="$(med 1)" -v c="$(med 2)" -v r="$(med 3)" -v q="$(med 4)" \
    'BEGIN { printf "%7d %6d %6d %7.3f %8.2f %8.2f %7.2f %9.1f %8.2f", n, p, q, q / p, w, f, w / f, r, c }')")
done

echo
echo "Terraform $(terraform version | sed -n '1s/^Terraform //p'), one genviral_analytics_posts_report, range = \"1y\", $accounts accounts, emulator latency $latency; medians of $runs run(s)"
echo "$(nproc 2>/dev/null || echo '?') CPUs, load average $load_start at start, $(loadavg) at end (wall times are noisy on a busy machine)"
printf '%7s %6s %6s %7s %8s %8s %7s %9s %8s\n' "posts" "pages" "reqs" "x-pages" "wall(s)" "floor(s)" "x-floor" "RSS(MiB)" "cpu(s)"
printf '%s\n' "${rows[@]}"
echo "(pages = ceil(posts / 100); floor = ceil(pages / $max_parallel) rounds of $latency, max_parallel_requests $max_parallel;"
echo " RSS, cpu: the provider process's peak RSS and CPU, user + system)"
echo "bench-report-year: every report read every post seeded, with at most 1.05 x ceil(posts / 100) requests"
