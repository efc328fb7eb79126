#!/usr/bin/env bash
# Writes the dependency lock file (.terraform.lock.hcl) of every synthesized stack, once, in Build.
#
#   pipelines/scripts/lock-providers.sh [--root <dir>] [--env <environment>] [--platform <os_arch>]...
#
#   --root      directory holding cdktf.out/ (default: the repository)
#   --env       only the stacks named <env>-* (default: every stack)
#   --platform  platforms to record hashes for (default: linux_amd64 and linux_arm64, the platforms of
#               Microsoft-hosted agents and of the environments' Managed DevOps Pools)
#
# The lock files travel in the build artifact next to cdk.tf.json, and every later `terraform init` runs
# with -lockfile=readonly: prod installs exactly the provider builds dev and test ran, and the plugin cache
# is used. `terraform providers lock` downloads a provider for every platform, so each provider (source and
# version) is locked once, in a directory of its own, and a stack's lock file is the blocks of the providers
# it requires (Terraform reads lock files by provider block, in any order). Needs the registry
# (registry.terraform.io, releases.hashicorp.com, and github.com for providers hosted there); no credentials.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"

root="" env_name="" platforms=()
while (($# > 0)); do
  case "$1" in
    --root) need_value "$@"; root="$2"; shift 2 ;;
    --env) need_value "$@"; env_name="$2"; shift 2 ;;
    --platform) need_value "$@"; platforms+=("$2"); shift 2 ;;
    *) die "usage: lock-providers.sh [--root <dir>] [--env <environment>] [--platform <os_arch>]..." ;;
  esac
done
((${#platforms[@]} > 0)) || platforms=(linux_amd64 linux_arm64)
root="$(cd "${root:-$(default_root)}" && pwd)"
[[ -d "$root/cdktf.out/stacks" ]] || die "$root/cdktf.out/stacks not found: run \`npm run synth\` first."
require_cmd terraform node

platform_args=()
for platform in "${platforms[@]}"; do
  [[ "$platform" =~ ^[a-z0-9]+_[a-z0-9]+$ ]] || die "platform '$platform' is not <os>_<arch> (e.g. linux_amd64)."
  platform_args+=("-platform=$platform")
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
declare -A block_of=()
count=0 runs=0
for workdir in "$root"/cdktf.out/stacks/*/; do
  workdir="${workdir%/}"
  stack="$(basename "$workdir")"
  [[ -f "$workdir/cdk.tf.json" ]] || continue
  [[ -z "$env_name" || "$stack" == "$env_name"-* ]] || continue
  lock="$work/$stack.lock.hcl"
  printf '# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n' >"$lock"
  while IFS= read -r -u 4 provider; do
    if [[ -z "${block_of[$provider]:-}" ]]; then
      runs=$((runs + 1))
      dir="$work/provider-$runs"
      mkdir -p "$dir"
      printf '{"terraform":{"required_providers":%s}}\n' "$provider" >"$dir/main.tf.json"
      section "terraform providers lock: $provider"
      terraform -chdir="$dir" providers lock "${platform_args[@]}" ||
        die "terraform providers lock failed for $provider (required by $stack)."
      # The provider block without the file's header comments.
      grep -v '^#' "$dir/.terraform.lock.hcl" >"$dir/block.hcl"
      block_of[$provider]="$dir/block.hcl"
    fi
    cat "${block_of[$provider]}" >>"$lock"
  done 4< <(node "$SCRIPT_DIR/lib/stack-info.js" providers "$workdir/cdk.tf.json")
  cp "$lock" "$workdir/.terraform.lock.hcl"
  count=$((count + 1))
done
((count > 0)) || die "no stack${env_name:+ of $env_name} in $root/cdktf.out/stacks."
log "Locked the providers of $count stacks ($runs providers, each downloaded once per platform: ${platforms[*]})."
