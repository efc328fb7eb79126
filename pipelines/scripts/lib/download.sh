# shellcheck shell=bash
# Download helpers for the tool installers. Source it after common.sh.

# The agent's platform as <os>_<arch> (linux_amd64, linux_arm64, darwin_amd64, darwin_arm64).
platform_of_agent() {
  local os arch
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    *) die "unsupported OS $(uname -s)." ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) die "unsupported CPU $(uname -m)." ;;
  esac
  printf '%s_%s\n' "$os" "$arch"
}

# expected_sha256 <tool> <version> <pinned version> <platform> <override variable> <where the checksum is published>:
# the sha256 a download must have. The override variable's value wins (a version or platform the script does not
# pin); otherwise the script's pinned_sha256 for the pinned version; otherwise it stops, saying where to look.
expected_sha256() {
  local tool=$1 version=$2 pinned=$3 platform=$4 variable=$5 where=$6
  if [[ -n "${!variable:-}" ]]; then
    printf '%s\n' "${!variable}"
  elif [[ "$version" != "$pinned" ]]; then
    die "no pinned checksum for $tool $version: set $variable to $where."
  else
    pinned_sha256 "$platform" || die "no pinned $tool checksum for $platform: set $variable to $where."
  fi
}

# tool_dir <given dir> <tool> <version>: the folder a tool version is installed in (the given one, else the
# agent's tool cache), created, as an absolute path.
tool_dir() {
  local dir="${1:-${AGENT_TOOLSDIRECTORY:-$HOME/.local/share}/$2/$3}"
  mkdir -p "$dir" && (cd "$dir" && pwd)
}

# download_verified <url> <expected sha256> <file>: downloads with retries and keeps the file only when its
# sha256 is the expected one. Plain HTTPS downloads (no API calls, so no rate limit and no token).
download_verified() {
  local url=$1 expected=$2 file=$3 actual
  require_cmd curl
  log "Downloading $url"
  curl --fail --silent --show-error --location --retry 3 --output "$file" "$url" || die "download of $url failed."
  actual="$(sha256_of "$file")"
  if [[ "$actual" != "$expected" ]]; then
    rm -f "$file"
    die "checksum mismatch for $url: expected $expected, got $actual. Not installed."
  fi
}

# Puts a directory on PATH for this script and, on an agent, for the later steps of the job.
use_tool_dir() {
  PATH="$1:$PATH"
  if in_pipeline; then
    printf '##vso[task.prependpath]%s\n' "$1"
  fi
}
