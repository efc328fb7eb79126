#!/usr/bin/env bash
# Rolls the Kubernetes manifests of one environment out to its AKS cluster and waits for them.
#
#   pipelines/scripts/rollout.sh --env dev [--root <dir>] [--plans <dir>] [--stack <name>]
#                                [--timeout 10m] [--force-conflicts] [--allow-claim-deletion]
#
#   --root     directory holding cdktf.out/, dist/k8s/ and scripts/ (default: repository / build artifact)
#   --plans    the plan directory of this run: if the compute stack was deferred there, the cluster has
#              not caught up yet and the rollout is skipped with a warning
#   --stack    the stack with the outputs aks_cluster_name, aks_resource_group_name and
#              workload_client_ids (default: <env>-compute)
#   --timeout  the least time each StatefulSet may take to become ready (default: 10m). Each StatefulSet
#              carries its own budget in the annotation azure-lakehouse-kit/rollout-timeout (most replicas
#              × one pod's stop, volume move, startup and readiness; charts/rollout-timeout.ts): the larger
#              of the two applies.
#   --force-conflicts  take over fields another field manager owns (server-side apply)
#   --allow-claim-deletion  (or ROLLOUT_ALLOW_CLAIM_DELETION=true) let pruning delete a Namespace that holds volume claims, or a StatefulSet whose
#              claims go with it (retention policy whenDeleted: Delete). Without it the rollout stops
#              before applying anything.
#
# Steps: read the stack's Terraform outputs; fill the workload identity client ids into the manifests
# of dist/k8s/<env> (scripts/fill-k8s-outputs.mjs, which fails if a placeholder is left); get an Entra
# ID kubeconfig (az aks get-credentials + kubelogin, no local accounts); a server-side dry run of the
# apply to list what pruning would delete, refusing claim deletion; server-side apply with pruning; wait
# for every StatefulSet's rollout. Fails if any of them does not become ready in time.
#
# Pruning: the applied objects form a kubectl ApplySet (KEP 3659). An object of an earlier rollout that the
# manifests no longer hold is deleted, namespaces and cluster-scoped objects included; the review's
# Kubernetes section lists the same deletions. Volume claims are made by the StatefulSet controller, not
# applied, so they are never members. Objects applied before the ApplySet existed join it on this apply;
# one removed before that is not known to it (delete it by hand). ApplySet is alpha in kubectl 1.27-1.31:
# KUBECTL_APPLYSET=true enables the --applyset flag.
# The parent is cluster-scoped because the set spans namespaces: with a Secret or ConfigMap parent kubectl
# needs --namespace and then refuses every object of another namespace. A custom resource parent needs its
# CRD labelled applyset.kubernetes.io/is-parent-type, and kubectl does not create such a parent itself: this
# script applies the CRD ($APPLYSET_RESOURCE) and creates the parent ($APPLYSET_PARENT) with the ID label
# and the annotations kubectl checks. Neither is a member of the set, so neither is ever pruned.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=lib/azure-auth.sh
source "$SCRIPT_DIR/lib/azure-auth.sh"

FIELD_MANAGER=azure-lakehouse-kit
APPLYSET_GROUP=lakehouse.internal
APPLYSET_RESOURCE="applysets.$APPLYSET_GROUP"
APPLYSET_PARENT=azure-lakehouse-kit
export KUBECTL_APPLYSET=true
TIMEOUT_ANNOTATION=azure-lakehouse-kit/rollout-timeout

usage() {
  die "usage: rollout.sh --env <environment> [--root <dir>] [--plans <dir>] [--stack <name>] [--timeout 10m] [--force-conflicts] [--allow-claim-deletion]"
}

# Seconds of a duration written as 90, 90s, 10m or 1h; fails on anything else.
duration_seconds() {
  [[ "$1" =~ ^([0-9]+)([smh]?)$ ]] || return 1
  case "${BASH_REMATCH[2]}" in
    h) echo $((BASH_REMATCH[1] * 3600)) ;;
    m) echo $((BASH_REMATCH[1] * 60)) ;;
    *) echo $((BASH_REMATCH[1])) ;;
  esac
}

env_name="" root="" plans="" stack="" timeout=10m force_conflicts=false allow_claim_deletion=false
# The pipeline's run parameter (templates/jobs/rollout.yml renders a boolean as True/False) does what the flag does.
[[ "${ROLLOUT_ALLOW_CLAIM_DELETION:-}" != [Tt]rue ]] || allow_claim_deletion=true
while (($# > 0)); do
  case "$1" in
    --env) need_value "$@"; env_name="$2"; shift 2 ;;
    --root) need_value "$@"; root="$2"; shift 2 ;;
    --plans) need_value "$@"; plans="$2"; shift 2 ;;
    --stack) need_value "$@"; stack="$2"; shift 2 ;;
    --timeout) need_value "$@"; timeout="$2"; shift 2 ;;
    --force-conflicts) force_conflicts=true; shift ;;
    --allow-claim-deletion) allow_claim_deletion=true; shift ;;
    *) usage ;;
  esac
done
[[ -n "$env_name" ]] || usage
least_seconds="$(duration_seconds "$timeout")" ||
  die "--timeout $timeout is not a duration: write e.g. 600s, 10m or 1h."
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

section "ApplySet parent $APPLYSET_RESOURCE/$APPLYSET_PARENT"
cat >"$work/applyset-crd.yaml" <<EOF
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: $APPLYSET_RESOURCE
  labels:
    applyset.kubernetes.io/is-parent-type: "true"
    app.kubernetes.io/part-of: azure-lakehouse-kit
spec:
  group: $APPLYSET_GROUP
  scope: Cluster
  names: { plural: applysets, singular: applyset, kind: ApplySet }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema: { type: object }
EOF
kubectl apply --server-side "--field-manager=$FIELD_MANAGER" --filename "$work/applyset-crd.yaml" ||
  die "could not apply the CRD $APPLYSET_RESOURCE: does the deploying identity have 'Azure Kubernetes Service RBAC Cluster Admin' on $cluster?"
kubectl wait --for=condition=Established --timeout=60s "crd/$APPLYSET_RESOURCE" ||
  die "the CRD $APPLYSET_RESOURCE did not become established within 60 s."
parent="$(kubectl get "$APPLYSET_RESOURCE" "$APPLYSET_PARENT" --ignore-not-found --output name)" ||
  die "could not read the ApplySet parent $APPLYSET_PARENT."
if [[ -z "$parent" ]]; then
  # kubectl's ID: applyset-<base64url(sha256(<name>.<namespace>.<kind>.<group>))>-v1, namespace empty.
  id="$(node -e 'const hash = require("node:crypto").createHash("sha256").update(process.argv[1]);
    process.stdout.write("applyset-" + hash.digest("base64url") + "-v1");' \
    "$APPLYSET_PARENT..ApplySet.$APPLYSET_GROUP")"
  # An empty contains-group-kinds is an empty set; kubectl fills it (and the tooling version) on apply.
  cat >"$work/applyset-parent.yaml" <<EOF
apiVersion: $APPLYSET_GROUP/v1
kind: ApplySet
metadata:
  name: $APPLYSET_PARENT
  labels:
    applyset.kubernetes.io/id: $id
  annotations:
    applyset.kubernetes.io/tooling: kubectl/v1.31.0
    applyset.kubernetes.io/contains-group-kinds: ""
EOF
  kubectl create --filename "$work/applyset-parent.yaml" ||
    die "could not create the ApplySet parent $APPLYSET_PARENT."
fi

apply_args=(apply --server-side "--field-manager=$FIELD_MANAGER" --recursive --filename "$work/manifests"
  --prune "--applyset=$APPLYSET_RESOURCE/$APPLYSET_PARENT")
if [[ "$force_conflicts" == true ]]; then
  apply_args+=(--force-conflicts)
fi
conflict_hint="A field conflict means another manager owns a field: fix the manifest, or pass --force-conflicts if the pipeline should own it."

section "What the rollout deletes (server-side dry run)"
kubectl "${apply_args[@]}" --dry-run=server --output name >"$work/dry-run.txt" ||
  die "kubectl apply --dry-run=server failed for $env_name; nothing was applied. $conflict_hint"
# kubectl prints each pruned object as `<kind>[.<group>]/<name> pruned (server dry run)`.
claim_losses=()
while read -r object operation _; do
  [[ "$operation" == pruned ]] || continue
  log "the rollout deletes $object: the manifests of $env_name no longer hold it."
  kind="${object%%/*}" name="${object#*/}"
  case "$kind" in
    namespace)
      # Deleting a namespace deletes its claims (prod's disks outlive them through the Retain reclaim policy).
      claims="$(kubectl get persistentvolumeclaims --namespace "$name" --output name)" ||
        die "could not list the volume claims of namespace $name; nothing was applied."
      if [[ -n "$claims" ]]; then
        claim_losses+=("namespace $name holds $(wc -l <<<"$claims") volume claim(s): $(tr '\n' ' ' <<<"$claims")")
      fi
      ;;
    statefulset.apps)
      # The claims go with the StatefulSet when its retention policy says Delete (dev, test).
      policies="$(kubectl get statefulsets --all-namespaces --field-selector "metadata.name=$name" --no-headers \
        --output 'custom-columns=NAMESPACE:.metadata.namespace,WHEN_DELETED:.spec.persistentVolumeClaimRetentionPolicy.whenDeleted')" ||
        die "could not read the claim retention of statefulset $name; nothing was applied."
      while read -r namespace when_deleted; do
        if [[ "$when_deleted" == Delete ]]; then
          claim_losses+=("statefulset $namespace/$name takes its volume claims with it (whenDeleted: Delete)")
        fi
      done <<<"$policies"
      ;;
  esac
done <"$work/dry-run.txt"
if ((${#claim_losses[@]} > 0)); then
  for loss in "${claim_losses[@]}"; do warn "pruning deletes volume claims: $loss"; done
  [[ "$allow_claim_deletion" == true ]] ||
    die "nothing was applied: pruning would delete volume claims (see the warnings). Keep the workload in the config, or rerun with --allow-claim-deletion once its data may go."
fi

section "Server-side apply to $cluster, pruning what the manifests no longer hold"
kubectl "${apply_args[@]}" || die "kubectl apply failed for $env_name. $conflict_hint"

section "Waiting for StatefulSets"
objects="$(kubectl get --recursive --filename "$work/manifests" --no-headers \
  --output "custom-columns=KIND:.kind,NAMESPACE:.metadata.namespace,NAME:.metadata.name,TIMEOUT:.metadata.annotations.$TIMEOUT_ANNOTATION")" ||
  die "kubectl get failed after apply."
statefulsets="$(awk '$1 == "StatefulSet" { print $2 "/" $3 "/" $4 }' <<<"$objects")"
if [[ -z "$statefulsets" ]]; then
  warn "no StatefulSet in the manifests of $env_name: nothing to wait for."
  exit 0
fi

failed=()
while IFS=/ read -r -u 3 namespace name budget; do
  # The StatefulSet's own budget (`<none>` when it has none), and never less than --timeout.
  seconds="$least_seconds"
  if budget_seconds="$(duration_seconds "$budget")" && ((budget_seconds > seconds)); then
    seconds="$budget_seconds"
  fi
  if kubectl rollout status "statefulset/$name" --namespace "$namespace" --timeout "${seconds}s"; then
    log "statefulset/$name in $namespace is ready."
  else
    failed+=("$namespace/$name (${seconds}s)")
    # Enough context in the log to see why, without another run.
    kubectl get pods --namespace "$namespace" --output wide || true
    kubectl get events --namespace "$namespace" --sort-by .lastTimestamp || true
  fi
done 3<<<"$statefulsets"

if ((${#failed[@]} > 0)); then
  die "rollout did not become ready in time: ${failed[*]} (pods and events above)."
fi
log "All StatefulSets of $env_name are rolled out."
