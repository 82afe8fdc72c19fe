#!/usr/bin/env bash
# make install: builds the provider (scripts/go-build.sh) as
# genviral/genviral INSTALL_VERSION into the filesystem mirror PLUGIN_DIR,
# under both registry hosts (PLUGIN_HOSTS), since `genviral/genviral` means
# registry.terraform.io/genviral/genviral to Terraform and
# registry.opentofu.org/genviral/genviral to OpenTofu. Terraform and
# OpenTofu look in ~/.terraform.d/plugins without any configuration; another
# directory needs a provider_installation block (README, "Use a Local
# Build"). Environment: INSTALL_VERSION (scripts/install-version.sh),
# PLUGIN_DIR, PLUGIN_HOSTS, GO.
set -Eeuo pipefail
die() { printf 'install: %s\n' "$*" >&2; exit 1; }
root=$(cd "$(dirname "$0")/.." && pwd)
version=${INSTALL_VERSION:-$(bash "$root/scripts/install-version.sh")}
plugin_dir=${PLUGIN_DIR:-$HOME/.terraform.d/plugins}
hosts=${PLUGIN_HOSTS:-registry.terraform.io registry.opentofu.org}

case $version in
  *[!0-9.]* | .* | *. | *..* | "")
    die "INSTALL_VERSION=$version is not a plain X.Y.Z version; Terraform would select it only for an exact version constraint." ;;
esac
platform="$("${GO:-go}" env GOOS)_$("${GO:-go}" env GOARCH)"
file="terraform-provider-genviral_v$version"
first=""
for host in $hosts; do
  dir="$plugin_dir/$host/genviral/genviral/$version/$platform"
  mkdir -p "$dir"
  if [ -z "$first" ]; then
    bash "$root/scripts/go-build.sh" "$version" "$dir/$file"
    first="$dir/$file"
  else
    cp -f "$first" "$dir/$file"
  fi
done
echo "Installed genviral/genviral $version for Terraform and OpenTofu into $plugin_dir."
echo "Run 'terraform init' (or 'tofu init') in your configuration; if it has a .terraform.lock.hcl from an earlier build of $version, remove that first."
