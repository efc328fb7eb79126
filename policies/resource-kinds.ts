/**
 * Resource types grouped by what the policy rules and the plan review need to know about them. One place, so
 * that a new resource type is classified once (and a review of this file shows what the kit treats as data).
 */

/** Kubernetes kinds whose deletion or replacement can lose data (volumes). */
export const STATEFUL_KINDS: ReadonlySet<string> = new Set([
  'PersistentVolumeClaim',
  'PersistentVolume',
  'StorageClass',
  'StatefulSet',
]);

/**
 * Stateful resources that production protects with `lifecycle.prevent_destroy` and a `CanNotDelete` lock
 * (`stacks/constructs/protection.ts`): the top-level ones; their children go with them.
 */
export const PROTECTED_TYPES: readonly string[] = [
  'azurerm_storage_account',
  'azurerm_eventhub_namespace',
  'azurerm_cosmosdb_account',
  'azurerm_synapse_workspace',
  'azurerm_databricks_workspace',
  'azurerm_key_vault',
  'azurerm_log_analytics_workspace',
  'azurerm_kubernetes_cluster',
  'azurerm_container_registry',
];

/**
 * Resources that hold data or state that a destroy loses: destroying or replacing one is a data-loss warning in
 * the plan review. Children count (a file system, a hub, a Cosmos container holds the data).
 */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  ...PROTECTED_TYPES,
  // what lives inside them
  'azurerm_storage_container',
  'azurerm_storage_data_lake_gen2_filesystem',
  'azurerm_eventhub',
  'azurerm_cosmosdb_sql_database',
  'azurerm_cosmosdb_sql_container',
  // Unity Catalog: destroying a catalog or schema drops its managed tables (their files go after the retention
  // period); an external location is the only way Unity Catalog reaches its files (its tables stop working).
  'databricks_catalog',
  'databricks_schema',
  'databricks_external_location',
]);

/**
 * Services with a `public_network_access_enabled` switch, with the provider's default when it is not set
 * (azurerm 4.x docs: every one of them defaults to `true`).
 */
export const PUBLIC_ACCESS_TYPES: readonly string[] = [
  'azurerm_storage_account',
  'azurerm_eventhub_namespace',
  'azurerm_cosmosdb_account',
  'azurerm_synapse_workspace',
  'azurerm_key_vault',
  'azurerm_container_registry',
  'azurerm_databricks_workspace',
];

/**
 * The private-link sub-resources (group ids) each service needs when the environment uses private endpoints.
 * Source: learn.microsoft.com "What is a private endpoint? / Private-link resource" table.
 */
export const PRIVATE_LINK_SUBRESOURCES: Readonly<Record<string, readonly string[]>> = {
  azurerm_storage_account: ['blob'], // + `dfs` when the hierarchical namespace is on (a data lake)
  azurerm_eventhub_namespace: ['namespace'],
  azurerm_cosmosdb_account: ['Sql'],
  azurerm_synapse_workspace: ['Sql', 'SqlOnDemand', 'Dev'],
  azurerm_key_vault: ['vault'],
  azurerm_container_registry: ['registry'],
  azurerm_databricks_workspace: ['databricks_ui_api'],
};

/** Resource types whose logs and metrics must go to Log Analytics (`stacks/constructs/diagnostics.ts`). */
export const MONITORED_TYPES: readonly string[] = [
  'azurerm_storage_account',
  'azurerm_eventhub_namespace',
  'azurerm_cosmosdb_account',
  'azurerm_synapse_workspace',
  'azurerm_databricks_workspace',
  'azurerm_key_vault',
  'azurerm_container_registry',
  'azurerm_kubernetes_cluster',
  'azurerm_log_analytics_workspace',
  'azurerm_network_security_group',
  'azurerm_virtual_network',
];

/** Where each service's firewall lists the public IP ranges it lets through (attribute paths). */
export const FIREWALL_RANGE_LISTS: Readonly<Record<string, readonly string[]>> = {
  azurerm_storage_account: ['network_rules.ip_rules'],
  azurerm_key_vault: ['network_acls.ip_rules'],
  azurerm_eventhub_namespace: ['network_rulesets.ip_rule.ip_mask'],
  azurerm_container_registry: ['network_rule_set.ip_rule.ip_range'],
  azurerm_cosmosdb_account: ['ip_range_filter'],
  azurerm_kubernetes_cluster: ['api_server_access_profile.authorized_ip_ranges'],
};
