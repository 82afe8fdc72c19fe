#!/usr/bin/env bash
# make docs / make docs-validate: scripts/docs.sh generate|validate.
#
# The schema comes from the provider itself: internal/cmd/genviral-schema
# serves it in-process and writes what `terraform providers schema -json`
# prints with Terraform 1.14 or later, so docs/ is the same on every
# machine, with the action, list-resource and identity pages that an older
# terraform on PATH would leave out; no Terraform runs.
# TestAccSchemaMatchesTerraform checks the file against each CLI's own
# output (CONTRIBUTING.md, "Generated docs"). tfplugindocs (pinned in
# go.mod) then generates docs/ from it, examples/ and templates/, or
# validates docs/ against it (layout, front matter, a page for every schema
# and a schema for every page). GO names the go command.
set -Eeuo pipefail
die() { printf 'docs: %s\n' "$*" >&2; exit 1; }
case ${1:-} in
  generate | validate) mode=$1 ;;
  *) die "usage: scripts/docs.sh generate|validate" ;;
esac
go=${GO:-go}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d "${TMPDIR:-/tmp}/genviral-docs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

set -x
"$go" run ./internal/cmd/genviral-schema -o "$tmp/schema.json"
"$go" tool tfplugindocs "$mode" --provider-name genviral --providers-schema "$tmp/schema.json"
