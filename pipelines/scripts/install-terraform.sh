#!/usr/bin/env bash
# Installs a pinned Terraform from releases.hashicorp.com after checking the archive's SHA256.
#
#   pipelines/scripts/install-terraform.sh [--version 1.11.4] [--dir <bin dir>]
#
#   --version  default: $TERRAFORM_VERSION or 1.11.4. 1.11.2 or later: the first release whose azurerm
#              backend authenticates with an Azure DevOps service connection (ado_pipeline_service_connection_id).
#   --dir      where the binary goes (default: $AGENT_TOOLSDIRECTORY/terraform/<version>, else
#              ~/.local/share/terraform/<version>); on an agent it is prepended to PATH for later steps
#
# The checksums below are HashiCorp's published SHA256SUMS for 1.11.4 (terraform_1.11.4_SHA256SUMS).
# For another version, set TERRAFORM_SHA256 to the line of that version's SHA256SUMS for your
# platform; the script refuses to install anything it cannot check.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=lib/download.sh
source "$SCRIPT_DIR/lib/download.sh"

PINNED_VERSION=1.11.4
pinned_sha256() {
  case "$1" in
    linux_amd64) echo 1ce994251c00281d6845f0f268637ba50c0005657eb3cf096b92f753b42ef4dc ;;
    linux_arm64) echo a43d1d0da9b9bab214a8305a39db0e40869572594ccf50c416a7756499143633 ;;
    darwin_amd64) echo a56d5002b9f7647291faccc3dd1a70350e60fb61e4c45037629508b8fdc2575b ;;
    darwin_arm64) echo 867e0808fa971217043e25b7a792b10720c79b1546f8a68479b74f138be73e18 ;;
    *) return 1 ;;
  esac
}

version="${TERRAFORM_VERSION:-$PINNED_VERSION}" dir=""
while (($# > 0)); do
  case "$1" in
    --version) need_value "$@"; version="$2"; shift 2 ;;
    --dir) need_value "$@"; dir="$2"; shift 2 ;;
    *) die "usage: install-terraform.sh [--version <x.y.z>] [--dir <bin dir>]" ;;
  esac
done
[[ "$version" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || die "Terraform version '$version' is not x.y.z."
major="${BASH_REMATCH[1]}" minor="${BASH_REMATCH[2]}" patch="${BASH_REMATCH[3]}"
if ((major < 1 || (major == 1 && (minor < 11 || (minor == 11 && patch < 2))))); then
  die "Terraform $version is too old: 1.11.2 or later is needed for the azurerm backend to authenticate with an Azure DevOps service connection (workload identity federation)."
fi

platform="$(platform_of_agent)"

expected="$(expected_sha256 Terraform "$version" "$PINNED_VERSION" "$platform" TERRAFORM_SHA256 \
  "the $platform line of https://releases.hashicorp.com/terraform/$version/terraform_${version}_SHA256SUMS")"

dir="$(tool_dir "$dir" terraform "$version")"

# First line of `terraform version`; sed reads to the end so the pipe never breaks under pipefail.
reported_version() {
  "$dir/terraform" version 2>/dev/null | sed -n 1p
}

if [[ -x "$dir/terraform" && "$(reported_version)" == "Terraform v$version" ]]; then
  log "Terraform $version is already in $dir."
else
  require_cmd unzip
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  archive="terraform_${version}_${platform}.zip"
  download_verified "https://releases.hashicorp.com/terraform/$version/$archive" "$expected" "$tmp/$archive"
  unzip -o -q "$tmp/$archive" terraform -d "$tmp/bin" || die "could not unpack $archive."
  install -m 0755 "$tmp/bin/terraform" "$dir/terraform"
  installed="$(reported_version)"
  [[ "$installed" == "Terraform v$version" ]] || die "installed binary reports '$installed', expected Terraform v$version."
  log "Installed Terraform $version ($platform, sha256 $expected) in $dir."
fi

if in_pipeline; then
  printf '##vso[task.prependpath]%s\n' "$dir"
fi
