#!/usr/bin/env bash
# scripts/tf-cli-config.sh DIR [KIND ARGS...]: private_cli_config of
# scripts/lib.sh for callers that are not bash scripts (the GNUmakefile's
# with_tf_env): writes DIR/terraformrc.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
private_cli_config "$@"
