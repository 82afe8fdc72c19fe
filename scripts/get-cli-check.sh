#!/usr/bin/env bash
# make get-cli-check: tests scripts/get-cli.sh offline, against a local
# release directory (GET_CLI_BASE_URL=file://...) holding fake archives and
# SHA256SUMS files laid out as releases.hashicorp.com and OpenTofu's GitHub
# releases lay them out. What is left untested is the download from the
# real addresses, which needs the internet. A few seconds.
#
# Checks that a good archive of each product is installed as
# terraform-X.Y.Z / tofu-X.Y.Z and runs, and that a tampered archive, an
# archive missing from SHA256SUMS, a missing download, a binary of another
# version and bad arguments all fail with a clear message and install
# nothing.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
die() { printf 'get-cli-check failed: %s\n' "$*" >&2; exit 1; }

for tool in curl unzip zip; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not on PATH"
done

# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
scratch_dir genviral-get-cli-check

platform=linux_amd64
export GET_CLI_PLATFORM=$platform

# release PRODUCT VERSION [REPORTED]: a fake release of PRODUCT in
# $work/releases/PRODUCT-VERSION whose binary reports REPORTED (default
# VERSION), with a correct SHA256SUMS.
release() {
  local product=$1 version=$2 reported=${3:-$2} name d
  case $product in terraform) name=Terraform ;; *) name=OpenTofu ;; esac
  d="$work/releases/$product-$version"
  mkdir -p "$d/pack"
  printf '#!/bin/sh\necho "%s v%s"\necho "on %s"\n' "$name" "$reported" "$platform" >"$d/pack/$product"
  chmod 0755 "$d/pack/$product"
  (cd "$d/pack" && zip -q "../${product}_${version}_${platform}.zip" "$product")
  (cd "$d" && sha256sum "${product}_${version}_${platform}.zip" >"${product}_${version}_SHA256SUMS" &&
    echo "0000000000000000000000000000000000000000000000000000000000000000  ${product}_${version}_darwin_arm64.zip" >>"${product}_${version}_SHA256SUMS")
}

lanes="$work/lanes"
# get PRODUCT VERSION [RELEASE_DIR]: runs get-cli.sh into $lanes against
# RELEASE_DIR (default: the fake release of PRODUCT VERSION); output in
# $work/out.
get() {
  GET_CLI_BASE_URL="file://${3:-$work/releases/$1-$2}" bash "$root/scripts/get-cli.sh" "$1" "$2" "$lanes" >"$work/out" 2>&1
}

# expect_failure WHAT MESSAGE PRODUCT VERSION [RELEASE_DIR]: get must fail,
# saying MESSAGE, and leave nothing in $lanes for PRODUCT-VERSION.
expect_failure() {
  local what=$1 message=$2
  shift 2
  if get "$@"; then cat "$work/out" >&2; die "$what: get-cli.sh succeeded"; fi
  grep -qF -- "$message" "$work/out" || { cat "$work/out" >&2; die "$what: no '$message' in the output"; }
  [ ! -e "$lanes/$1-$2" ] || die "$what: $lanes/$1-$2 was installed"
  compgen -G "$lanes/*.tmp.*" >/dev/null && die "$what: a temporary file was left in $lanes"
  echo "ok $what: $(grep 'get-cli:' "$work/out" | tail -n 1)"
}

for product in terraform tofu; do
  release "$product" 9.8.7
  get "$product" 9.8.7 || { cat "$work/out" >&2; die "get-cli.sh $product 9.8.7 failed"; }
  [ -x "$lanes/$product-9.8.7" ] || die "$lanes/$product-9.8.7 is not an executable file"
  [[ $("$lanes/$product-9.8.7" version) == *" v9.8.7"$'\n'* ]] || die "$lanes/$product-9.8.7 does not run"
  echo "ok $product: $(tail -n 1 "$work/out")"
done

release terraform 1.2.3
printf 'tampered' >>"$work/releases/terraform-1.2.3/terraform_1.2.3_${platform}.zip"
expect_failure "tampered archive" "checksum mismatch" terraform 1.2.3

release tofu 1.2.4
sed -i.orig "/_${platform}.zip\$/d" "$work/releases/tofu-1.2.4/tofu_1.2.4_SHA256SUMS"
expect_failure "archive not in SHA256SUMS" "has no line for tofu_1.2.4_${platform}.zip" tofu 1.2.4

expect_failure "missing release" "could not download" terraform 1.2.5 "$work/releases/none"

release terraform 1.2.6 1.2.0
expect_failure "binary of another version" "reports 'Terraform v1.2.0', not v1.2.6" terraform 1.2.6

expect_failure "unknown product" "usage:" vault 1.2.3
expect_failure "bad version" "is not a version" terraform latest

echo "get-cli-check: ok"
