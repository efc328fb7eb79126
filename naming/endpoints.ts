import type { Naming } from './names';

/**
 * Service endpoints derived from names alone, so that the Kubernetes manifests need no Terraform outputs for
 * them. (Azure public cloud DNS suffixes; with private endpoints the same names resolve to private IPs.)
 */
export interface PlatformEndpoints {
  /** Event Hubs Kafka endpoint, `host:9093` (SASL OAUTHBEARER with Entra ID). */
  readonly kafkaBootstrap: string;
  /** Event Hubs schema registry endpoint (the namespace's FQDN). */
  readonly schemaRegistry: string;
  readonly eventHubsFqdn: string;
  readonly cosmos: string;
  readonly cosmosHost: string;
  readonly lakeDfs: string;
  readonly lakeDfsHost: string;
  readonly lakeBlob: string;
  readonly keyVault: string;
}

export function platformEndpoints(naming: Naming): PlatformEndpoints {
  const eventHubsFqdn = `${naming.eventHubsNamespace()}.servicebus.windows.net`;
  const cosmosHost = `${naming.cosmosAccount()}.documents.azure.com`;
  const lakeDfsHost = `${naming.storageAccount()}.dfs.core.windows.net`;
  return {
    kafkaBootstrap: `${eventHubsFqdn}:9093`,
    schemaRegistry: `https://${eventHubsFqdn}`,
    eventHubsFqdn,
    cosmos: `https://${cosmosHost}:443/`,
    cosmosHost,
    lakeDfs: `https://${lakeDfsHost}`,
    lakeDfsHost,
    lakeBlob: `https://${naming.storageAccount()}.blob.core.windows.net`,
    keyVault: `https://${naming.keyVault()}.vault.azure.net/`,
  };
}
