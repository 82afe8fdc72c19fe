#!/usr/bin/env bash
# make fuzz: runs every Fuzz* target under internal/ for its budget, one at
# a time. Budgets are execution counts ("Nx"), never durations: a duration
# races Go's fuzz coordinator against its own deadline on a loaded machine
# and fails with "context deadline exceeded" (golang/go#75804, not fixed
# before go1.27). Environment (set by the GNUmakefile):
#   FUZZ_BUDGETS         NAME=Nx per target, sized to roughly 5-15 s each on
#                        a busy 2-core machine
#   FUZZ_DEFAULT_BUDGET  the budget of a target not in FUZZ_BUDGETS
#   FUZZTIME             one budget for every target (overrides both)
#   FUZZMINIMIZETIME     the bound on minimizing an input that finds new
#                        coverage (a count too)
#   GO                   the go command
set -Eeuo pipefail
go=${GO:-go}
minimize=${FUZZMINIMIZETIME:-200x}
list=$("$go" test -list '^Fuzz' ./internal/...) || {
  echo "$list" >&2
  echo "ERROR: could not list fuzz targets (does ./internal/... build?)" >&2
  exit 1
}
# go test -list prints a package's names, then "ok <package>": pair them.
targets=$(printf '%s\n' "$list" | awk '
  /^Fuzz[A-Za-z0-9_]*$/ { names[n++] = $0; next }
  /^ok[ \t]/ { for (i = 0; i < n; i++) print $2, names[i]; n = 0; next }
  { n = 0 }')
if [ -z "$targets" ]; then
  echo "fuzz: no Fuzz* targets found under ./internal/...; nothing to fuzz"
  exit 0
fi

count=0
while read -r pkg fn; do
  count=$((count + 1))
  budget=${FUZZTIME:-}
  if [ -z "$budget" ]; then
    budget=${FUZZ_DEFAULT_BUDGET:-2000x}
    for b in ${FUZZ_BUDGETS:-}; do
      if [ "${b%%=*}" = "$fn" ]; then budget=${b#*=}; fi
    done
  fi
  echo "==> fuzz $pkg $fn for $budget (minimize $minimize)"
  start=$SECONDS
  "$go" test -run '^$' -fuzz "^$fn\$" -fuzztime "$budget" -fuzzminimizetime "$minimize" "$pkg" </dev/null
  echo "==> fuzz $fn: ok ($((SECONDS - start))s)"
done <<<"$targets"
echo "fuzz: $count target(s) passed"
