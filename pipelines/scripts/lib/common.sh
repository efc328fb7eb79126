# shellcheck shell=bash
# Helpers shared by the pipeline scripts. Source it; do not run it.
#
# Every message is plain text locally and an Azure Pipelines logging command (##vso[...]) on an agent,
# so the same script reads well in a terminal and annotates the run in Azure DevOps.

# True on an Azure Pipelines agent (the agent sets TF_BUILD=True for every step).
in_pipeline() {
  [[ -n "${TF_BUILD:-}" ]]
}

log() {
  printf '%s\n' "$*"
}

section() {
  if in_pipeline; then
    printf '##[section]%s\n' "$*"
  else
    printf '\n== %s\n' "$*"
  fi
}

warn() {
  if in_pipeline; then
    printf '##vso[task.logissue type=warning]%s\n' "$*"
  else
    printf 'warning: %s\n' "$*" >&2
  fi
}

# Prints an error and exits non-zero. The message should say what failed and what to do about it.
die() {
  if in_pipeline; then
    printf '##vso[task.logissue type=error]%s\n' "$*"
  fi
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# For option parsing: `--flag) need_value "$@"; var="$2"; shift 2 ;;`
need_value() {
  if (($# < 2)) || [[ -z "$2" || "$2" == --* ]]; then
    die "$1 needs a value."
  fi
}

require_cmd() {
  local cmd
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null 2>&1 || die "'$cmd' is not on PATH; install it first (see docs/azure-devops.md)."
  done
}

# Sets a job output variable (readable by later jobs and stages as <step name>.<name>) and mirrors it to stdout.
set_output() {
  local name=$1 value=$2
  if in_pipeline; then
    printf '##vso[task.setvariable variable=%s;isOutput=true]%s\n' "$name" "$value"
  fi
  printf '%s=%s\n' "$name" "$value"
}

# Attaches a Markdown file to the run's Summary tab.
upload_summary() {
  if in_pipeline; then
    printf '##vso[task.uploadsummary]%s\n' "$1"
  fi
}

# Marks the step "succeeded with issues" (a yellow step) without failing it.
succeeded_with_issues() {
  if in_pipeline; then
    printf '##vso[task.complete result=SucceededWithIssues;]%s\n' "$*"
  fi
}

# One provider download per job instead of one per stack (azurerm alone is a few hundred MB).
use_plugin_cache() {
  export TF_PLUGIN_CACHE_DIR="${TF_PLUGIN_CACHE_DIR:-${AGENT_TEMPDIRECTORY:-$HOME/.cache}/terraform-plugin-cache}"
  mkdir -p "$TF_PLUGIN_CACHE_DIR"
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  else
    shasum -a 256 "$1" | cut -d ' ' -f 1
  fi
}

# The directory that holds cdktf.out/, dist/ and scripts/: the repository locally, the downloaded
# build artifact in a pipeline. pipelines/scripts/ sits two levels below it in both layouts.
default_root() {
  (cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
}

# The start of every Terraform run over an environment's stacks (plan, drift). Needs lib/azure-auth.sh sourced.
# Reads: env_name, root (optional), out (optional), and $1 the default output folder under the root.
# Sets: root, out (created empty), manifest, stacks (from lib/stack-order.js: one line per stack, dependencies
# first), index (an empty index.tsv in out).
start_terraform_run() {
  local default_out="$1"
  root="$(cd "${root:-$(default_root)}" && pwd)"
  out="${out:-$root/$default_out/$env_name}"
  manifest="$root/cdktf.out/manifest.json"
  [[ -f "$manifest" ]] || die "$manifest not found: run \`npm run synth\` (or download the build artifact) first."

  require_cmd terraform node
  configure_azure_auth
  use_plugin_cache

  # shellcheck disable=SC2034 # read by the calling script
  stacks="$(node "$(dirname "${BASH_SOURCE[0]}")/stack-order.js" "$manifest" "$env_name")"
  rm -rf "$out"
  mkdir -p "$out"
  out="$(cd "$out" && pwd)"
  # shellcheck disable=SC2034 # read by the calling script
  index="$out/index.tsv"
  : >"$index"
}

# `terraform init` of one stack. With the dependency lock file that Build ships next to cdk.tf.json
# (pipelines/scripts/lock-providers.sh) it runs with -lockfile=readonly: every job installs exactly the
# providers dev and test used, and the plugin cache is used. On an agent a missing lock file is an error;
# locally (npm run synth, no lock files) init records one as usual. Extra arguments go to init.
tf_init() {
  local workdir=$1 stack=$2
  shift 2
  local args=(-input=false)
  if [[ -f "$workdir/.terraform.lock.hcl" ]]; then
    args+=(-lockfile=readonly)
  elif in_pipeline; then
    die "$workdir/.terraform.lock.hcl is missing: the build artifact must ship the dependency lock file of $stack (Build runs pipelines/scripts/lock-providers.sh)."
  fi
  terraform -chdir="$workdir" init "${args[@]}" "$@"
}

# Runs a terraform command that takes the state lock (-lock-timeout) and returns its exit code (plan
# -detailed-exitcode: 2 means changes). When it fails because the state is locked, the error says who holds
# the lock and how to release a stale one (an interrupted apply leaves its lease behind).
# Usage: tf_locked <stack> <workdir> <terraform args...>
tf_locked() {
  local stack=$1 workdir=$2
  shift 2
  local tf_err
  tf_err="$(mktemp)"
  local code=0
  # Errors go to the log right after the command (Terraform prints them at the end anyway).
  terraform -chdir="$workdir" "$@" 2>"$tf_err" || code=$?
  cat "$tf_err" >&2
  if ((code != 0 && code != 2)) && grep -q 'Error acquiring the state lock' "$tf_err"; then
    local id who created
    id="$(sed -n 's/^[[:space:]]*ID:[[:space:]]*//p' "$tf_err" | head -n 1)"
    who="$(sed -n 's/^[[:space:]]*Who:[[:space:]]*//p' "$tf_err" | head -n 1)"
    created="$(sed -n 's/^[[:space:]]*Created:[[:space:]]*//p' "$tf_err" | head -n 1)"
    rm -f "$tf_err"
    die "the state of $stack is locked (lock ID ${id:-unknown}, held by ${who:-unknown} since ${created:-unknown}) and was not released within the lock timeout. If no run is deploying this environment now (see the Azure DevOps Environment's deployments), the lock is stale from an interrupted apply: release it with \`terraform -chdir=cdktf.out/stacks/$stack force-unlock -force ${id:-<lock id>}\` (after \`terraform init\` with the apply identity), then re-run: the next run plans again from the real state."
  fi
  rm -f "$tf_err"
  return "$code"
}
