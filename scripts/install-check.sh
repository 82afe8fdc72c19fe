#!/usr/bin/env bash
# make install-check: proves the README's "Use a local build" steps, offline.
#
# In a scratch directory that Terraform sees as HOME (nothing of yours is
# read or written): `make install` puts the build into
# $HOME/.terraform.d/plugins,
# the emulator starts with two tracked accounts, and a copy of
# examples/reporting (the module and its example caller) goes through plain
#
#   terraform init && terraform apply -auto-approve && terraform destroy -auto-approve
#
# with no CLI configuration at all and every proxy variable pointing at a
# closed port, so any attempt to reach a registry fails the check. Then it
# changes the installed build, as a second `make install` of the same
# version does, and shows that init takes it once .terraform.lock.hcl is
# removed (init, even with -upgrade, refuses it while the lock file pins the
# old checksum). It also checks the README's provider_installation block
# for a mirror elsewhere (make install PLUGIN_DIR=...). About 10 s once the provider is compiled (up to a minute on
# a cold build cache); the emulator and the scratch directory are removed on
# exit, failure and Ctrl-C.
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

step "make install into a fresh HOME"
mkdir -p "$work/home"
make -C "$root" --no-print-directory install PLUGIN_DIR="$work/home/.terraform.d/plugins"
plugins="$work/home/.terraform.d/plugins/registry.terraform.io/genviral/genviral"
find "$plugins" -type f | sed "s|^$work/home|~|"

step "Starting the emulator (two tracked accounts)"
(cd "$root" && go build -o "$work/genviral-emulator" ./internal/cmd/genviral-emulator)
# The seed file the README's emulator command uses (without it the
# emulator tracks nothing and the report a user sees is empty).
grep -qF -- '-seed examples/reporting/emulator-seed.json' "$root/README.md" ||
  die "README.md's emulator command no longer uses -seed examples/reporting/emulator-seed.json; keep README and this check in step"
start_emulator -seed "$root/examples/reporting/emulator-seed.json" -posts-per-target 20
echo "emulator listening on $base_url"

cp -R "$root/examples/reporting" "$work/reporting"
rm -rf "$work/reporting/example/.terraform" "$work/reporting/example/.terraform.lock.hcl" "$work/reporting/example/terraform.tfstate"*

# What a user has: HOME, the key and the URL, no CLI configuration. The
# proxies make every registry request fail (the emulator is on loopback,
# which Go never proxies).
# tf runs terraform in $dir (with the CLI configuration $cli_config, none
# when empty).
dir="$work/reporting/example"
cli_config=""
tf() {
  env -u TF_CLI_CONFIG_FILE -u TF_PLUGIN_CACHE_DIR -u TF_DATA_DIR -u TF_CLI_ARGS -u TF_ACC_TERRAFORM_VERSION \
    ${cli_config:+TF_CLI_CONFIG_FILE="$cli_config"} \
    HOME="$work/home" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 \
    HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9 NO_PROXY= no_proxy= \
    GENVIRAL_API_KEY="gva_live_wsp001.Wq7Zk2Vx9Lp4Rz8Nc3Tb6Hd1Ej5" GENVIRAL_BASE_URL="$base_url" \
    terraform -chdir="$dir" "$@"
}

step "terraform init (offline: the module from ../, the provider from ~/.terraform.d/plugins)"
tf init -input=false -no-color >"$work/init.log" 2>&1 || { cat "$work/init.log" >&2; die "terraform init failed"; }
grep -E 'Installing genviral/genviral|Installed genviral/genviral|unauthenticated' "$work/init.log" || true
grep -q 'Installed genviral/genviral' "$work/init.log" || { cat "$work/init.log" >&2; die "init did not install genviral/genviral"; }

step "terraform apply"
tf apply -auto-approve -input=false -no-color >"$work/apply.log" 2>&1 || { cat "$work/apply.log" >&2; die "terraform apply failed"; }
grep -E '^Apply complete' "$work/apply.log"
table=$(tf output -raw top_posts_table)
printf '%s\n' "$table" | head -4
printf '%s\n' "$table" | grep -q '@northwind_labs\|@acme.coffee' || die "the report lists no post of the tracked accounts"

step "terraform destroy"
tf destroy -auto-approve -input=false -no-color >"$work/destroy.log" 2>&1 || { cat "$work/destroy.log" >&2; die "terraform destroy failed"; }
grep -E '^Destroy complete' "$work/destroy.log"

step "A mirror elsewhere, with the README's provider_installation block"
make -C "$root" --no-print-directory install PLUGIN_DIR="$work/mirror" >/dev/null
private_cli_config "$work" filesystem_mirror "$work/mirror" registry.terraform.io/genviral/genviral
cp -R "$root/examples/reporting" "$work/reporting-mirror"
rm -rf "$work/reporting-mirror/example/.terraform" "$work/reporting-mirror/example/.terraform.lock.hcl"
dir="$work/reporting-mirror/example" cli_config="$work/terraformrc"
tf init -input=false -no-color >"$work/mirror-init.log" 2>&1 || { cat "$work/mirror-init.log" >&2; die "terraform init with the filesystem_mirror block failed"; }
tf plan -input=false -no-color >"$work/mirror-plan.log" 2>&1 || { cat "$work/mirror-plan.log" >&2; die "terraform plan with the filesystem_mirror block failed"; }
echo "init and plan work with the mirror in $(basename "$work")/mirror"
dir="$work/reporting/example" cli_config=""

step "A changed build of the same version: init after removing the lock file takes it"
bin=$(find "$plugins" -type f -name 'terraform-provider-genviral_v*')
printf '\n' >>"$bin" # a different checksum, as any code change and make install give
if tf init -input=false -no-color >"$work/reinit.log" 2>&1; then
  die "plain init accepted a changed build although the lock file pins the old checksum"
fi
tr -s ' \n' '  ' <"$work/reinit.log" | grep -q 'match any of the checksums previously recorded in the dependency lock file' || { cat "$work/reinit.log" >&2; die "plain init failed for another reason than the lock file"; }
if tf init -upgrade -input=false -no-color >"$work/upgrade.log" 2>&1; then
  die "init -upgrade accepted the changed build: README's advice (remove .terraform.lock.hcl) is out of date"
fi
echo "init, also with -upgrade, refuses it (checksum not in .terraform.lock.hcl), as documented"
rm "$work/reporting/example/.terraform.lock.hcl"
tf init -input=false -no-color >"$work/reinit2.log" 2>&1 || { cat "$work/reinit2.log" >&2; die "terraform init after removing .terraform.lock.hcl failed"; }
tf plan -input=false -no-color >"$work/plan.log" 2>&1 || { cat "$work/plan.log" >&2; die "terraform plan after the new init failed"; }
echo "after removing .terraform.lock.hcl, init takes it and plan works"

printf '\ninstall-check: ok (%ss)\n' "$((SECONDS - start))"
