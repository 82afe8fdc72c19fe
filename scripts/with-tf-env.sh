#!/usr/bin/env bash
# scripts/with-tf-env.sh COMMAND [ARGS...]: runs COMMAND the way every make
# target that may start Terraform does (test, unit, testacc, bench-smoke,
# bench, docs, fmt): Terraform never phones home (CHECKPOINT_DISABLE=1),
# never downloads a CLI (TF_ACC_TERRAFORM_VERSION unset), and reads an empty
# CLI configuration of its own (private_cli_config in scripts/lib.sh, in a
# temporary directory removed afterwards), whatever TF_CLI_CONFIG_FILE names:
# the environment may point it at a missing file, or at one with
# dev_overrides or mirrors that would change what is exercised.
set -Eeuo pipefail
die() { printf 'with-tf-env: %s\n' "$*" >&2; exit 1; }
[ $# -gt 0 ] || die "usage: scripts/with-tf-env.sh COMMAND [ARGS...]"

# shellcheck source=scripts/lib.sh
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
tfdir=$(mktemp -d "${TMPDIR:-/tmp}/genviral-tf.XXXXXX")
trap 'rm -rf "$tfdir"' EXIT
private_cli_config "$tfdir"
export CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE="$tfdir/terraformrc"
unset TF_ACC_TERRAFORM_VERSION

"$@"
