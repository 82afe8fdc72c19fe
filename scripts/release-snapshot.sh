#!/usr/bin/env bash
# make release-snapshot: what a release publishes, built locally and checked,
# without a tag, a GPG key or a GitHub token.
#
# Runs `goreleaser release --snapshot --clean --skip=sign,publish` (GORELEASER,
# the pinned version) into dist/, then checks what the Terraform Registry
# needs of the files a tagged release would upload:
#   - one terraform-provider-genviral_<version>_<os>_<arch>.zip per platform,
#     holding terraform-provider-genviral_v<version>[.exe] (and GoReleaser's
#     default README.md, LICENSE, CHANGELOG.md, as HashiCorp's providers do);
#   - terraform-provider-genviral_<version>_SHA256SUMS listing exactly the zips
#     and terraform-provider-genviral_<version>_manifest.json, with correct
#     sums; the manifest's is that of terraform-registry-manifest.json, which
#     the release uploads under that name (release.extra_files) and a
#     snapshot does not copy into dist/. The release signs this file;
#   - the linux_amd64 binary carries <version>, which only -X main.version
#     puts there (-trimpath keeps -ldflags out of the build info), the
#     version the provider reports (User-Agent, Metadata).
# All platforms are built, so this takes several minutes.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
die() { printf 'release-snapshot failed: %s\n' "$*" >&2; exit 1; }
: "${GORELEASER:?set GORELEASER to the goreleaser command (make release-snapshot does)}"

cd "$root"
# shellcheck disable=SC2086 # GORELEASER is a command line
$GORELEASER release --snapshot --clean --skip=sign,publish

version=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' dist/metadata.json | head -n 1)
[ -n "$version" ] || die "no version in dist/metadata.json"
project=terraform-provider-genviral
echo "==> checking dist/ for version $version"

sums="dist/${project}_${version}_SHA256SUMS"
manifest="dist/${project}_${version}_manifest.json"
[ -f "$sums" ] || die "$sums is missing"
manifest_sum=$(sha256sum terraform-registry-manifest.json | awk '{print $1}')
grep -qx "$manifest_sum  $(basename "$manifest")" "$sums" ||
  die "$sums has no line '$manifest_sum  $(basename "$manifest")' for terraform-registry-manifest.json (checksum.extra_files in .goreleaser.yml)"

zips=()
for z in dist/"${project}_${version}"_*.zip; do
  [ -f "$z" ] || continue
  zips+=("$z")
  name=$(basename "$z" .zip)
  platform=${name#"${project}_${version}_"}
  case $platform in
    *_*) ;;
    *) die "$z is not named ${project}_${version}_<os>_<arch>.zip" ;;
  esac
  want="${project}_v${version}"
  case $platform in windows_*) want="$want.exe" ;; esac
  got=$(unzip -Z1 "$z" | sort | tr '\n' ' ')
  [ "$got" = "$(printf '%s\n' CHANGELOG.md LICENSE README.md "$want" | sort | tr '\n' ' ')" ] ||
    die "$z holds $got; want $want, CHANGELOG.md, LICENSE and README.md"
done
[ ${#zips[@]} -ge 10 ] || die "only ${#zips[@]} archive(s) in dist/"

listed=$(awk '{print $2}' "$sums" | sort)
expected=$( { for z in "${zips[@]}"; do basename "$z"; done; basename "$manifest"; } | sort)
[ "$listed" = "$expected" ] || die "$sums lists:
$listed
want the archives and the manifest:
$expected"
(cd dist && grep -v "  $(basename "$manifest")\$" "$(basename "$sums")" | sha256sum --quiet -c -) ||
  die "a sum in $sums is wrong"

bin=$(find dist -type f -path '*linux_amd64*' -name "${project}_v${version}" | head -n 1)
[ -n "$bin" ] || die "no linux_amd64 binary in dist/"
grep -qaF -- "$version" "$bin" ||
  die "$bin does not carry its version $version: check builds.ldflags (-X main.version) in .goreleaser.yml and 'var version' in main.go"

echo "release-snapshot: ${#zips[@]} archives, the manifest and $(basename "$sums") are as the Terraform Registry expects (signing skipped: a release signs $(basename "$sums") with GPG_FINGERPRINT)"
