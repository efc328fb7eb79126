#!/usr/bin/env bash
# Installs the kubectl that matches an environment's AKS cluster, checked against its published SHA256.
#
#   pipelines/scripts/install-kubectl.sh --version 1.33.2 [--dir <bin dir>]
#   pipelines/scripts/install-kubectl.sh --env dev [--root <dir>] [--stack <name>] [--dir <bin dir>]
#
#   --version  a Kubernetes version x.y.z
#   --env      take the version from the cluster: the compute stack's outputs aks_cluster_name and
#              aks_resource_group_name (as rollout.sh reads them), then `az aks show`
#              currentKubernetesVersion. AKS upgrades clusters by itself (upgradeChannel rapid/patch), so a
#              kubectl pinned in the YAML drifts out of the supported skew (±1 minor); the cluster's own
#              version is always inside it. When the stack has no outputs yet (never applied, or deferred),
#              nothing is installed and rollout.sh skips or names what is missing.
#   --dir      default: $AGENT_TOOLSDIRECTORY/kubectl/<version>, else ~/.local/share/kubectl/<version>
#
# The binary comes from dl.k8s.io; its checksum from the release's kubectl.sha256 next to it (the
# verification Kubernetes documents), or KUBECTL_SHA256 when set. Run inside AzureCLI@2 for --env.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=lib/download.sh
source "$SCRIPT_DIR/lib/download.sh"
# shellcheck source=lib/azure-auth.sh
source "$SCRIPT_DIR/lib/azure-auth.sh"

usage() {
  die "usage: install-kubectl.sh --version <x.y.z> | --env <environment> [--root <dir>] [--stack <name>] [--dir <bin dir>]"
}

version="" env_name="" root="" stack="" dir=""
while (($# > 0)); do
  case "$1" in
    --version) need_value "$@"; version="$2"; shift 2 ;;
    --env) need_value "$@"; env_name="$2"; shift 2 ;;
    --root) need_value "$@"; root="$2"; shift 2 ;;
    --stack) need_value "$@"; stack="$2"; shift 2 ;;
    --dir) need_value "$@"; dir="$2"; shift 2 ;;
    *) usage ;;
  esac
done
[[ -n "$version" || -n "$env_name" ]] || usage

if [[ -z "$version" ]]; then
  root="$(cd "${root:-$(default_root)}" && pwd)"
  stack="${stack:-$env_name-compute}"
  workdir="$root/cdktf.out/stacks/$stack"
  [[ -f "$workdir/cdk.tf.json" ]] || die "stack $stack is not in $root/cdktf.out; pass --stack <name>."
  require_cmd terraform az
  configure_azure_auth
  use_plugin_cache
  tf_init "$workdir" "$stack" >/dev/null || die "terraform init failed for $stack."
  if ! cluster="$(terraform -chdir="$workdir" output -raw aks_cluster_name 2>/dev/null)" ||
    ! resource_group="$(terraform -chdir="$workdir" output -raw aks_resource_group_name 2>/dev/null)"; then
    warn "$stack has no AKS outputs yet (not applied): kubectl not installed."
    exit 0
  fi
  version="$(az aks show --resource-group "$resource_group" --name "$cluster" \
    --query currentKubernetesVersion --output tsv --only-show-errors)" ||
    die "az aks show failed for $cluster in $resource_group: does the identity have Reader on it?"
  log "$cluster runs Kubernetes $version."
fi
version="${version#v}"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "Kubernetes version '$version' is not x.y.z."

platform="$(platform_of_agent)"
dir="$(tool_dir "$dir" kubectl "$version")"

if [[ -x "$dir/kubectl" && -f "$dir/.version" && "$(cat "$dir/.version")" == "$version" ]]; then
  log "kubectl $version is already in $dir."
else
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  url="https://dl.k8s.io/release/v$version/bin/${platform%_*}/${platform#*_}/kubectl"
  expected="${KUBECTL_SHA256:-}"
  if [[ -z "$expected" ]]; then
    curl --fail --silent --show-error --location --retry 3 --output "$tmp/kubectl.sha256" "$url.sha256" ||
      die "download of $url.sha256 failed."
    expected="$(tr -d '[:space:]' <"$tmp/kubectl.sha256")"
    [[ "$expected" =~ ^[0-9a-f]{64}$ ]] || die "$url.sha256 is not a sha256."
  fi
  download_verified "$url" "$expected" "$tmp/kubectl"
  install -m 0755 "$tmp/kubectl" "$dir/kubectl"
  printf '%s' "$version" >"$dir/.version"
  log "Installed kubectl $version ($platform, sha256 $expected) in $dir."
fi
use_tool_dir "$dir"
