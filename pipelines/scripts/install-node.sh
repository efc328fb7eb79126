#!/usr/bin/env bash
# Installs a pinned Node.js from nodejs.org after checking the archive's SHA256.
#
#   pipelines/scripts/install-node.sh [--version 20.20.2] [--dir <install dir>]
#
#   --version  default: $NODE_VERSION or 20.20.2 (the Node the tests run on; package.json engines: >=20)
#   --dir      where Node goes (default: $AGENT_TOOLSDIRECTORY/node-verified/<version>, else
#              ~/.local/share/node/<version>); its bin/ is prepended to PATH, on an agent for later steps too
#
# Every job that runs the kit's scripts installs Node with this, on Microsoft-hosted agents and on the
# environments' Managed DevOps Pools alike (NodeTool@0 downloads without checking a checksum). The checksums
# are the lines of https://nodejs.org/dist/v20.20.2/SHASUMS256.txt for the .tar.xz archives. For another
# version set NODE_SHA256 to its line for your platform; the script refuses to install anything it cannot check.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=lib/download.sh
source "$SCRIPT_DIR/lib/download.sh"

PINNED_VERSION=20.20.2
pinned_sha256() {
  case "$1" in
    linux_amd64) echo df770b2a6f130ed8627c9782c988fda9669fa23898329a61a871e32f965e007d ;;
    linux_arm64) echo 73093db209e4e9e09dd7d15a47aeaab1b74833830df03efa5f942a1122c5fa71 ;;
    darwin_amd64) echo 4d4c020eb534497e616de38f3733289ff33c615ddab38c048edec6547b7f76ea ;;
    darwin_arm64) echo 6375a1d4421bc04ab284ba89459df788a78c49c89e83c463d0eede47e2efc07b ;;
    *) return 1 ;;
  esac
}

version="${NODE_VERSION:-$PINNED_VERSION}" dir=""
while (($# > 0)); do
  case "$1" in
    --version) need_value "$@"; version="$2"; shift 2 ;;
    --dir) need_value "$@"; dir="$2"; shift 2 ;;
    *) die "usage: install-node.sh [--version <x.y.z>] [--dir <install dir>]" ;;
  esac
done
version="${version#v}"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "Node.js version '$version' is not x.y.z."
platform="$(platform_of_agent)"
# nodejs.org names: linux-x64, linux-arm64, darwin-x64, darwin-arm64.
node_platform="${platform/_/-}"
node_platform="${node_platform/amd64/x64}"

expected="$(expected_sha256 Node.js "$version" "$PINNED_VERSION" "$platform" NODE_SHA256 \
  "the node-v$version-$node_platform.tar.xz line of https://nodejs.org/dist/v$version/SHASUMS256.txt")"

dir="$(tool_dir "$dir" node-verified "$version")"
stamp="$dir/.sha256"

if [[ -x "$dir/bin/node" && -f "$stamp" && "$(cat "$stamp")" == "$expected" ]]; then
  log "Node.js $version is already in $dir."
else
  require_cmd tar xz
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  archive="node-v$version-$node_platform.tar.xz"
  download_verified "https://nodejs.org/dist/v$version/$archive" "$expected" "$tmp/$archive"
  tar -xJf "$tmp/$archive" -C "$dir" --strip-components=1 || die "could not unpack $archive."
  printf '%s' "$expected" >"$stamp"
  log "Installed Node.js $version ($platform, sha256 $expected) in $dir."
fi
use_tool_dir "$dir/bin"
