#!/usr/bin/env bash
# `terraform validate` of every synthesized stack, for pull requests: no backend, no credentials.
#
#   pipelines/scripts/validate.sh [--root <dir>] [--env <environment>]
#
# Per stack: `terraform init -backend=false` (with the lock files of lock-providers.sh, read-only) and
# `terraform validate`, which checks what synth cannot: arguments and blocks against each provider's own
# schema. Every stack is checked; the step fails at the end listing those with errors.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"

root="" env_name=""
while (($# > 0)); do
  case "$1" in
    --root) need_value "$@"; root="$2"; shift 2 ;;
    --env) need_value "$@"; env_name="$2"; shift 2 ;;
    *) die "usage: validate.sh [--root <dir>] [--env <environment>]" ;;
  esac
done
root="$(cd "${root:-$(default_root)}" && pwd)"
[[ -d "$root/cdktf.out/stacks" ]] || die "$root/cdktf.out/stacks not found: run \`npm run synth\` first."
require_cmd terraform
use_plugin_cache
export TF_IN_AUTOMATION=true TF_INPUT=0

failed=() count=0
for workdir in "$root"/cdktf.out/stacks/*/; do
  workdir="${workdir%/}"
  stack="$(basename "$workdir")"
  [[ -f "$workdir/cdk.tf.json" ]] || continue
  [[ -z "$env_name" || "$stack" == "$env_name"-* ]] || continue
  count=$((count + 1))
  section "terraform validate: $stack"
  if ! tf_init "$workdir" "$stack" -backend=false; then
    failed+=("$stack")
    continue
  fi
  terraform -chdir="$workdir" validate -no-color || failed+=("$stack")
done
((count > 0)) || die "no stack${env_name:+ of $env_name} in $root/cdktf.out/stacks."
if ((${#failed[@]} > 0)); then
  die "terraform validate failed for: ${failed[*]} (errors above)."
fi
log "terraform validate: all $count stacks are valid."
