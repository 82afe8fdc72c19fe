#!/usr/bin/env bash
# scripts/bench-posts.sh: `terraform plan` reading 10,100 posts with this
# provider, side by side with the generic hashicorp/http provider v1.2.0
# reading the same 101 pages through 101 data sources (BENCHMARKS.md, issue
# 14 item 1). Part of `make bench`.
#
# Builds the provider and the emulator, and hashicorp/http v1.2.0 from the
# Go module proxy (`go mod download`, then `go build` in a copy without its
# empty vendor directory; the binary is cached in $BENCH_CACHE, so later runs
# are offline). Starts the emulator with 4 accounts of 2,600 posts, installs
# both providers through dev_overrides (no terraform init), each behind a
# wrapper that runs it under /usr/bin/time to record its peak RSS and CPU,
# and runs, alternately, BENCH_POSTS_RUNS times per emulator latency:
#
#   genviral: one genviral_analytics_posts, range = "all", max_results = 10100
#             (provider defaults: max_parallel_requests = 10);
#   json:     the same data source with posts_format = "json" (the rows as
#             one JSON string, as the http provider's bodies are);
#   report:   one genviral_analytics_posts_report over the same posts (the
#             aggregates a reporting module needs, computed by the provider:
#             the state holds the report, not the rows);
#   http:     101 data "http" sources, offset 0, 100, ..., 10000, limit 100;
#   httprows: the same, with the bodies decoded into one list of 10,100
#             objects (jsondecode in a local), as a module that uses the
#             rows must: the generic counterpart of the list form;
#   http1:    one data "http" source reading all 10,100 posts in one
#             answer (the emulator runs with -max-posts-limit 10100; the
#             real API serves at most 100 per page): the same rows as ONE
#             string of 7 MB through the generic provider, one request. It
#             is the floor of any answer that hands Terraform the rows as
#             one string, as posts_format = "json" does: what Terraform
#             itself spends receiving and storing a string of that size.
#
# Each output is computed the same way as its counterpart's, so that
# Terraform does the same work on both sides of a ratio: json, report and
# http output a count the provider returned, without reading the text
# (totals.posts, posts_read, the number of http data sources); genviral
# and httprows count the rows of a list (length of posts, of the decoded
# list).
#
# It prints per run and the medians: wall time, CPU of Terraform and the
# provider together, the provider's CPU and peak RSS, API requests; and the
# ratios genviral/http. It fails when a plan fails or a request count is not
# 101; times are reported, never asserted.
#
# Tunables (environment): BENCH_POSTS_RUNS=3, BENCH_POSTS_LATENCIES="0ms
# 100ms", BENCH_PARALLELISM=10 (terraform -parallelism), BENCH_CACHE
# (default ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-genviral-bench),
# BENCH_POSTS_MAX_PARALLEL=10 (the provider's default max_parallel_requests,
# for the network floor reported at each latency above 0; the
# configuration itself uses the default), BENCH_HTTP_PROVIDER (a prebuilt terraform-provider-http binary to use
# instead), VERSION, BENCH_KEEP=1 keeps the scratch directory.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
runs=${BENCH_POSTS_RUNS:-3}
latencies=${BENCH_POSTS_LATENCIES:-0ms 100ms}
parallelism=${BENCH_PARALLELISM:-10}
version=${VERSION:-0.0.0-bench}
http_module=github.com/hashicorp/terraform-provider-http
http_version=v1.2.0
# The provider's default max_parallel_requests, for the network floor.
max_parallel=${BENCH_POSTS_MAX_PARALLEL:-10}

die() { printf 'bench-posts: %s\n' "$*" >&2; exit 1; }
step() { printf '==> %s\n' "$*"; }

[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is missing: it measures the providers' peak RSS"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_POSTS_RUNS must be a positive integer, got '$runs'"
[[ $parallelism =~ ^[1-9][0-9]*$ ]] || die "BENCH_PARALLELISM must be a positive integer, got '$parallelism'"

# shellcheck source=scripts/bench-lib.sh
. "$root/scripts/bench-lib.sh"
bench_start genviral-bench-posts
http_bin=$(provider_binary "${BENCH_HTTP_PROVIDER:-}" http "$http_module" "$http_version")

# Each provider runs behind a wrapper (wrap, scripts/bench-lib.sh) that
# records its peak RSS and CPU in $work/usage-NAME.
wrap genviral "$work/bin/terraform-provider-genviral"
wrap http "$http_bin"

cat >"$work/seed.json" <<'EOF'
[
  {"scope": "workspace", "platform": "tiktok", "identifier": "@bench_a"},
  {"scope": "workspace", "platform": "instagram", "identifier": "@bench_b"},
  {"scope": "workspace", "platform": "youtube", "identifier": "@bench_c"},
  {"scope": "workspace", "platform": "tiktok", "identifier": "@bench_d"}
]
EOF

bench_overrides "genviral/genviral=$work/wrap-genviral" "hashicorp/http=$work/wrap-http"

variants="genviral json report http httprows http1"
for name in $variants; do mkdir -p "$work/$name"; done
{ genviral_head; cat <<'EOF'; } >"$work/genviral/main.tf"
data "genviral_analytics_posts" "all" {
  range       = "all"
  max_results = 10100
}

output "rows" { value = length(data.genviral_analytics_posts.all.posts) }
EOF
genviral_head >"$work/report/main.tf"
cp "$work/report/main.tf" "$work/json/main.tf"
cat >>"$work/json/main.tf" <<'EOF'
data "genviral_analytics_posts" "all" {
  range        = "all"
  max_results  = 10100
  posts_format = "json"
}

output "rows" { value = data.genviral_analytics_posts.all.totals.posts }
EOF
cat >>"$work/report/main.tf" <<'EOF'
data "genviral_analytics_posts_report" "all" {
  range     = "all"
  max_posts = 10100
}

output "posts_read" { value = data.genviral_analytics_posts_report.all.posts_read }
EOF
# http_pages COUNT LIMIT: a configuration of COUNT data "http" sources, each
# reading the next LIMIT posts.
http_pages() {
  tf_head http hashicorp/http
  cat <<EOF
data "http" "page" {
  count = $1
  url   = "\${var.base_url}/analytics/summary/posts?range=all&limit=$2&offset=\${count.index * $2}"
  request_headers = {
    Authorization = "Bearer \${var.api_key}"
    Accept        = "application/json"
  }
}

output "pages" { value = length(data.http.page) }
EOF
}
http_pages 101 100 >"$work/http/main.tf"
# http1: the same rows in one answer, one request.
http_pages 1 10100 >"$work/http1/main.tf"
# httprows: what a module needs from the http provider to use the rows:
# the 101 bodies decoded into one list of objects (Terraform's jsondecode).
sed -e '/^output/d' "$work/http/main.tf" >"$work/httprows/main.tf"
cat >>"$work/httprows/main.tf" <<'EOF'
locals {
  posts = flatten([for p in data.http.page : jsondecode(p.body).data.posts])
}

output "rows" { value = length(local.posts) }
EOF

# plan NAME: one `terraform plan` of configuration NAME (timed_plan);
# prints "wall_s cpu_s provider_cpu_s provider_rss_mib requests".
plan() {
  local name=$1 prov=$1 line
  local want=101
  case $name in report | json) prov=genviral ;; httprows) prov=http ;; http1) prov=http want=1 ;; esac
  line=$(timed_plan "$name" "$prov")
  [ "${line##* }" = "$want" ] || die "plan ($name) sent ${line##* } requests, want $want: $(cat "$work/last-stats")"
  case $name in
    genviral | json | httprows) grep -q 'rows *= *10100' "$work/last.log" || { tail -n 20 "$work/last.log" >&2; die "plan ($name) did not read 10100 rows"; } ;;
    report) grep -q 'posts_read *= *10100' "$work/last.log" || { tail -n 20 "$work/last.log" >&2; die "plan (report) did not read 10100 rows"; } ;;
  esac
  echo "$line"
}

results=()
floors=()
for latency in $latencies; do
  step "Emulator latency $latency: $runs plan(s) per provider, alternating"
  start_stats_emulator -latency "$latency" -posts-per-target 2600 -seed "$work/seed.json" -max-posts-limit 10100
  for name in $variants; do : >"$work/$name.txt"; done
  for i in $(seq 1 "$runs"); do
    for name in $variants; do
      line=$(plan "$name")
      echo "$line" >>"$work/$name.txt"
      printf '    run %d %-8s wall %ss, cpu %ss, provider cpu %ss, provider peak RSS %s MiB, %s requests\n' \
        "$i" "$name" $line
    done
  done
  med() { cut -d' ' -f"$2" "$work/$1.txt" | median; }
  # ratio A B LABEL: the medians of A divided by those of B.
  ratio() {
    results+=("$(awk -v l="$latency" -v n="$3" -v aw="$(med "$1" 1)" -v bw="$(med "$2" 1)" -v ac="$(med "$1" 2)" -v bc="$(med "$2" 2)" \
      -v ap="$(med "$1" 3)" -v bp="$(med "$2" 3)" -v ar="$(med "$1" 4)" -v br="$(med "$2" 4)" \
      'BEGIN { printf "%-6s %-9s %7.2fx %7.2fx %12.2fx %13.2fx", l, n, aw / bw, ac / bc, ap / bp, ar / br }')")
  }
  for name in $variants; do
    results+=("$(printf '%-6s %-9s %8s %8s %13s %14s' "$latency" "$name" "$(med "$name" 1)" "$(med "$name" 2)" "$(med "$name" 3)" "$(med "$name" 4)")")
  done
  ratio genviral http ratio
  ratio genviral httprows list/rows
  ratio json http json/http
  ratio http1 http http1/http
  ratio json http1 json/http1
  ratio report http rep/http
  # The network floor of the genviral read: 1 + ceil(100 / p) rounds of
  # requests with p = max_parallel_requests in flight.
  for name in genviral json report http; do
    floor=$(awk -v l="$latency" -v p="$max_parallel" -v n="$name" -v gw="$(med "$name" 1)" '
      BEGIN { ms = l + 0; if (l ~ /[0-9]s$/) ms *= 1000; if (ms == 0) exit; rounds = 1 + int((100 + p - 1) / p); f = rounds * ms / 1000
        printf "%s: %s wall %.2fs = %.2fx the network floor of %.2fs (%d rounds of %s at max_parallel_requests %d)", l, n, gw, gw / f, f, rounds, l, p }')
    [ -z "$floor" ] || floors+=("$floor")
  done
done

echo
echo "Terraform $(terraform version | sed -n '1s/^Terraform //p'), plan reading 10,100 posts (101 pages), -parallelism=$parallelism; medians of $runs run(s)"
echo "$(nproc 2>/dev/null || echo '?') CPUs, load average $load_start at start, $(loadavg) at end (wall times are noisy on a busy machine)"
printf '%-6s %-9s %8s %8s %13s %14s\n' "lat." "provider" "wall(s)" "cpu(s)" "prov. cpu(s)" "prov. RSS(MiB)"
printf '%s\n' "${results[@]}"
echo "(cpu = Terraform and the provider together; prov. = the provider process(es) alone, peak RSS the largest;"
echo " http = hashicorp/http $http_version, 101 data sources; httprows = the same with the bodies jsondecode()d into one"
echo " list of objects, as a module using the rows must; http1 = hashicorp/http reading the same rows as one 7 MB answer,"
echo " the floor of any one-string answer; ratio = genviral / http, list/rows = genviral / httprows)"
[ ${#floors[@]} -eq 0 ] || printf '%s\n' "${floors[@]}"
