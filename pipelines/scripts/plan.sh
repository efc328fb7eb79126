#!/usr/bin/env bash
# Plans every stack of one environment, in dependency order, into saved plans that apply.sh applies.
#
#   pipelines/scripts/plan.sh --env dev [--root <dir>] [--out <dir>] [--lock true|false] [--refresh true|false]
#
#   --root  directory holding cdktf.out/ (default: the repository, or the build artifact in a pipeline)
#   --out   where the plans go (default: <root>/plans/<env>); emptied first
#   --lock  take the state lock while planning (default: true). false lets a read-only identity plan
#           (taking the lock writes a lease on the state blob); such plans are for review only. A read-only
#           plan first checks that each stack's state blob exists: a stack never applied is reported as
#           "not yet applied" (with what it would create, from cdk.tf.json) instead of failing with a 403,
#           and the stacks that read its outputs too.
#   --refresh  refresh the state from Azure before planning (default: true). false plans the change against
#           the last applied state without reading any resource: pull-request plans use it, so their
#           identity never needs the POST actions (listKeys) that refreshing some resources calls.
#
# For each stack, in the order cdktf.out/manifest.json gives: `terraform init -lockfile=readonly` (the lock file
# Build shipped) (the azurerm backend is
# in the stack's cdk.tf.json), `terraform plan -out`, `terraform show -json`. Writes to --out:
#   <stack>.tfplan, <stack>.json, <stack>.terraform.lock.hcl (so apply installs the same providers),
#   index.tsv   one line per stack: name, changes|no-changes|deferred|not-applied, sha256 of the plan file, note
#   summary.md  the readable summary, also attached to the run's Summary tab
# and sets the job output variables hasChanges, planDigest (sha256 of index.tsv) and deferredStacks.
#
# A stack is "deferred" when a stack it depends on changes a cdktf cross-stack output (or is itself
# deferred): its plan would be computed against the old value, so it is planned by the next run instead.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=lib/azure-auth.sh
source "$SCRIPT_DIR/lib/azure-auth.sh"

usage() {
  die "usage: plan.sh --env <environment> [--root <dir>] [--out <dir>] [--lock true|false] [--refresh true|false]"
}

env_name="" root="" out="" lock=true refresh=true
while (($# > 0)); do
  case "$1" in
    --lock) need_value "$@"; lock="$2"; shift 2 ;;
    --refresh) need_value "$@"; refresh="$2"; shift 2 ;;
    --env) need_value "$@"; env_name="$2"; shift 2 ;;
    --root) need_value "$@"; root="$2"; shift 2 ;;
    --out) need_value "$@"; out="$2"; shift 2 ;;
    *) usage ;;
  esac
done
[[ -n "$env_name" ]] || usage
case "$lock" in
  true) lock_args=(-lock-timeout=10m) ;;
  false) lock_args=(-lock=false) ;;
  *) usage ;;
esac
case "$refresh" in
  true) refresh_args=() ;;
  false) refresh_args=(-refresh=false) ;;
  *) usage ;;
esac
start_terraform_run plans

declare -A status=() cross_stack=() has_dependents=()
while IFS=$'\t' read -r _ _ deps; do
  for dep in ${deps//,/ }; do
    has_dependents[$dep]=true
  done
done <<<"$stacks"
has_changes=false
deferred=()

# fd 3 so that nothing in the loop body can swallow the list by reading stdin.
while IFS=$'\t' read -r -u 3 stack dir deps; do
  blocked=() missing=()
  for dep in ${deps//,/ }; do
    if [[ "${status[$dep]:-}" == deferred || "${cross_stack[$dep]:-}" == true ]]; then
      blocked+=("$dep")
    elif [[ "${status[$dep]:-}" == not-applied ]]; then
      missing+=("$dep")
    fi
  done
  workdir="$root/cdktf.out/$dir"
  if ((${#missing[@]} > 0)); then
    status[$stack]=not-applied
    log "$stack: not planned, it reads outputs of ${missing[*]}, which is not yet applied."
    printf '%s\tnot-applied\t\twaits for %s\n' "$stack" "${missing[*]}" >>"$index"
    continue
  fi
  if ((${#blocked[@]} > 0)); then
    status[$stack]=deferred
    deferred+=("$stack")
    warn "$stack deferred: it reads outputs of ${blocked[*]} that this run changes; the next run plans it."
    printf '%s\tdeferred\t\twaits for %s\n' "$stack" "${blocked[*]}" >>"$index"
    continue
  fi
  if [[ "$lock" == false ]] && ! state_exists "$workdir" "$stack"; then
    status[$stack]=not-applied
    creates="$(node "$SCRIPT_DIR/lib/stack-info.js" creates "$workdir/cdk.tf.json")"
    log "$stack: not yet applied (no state); the first apply $creates."
    printf '%s\tnot-applied\t\tno state yet: %s\n' "$stack" "$creates" >>"$index"
    continue
  fi

  section "terraform plan: $stack"
  plan="$out/$stack.tfplan"
  tf_init "$workdir" "$stack" ||
    die "terraform init failed for $stack: check the backend storage account and the identity's access to it (docs/azure-devops.md)."
  # -detailed-exitcode: 0 no changes, 2 changes (resources or outputs), anything else an error.
  code=0
  tf_locked "$stack" "$workdir" plan -input=false "${lock_args[@]}" "${refresh_args[@]}" -detailed-exitcode -out="$plan" || code=$?
  case "$code" in
    0) result=no-changes ;;
    2) result=changes has_changes=true ;;
    *) die "terraform plan failed for $stack (see the log above)." ;;
  esac
  terraform -chdir="$workdir" show -json "$plan" >"$out/$stack.json" ||
    die "terraform show -json failed for $stack."
  if [[ -f "$workdir/.terraform.lock.hcl" ]]; then
    cp "$workdir/.terraform.lock.hcl" "$out/$stack.terraform.lock.hcl"
  fi

  status[$stack]="$result"
  cross_stack[$stack]=false
  if [[ "$result" == changes && -n "${has_dependents[$stack]:-}" ]]; then
    changed_outputs="$(node "$SCRIPT_DIR/lib/plan-report.js" cross-stack-changes "$out/$stack.json")"
    if [[ -n "$changed_outputs" ]]; then
      cross_stack[$stack]=true
    fi
  fi
  printf '%s\t%s\t%s\t\n' "$stack" "$result" "$(sha256_of "$plan")" >>"$index"
  log "$stack: $result"
done 3<<<"$stacks"

node "$SCRIPT_DIR/lib/plan-report.js" summary plan "Terraform plan: $env_name" "$out" >"$out/summary.md"
upload_summary "$out/summary.md"

digest="$(sha256_of "$index")"
set_output hasChanges "$has_changes"
set_output planDigest "$digest"
set_output deferredStacks "${deferred[*]:-}"
log "Plans in $out. Apply exactly these with:"
log "  pipelines/scripts/apply.sh --env $env_name --plans $out --digest $digest"
