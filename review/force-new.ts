import { get } from '../policies/attrs';

/**
 * The attributes whose change makes Terraform replace (destroy, then create) a resource, per azurerm 4.x
 * resource type, with the provider documentation page that says so ("Changing this forces a new resource to be
 * created"). The plan review uses it to flag a replacement before any `terraform plan` runs.
 *
 * Provider version: the one `@cdktf/provider-azurerm` 14.23.1 is generated from (azurerm 4.55.0). When a row
 * changes upstream, update it here with the docs link; a type missing from the table falls back to `name`,
 * `resource_group_name` and `location`, which force a new resource for every azurerm resource that has them.
 */

const DOCS = 'https://registry.terraform.io/providers/hashicorp/azurerm/4.55.0/docs/resources/';
const DATABRICKS_DOCS =
  'https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/';

/** One replace-forcing attribute (dot path into the synthesized attributes), optionally only for some changes. */
export interface ForceNewAttribute {
  readonly path: string;
  /** Replace only for this change (e.g. a decrease); @default - any change */
  readonly when?: (before: unknown, after: unknown) => boolean;
  /** What the condition is, for the review. */
  readonly note?: string;
}

export interface ForceNewEntry {
  /** The provider docs page that lists these attributes. */
  readonly docs: string;
  readonly attributes: readonly ForceNewAttribute[];
}

const attrs = (...paths: string[]): ForceNewAttribute[] => paths.map((path) => ({ path }));
const BASE = ['name', 'resource_group_name', 'location'];

const ZONE_REDUNDANT = new Set(['ZRS', 'GZRS', 'RAGZRS']);

export const FORCE_NEW: Readonly<Record<string, ForceNewEntry>> = {
  // --- foundation ---------------------------------------------------------------------------------------------
  azurerm_resource_group: { docs: `${DOCS}resource_group`, attributes: attrs('name', 'location') },
  azurerm_virtual_network: { docs: `${DOCS}virtual_network`, attributes: attrs(...BASE, 'edge_zone') },
  azurerm_subnet: {
    docs: `${DOCS}subnet`,
    attributes: attrs('name', 'resource_group_name', 'virtual_network_name'),
  },
  azurerm_network_security_group: { docs: `${DOCS}network_security_group`, attributes: attrs(...BASE) },
  azurerm_network_security_rule: {
    docs: `${DOCS}network_security_rule`,
    attributes: attrs('name', 'resource_group_name', 'network_security_group_name'),
  },
  azurerm_subnet_network_security_group_association: {
    docs: `${DOCS}subnet_network_security_group_association`,
    attributes: attrs('subnet_id', 'network_security_group_id'),
  },
  azurerm_subnet_nat_gateway_association: {
    docs: `${DOCS}subnet_nat_gateway_association`,
    attributes: attrs('subnet_id', 'nat_gateway_id'),
  },
  azurerm_nat_gateway: { docs: `${DOCS}nat_gateway`, attributes: attrs(...BASE, 'zones') },
  azurerm_nat_gateway_public_ip_association: {
    docs: `${DOCS}nat_gateway_public_ip_association`,
    attributes: attrs('nat_gateway_id', 'public_ip_address_id'),
  },
  azurerm_public_ip: {
    docs: `${DOCS}public_ip`,
    attributes: attrs(...BASE, 'sku', 'sku_tier', 'zones', 'ip_version', 'edge_zone', 'public_ip_prefix_id'),
  },
  azurerm_private_dns_zone: {
    docs: `${DOCS}private_dns_zone`,
    attributes: attrs('name', 'resource_group_name'),
  },
  azurerm_private_dns_zone_virtual_network_link: {
    docs: `${DOCS}private_dns_zone_virtual_network_link`,
    attributes: attrs('name', 'resource_group_name', 'private_dns_zone_name', 'virtual_network_id'),
  },
  azurerm_private_endpoint: {
    docs: `${DOCS}private_endpoint`,
    attributes: attrs(
      ...BASE,
      'subnet_id',
      'custom_network_interface_name',
      'private_service_connection.name',
      'private_service_connection.is_manual_connection',
      'private_service_connection.private_connection_resource_id',
      'private_service_connection.subresource_names',
    ),
  },
  azurerm_log_analytics_workspace: { docs: `${DOCS}log_analytics_workspace`, attributes: attrs(...BASE) },
  azurerm_monitor_action_group: {
    docs: `${DOCS}monitor_action_group`,
    attributes: attrs('name', 'resource_group_name', 'location'),
  },
  azurerm_monitor_metric_alert: {
    docs: `${DOCS}monitor_metric_alert`,
    attributes: attrs('name', 'resource_group_name'),
  },
  azurerm_monitor_diagnostic_setting: {
    docs: `${DOCS}monitor_diagnostic_setting`,
    attributes: attrs('name', 'target_resource_id'),
  },
  azurerm_management_lock: {
    docs: `${DOCS}management_lock`,
    attributes: attrs('name', 'scope', 'lock_level', 'notes'),
  },
  azurerm_role_assignment: {
    // Role assignments cannot be updated in place: every argument forces a new one.
    docs: `${DOCS}role_assignment`,
    attributes: attrs(
      'name',
      'scope',
      'role_definition_id',
      'role_definition_name',
      'principal_id',
      'principal_type',
      'condition',
      'condition_version',
      'delegated_managed_identity_resource_id',
      'description',
      'skip_service_principal_aad_check',
    ),
  },
  azurerm_monitor_data_collection_rule: {
    docs: `${DOCS}monitor_data_collection_rule`,
    attributes: attrs(...BASE),
  },
  azurerm_monitor_data_collection_rule_association: {
    docs: `${DOCS}monitor_data_collection_rule_association`,
    attributes: attrs('name', 'target_resource_id'),
  },
  // --- operations (alerts, Prometheus, budget, Defender) -------------------------------------------------------
  // (action groups and metric alerts: above, with the data contracts' alerts)
  azurerm_monitor_activity_log_alert: {
    docs: `${DOCS}monitor_activity_log_alert`,
    attributes: attrs(...BASE),
  },
  azurerm_monitor_scheduled_query_rules_alert_v2: {
    docs: `${DOCS}monitor_scheduled_query_rules_alert_v2`,
    attributes: attrs(...BASE, 'scopes'),
  },
  azurerm_monitor_alert_prometheus_rule_group: {
    docs: `${DOCS}monitor_alert_prometheus_rule_group`,
    attributes: attrs(...BASE),
  },
  azurerm_monitor_workspace: { docs: `${DOCS}monitor_workspace`, attributes: attrs(...BASE) },
  azurerm_monitor_data_collection_endpoint: {
    docs: `${DOCS}monitor_data_collection_endpoint`,
    attributes: attrs(...BASE),
  },
  azurerm_log_analytics_workspace_table_custom_log: {
    docs: `${DOCS}log_analytics_workspace_table_custom_log`,
    attributes: attrs('name', 'workspace_id'),
  },
  azurerm_consumption_budget_subscription: {
    docs: `${DOCS}consumption_budget_subscription`,
    attributes: attrs('name', 'subscription_id', 'time_grain', 'time_period.start_date'),
  },
  azurerm_security_center_storage_defender: {
    docs: `${DOCS}security_center_storage_defender`,
    attributes: attrs('storage_account_id'),
  },
  // resource_type is not ForceNew in the schema, but it is the plan's identity: treat a change as a replacement.
  azurerm_security_center_subscription_pricing: {
    docs: `${DOCS}security_center_subscription_pricing`,
    attributes: attrs('resource_type', 'subplan'),
  },
  azurerm_user_assigned_identity: { docs: `${DOCS}user_assigned_identity`, attributes: attrs(...BASE) },
  azurerm_federated_identity_credential: {
    docs: `${DOCS}federated_identity_credential`,
    attributes: attrs('name', 'resource_group_name', 'parent_id'),
  },
  azurerm_key_vault: {
    // soft_delete_retention_days and purge protection cannot change either, but the API refuses (no replace).
    docs: `${DOCS}key_vault`,
    attributes: attrs(...BASE),
  },

  // --- data ---------------------------------------------------------------------------------------------------
  azurerm_storage_account: {
    docs: `${DOCS}storage_account`,
    attributes: [
      ...attrs(
        ...BASE,
        'account_tier',
        'edge_zone',
        'is_hns_enabled',
        'nfsv3_enabled',
        'queue_encryption_key_type',
        'table_encryption_key_type',
        'infrastructure_encryption_enabled',
        'immutability_policy',
        'dns_endpoint_type',
      ),
      {
        path: 'account_kind',
        when: (b, a) => !(b === 'Storage' && a === 'StorageV2'),
        note: 'except Storage → StorageV2 (an in-place upgrade)',
      },
      {
        path: 'account_replication_type',
        when: (b, a) => ZONE_REDUNDANT.has(String(b)) !== ZONE_REDUNDANT.has(String(a)),
        note: 'between the LRS/GRS/RAGRS and ZRS/GZRS/RAGZRS families',
      },
    ],
  },
  azurerm_storage_container: {
    docs: `${DOCS}storage_container`,
    attributes: attrs('name', 'storage_account_id', 'storage_account_name'),
  },
  azurerm_storage_data_lake_gen2_filesystem: {
    docs: `${DOCS}storage_data_lake_gen2_filesystem`,
    attributes: attrs('name', 'storage_account_id'),
  },
  azurerm_storage_management_policy: {
    docs: `${DOCS}storage_management_policy`,
    attributes: attrs('storage_account_id'),
  },
  azurerm_eventhub_namespace: {
    docs: `${DOCS}eventhub_namespace`,
    attributes: [
      ...attrs(...BASE, 'dedicated_cluster_id'),
      { path: 'sku', when: (b, a) => a === 'Premium' && b !== 'Premium', note: 'moving to Premium' },
    ],
  },
  azurerm_eventhub: {
    docs: `${DOCS}eventhub`,
    attributes: [
      ...attrs('name', 'namespace_id', 'namespace_name', 'resource_group_name'),
      {
        path: 'partition_count',
        when: (b, a) => typeof b === 'number' && typeof a === 'number' && a < b,
        note: 'a decrease (an increase needs a Premium or Dedicated namespace)',
      },
    ],
  },
  azurerm_eventhub_consumer_group: {
    docs: `${DOCS}eventhub_consumer_group`,
    attributes: attrs('name', 'namespace_name', 'eventhub_name', 'resource_group_name'),
  },
  azurerm_eventhub_namespace_schema_group: {
    docs: `${DOCS}eventhub_namespace_schema_group`,
    attributes: attrs('name', 'namespace_id', 'schema_compatibility', 'schema_type'),
  },

  // --- analytics ----------------------------------------------------------------------------------------------
  azurerm_cosmosdb_account: {
    docs: `${DOCS}cosmosdb_account`,
    attributes: [
      ...attrs(...BASE, 'kind', 'create_mode', 'free_tier_enabled', 'key_vault_key_id', 'managed_hsm_key_id'),
      {
        path: 'analytical_storage_enabled',
        when: (b, a) => b === true && a !== true,
        note: 'turning it off again',
      },
      {
        path: 'backup.type',
        when: (b, a) => b === 'Continuous' && a === 'Periodic',
        note: 'Continuous → Periodic',
      },
    ],
  },
  azurerm_cosmosdb_sql_database: {
    docs: `${DOCS}cosmosdb_sql_database`,
    attributes: attrs('name', 'resource_group_name', 'account_name'),
  },
  azurerm_cosmosdb_sql_container: {
    docs: `${DOCS}cosmosdb_sql_container`,
    attributes: [
      ...attrs(
        'name',
        'resource_group_name',
        'account_name',
        'database_name',
        'partition_key_paths',
        'partition_key_kind',
        'unique_key',
      ),
      { path: 'partition_key_version', when: (_, a) => a === 2, note: 'to version 2' },
    ],
  },
  azurerm_cosmosdb_sql_role_assignment: {
    // role_definition_id is updated in place.
    docs: `${DOCS}cosmosdb_sql_role_assignment`,
    attributes: attrs('name', 'resource_group_name', 'account_name', 'principal_id', 'scope'),
  },
  azurerm_synapse_workspace: {
    docs: `${DOCS}synapse_workspace`,
    attributes: attrs(
      ...BASE,
      'storage_data_lake_gen2_filesystem_id',
      'sql_administrator_login',
      'compute_subnet_id',
      'data_exfiltration_protection_enabled',
      'managed_resource_group_name',
      'managed_virtual_network_enabled',
    ),
  },
  azurerm_synapse_workspace_aad_admin: {
    docs: `${DOCS}synapse_workspace_aad_admin`,
    attributes: attrs('synapse_workspace_id'),
  },
  azurerm_synapse_managed_private_endpoint: {
    // No update: every argument forces a new endpoint (and a new approval on the target).
    docs: `${DOCS}synapse_managed_private_endpoint`,
    attributes: attrs('name', 'synapse_workspace_id', 'target_resource_id', 'subresource_name'),
  },
  azurerm_synapse_spark_pool: {
    docs: `${DOCS}synapse_spark_pool`,
    attributes: attrs('name', 'synapse_workspace_id'),
  },
  azurerm_synapse_firewall_rule: {
    docs: `${DOCS}synapse_firewall_rule`,
    attributes: attrs('name', 'synapse_workspace_id'),
  },
  azurerm_databricks_workspace: {
    // Source: the schema's ForceNew flags (internal/services/databricks/databricks_workspace_resource.go).
    docs: `${DOCS}databricks_workspace`,
    attributes: [
      ...attrs(
        ...BASE,
        'managed_resource_group_name',
        'infrastructure_encryption_enabled',
        'load_balancer_backend_address_pool_id',
        'custom_parameters.machine_learning_workspace_id',
        'custom_parameters.nat_gateway_name',
        'custom_parameters.public_ip_name',
        'custom_parameters.public_subnet_name',
        'custom_parameters.private_subnet_name',
        'custom_parameters.virtual_network_id',
        'custom_parameters.storage_account_name',
        'custom_parameters.vnet_address_prefix',
      ),
      { path: 'sku', when: (_, a) => a === 'trial', note: 'to trial' },
    ],
  },
  azurerm_databricks_access_connector: {
    docs: `${DOCS}databricks_access_connector`,
    attributes: attrs(...BASE),
  },

  // --- compute ------------------------------------------------------------------------------------------------
  azurerm_kubernetes_cluster: {
    // default_node_pool changes such as vm_size or zones rotate the system pool (temporary_name_for_rotation):
    // disruptive, but not a new cluster.
    docs: `${DOCS}kubernetes_cluster`,
    attributes: [
      ...attrs(
        ...BASE,
        'dns_prefix',
        'dns_prefix_private_cluster',
        'disk_encryption_set_id',
        'edge_zone',
        'node_resource_group',
        'private_cluster_enabled',
        'private_dns_zone_id',
        'role_based_access_control_enabled',
        'kubelet_identity.client_id',
        'kubelet_identity.object_id',
        'kubelet_identity.user_assigned_identity_id',
        'linux_profile.admin_username',
        'linux_profile.ssh_key.key_data',
        'network_profile.network_plugin',
        'network_profile.network_mode',
        'network_profile.dns_service_ip',
        'network_profile.pod_cidr',
        'network_profile.pod_cidrs',
        'network_profile.service_cidr',
        'network_profile.service_cidrs',
        'network_profile.ip_versions',
        'network_profile.load_balancer_sku',
        'default_node_pool.capacity_reservation_group_id',
        'default_node_pool.gpu_instance',
        'default_node_pool.host_group_id',
        'default_node_pool.node_public_ip_prefix_id',
        'default_node_pool.proximity_placement_group_id',
        'default_node_pool.type',
      ),
      {
        path: 'network_profile.network_data_plane',
        when: (b, a) => b === 'cilium' && a !== 'cilium',
        note: 'turning cilium off',
      },
    ],
  },
  azurerm_kubernetes_cluster_node_pool: {
    docs: `${DOCS}kubernetes_cluster_node_pool`,
    attributes: attrs(
      'name',
      'kubernetes_cluster_id',
      'os_type',
      'priority',
      'eviction_policy',
      'capacity_reservation_group_id',
      'gpu_instance',
      'host_group_id',
      'proximity_placement_group_id',
      'node_public_ip_prefix_id',
    ),
  },
  azurerm_container_registry: {
    docs: `${DOCS}container_registry`,
    attributes: attrs(...BASE, 'zone_redundancy_enabled'),
  },

  // --- lakehouse (databricks provider 1.99.0; source: the `force_new` tags and SetForceNew calls of
  // databricks/terraform-provider-databricks v1.99.0, which the docs pages below state as "Change forces creation
  // of a new resource"). Renaming a catalog, changing an external location's `url` or a warehouse's size are
  // updates in place; an empty list here means "nothing forces a new one" (not the azurerm name fallback).
  databricks_metastore_assignment: {
    docs: `${DATABRICKS_DOCS}metastore_assignment`,
    attributes: attrs('workspace_id', 'metastore_id'),
  },
  databricks_storage_credential: { docs: `${DATABRICKS_DOCS}storage_credential`, attributes: attrs('name') },
  databricks_external_location: { docs: `${DATABRICKS_DOCS}external_location`, attributes: attrs('name') },
  databricks_catalog: {
    docs: `${DATABRICKS_DOCS}catalog`,
    attributes: attrs('storage_root', 'provider_name', 'share_name', 'connection_name'),
  },
  databricks_schema: {
    docs: `${DATABRICKS_DOCS}schema`,
    attributes: attrs('name', 'catalog_name', 'storage_root'),
  },
  databricks_workspace_binding: {
    docs: `${DATABRICKS_DOCS}workspace_binding`,
    attributes: attrs('workspace_id', 'securable_name', 'securable_type', 'catalog_name'),
  },
  databricks_grants: {
    // The securable a grants resource manages; the grant list itself is updated in place.
    docs: `${DATABRICKS_DOCS}grants`,
    attributes: attrs(
      'catalog',
      'schema',
      'external_location',
      'storage_credential',
      'table',
      'volume',
      'metastore',
    ),
  },
  databricks_permission_assignment: {
    docs: `${DATABRICKS_DOCS}permission_assignment`,
    attributes: attrs('group_name', 'user_name', 'service_principal_name', 'principal_id'),
  },
  databricks_permissions: {
    docs: `${DATABRICKS_DOCS}permissions`,
    attributes: attrs('cluster_policy_id', 'sql_endpoint_id', 'cluster_id', 'job_id', 'pipeline_id'),
  },
  databricks_entitlements: {
    docs: `${DATABRICKS_DOCS}entitlements`,
    attributes: attrs('group_id', 'user_id', 'service_principal_id'),
  },
  databricks_cluster_policy: { docs: `${DATABRICKS_DOCS}cluster_policy`, attributes: [] },
  databricks_sql_endpoint: { docs: `${DATABRICKS_DOCS}sql_endpoint`, attributes: [] },
  databricks_workspace_conf: { docs: `${DATABRICKS_DOCS}workspace_conf`, attributes: [] },
  databricks_disable_legacy_access_setting: {
    docs: `${DATABRICKS_DOCS}disable_legacy_access_setting`,
    attributes: [],
  },
  databricks_disable_legacy_dbfs_setting: {
    docs: `${DATABRICKS_DOCS}disable_legacy_dbfs_setting`,
    attributes: [],
  },
  databricks_default_namespace_setting: {
    docs: `${DATABRICKS_DOCS}default_namespace_setting`,
    attributes: [],
  },
  azurerm_dev_center: { docs: `${DOCS}dev_center`, attributes: attrs(...BASE) },
  azurerm_dev_center_project: {
    docs: `${DOCS}dev_center_project`,
    attributes: attrs(...BASE, 'dev_center_id', 'description'),
  },
  azurerm_key_vault_secret: { docs: `${DOCS}key_vault_secret`, attributes: attrs('name', 'key_vault_id') },

  // hashicorp/random and hashicorp/time: every argument of random_password forces a new value; time_sleep waits
  // only on create and is replaced by nothing the kit sets.
  random_password: {
    docs: 'https://registry.terraform.io/providers/hashicorp/random/latest/docs/resources/password',
    attributes: attrs(
      'length',
      'special',
      'override_special',
      'min_lower',
      'min_upper',
      'min_numeric',
      'min_special',
    ),
  },
  time_sleep: {
    docs: 'https://registry.terraform.io/providers/hashicorp/time/latest/docs/resources/sleep',
    attributes: attrs('triggers'),
  },

  // azapi_update_resource: points at another resource; a new target (name, parent or type) replaces it.
  azapi_update_resource: {
    docs: 'https://registry.terraform.io/providers/Azure/azapi/latest/docs/resources/update_resource',
    attributes: [
      ...attrs('name', 'parent_id', 'resource_id'),
      {
        path: 'type',
        when: (b, a) => String(b).split('@')[0] !== String(a).split('@')[0],
        note: 'a different resource type (an API version change is in place)',
      },
    ],
  },

  // azapi (a resource the azurerm provider cannot express yet): a new parent, name or resource type replaces it.
  azapi_resource: {
    docs: 'https://registry.terraform.io/providers/Azure/azapi/latest/docs/resources/resource',
    attributes: [
      ...attrs('name', 'parent_id', 'location'),
      {
        path: 'type',
        when: (b, a) => String(b).split('@')[0] !== String(a).split('@')[0],
        note: 'a different resource type (an API version change is in place)',
      },
    ],
  },
};

/** The fallback for types the table does not list. */
const FALLBACK: ForceNewEntry = {
  docs: 'https://registry.terraform.io/providers/hashicorp/azurerm/4.55.0/docs',
  attributes: attrs(...BASE),
};

export function forceNewEntry(type: string): ForceNewEntry & { readonly listed: boolean } {
  const entry = FORCE_NEW[type];
  return entry ? { ...entry, listed: true } : { ...FALLBACK, listed: false };
}

/** Deterministic JSON for comparing attribute values. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A replace-forcing change: which attribute, from what to what, and where the provider docs say so. */
export interface ForcedReplacement {
  readonly attribute: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly docs: string;
  readonly note?: string;
}

/** The replace-forcing attributes that differ between two attribute objects of the same resource. */
export function forcedReplacements(type: string, before: unknown, after: unknown): ForcedReplacement[] {
  const entry = forceNewEntry(type);
  return entry.attributes.flatMap((attribute) => {
    const b = get(before, attribute.path);
    const a = get(after, attribute.path);
    if (canonical(b) === canonical(a)) return [];
    if (attribute.when && !attribute.when(b, a)) return [];
    return [{ attribute: attribute.path, before: b, after: a, docs: entry.docs, note: attribute.note }];
  });
}
