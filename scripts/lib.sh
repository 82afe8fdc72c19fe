# shellcheck shell=bash
# Shared by the scripts (demo, demo-query, benchmarks, install-check), by
# .ci/run and, through scripts/with-tf-env.sh, by the GNUmakefile: a
# scratch directory cleaned up on exit, failure and Ctrl-C; the provider and
# the emulator built into it; the emulator started on a free loopback port;
# the private Terraform CLI configuration (private_cli_config, the one place
# that writes one); and Terraform pointed at the build through dev_overrides
# (no terraform init, no registry).
#
# The sourcing script defines die() before calling these.

# private_cli_config DIR [dev_overrides SOURCE=PLUGIN_DIR...]
# private_cli_config DIR filesystem_mirror MIRROR_DIR SOURCE...
#
# Writes DIR/terraformrc, a Terraform CLI configuration that nothing of the
# user's leaks into (TF_CLI_CONFIG_FILE may name a missing file, or one with
# overrides or mirrors that would change what is exercised):
#   - no kind: empty (tests, docs: providers come from the test framework);
#   - dev_overrides: each SOURCE (e.g. genviral/genviral) served from its
#     PLUGIN_DIR without terraform init, every other provider as usual;
#   - filesystem_mirror: each SOURCE (e.g. registry.terraform.io/genviral/genviral
#     and registry.opentofu.org/genviral/genviral) installed by terraform init
#     (or tofu init) from MIRROR_DIR only, as the README's "Use a Local
#     Build" block does.
# The caller points TF_CLI_CONFIG_FILE at it (OpenTofu reads it too).
private_cli_config() {
  local rc="$1/terraformrc" kind=${2:-} pair
  case $kind in
    "")
      : >"$rc"
      ;;
    dev_overrides)
      shift 2
      {
        echo 'provider_installation {'
        echo '  dev_overrides {'
        for pair in "$@"; do
          printf '    "%s" = "%s"\n' "${pair%%=*}" "${pair#*=}"
        done
        echo '  }'
        echo '  direct {}'
        echo '}'
      } >"$rc"
      ;;
    filesystem_mirror)
      [ $# -ge 4 ] || { echo "private_cli_config: filesystem_mirror needs MIRROR_DIR and SOURCE..." >&2; return 2; }
      local mirror=$3 list
      shift 3
      list=$(printf '"%s", ' "$@")
      list=${list%, }
      cat >"$rc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = [$list]
  }
  direct {
    exclude = [$list]
  }
}
RC
      ;;
    *)
      echo "private_cli_config: unknown kind '$kind' (want dev_overrides or filesystem_mirror)" >&2
      return 2
      ;;
  esac
}

# scratch_dir PREFIX: creates $work and installs the traps. The emulator
# started by start_emulator is stopped on exit; KEEP_SCRATCH=1 keeps $work.
scratch_dir() {
  work=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  emulator_pid=""
  trap _scratch_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

_scratch_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$emulator_pid" ] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  if [ "${KEEP_SCRATCH:-}" = 1 ]; then
    echo "kept $work" >&2
  else
    rm -rf "$work"
  fi
  exit "$rc"
}

# build_into ROOT [GO BUILD FLAGS...]: builds $work/bin/terraform-provider-genviral
# (with the flags) and $work/genviral-emulator from the repository at ROOT.
build_into() {
  local root=$1
  shift
  mkdir -p "$work/bin"
  (cd "$root" && go build "$@" -o "$work/bin/terraform-provider-genviral" . \
    && go build -o "$work/genviral-emulator" ./internal/cmd/genviral-emulator)
}

# start_emulator [FLAGS...]: starts the emulator on a free loopback port with
# the flags, waits until it listens (10 s at most), and sets $base_url.
# Its output goes to $work/emulator.log.
start_emulator() {
  "$work/genviral-emulator" -addr 127.0.0.1:0 -addr-file "$work/addr" "$@" >"$work/emulator.log" 2>&1 &
  emulator_pid=$!
  for _ in $(seq 1 100); do
    [ -s "$work/addr" ] && break
    kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; die "the emulator exited"; }
    sleep 0.1
  done
  [ -s "$work/addr" ] || die "the emulator did not start within 10s"
  base_url=$(cat "$work/addr")
}

# use_build: points Terraform at $work/bin through dev_overrides and the
# provider at the emulator with its workspace key.
use_build() {
  private_cli_config "$work" dev_overrides "genviral/genviral=$work/bin"
  export TF_CLI_CONFIG_FILE="$work/terraformrc"
  export CHECKPOINT_DISABLE=1
  export TF_IN_AUTOMATION=1
  export GENVIRAL_BASE_URL="$base_url"
  export GENVIRAL_API_KEY="gva_live_wsp001.Wq7Zk2Vx9Lp4Rz8Nc3Tb6Hd1Ej5"
}

# without_overrides_notice: filters Terraform's -no-color output, dropping
# the warning that development overrides are in effect (use_build sets them
# on purpose).
without_overrides_notice() {
  awk '
    /^Warning: Provider development overrides are in effect/ { skip = 1; next }
    skip { if (/releases\./) skip = 0; next }
    { print }
  '
}
