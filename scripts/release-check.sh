#!/usr/bin/env bash
# make release-check: `goreleaser check` of .goreleaser.yml in a temporary
# clone of this checkout whose origin is RELEASE_REMOTE (goreleaser reads
# the repository from it), with the working tree's .goreleaser.yml,
# registry manifest and go.mod/go.sum copied in. Environment: GORELEASER
# (the command, by default the pinned version through go run),
# GORELEASER_VERSION, RELEASE_REMOTE.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
remote=${RELEASE_REMOTE:-https://github.com/genviral/terraform-provider-genviral.git}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/genviral-release.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if git rev-parse --verify --quiet HEAD >/dev/null; then
  git clone --quiet --no-hardlinks . "$tmp/repo"
  git -C "$tmp/repo" remote set-url origin "$remote"
else
  git init --quiet "$tmp/repo"
  git -C "$tmp/repo" remote add origin "$remote"
fi
for f in .goreleaser.yml terraform-registry-manifest.json go.mod go.sum; do
  if [ -f "$f" ]; then cp "$f" "$tmp/repo/$f"; fi
done
cd "$tmp/repo"
echo "goreleaser check (goreleaser ${GORELEASER_VERSION:-pinned}, temporary clone with origin $remote)"
# GORELEASER is a command line (go run module@version): split on purpose.
# shellcheck disable=SC2086
${GORELEASER:?GORELEASER is set by the GNUmakefile} check
