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
  # (AZURESUBSCRIPTION_*) and, with addSpnToEnvironment, servicePrincipalId / tenantId.
  export ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID="${ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID:-${AZURESUBSCRIPTION_SERVICE_CONNECTION_ID:-}}"
  # Older azurerm/azapi versions read this name.
  export ARM_OIDC_AZURE_SERVICE_CONNECTION_ID="${ARM_OIDC_AZURE_SERVICE_CONNECTION_ID:-$ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID}"
  export ARM_CLIENT_ID="${ARM_CLIENT_ID:-${AZURESUBSCRIPTION_CLIENT_ID:-${servicePrincipalId:-}}}"
  export ARM_TENANT_ID="${ARM_TENANT_ID:-${AZURESUBSCRIPTION_TENANT_ID:-${tenantId:-}}}"
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
