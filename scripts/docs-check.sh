#!/usr/bin/env bash
# make docs-check: fails when
#   1. docs/ is not what make docs produces (it runs make docs, then asks git);
#   2. examples/ is not terraform-fmt clean;
#   3. tfplugindocs validate fails (make docs-validate);
#   4. README.md's Development table lacks a row for a make target (every
#      target with a `## ` description in the GNUmakefile);
#   5. an example is not valid for the provider (scripts/examples-validate.sh).
# Environment: MAKE (default make), TERRAFORM (default terraform).
set -Eeuo pipefail
cd "$(dirname "$0")/.."
make=${MAKE:-make} terraform=${TERRAFORM:-terraform}

"$make" docs
changes=$(git status --porcelain --untracked-files=all -- docs/)
if [ -n "$changes" ]; then
  echo "$changes" >&2
  git --no-pager diff --stat -- docs/ >&2 || true
  echo "ERROR: docs/ is out of date: it is not what 'tfplugindocs generate' produces. Run 'make docs' and commit the docs/ changes." >&2
  exit 1
fi
echo "docs-check: docs/ is up to date"

if ! bash scripts/with-tf-env.sh "$terraform" fmt -check -recursive examples/ >/dev/null; then
  echo "ERROR: examples/ is not formatted: run 'make fmt' (terraform fmt -recursive examples/) and commit." >&2
  bash scripts/with-tf-env.sh "$terraform" fmt -check -recursive -diff examples/ >&2 || true
  exit 1
fi
echo "docs-check: examples/ is formatted"

"$make" docs-validate >/dev/null 2>&1 || { "$make" docs-validate; exit 1; }
echo "docs-check: tfplugindocs validate passed"

missing=""
for t in $(awk -F: '/^[a-zA-Z0-9_-]+:.*## / { print $1 }' GNUmakefile); do
  grep -q "make $t\b" README.md || missing="$missing $t"
done
[ -z "$missing" ] || {
  echo "ERROR: README.md's Development table does not describe: make${missing}. Add a row for each target." >&2
  exit 1
}
echo "docs-check: README.md describes every make target"

TERRAFORM="$terraform" bash scripts/examples-validate.sh
