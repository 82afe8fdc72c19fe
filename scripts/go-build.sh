#!/usr/bin/env bash
# scripts/go-build.sh VERSION OUTPUT: the one build command of make build and
# make install, with the flags .goreleaser.yml uses, so that every build path
# gives byte-identical binaries from the same sources, Go version and
# version, whatever the directory and the state of the checkout:
#   -trimpath           no absolute paths
#   -buildvcs=false     no commit, time or "modified" flag from git
#   -buildid=           no build id
#   CGO_ENABLED=0       a static binary, independent of the C toolchain
# main.version is VERSION. make install-check compares two builds in two
# directories; make release-snapshot compares the release binary with this
# build. GO names the go command (default: go).
set -Eeuo pipefail
die() { printf 'go-build: %s\n' "$*" >&2; exit 1; }
[ $# -eq 2 ] || die "usage: scripts/go-build.sh VERSION OUTPUT"
version=$1 out=$2
case $out in /*) ;; *) out="$PWD/$out" ;; esac
cd "$(dirname "$0")/.."

cmd=("${GO:-go}" build -trimpath -buildvcs=false -ldflags "-s -w -buildid= -X main.version=$version" -o "$out" .)
printf '+ CGO_ENABLED=0 %s\n' "${cmd[*]}"
CGO_ENABLED=0 "${cmd[@]}"
