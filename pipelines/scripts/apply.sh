#!/usr/bin/env bash
# Applies the saved plans that plan.sh wrote — exactly those, never a fresh plan.
#
#   pipelines/scripts/apply.sh --env dev --plans <dir> --digest <sha256> [--root <dir>]
#                              [--progress <dir>] [--done <dir>]
#
#   --plans   the directory plan.sh wrote (in a pipeline: the plan artifact of the same run)
#   --digest  sha256 of <plans>/index.tsv as plan.sh reported it (in a pipeline: the Plan job's
#             planDigest output, which travels outside the artifact)
#   --progress  where to record progress: <dir>/applied.tsv gets `<stack>\t<sha256 of its saved plan>` after
#             each successful apply (in a pipeline: published as apply-progress-<env>-<job attempt>, even
#             when the job fails)
#   --done    progress recorded by earlier attempts (any applied.tsv below it): a stack whose saved plan
#             is listed there with the same checksum was applied already and is skipped, so "Rerun failed
#             jobs" continues where the failed attempt stopped instead of failing on "Saved plan is stale"
#
# Before anything is applied: the index must match the digest, list the environment's stacks in the
# dependency order of cdktf.out/manifest.json, and every plan file must match its recorded sha256.
# Then, in order: stacks without changes are skipped, deferred ones are reported, stacks applied by an
# earlier attempt are skipped, the others get `terraform init -lockfile=readonly` with the dependency lock
# file of the plan run and `terraform apply <saved plan>`.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=lib/azure-auth.sh
source "$SCRIPT_DIR/lib/azure-auth.sh"

usage() {
  die "usage: apply.sh --env <environment> --plans <dir> --digest <sha256> [--root <dir>] [--progress <dir>] [--done <dir>]"
}

env_name="" root="" plans="" digest="" progress="" done_dir=""
while (($# > 0)); do
  case "$1" in
    --progress) need_value "$@"; progress="$2"; shift 2 ;;
    --done) need_value "$@"; done_dir="$2"; shift 2 ;;
    --env) need_value "$@"; env_name="$2"; shift 2 ;;
    --root) need_value "$@"; root="$2"; shift 2 ;;
    --plans) need_value "$@"; plans="$2"; shift 2 ;;
    # May be empty (an unset job output): the check below explains what is missing.
    --digest) (($# >= 2)) || usage; digest="$2"; shift 2 ;;
    *) usage ;;
  esac
done
[[ -n "$env_name" && -n "$plans" ]] || usage
[[ -n "$digest" ]] || die "no --digest: pass the planDigest that plan.sh printed, so a swapped or edited index cannot be applied."
root="$(cd "${root:-$(default_root)}" && pwd)"
manifest="$root/cdktf.out/manifest.json"
index="$plans/index.tsv"
[[ -f "$manifest" ]] || die "$manifest not found: download the build artifact of this run first."
[[ -f "$index" ]] || die "$index not found: download the plan artifact of this run first."

require_cmd terraform node

section "Verifying the saved plans"
actual="$(sha256_of "$index")"
[[ "$actual" == "$digest" ]] ||
  die "plan index checksum mismatch for $env_name: expected $digest, found $actual. These are not the plans that were reviewed; nothing was applied. Re-run the pipeline."

stacks="$(node "$SCRIPT_DIR/lib/stack-order.js" "$manifest" "$env_name")"
expected_order="$(cut -f 1 <<<"$stacks")"
indexed_order="$(cut -f 1 "$index")"
[[ "$expected_order" == "$indexed_order" ]] ||
  die "the plans in $plans do not cover the stacks of $env_name in dependency order (expected: $(tr '\n' ' ' <<<"$expected_order"), found: $(tr '\n' ' ' <<<"$indexed_order")). Plans and build artifact must come from the same run."

declare -A status=() plan_sum=() applied_before=()
while IFS=$'\t' read -r stack result sum _; do
  status[$stack]="$result"
  plan_sum[$stack]="$sum"
  if [[ "$result" == changes ]]; then
    plan="$plans/$stack.tfplan"
    [[ -f "$plan" ]] || die "$plan is missing; nothing was applied."
    found="$(sha256_of "$plan")"
    [[ "$found" == "$sum" ]] ||
      die "checksum mismatch for $plan: expected $sum, found $found. The saved plan changed after review; nothing was applied."
  fi
done <"$index"
log "All plans match their checksums."

# Progress of earlier attempts of this job (none on the first attempt).
if [[ -n "$done_dir" && -d "$done_dir" ]]; then
  while IFS=$'\t' read -r stack sum; do
    [[ -z "$stack" ]] || applied_before["$stack:$sum"]=true
  done < <(find "$done_dir" -name applied.tsv -type f -exec cat {} +)
fi
progress_file=""
if [[ -n "$progress" ]]; then
  mkdir -p "$progress"
  progress_file="$(cd "$progress" && pwd)/applied.tsv"
  : >"$progress_file"
fi

# Records a stack as applied (with its plan checksum), for a rerun of this job.
record_applied() {
  if [[ -n "$progress_file" ]]; then
    printf '%s\t%s\n' "$1" "${plan_sum[$1]}" >>"$progress_file"
  fi
}

configure_azure_auth
use_plugin_cache

applied=() skipped=() deferred=() earlier=()
while IFS=$'\t' read -r -u 3 stack dir _; do
  if [[ "${status[$stack]}" == changes && -n "${applied_before["$stack:${plan_sum[$stack]}"]:-}" ]]; then
    log "$stack: applied by an earlier attempt of this job (same saved plan), skipped."
    earlier+=("$stack")
    record_applied "$stack"
    continue
  fi
  case "${status[$stack]}" in
    no-changes)
      log "$stack: no changes, skipped."
      skipped+=("$stack")
      ;;
    deferred)
      warn "$stack was deferred by the plan (it waits for outputs applied now); the next run plans it."
      deferred+=("$stack")
      ;;
    changes)
      section "terraform apply: $stack"
      workdir="$root/cdktf.out/$dir"
      if [[ -f "$plans/$stack.terraform.lock.hcl" ]]; then
        cp "$plans/$stack.terraform.lock.hcl" "$workdir/.terraform.lock.hcl"
      fi
      tf_init "$workdir" "$stack" ||
        die "terraform init failed for $stack; stacks before it are applied, the rest are not. Rerun the failed job: it skips the stacks already applied."
      tf_locked "$stack" "$workdir" apply -input=false -lock-timeout=10m "$plans/$stack.tfplan" ||
        die "terraform apply failed for $stack; stacks before it are applied, the rest are not. Fix the cause, then rerun the failed job (it skips the stacks already applied). If Terraform says the saved plan is stale, the state of $stack changed after the plan (a partial apply or another run): rerun the Plan stage of $env_name instead and approve the new plan (docs/azure-devops.md, Operating the pipelines)."
      applied+=("$stack")
      record_applied "$stack"
      ;;
    *)
      die "unknown status '${status[$stack]}' for $stack in $index."
      ;;
  esac
done 3<<<"$stacks"

log "Applied: ${applied[*]:-none}. Unchanged: ${skipped[*]:-none}. Deferred: ${deferred[*]:-none}."
if ((${#earlier[@]} > 0)); then
  log "Applied by an earlier attempt: ${earlier[*]}."
fi
if ((${#deferred[@]} > 0)); then
  succeeded_with_issues "Deferred stacks: ${deferred[*]}; run the pipeline again to plan them."
fi
