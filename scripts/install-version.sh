#!/usr/bin/env bash
# scripts/install-version.sh: prints the version make install gives its build
# (the GNUmakefile's INSTALL_VERSION unless set). Terraform selects a
# pre-release (0.0.0-dev, 0.1.0-3-gabc) only for an exact version
# constraint, so this is always a plain X.Y.Z that `>= 0.1` or `~> 0.1`
# constraints accept: the tag vX.Y.Z on a tagged commit (also with
# uncommitted changes, as VERSION), else the patch release after the newest
# tag, else 0.1.0 (the first release).
set -Eeuo pipefail
cd "$(dirname "$0")/.."
last=$(git describe --tags --match 'v[0-9]*.[0-9]*.[0-9]*' --abbrev=0 2>/dev/null | sed 's/^v//' || true)
if [ -z "$last" ]; then
  echo 0.1.0
elif [ "$(git describe --tags --exact-match 2>/dev/null | sed 's/^v//' || true)" = "$last" ]; then
  echo "$last"
else
  echo "$last" | awk -F. '{ printf "%d.%d.%d\n", $1, $2, $3 + 1 }'
fi
