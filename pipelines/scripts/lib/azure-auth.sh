# shellcheck shell=bash
# Exports what the azurerm provider and the azurerm backend read to authenticate with the pipeline's
# workload identity federation (OIDC) service connection. Source it after common.sh.
#
# Run the calling script inside AzureCLI@2 with `addSpnToEnvironment: true` and map
# SYSTEM_ACCESSTOKEN: $(System.AccessToken) and SYSTEM_OIDCREQUESTURI: $(System.OidcRequestUri) in the
# step's `env`. The provider and the backend then request a fresh ID token from Azure DevOps themselves
# (so long applies outlive the 10-minute token that `az login` used) — no secret is stored anywhere.
# Names as documented by the azurerm provider (guides/service_principal_oidc) and by Terraform's azurerm
# backend (`ado_pipeline_service_connection_id`, `oidc_request_url`, `oidc_request_token`, `use_oidc`).
#
# Locally (no TF_BUILD) nothing is changed: export ARM_* yourself or use `az login` (ARM_USE_CLI).
configure_azure_auth() {
  if ! in_pipeline; then
    return 0
  fi
  export ARM_USE_OIDC=true
  # State and storage data plane through Entra ID, never account keys.
  export ARM_USE_AZUREAD=true
  # AzureCLI@2 exports the service connection's id, client id and tenant id for federated connections
  # (AZURESUBSCRIPTION_*) and, with addSpnToEnvironment, servicePrincipalId / tenantId / idToken.
  export ARM_CLIENT_ID="${ARM_CLIENT_ID:-${AZURESUBSCRIPTION_CLIENT_ID:-${servicePrincipalId:-}}}"
  export ARM_TENANT_ID="${ARM_TENANT_ID:-${AZURESUBSCRIPTION_TENANT_ID:-${tenantId:-}}}"
  # Pull requests: the step gets no job token (System.AccessToken would let the pull request's own code
  # mint tokens for any identity the pipeline may use), so Terraform uses the ID token that AzureCLI@2
  # requested for the step's service connection. It is short-lived and cannot be renewed: enough for
  # the pull request's read-only plan of dev, not for long applies.
  if [[ -z "${SYSTEM_ACCESSTOKEN:-}" && -n "${idToken:-}" ]]; then
    export ARM_OIDC_TOKEN="$idToken"
    if [[ -z "${ARM_SUBSCRIPTION_ID:-}" ]]; then
      ARM_SUBSCRIPTION_ID="$(az account show --query id --output tsv)"
      export ARM_SUBSCRIPTION_ID
    fi
    local missing_id=()
    [[ -n "$ARM_CLIENT_ID" ]] || missing_id+=(ARM_CLIENT_ID)
    [[ -n "$ARM_TENANT_ID" ]] || missing_id+=(ARM_TENANT_ID)
    [[ -n "$ARM_SUBSCRIPTION_ID" ]] || missing_id+=(ARM_SUBSCRIPTION_ID)
    ((${#missing_id[@]} == 0)) ||
      die "workload identity federation is not set up: ${missing_id[*]} empty. Run this script in AzureCLI@2 with a workload identity federation service connection and addSpnToEnvironment: true."
    export TF_IN_AUTOMATION=true TF_INPUT=0
    return 0
  fi
  export ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID="${ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID:-${AZURESUBSCRIPTION_SERVICE_CONNECTION_ID:-}}"
  # Older azurerm/azapi versions read this name.
  export ARM_OIDC_AZURE_SERVICE_CONNECTION_ID="${ARM_OIDC_AZURE_SERVICE_CONNECTION_ID:-$ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID}"
  if [[ -z "${ARM_SUBSCRIPTION_ID:-}" ]]; then
    ARM_SUBSCRIPTION_ID="$(az account show --query id --output tsv)"
    export ARM_SUBSCRIPTION_ID
  fi

  local missing=()
  [[ -n "$ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID" ]] || missing+=(ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID)
  [[ -n "$ARM_CLIENT_ID" ]] || missing+=(ARM_CLIENT_ID)
  [[ -n "$ARM_TENANT_ID" ]] || missing+=(ARM_TENANT_ID)
  [[ -n "$ARM_SUBSCRIPTION_ID" ]] || missing+=(ARM_SUBSCRIPTION_ID)
  [[ -n "${SYSTEM_ACCESSTOKEN:-}" ]] || missing+=(SYSTEM_ACCESSTOKEN)
  [[ -n "${SYSTEM_OIDCREQUESTURI:-}" ]] || missing+=(SYSTEM_OIDCREQUESTURI)
  if ((${#missing[@]} > 0)); then
    die "workload identity federation is not set up: ${missing[*]} empty. Run this script in AzureCLI@2 with a workload identity federation service connection, addSpnToEnvironment: true, and env SYSTEM_ACCESSTOKEN: \$(System.AccessToken), SYSTEM_OIDCREQUESTURI: \$(System.OidcRequestUri)."
  fi
  # Terraform must never prompt on an agent.
  export TF_IN_AUTOMATION=true TF_INPUT=0
}

# True when the stack's state blob exists. Reads the azurerm backend of <workdir>/cdk.tf.json and asks the
# storage data plane with the step's Azure CLI login (Entra ID, no keys; Storage Blob Data Reader is enough).
# Read-only identities need this before `terraform init`/`plan`: for a missing blob the azurerm backend takes
# a lease and writes an empty state, which they may not do (403). Dies when the question cannot be answered.
state_exists() {
  local workdir=$1 stack=$2 account container key answer
  IFS=$'\t' read -r account container key < <(node "$(dirname "${BASH_SOURCE[0]}")/stack-info.js" backend "$workdir/cdk.tf.json") ||
    die "cannot read the backend of $stack from $workdir/cdk.tf.json."
  answer="$(az storage blob exists --auth-mode login --account-name "$account" --container-name "$container" \
    --name "$key" --query exists --output tsv --only-show-errors)" ||
    die "cannot check whether the state of $stack exists ($account/$container/$key): the identity needs Storage Blob Data Reader on the container and a network path to the account (docs/azure-devops.md)."
  [[ "$answer" == true ]]
}
