#!/usr/bin/env bash
# make examples-validate: `terraform validate` every example under examples/
# (the HCL the generated docs show) against a build of the provider through
# dev_overrides, offline, so an example that no longer matches the schema
# (a renamed or removed attribute, a wrong type) fails here, not for the
# user who copies it.
#
# Each directory is validated on its own, in a scratch copy; a directory
# without a terraform block gets one that requires genviral/genviral. The
# alternatives of one directory that cannot be declared together (the two
# import blocks of genviral_analytics_target) are validated one at a time.
# Examples that need a newer CLI than TERRAFORM (actions and list resources
# 1.14, import by identity 1.12, ephemeral variables 1.10, functions 1.8)
# are skipped with a line saying so; CI validates them with a newer lane.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
TERRAFORM=${TERRAFORM:-terraform}
die() { printf 'examples-validate failed: %s\n' "$*" >&2; exit 1; }

command -v "$TERRAFORM" >/dev/null 2>&1 || die "$TERRAFORM is not on PATH (install Terraform >= 1.5)"

# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
scratch_dir genviral-examples-validate

(cd "$root" && go build -o "$work/bin/terraform-provider-genviral" .)
private_cli_config "$work" dev_overrides "genviral/genviral=$work/bin"
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

tf_version=$("$TERRAFORM" version -json | sed -n 's/.*"terraform_version": *"\([0-9.]*\).*/\1/p')
[ -n "$tf_version" ] || die "could not read the version of $TERRAFORM"
# at_least X.Y: the CLI is X.Y or newer.
at_least() {
  [ "$(printf '%s\n%s\n' "$1" "$tf_version" | sort -V | head -n 1)" = "$1" ]
}

# needs DIR FILE...: the minimum CLI version of those example files.
needs() {
  local dir=$1
  shift
  case $dir in
    */actions/* | */list-resources/*) echo 1.14; return ;;
  esac
  if grep -qs 'identity *=' "$@"; then echo 1.12
  elif grep -qs 'ephemeral *= *true' "$@"; then echo 1.10
  elif grep -qs 'provider::' "$@"; then echo 1.8
  else echo 1.5
  fi
}

validated=0 skipped=0
# check NAME DIR FILE...: validates FILE... of DIR together.
check() {
  local name=$1 dir=$2
  shift 2
  local min
  min=$(needs "$dir" "$@")
  if ! at_least "$min"; then
    echo "SKIPPED $name: needs terraform >= $min (found $tf_version)"
    skipped=$((skipped + 1))
    return
  fi
  local w="$work/case"
  rm -rf "$w"
  mkdir -p "$w"
  cp "$@" "$w/"
  if ! grep -qs 'required_providers' "$w"/*.tf; then
    printf 'terraform {\n  required_providers {\n    genviral = {\n      source = "genviral/genviral"\n    }\n  }\n}\n' >"$w/zz_versions.tf"
  fi
  local flags=()
  compgen -G "$w/*.tfquery.hcl" >/dev/null && flags+=(-query)
  if ! "$TERRAFORM" -chdir="$w" validate -no-color "${flags[@]}" >"$work/validate.log" 2>&1; then
    without_overrides_notice <"$work/validate.log" >&2
    die "$name is not valid for the provider's schema (terraform $tf_version); fix the example and run 'make docs'"
  fi
  echo "ok $name"
  validated=$((validated + 1))
}

cd "$root"
while IFS= read -r dir; do
  case $dir in
    # The module's caller: validated with the module, below.
    examples/reporting/example) continue ;;
  esac
  mapfile -t files < <(find "$dir" -maxdepth 1 -type f \( -name '*.tf' -o -name '*.tfquery.hcl' \) | sort)
  imports=() others=()
  for f in "${files[@]}"; do
    case $f in
      */import-*.tf) imports+=("$f") ;;
      *) others+=("$f") ;;
    esac
  done
  check "$dir" "$dir" "${others[@]}"
  for f in "${imports[@]}"; do
    check "$f" "$dir" "${others[@]}" "$f"
  done
done < <(find examples -type f \( -name '*.tf' -o -name '*.tfquery.hcl' \) -exec dirname {} \; | sort -u)

# The reporting module's example caller needs its module installed:
# `terraform get` does that without looking for providers (init would
# look the provider up on the registry despite dev_overrides).
w="$work/reporting"
cp -R examples/reporting "$w"
rm -rf "$w/example/.terraform" "$w/example/.terraform.lock.hcl" "$w/example"/terraform.tfstate*
if ! { "$TERRAFORM" -chdir="$w/example" get -no-color &&
  "$TERRAFORM" -chdir="$w/example" validate -no-color; } >"$work/validate.log" 2>&1; then
  without_overrides_notice <"$work/validate.log" >&2
  die "examples/reporting/example is not valid (terraform $tf_version)"
fi
echo "ok examples/reporting/example"
validated=$((validated + 1))

echo "examples-validate: $validated example(s) valid with terraform $tf_version, $skipped skipped (need a newer CLI)"
