#!/usr/bin/env bash
# Detects drift: plans every stack of one environment with -detailed-exitcode and fails if any differs.
#
#   pipelines/scripts/drift.sh --env dev [--root <dir>] [--out <dir>]
#
# A difference is anything between the configuration on main and the real infrastructure: changes made
# outside Terraform (listed under "Changed outside Terraform") and changes merged but not yet promoted
# to this environment. The summary (attached to the run) lists them per stack. Nothing is applied; the
# plans are made without taking the state lock so a running deployment is never blocked.
# A stack whose state blob does not exist yet (never applied: a new layer or environment not yet promoted)
# is reported as "not yet applied" with what its first apply would create, and so are the stacks that read
# its outputs; they make the step "succeeded with issues", not fail (the azurerm backend would otherwise take
# a lease and write an empty state, which a read-only identity may not do).
# Exit code: 0 in sync (or only not yet applied), 1 drift or an error.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=lib/azure-auth.sh
source "$SCRIPT_DIR/lib/azure-auth.sh"

usage() {
  die "usage: drift.sh --env <environment> [--root <dir>] [--out <dir>]"
}

env_name="" root="" out=""
while (($# > 0)); do
  case "$1" in
    --env) need_value "$@"; env_name="$2"; shift 2 ;;
    --root) need_value "$@"; root="$2"; shift 2 ;;
    --out) need_value "$@"; out="$2"; shift 2 ;;
    *) usage ;;
  esac
done
[[ -n "$env_name" ]] || usage
start_terraform_run drift

declare -A missing_state=()
drifted=() errors=() not_applied=()
while IFS=$'\t' read -r -u 3 stack dir deps; do
  section "terraform plan -detailed-exitcode: $stack"
  workdir="$root/cdktf.out/$dir"
  plan="$out/$stack.tfplan"
  waits=()
  for dep in ${deps//,/ }; do
    [[ -z "${missing_state[$dep]:-}" ]] || waits+=("$dep")
  done
  if ((${#waits[@]} > 0)); then
    missing_state[$stack]=true
    not_applied+=("$stack")
    printf '%s\tnot-applied\t\twaits for %s\n' "$stack" "${waits[*]}" >>"$index"
    continue
  fi
  if ! state_exists "$workdir" "$stack"; then
    missing_state[$stack]=true
    not_applied+=("$stack")
    creates="$(node "$SCRIPT_DIR/lib/stack-info.js" creates "$workdir/cdk.tf.json")"
    log "$stack: not yet applied (no state); the first apply $creates."
    printf '%s\tnot-applied\t\tno state yet: %s\n' "$stack" "$creates" >>"$index"
    continue
  fi
  if ! tf_init "$workdir" "$stack"; then
    errors+=("$stack")
    printf '%s\terror\t\tterraform init failed\n' "$stack" >>"$index"
    continue
  fi
  code=0
  terraform -chdir="$workdir" plan -input=false -lock=false -detailed-exitcode -out="$plan" || code=$?
  case "$code" in
    0)
      printf '%s\tclean\t\t\n' "$stack" >>"$index"
      ;;
    2)
      drifted+=("$stack")
      terraform -chdir="$workdir" show -json "$plan" >"$out/$stack.json" ||
        warn "terraform show -json failed for $stack; the summary lists no details for it."
      printf '%s\tdrift\t\t\n' "$stack" >>"$index"
      ;;
    *)
      errors+=("$stack")
      printf '%s\terror\t\tterraform plan exited with %s\n' "$stack" "$code" >>"$index"
      ;;
  esac
done 3<<<"$stacks"

node "$SCRIPT_DIR/lib/plan-report.js" summary drift "Drift: $env_name" "$out" >"$out/summary.md"
upload_summary "$out/summary.md"
cat "$out/summary.md"

if ((${#drifted[@]} + ${#errors[@]} > 0)); then
  set_output drift true
  ((${#errors[@]} == 0)) || log "Could not check: ${errors[*]}."
  die "$env_name differs from main in: ${drifted[*]:-none}; failed to check: ${errors[*]:-none}. See the summary for what changed."
fi
set_output drift false
if ((${#not_applied[@]} > 0)); then
  warn "not yet applied in $env_name: ${not_applied[*]} (promote them through the main pipeline)."
  succeeded_with_issues "not yet applied: ${not_applied[*]}"
  log "$env_name matches main, except the stacks not yet applied: ${not_applied[*]}."
else
  log "$env_name matches main."
fi
