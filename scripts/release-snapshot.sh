#!/usr/bin/env bash
# make release-snapshot: what a release publishes, built locally and checked,
# without a tag, a real GPG key or a GitHub token; nothing is published.
#
# Runs `goreleaser release --snapshot --clean --skip=publish` (GORELEASER,
# the pinned version) into dist/, signing with a throwaway RSA key made for
# the run in a temporary GNUPGHOME (without gpg on PATH, signing is skipped,
# saying so), then checks what the Terraform Registry and the OpenTofu
# Registry need of the files a tagged release uploads (both read the same
# GitHub release assets):
#   - one terraform-provider-genviral_<version>_<os>_<arch>.zip per platform,
#     holding terraform-provider-genviral_v<version>[.exe] (and GoReleaser's
#     default README.md, LICENSE, CHANGELOG.md, as HashiCorp's providers do);
#   - terraform-provider-genviral_<version>_SHA256SUMS listing exactly the zips
#     and terraform-provider-genviral_<version>_manifest.json, with correct
#     sums; the manifest's is that of terraform-registry-manifest.json, which
#     the release uploads under that name (release.extra_files) and which
#     this script copies into dist/ (a snapshot does not);
#   - terraform-provider-genviral_<version>_SHA256SUMS.sig, a binary
#     detached GPG signature of it that gpg --verify accepts (the registries
#     check it against the public key registered for the namespace);
#   - the manifest declares protocol version 6.0 (the provider serves
#     protocol 6, which Terraform >= 1.0 and OpenTofu speak);
#   - the linux_amd64 binary carries <version>, which only -X main.version
#     puts there (-trimpath keeps -ldflags out of the build info), the
#     version the provider reports (User-Agent, Metadata);
#   - the binary for this machine's platform is byte-identical to what
#     `make build VERSION=<version>` gives (one set of build flags);
#   - docs/ is valid for the registries (make docs-validate): they read it
#     from the tagged commit.
# All platforms are built, so this takes a while (22 minutes on a 2-core
# machine at load averages of 20 to 35).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
die() { printf 'release-snapshot failed: %s\n' "$*" >&2; exit 1; }
: "${GORELEASER:?set GORELEASER to the goreleaser command (make release-snapshot does)}"
project=terraform-provider-genviral

cd "$root"
skip=publish
gnupg=""
cleanup() {
  if [ -n "$gnupg" ]; then
    GNUPGHOME="$gnupg" gpgconf --kill gpg-agent 2>/dev/null || true
    rm -rf "$gnupg"
  fi
}
trap cleanup EXIT
if command -v gpg >/dev/null 2>&1; then
  # A key for this run only, RSA as the registries require (no ECC).
  gnupg=$(mktemp -d "${TMPDIR:-/tmp}/genviral-gnupg.XXXXXX")
  chmod 700 "$gnupg"
  export GNUPGHOME=$gnupg
  gpg --batch --quiet --passphrase '' --quick-gen-key 'terraform-provider-genviral release-snapshot (throwaway) <snapshot@example.invalid>' rsa3072 sign 1d
  GPG_FINGERPRINT=$(gpg --batch --with-colons --list-secret-keys | awk -F: '/^fpr:/ {print $10; exit}')
  [ -n "$GPG_FINGERPRINT" ] || die "could not create the throwaway signing key"
  export GPG_FINGERPRINT
  echo "release-snapshot: signing with a throwaway key ($GPG_FINGERPRINT) in $gnupg"
else
  skip=sign,publish
  echo "release-snapshot: gpg is not on PATH: signing SKIPPED (a release signs SHA256SUMS with GPG_FINGERPRINT)"
fi
# shellcheck disable=SC2086 # GORELEASER is a command line
$GORELEASER release --snapshot --clean --skip="$skip"

version=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' dist/metadata.json | head -n 1)
[ -n "$version" ] || die "no version in dist/metadata.json"
echo "==> checking dist/ for version $version"

sums="dist/${project}_${version}_SHA256SUMS"
manifest="dist/${project}_${version}_manifest.json"
[ -f "$sums" ] || die "$sums is missing"
cp terraform-registry-manifest.json "$manifest"
grep -q '"protocol_versions": *\["6.0"\]' "$manifest" || die "terraform-registry-manifest.json does not declare protocol_versions [\"6.0\"]"
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
(cd dist && sha256sum --quiet -c "$(basename "$sums")") || die "a sum in $sums is wrong"
if [ "$skip" = publish ]; then
  [ -f "$sums.sig" ] || die "$sums.sig is missing (signs in .goreleaser.yml)"
  gpg --batch --verify "$sums.sig" "$sums" 2>/dev/null || die "gpg --verify $sums.sig $sums failed"
  gpg --batch --list-packets "$sums.sig" 2>/dev/null | grep -q ':signature packet:' || die "$sums.sig is not a binary detached signature"
  echo "==> $(basename "$sums.sig"): a valid detached signature"
fi

bin=$(find dist -type f -path '*linux_amd64*' -name "${project}_v${version}" | head -n 1)
[ -n "$bin" ] || die "no linux_amd64 binary in dist/"
grep -qaF -- "$version" "$bin" ||
  die "$bin does not carry its version $version: check builds.ldflags (-X main.version) in .goreleaser.yml and 'var version' in main.go"

host=$(go env GOOS)_$(go env GOARCH)
host_bin=$(find dist -type f -path "*_${host}*" -name "${project}_v${version}" | head -n 1)
if [ -n "$host_bin" ]; then
  make --no-print-directory build VERSION="$version" >/dev/null
  cmp -s "$host_bin" "bin/$project" ||
    die "$host_bin differs from make build VERSION=$version: keep the flags of .goreleaser.yml (builds) and scripts/go-build.sh the same"
  echo "==> $host binary: byte-identical to make build VERSION=$version"
else
  echo "==> no $host binary in dist/ to compare with make build"
fi

make --no-print-directory docs-validate >/dev/null 2>&1 || { make --no-print-directory docs-validate; die "docs/ is not valid for the registry"; }
echo "==> docs/: valid (tfplugindocs validate)"

echo "release-snapshot: ${#zips[@]} archives, $(basename "$manifest"), $(basename "$sums")$([ "$skip" = publish ] && echo " and its signature") are as the Terraform and OpenTofu registries expect; nothing was published"
