import type { PrivateDnsZoneKey } from '../environments/schema';

/**
 * The private DNS zone of every private-link service the platform uses (Azure public cloud).
 * Source: learn.microsoft.com "Azure Private Endpoint private DNS zone values".
 */
export function privateDnsZoneName(key: PrivateDnsZoneKey, location: string): string {
  switch (key) {
    case 'blob':
      return 'privatelink.blob.core.windows.net';
    case 'dfs':
      return 'privatelink.dfs.core.windows.net';
    case 'vault':
      return 'privatelink.vaultcore.azure.net';
    case 'servicebus':
      // Event Hubs shares the Service Bus zone.
      return 'privatelink.servicebus.windows.net';
    case 'cosmosSql':
      return 'privatelink.documents.azure.com';
    case 'synapseSql':
      // Serves both the dedicated (Sql) and serverless (SqlOnDemand) endpoints.
      return 'privatelink.sql.azuresynapse.net';
    case 'synapseDev':
      return 'privatelink.dev.azuresynapse.net';
    case 'databricks':
      return 'privatelink.azuredatabricks.net';
    case 'acr':
      return 'privatelink.azurecr.io';
    case 'aks':
      // Private AKS clusters register their API server in a regional zone.
      return `privatelink.${location}.azmk8s.io`;
  }
}

export const PRIVATE_DNS_ZONE_KEYS: readonly PrivateDnsZoneKey[] = [
  'blob',
  'dfs',
  'vault',
  'servicebus',
  'cosmosSql',
  'synapseSql',
  'synapseDev',
  'databricks',
  'acr',
  'aks',
];
