# shellcheck shell=bash
# Shared by scripts/demo.sh and scripts/bench-terraform.sh: a scratch
# directory cleaned up on exit, failure and Ctrl-C; the provider and the
# emulator built into it; the emulator started on a free loopback port; and
# Terraform pointed at the build through a dev_overrides CLI configuration
# (no terraform init, no registry).
#
# The sourcing script defines die() before calling these.

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
  cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "genviral/genviral" = "$work/bin"
  }
  direct {}
}
RC
  export TF_CLI_CONFIG_FILE="$work/terraformrc"
  export CHECKPOINT_DISABLE=1
  export TF_IN_AUTOMATION=1
  export GENVIRAL_BASE_URL="$base_url"
  export GENVIRAL_API_KEY="gva_live_wsp001.emulatorWorkspaceSecret0001"
}
