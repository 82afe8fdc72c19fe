#!/usr/bin/env bash
# scripts/get-cli.sh terraform|tofu X.Y.Z [DIR]
#
# Puts an official Terraform or OpenTofu release into DIR as terraform-X.Y.Z
# or tofu-X.Y.Z, the names the extra CLI lanes look for (`make
# testacc-matrix TF_BINARIES=DIR`, `.ci/run` and `make demo-query` through
# TF_LANES_DIR). DIR defaults to TF_LANES_DIR, else
# ~/.cache/terraform-provider-genviral/tf-lanes (.ci/run's default).
#
# It downloads the release's zip archive for this platform and the
# release's SHA256SUMS file from the official places:
#   terraform: https://releases.hashicorp.com/terraform/X.Y.Z/
#              terraform_X.Y.Z_<os>_<arch>.zip, terraform_X.Y.Z_SHA256SUMS
#   tofu:      https://github.com/opentofu/opentofu/releases/download/vX.Y.Z/
#              tofu_X.Y.Z_<os>_<arch>.zip, tofu_X.Y.Z_SHA256SUMS
# checks the archive's SHA-256 against its line in SHA256SUMS (a missing
# line or a different sum fails, and nothing is installed), unpacks the
# binary, checks that it runs and reports version X.Y.Z, and only then
# moves it into DIR. (It does not verify the GPG or cosign signature of
# SHA256SUMS, which comes from the same HTTPS origin as the archive; do that
# by hand where your policy requires it.) Needs curl, unzip and sha256sum
# (or shasum).
#
# Environment:
#   GET_CLI_BASE_URL  replaces the release directory above (e.g. an internal
#                     mirror, or file:///path for a local copy: the tests of
#                     this script use one; scripts/get-cli-check.sh)
#   GET_CLI_PLATFORM  <os>_<arch> instead of this machine's (e.g. linux_arm64)
set -euo pipefail

die() { printf 'get-cli: %s\n' "$*" >&2; exit 1; }
usage() { die "usage: $0 terraform|tofu X.Y.Z [DIR]"; }

[ $# -ge 2 ] && [ $# -le 3 ] || usage
product=$1 version=$2
dir=${3:-${TF_LANES_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-genviral/tf-lanes}}
case $product in
  terraform) release_dir="https://releases.hashicorp.com/terraform/$version" ;;
  tofu) release_dir="https://github.com/opentofu/opentofu/releases/download/v$version" ;;
  *) usage ;;
esac
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$ ]] || die "'$version' is not a version like 1.14.8"
release_dir=${GET_CLI_BASE_URL:-$release_dir}

for tool in curl unzip; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not on PATH"
done

# sha256 FILE: the file's SHA-256, in hex.
sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | awk '{print $1}'
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | awk '{print $1}'
  else
    die "neither sha256sum nor shasum is on PATH"
  fi
}

# platform: <os>_<arch> as the release archives name it.
platform() {
  local os arch
  os=$(uname -s | tr '[:upper:]' '[:lower:]')
  case $(uname -m) in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    i386 | i686) arch=386 ;;
    armv*) arch=arm ;;
    *) die "unknown machine $(uname -m): set GET_CLI_PLATFORM=<os>_<arch>" ;;
  esac
  echo "${os}_${arch}"
}

platform=${GET_CLI_PLATFORM:-$(platform)}
archive="${product}_${version}_${platform}.zip"
sums="${product}_${version}_SHA256SUMS"
target="$dir/$product-$version"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/get-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# fetch NAME: downloads release_dir/NAME into $tmp/NAME.
fetch() {
  echo "get-cli: downloading $release_dir/$1"
  curl --fail --silent --show-error --location --retry 3 --proto '=https,file' \
    --output "$tmp/$1" "$release_dir/$1" || die "could not download $release_dir/$1"
}

fetch "$sums"
fetch "$archive"

want=$(awk -v name="$archive" '$2 == name || $2 == "*" name {print $1}' "$tmp/$sums")
[ -n "$want" ] || die "$sums has no line for $archive (is $platform a platform of $product $version?)"
[ "$(printf '%s\n' "$want" | wc -l)" -eq 1 ] || die "$sums has more than one line for $archive"
got=$(sha256 "$tmp/$archive")
[ "$got" = "$want" ] || die "checksum mismatch for $archive: SHA256SUMS says $want, the download is $got; nothing installed"
echo "get-cli: $archive matches $sums ($got)"

mkdir -p "$tmp/unpacked"
unzip -q -o "$tmp/$archive" "$product" -d "$tmp/unpacked" || die "$archive holds no '$product' binary"
chmod 0755 "$tmp/unpacked/$product"
# The whole output first: `| head -n 1` could end the binary with SIGPIPE.
reported=$(CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null "$tmp/unpacked/$product" version 2>/dev/null) ||
  die "the unpacked $product does not run on this machine ($platform)"
reported=${reported%%$'\n'*}
case $reported in
  *" v$version") ;;
  *) die "the unpacked $product reports '$reported', not v$version" ;;
esac

mkdir -p "$dir"
# Moved in under a temporary name first, so that DIR never holds half a file.
cp "$tmp/unpacked/$product" "$target.tmp.$$"
mv -f "$target.tmp.$$" "$target"
echo "get-cli: installed $reported as $target"
