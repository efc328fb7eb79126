#!/usr/bin/env bash
# Reports a deploy or drift result to the environment's operations layer, where the `deploy-failures` alert sends
# it to the environment's action group (docs/operations.md, "The deploy path").
#
#   pipelines/scripts/report-deploy-event.sh --env prod --stage Deploy --result failed [--detail <text>]
#                                             [--endpoint <url>] [--rule-id <dcr-immutable-id>] [--root <dir>]
#
# --result is succeeded, failed or drift. The endpoint and rule id are the `deploy_events_endpoint` and
# `deploy_events_rule_id` outputs of <env>-operations: given (--endpoint/--rule-id, or $DEPLOY_EVENTS_ENDPOINT /
# $DEPLOY_EVENTS_RULE_ID), or read from that stack's state in the build artifact under --root (the pipeline's way:
# it needs the step's service connection, read access to the state, and Terraform from install-terraform.sh).
# Posts one row to the Logs Ingestion API with an Entra ID token of the signed-in identity (the pipeline's
# service connection, which holds Monitoring Metrics Publisher on that rule). The run URL comes from the
# agent's variables. Exit code: 0 posted, 1 not posted (the message says why).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"

STREAM="Custom-LakehouseDeployEvents"
API_VERSION="2023-01-01"

usage() {
  die "usage: report-deploy-event.sh --env <environment> --stage <stage> --result succeeded|failed|drift [--detail <text>] [--endpoint <url>] [--rule-id <id>] [--root <dir>]"
}

# The outputs of <env>-operations, from its state: the stack's folder in the build artifact, initialized with the
# shipped lock file. A stack never applied has no state (its first apply creates the rule): say so and stop.
outputs_from_state() {
  # shellcheck source=lib/azure-auth.sh
  source "$SCRIPT_DIR/lib/azure-auth.sh"
  local stack="${env_name}-operations"
  root="$(cd "${root:-$(default_root)}" && pwd)"
  local workdir="$root/cdktf.out/stacks/$stack"
  [[ -f "$workdir/cdk.tf.json" ]] || die "$workdir/cdk.tf.json not found: pass --root <the build artifact> (or --endpoint and --rule-id)."
  require_cmd terraform node
  configure_azure_auth
  state_exists "$workdir" "$stack" ||
    die "$stack has not been applied yet: there is no deploy-events rule to report to (the environment's first apply creates it)."
  tf_init "$workdir" "$stack" >/dev/null
  endpoint="$(terraform -chdir="$workdir" output -raw deploy_events_endpoint)"
  rule_id="$(terraform -chdir="$workdir" output -raw deploy_events_rule_id)"
}

env_name="" stage="" result="" detail="" root=""
endpoint="${DEPLOY_EVENTS_ENDPOINT:-}" rule_id="${DEPLOY_EVENTS_RULE_ID:-}"
while (($# > 0)); do
  case "$1" in
    --env) need_value "$@"; env_name="$2"; shift 2 ;;
    --stage) need_value "$@"; stage="$2"; shift 2 ;;
    --result) need_value "$@"; result="$2"; shift 2 ;;
    --detail) need_value "$@"; detail="$2"; shift 2 ;;
    --endpoint) need_value "$@"; endpoint="$2"; shift 2 ;;
    --rule-id) need_value "$@"; rule_id="$2"; shift 2 ;;
    --root) need_value "$@"; root="$2"; shift 2 ;;
    *) usage ;;
  esac
done
[[ -n "$env_name" && -n "$stage" && -n "$result" ]] || usage
case "$result" in
  succeeded | failed | drift) ;;
  *) die "--result '$result' is not one of succeeded, failed, drift." ;;
esac
[[ -n "$endpoint" && -n "$rule_id" ]] || outputs_from_state
[[ "$endpoint" == https://* ]] ||
  die "no https Logs Ingestion endpoint (got '${endpoint}'): pass --endpoint or set DEPLOY_EVENTS_ENDPOINT to the deploy_events_endpoint output of ${env_name}-operations (is that stack deployed?)."
[[ -n "$rule_id" ]] ||
  die "no data collection rule id: pass --rule-id or set DEPLOY_EVENTS_RULE_ID to the deploy_events_rule_id output of ${env_name}-operations."
require_cmd az curl node

run_url=""
if [[ -n "${SYSTEM_COLLECTIONURI:-}" && -n "${SYSTEM_TEAMPROJECT:-}" && -n "${BUILD_BUILDID:-}" ]]; then
  run_url="${SYSTEM_COLLECTIONURI%/}/${SYSTEM_TEAMPROJECT}/_build/results?buildId=${BUILD_BUILDID}"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"

# JSON built by node (escaping of the free-text detail), one row as the stream declares it.
ENV_NAME="$env_name" STAGE="$stage" RESULT="$result" DETAIL="$detail" RUN_URL="$run_url" node -e '
  const e = process.env;
  process.stdout.write(JSON.stringify([{
    TimeGenerated: new Date().toISOString(),
    Environment: e.ENV_NAME, Stage: e.STAGE, Result: e.RESULT, RunUrl: e.RUN_URL, Detail: e.DETAIL,
  }]));' >"$work/body.json"

# The token goes through a header file, never the command line (visible to other processes).
token="$(az account get-access-token --resource https://monitor.azure.com --query accessToken --output tsv)" ||
  die "could not get an Entra ID token for https://monitor.azure.com: is the agent signed in (AzureCLI task)?"
printf 'Authorization: Bearer %s\nContent-Type: application/json\n' "$token" >"$work/headers"

url="${endpoint%/}/dataCollectionRules/${rule_id}/streams/${STREAM}?api-version=${API_VERSION}"
if ! curl --silent --show-error --fail-with-body --retry 3 --header "@$work/headers" \
  --data-binary "@$work/body.json" --request POST "$url"; then
  die "the Logs Ingestion API refused the event: check that the identity holds Monitoring Metrics Publisher on the rule (a new role assignment takes a few minutes)."
fi
log "reported ${stage} ${result} for ${env_name} to ${STREAM}"
