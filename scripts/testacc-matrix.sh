#!/usr/bin/env bash
# make testacc-matrix TF_BINARIES=<dir>: `make testacc` against every
# executable named terraform* or tofu* in <dir> (e.g. terraform-1.5.7,
# tofu-1.12.6; scripts/get-cli.sh puts official releases there), as CI's
# version matrix does; OpenTofu runs with its registry host. Prints one
# line per CLI and fails if any failed. Not part of make test.
# Environment: TF_BINARIES, MAKE (default make).
set -Eeuo pipefail
dir=${TF_BINARIES:-}
[ -n "$dir" ] && [ -d "$dir" ] || {
  echo "ERROR: set TF_BINARIES to a directory of Terraform/OpenTofu CLIs, e.g. make testacc-matrix TF_BINARIES=/opt/tf (files named terraform*, tofu*, e.g. terraform-1.5.7, tofu-1.12.6)." >&2
  exit 1
}
bins=()
for f in "$dir"/terraform* "$dir"/tofu*; do
  [ -f "$f" ] && [ -x "$f" ] && bins+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")")
done
[ ${#bins[@]} -gt 0 ] || { echo "ERROR: no executable terraform* or tofu* file in $dir." >&2; exit 1; }

failed=()
for bin in "${bins[@]}"; do
  echo "==> testacc with $bin ($(CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null "$bin" version 2>/dev/null | head -n 1))"
  case $(basename "$bin") in
    tofu*) env=(TF_ACC_PROVIDER_HOST=registry.opentofu.org TF_ACC_PROVIDER_NAMESPACE=hashicorp) ;;
    *) env=() ;;
  esac
  if env "${env[@]}" TF_ACC_TERRAFORM_PATH="$bin" "${MAKE:-make}" testacc TERRAFORM="$bin"; then
    echo "==> $bin: ok"
  else
    echo "==> $bin: FAILED"
    failed+=("$bin")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "testacc-matrix: failed with: ${failed[*]}" >&2
  exit 1
fi
echo "testacc-matrix: passed with ${#bins[@]} CLI(s): ${bins[*]}"
