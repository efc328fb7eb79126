#!/usr/bin/env bash
# Rolls the Kubernetes manifests of one environment out to its AKS cluster and waits for them.
#
#   pipelines/scripts/rollout.sh --env dev [--root <dir>] [--plans <dir>] [--stack <name>]
#                                [--timeout 10m] [--force-conflicts]
#
#   --root     directory holding cdktf.out/, dist/k8s/ and scripts/ (default: repository / build artifact)
#   --plans    the plan directory of this run: if the compute stack was deferred there, the cluster has
#              not caught up yet and the rollout is skipped with a warning
#   --stack    the stack with the outputs aks_cluster_name, aks_resource_group_name and
#              workload_client_ids (default: <env>-compute)
#   --timeout  how long each StatefulSet may take to become ready (default: 10m)
#   --force-conflicts  take over fields another field manager owns (server-side apply)
#
# Steps: read the stack's Terraform outputs; fill the workload identity client ids into the manifests
# of dist/k8s/<env> (scripts/fill-k8s-outputs.mjs, which fails if a placeholder is left); get an Entra
# ID kubeconfig (az aks get-credentials + kubelogin, no local accounts); server-side apply; wait for
# every StatefulSet's rollout. Fails if any of them does not become ready in time.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=lib/azure-auth.sh
source "$SCRIPT_DIR/lib/azure-auth.sh"

FIELD_MANAGER=azure-lakehouse-kit

usage() {
  die "usage: rollout.sh --env <environment> [--root <dir>] [--plans <dir>] [--stack <name>] [--timeout 10m] [--force-conflicts]"
}

env_name="" root="" plans="" stack="" timeout=10m force_conflicts=false
while (($# > 0)); do
  case "$1" in
    --env) need_value "$@"; env_name="$2"; shift 2 ;;
    --root) need_value "$@"; root="$2"; shift 2 ;;
    --plans) need_value "$@"; plans="$2"; shift 2 ;;
    --stack) need_value "$@"; stack="$2"; shift 2 ;;
    --timeout) need_value "$@"; timeout="$2"; shift 2 ;;
    --force-conflicts) force_conflicts=true; shift ;;
    *) usage ;;
  esac
done
[[ -n "$env_name" ]] || usage
root="$(cd "${root:-$(default_root)}" && pwd)"
stack="${stack:-$env_name-compute}"
manifest="$root/cdktf.out/manifest.json"
manifests="$root/dist/k8s/$env_name"
fill="$root/scripts/fill-k8s-outputs.mjs"
[[ -f "$manifest" ]] || die "$manifest not found: run \`npm run synth\` (or download the build artifact) first."
[[ -d "$manifests" ]] || die "$manifests not found: \`npm run synth\` writes the manifests of $env_name there."
[[ -f "$fill" ]] || die "$fill not found: the build artifact must contain scripts/."

if [[ -n "$plans" && -f "$plans/index.tsv" ]] &&
  [[ -n "$(awk -F '\t' -v s="$stack" '$1 == s && $2 == "deferred"' "$plans/index.tsv")" ]]; then
  warn "rollout to $env_name skipped: $stack was deferred by this run's plan, so its outputs are not current. The next run rolls out."
  succeeded_with_issues "rollout skipped: $stack deferred"
  exit 0
fi

require_cmd terraform node az kubelogin kubectl
configure_azure_auth
use_plugin_cache

# cdktf's working directory of a stack is always stacks/<name> (manifest.json, workingDirectory).
workdir="$root/cdktf.out/stacks/$stack"
[[ -f "$workdir/cdk.tf.json" ]] ||
  die "stack $stack is not in $root/cdktf.out; pass --stack <name> of the stack that owns the AKS cluster."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

section "Terraform outputs of $stack"
tf_init "$workdir" "$stack" >/dev/null ||
  die "terraform init failed for $stack."
terraform -chdir="$workdir" output -json >"$work/outputs.json" ||
  die "terraform output failed for $stack."
cluster="$(terraform -chdir="$workdir" output -raw aks_cluster_name)" ||
  die "$stack has no output aks_cluster_name: apply the stack before rolling out."
resource_group="$(terraform -chdir="$workdir" output -raw aks_resource_group_name)" ||
  die "$stack has no output aks_resource_group_name: apply the stack before rolling out."

section "Filling workload identity client ids into the manifests"
node "$fill" --manifests "$manifests" --outputs "$work/outputs.json" --out "$work/manifests" ||
  die "could not fill the manifests of $env_name from the outputs of $stack (see above)."

section "Credentials for $cluster (Entra ID, kubelogin)"
export KUBECONFIG="$work/kubeconfig"
az aks get-credentials --resource-group "$resource_group" --name "$cluster" --file "$KUBECONFIG" \
  --overwrite-existing --only-show-errors ||
  die "az aks get-credentials failed for $cluster in $resource_group: does the service connection's identity have 'Azure Kubernetes Service Cluster User Role' on it?"
# The agent is already logged in by AzureCLI@2; kubelogin reuses that login instead of a device code.
kubelogin convert-kubeconfig --login azurecli --kubeconfig "$KUBECONFIG" ||
  die "kubelogin convert-kubeconfig failed."

section "Server-side apply to $cluster"
apply_args=(apply --server-side "--field-manager=$FIELD_MANAGER" --recursive --filename "$work/manifests")
if [[ "$force_conflicts" == true ]]; then
  apply_args+=(--force-conflicts)
fi
kubectl "${apply_args[@]}" ||
  die "kubectl apply failed for $env_name. A field conflict means another manager owns a field: fix the manifest, or pass --force-conflicts if the pipeline should own it."

section "Waiting for StatefulSets"
objects="$(kubectl get --recursive --filename "$work/manifests" --no-headers \
  --output 'custom-columns=KIND:.kind,NAMESPACE:.metadata.namespace,NAME:.metadata.name')" ||
  die "kubectl get failed after apply."
statefulsets="$(awk '$1 == "StatefulSet" { print $2 "/" $3 }' <<<"$objects")"
if [[ -z "$statefulsets" ]]; then
  warn "no StatefulSet in the manifests of $env_name: nothing to wait for."
  exit 0
fi

failed=()
while IFS=/ read -r -u 3 namespace name; do
  if kubectl rollout status "statefulset/$name" --namespace "$namespace" --timeout "$timeout"; then
    log "statefulset/$name in $namespace is ready."
  else
    failed+=("$namespace/$name")
    # Enough context in the log to see why, without another run.
    kubectl get pods --namespace "$namespace" --output wide || true
    kubectl get events --namespace "$namespace" --sort-by .lastTimestamp || true
  fi
done 3<<<"$statefulsets"

if ((${#failed[@]} > 0)); then
  die "rollout did not become ready within $timeout: ${failed[*]} (pods and events above)."
fi
log "All StatefulSets of $env_name are rolled out."
