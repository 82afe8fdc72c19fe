#!/usr/bin/env bash
# make install-check: proves the README's "Use a local build" steps, offline,
# for two machines, Terraform and OpenTofu.
#
#  1. Reproducible builds. Two clones of this checkout (HEAD plus your
#     uncommitted changes) in two directories of different depths, the
#     second with one more uncommitted change that does not reach the binary
#     (a README line, an untracked file): `make install` in each, into two
#     scratch HOMEs, and `make build` in the second must give one and the
#     same binary (the Terraform and OpenTofu trees of both installs and
#     bin/), as two colleagues' or a CI runner's checkouts must. (On a clean
#     checkout the first clone is clean and the second dirty; on a dirty one
#     both have your changes and the second one more.)
#  2. Terraform, as a user has it: the emulator starts with two tracked
#     accounts, and a copy of examples/reporting (the module and its example
#     caller) goes through plain
#       terraform init && terraform apply -auto-approve && terraform destroy -auto-approve
#     with no CLI configuration at all and every proxy variable pointing at a
#     closed port, so any attempt to reach a registry fails the check.
#  3. One lock file for both builds: another copy of the example with the
#     .terraform.lock.hcl that step 2's init wrote goes through init, apply
#     and destroy with the second HOME's build; the lock file must not change.
#  4. OpenTofu: `tofu init && tofu apply && tofu destroy` of the same example
#     with the same install (genviral/genviral is registry.opentofu.org's
#     there), when `tofu` is on PATH; otherwise a SKIPPED line.
#  5. The README's provider_installation block for a mirror elsewhere
#     (make install PLUGIN_DIR=...), with terraform and tofu.
#  6. A changed build of the same version: init refuses it while the lock
#     file pins the old checksum (also with -upgrade) and takes it once
#     .terraform.lock.hcl is removed, as the README says.
# About 30 s once the provider is compiled (a few minutes on a cold build
# cache); the emulator and the scratch directory are removed on exit,
# failure and Ctrl-C.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
die() { printf 'install-check failed: %s\n' "$*" >&2; exit 1; }
step() { printf '\n==> %s\n' "$*"; }

command -v go >/dev/null 2>&1 || die "Go is not on PATH (https://go.dev/dl/)"
command -v terraform >/dev/null 2>&1 || die "terraform is not on PATH (install Terraform >= 1.5)"

# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
scratch_dir genviral-install-check
start=$SECONDS
source_addr=genviral/genviral

# clone_checkout DEST: a clone of this repository's HEAD at DEST with the
# working tree copied over it (tracked and untracked files that are not
# ignored; deleted files stay deleted), so that the check builds what you
# are working on, in another directory. Without git, a plain copy.
clone_checkout() {
  local dest=$1
  mkdir -p "$(dirname "$dest")"
  if ! git -C "$root" rev-parse --verify --quiet HEAD >/dev/null 2>&1; then
    cp -R "$root" "$dest"
    return
  fi
  git clone --quiet --no-hardlinks "$root" "$dest"
  (cd "$dest" && git ls-files -z | xargs -0 rm -f)
  (cd "$root" && git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
    tar --null -T - -cf -) | tar -C "$dest" -xf -
}

# installed_binaries PLUGIN_DIR: the installed binaries, one a line.
installed_binaries() {
  find "$1" -type f -name 'terraform-provider-genviral_v*' | sort
}

step "Two clones in different directories, the second with uncommitted changes"
clone_a="$work/a/terraform-provider-genviral"
clone_b="$work/b/some/deeper/path/genviral-src"
clone_checkout "$clone_a"
clone_checkout "$clone_b"
printf '\nA local note that the binary does not contain.\n' >>"$clone_b/README.md"
: >"$clone_b/untracked-note.txt"
if git -C "$clone_b" rev-parse --verify --quiet HEAD >/dev/null 2>&1; then
  [ -n "$(git -C "$clone_b" status --porcelain)" ] || die "the second clone is not dirty"
fi
echo "${clone_a#"$work"/}"
echo "${clone_b#"$work"/} (dirty)"

step "make install in each clone (two HOMEs), make build in the second"
home_a="$work/home" home_b="$work/home-b"
make -C "$clone_a" --no-print-directory install PLUGIN_DIR="$home_a/.terraform.d/plugins"
make -C "$clone_b" --no-print-directory install PLUGIN_DIR="$home_b/.terraform.d/plugins" >/dev/null
mapfile -t bins < <(installed_binaries "$home_a/.terraform.d/plugins"; installed_binaries "$home_b/.terraform.d/plugins")
[ ${#bins[@]} -eq 4 ] || die "want 4 installed binaries (2 builds x registry.terraform.io, registry.opentofu.org), found ${#bins[@]}: ${bins[*]}"
for host in registry.terraform.io registry.opentofu.org; do
  printf '%s\n' "${bins[@]}" | grep -q "/$host/$source_addr/" || die "make install put nothing under $host/$source_addr"
done
version=$(basename "${bins[0]}" | sed 's/^terraform-provider-genviral_v//')
make -C "$clone_b" --no-print-directory build VERSION="$version" >/dev/null
bins+=("$clone_b/bin/terraform-provider-genviral")
sums=$(sha256sum "${bins[@]}")
printf '%s\n' "$sums" | sed "s|  $work/|  |"
[ "$(printf '%s\n' "$sums" | awk '{print $1}' | sort -u | wc -l)" -eq 1 ] ||
  die "the builds differ: make install / make build are not reproducible across directories and uncommitted changes (-trimpath, -buildvcs=false, -buildid= in scripts/go-build.sh)"
echo "one binary: make install in both directories and make build VERSION=$version agree"

step "Starting the emulator (two tracked accounts)"
(cd "$root" && go build -o "$work/genviral-emulator" ./internal/cmd/genviral-emulator)
# The seed file the README's emulator command uses (without it the
# emulator tracks nothing and the report a user sees is empty).
grep -qF -- '-seed examples/reporting/emulator-seed.json' "$root/README.md" ||
  die "README.md's emulator command no longer uses -seed examples/reporting/emulator-seed.json; keep README and this check in step"
start_emulator -seed "$root/examples/reporting/emulator-seed.json" -posts-per-target 20
echo "emulator listening on $base_url"

# copy_example NAME: a fresh copy of examples/reporting in $work/NAME;
# sets dir to its example caller.
copy_example() {
  cp -R "$root/examples/reporting" "$work/$1"
  rm -rf "$work/$1/example/.terraform" "$work/$1/example/.terraform.lock.hcl" "$work/$1/example/terraform.tfstate"*
  dir="$work/$1/example"
}

# What a user has: HOME, the key and the URL, no CLI configuration. The
# proxies make every registry request fail (the emulator is on loopback,
# which Go never proxies).
# tf runs $cli (terraform or tofu) in $dir with HOME=$home (and the CLI
# configuration $cli_config, none when empty).
cli=terraform home=$home_a cli_config=""
tf() {
  env -u TF_CLI_CONFIG_FILE -u TOFU_CLI_CONFIG_FILE -u TF_PLUGIN_CACHE_DIR -u TF_DATA_DIR -u TF_CLI_ARGS -u TF_ACC_TERRAFORM_VERSION \
    ${cli_config:+TF_CLI_CONFIG_FILE="$cli_config"} \
    HOME="$home" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 \
    HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9 NO_PROXY= no_proxy= \
    GENVIRAL_API_KEY="gva_live_wsp001.Wq7Zk2Vx9Lp4Rz8Nc3Tb6Hd1Ej5" GENVIRAL_BASE_URL="$base_url" \
    "$cli" -chdir="$dir" "$@"
}

# run_logged NAME ARGS...: tf ARGS with the output in $work/NAME.log,
# shown and fatal on failure.
run_logged() {
  local name=$1
  shift
  tf "$@" -input=false -no-color >"$work/$name.log" 2>&1 || { cat "$work/$name.log" >&2; die "$cli $* failed (HOME=${home#"$work"/}, in ${dir#"$work"/})"; }
}

# init_apply_destroy PREFIX: init (which must install genviral/genviral from
# the mirror), apply (the report must list the tracked accounts' posts) and
# destroy in $dir.
init_apply_destroy() {
  local p=$1
  run_logged "$p-init" init
  grep -E 'Installing genviral/genviral|Installed genviral/genviral|unauthenticated' "$work/$p-init.log" || true
  grep -q 'Installed genviral/genviral' "$work/$p-init.log" || { cat "$work/$p-init.log" >&2; die "$cli init did not install genviral/genviral"; }
  run_logged "$p-apply" apply -auto-approve
  grep -E '^Apply complete' "$work/$p-apply.log"
  local table
  table=$(tf output -raw top_posts_table)
  printf '%s\n' "$table" | head -4
  printf '%s\n' "$table" | grep -q '@northwind_labs\|@acme.coffee' || die "the report lists no post of the tracked accounts"
  run_logged "$p-destroy" destroy -auto-approve
  grep -E '^Destroy complete' "$work/$p-destroy.log"
}

step "terraform init && apply && destroy (offline: the module from ../, the provider from ~/.terraform.d/plugins)"
copy_example reporting
init_apply_destroy terraform
lock_a="$work/lock-a.hcl"
cp "$dir/.terraform.lock.hcl" "$lock_a"

step "The first build's .terraform.lock.hcl with the second build (another HOME)"
copy_example reporting-b
cp "$lock_a" "$dir/.terraform.lock.hcl"
home=$home_b
init_apply_destroy terraform-b
cmp -s "$lock_a" "$dir/.terraform.lock.hcl" || { diff "$lock_a" "$dir/.terraform.lock.hcl" >&2 || true; die "init with the second build changed the lock file"; }
echo "init accepted the second build with the first build's lock file, unchanged"
home=$home_a

if command -v tofu >/dev/null 2>&1; then
  step "tofu init && apply && destroy (OpenTofu $(TF_CLI_CONFIG_FILE=/dev/null tofu version 2>/dev/null | sed -n 's/^OpenTofu //p'))"
  copy_example reporting-tofu
  cli=tofu
  init_apply_destroy tofu
  grep -q "registry.opentofu.org/$source_addr" "$dir/.terraform.lock.hcl" || die "tofu's lock file does not name registry.opentofu.org/$source_addr"
  cli=terraform
else
  step "tofu init && apply && destroy: SKIPPED (no tofu on PATH)"
fi

step "A mirror elsewhere, with the README's provider_installation block"
make -C "$clone_a" --no-print-directory install PLUGIN_DIR="$work/mirror" >/dev/null
private_cli_config "$work" filesystem_mirror "$work/mirror" "registry.terraform.io/$source_addr" "registry.opentofu.org/$source_addr"
readme_block=$(sed -n '/^  provider_installation {/,/^  }/p' "$root/README.md" | sed 's/^  //; s/ *#.*//; s|"/home/you/.terraform.d/plugins"|"MIRROR"|')
[ "$readme_block" = "$(sed "s|\"$work/mirror\"|\"MIRROR\"|" "$work/terraformrc")" ] ||
  die "README.md's provider_installation block is not the one this check uses:
$readme_block
want:
$(cat "$work/terraformrc")"
clis=(terraform)
command -v tofu >/dev/null 2>&1 && clis+=(tofu)
for cli in "${clis[@]}"; do
  copy_example "reporting-mirror-$cli"
  cli_config="$work/terraformrc"
  run_logged "mirror-init-$cli" init
  run_logged "mirror-plan-$cli" plan
  echo "$cli: init and plan work with the mirror in $(basename "$work")/mirror"
done
cli=terraform cli_config=""

step "A changed build of the same version: init after removing the lock file takes it"
dir="$work/reporting/example"
for bin in $(installed_binaries "$home_a/.terraform.d/plugins"); do
  printf '\n' >>"$bin" # a different checksum, as any code change and make install give
done
if tf init -input=false -no-color >"$work/reinit.log" 2>&1; then
  die "plain init accepted a changed build although the lock file pins the old checksum"
fi
tr -s ' \n' '  ' <"$work/reinit.log" | grep -q 'match any of the checksums previously recorded in the dependency lock file' || { cat "$work/reinit.log" >&2; die "plain init failed for another reason than the lock file"; }
if tf init -upgrade -input=false -no-color >"$work/upgrade.log" 2>&1; then
  die "init -upgrade accepted the changed build: README's advice (remove .terraform.lock.hcl) is out of date"
fi
echo "init, also with -upgrade, refuses it (checksum not in .terraform.lock.hcl), as documented"
rm "$dir/.terraform.lock.hcl"
run_logged reinit2 init
run_logged plan plan
echo "after removing .terraform.lock.hcl, init takes it and plan works"

printf '\ninstall-check: ok (%ss)\n' "$((SECONDS - start))"
