import type { EnvironmentConfig } from '../../environments/schema';
import { TERRAFORM_PACKS } from '../../policies/packs';
import type { Attributes, TerraformRule } from '../../policies/rule';
import { environment } from '../helpers/synth';
import { check, messages, type Neighbours } from './rule-harness';

/**
 * Every Terraform rule against synthetic attribute objects (snake_case, as in cdk.tf.json), so these tests do
 * not depend on the stacks: at least one compliant and one non-compliant case per rule, with exact messages.
 */
interface Case {
  readonly name: string;
  readonly address: string;
  readonly attrs: Attributes;
  readonly env?: string;
  readonly neighbours?: Neighbours;
  readonly config?: EnvironmentConfig;
}
interface Violation extends Case {
  readonly expected: string[];
}
interface RuleCases {
  readonly compliant: readonly Case[];
  readonly violations: readonly Violation[];
  readonly notApplicable?: readonly Case[];
}

const SA = 'azurerm_storage_account.lake';
const KV = 'azurerm_key_vault.kv';
const EH = 'azurerm_eventhub_namespace.ns';
const COSMOS = 'azurerm_cosmosdb_account.cosmos';
const AKS = 'azurerm_kubernetes_cluster.aks';
const ACR = 'azurerm_container_registry.acr';
const SYN = 'azurerm_synapse_workspace.syn';
const DBW = 'azurerm_databricks_workspace.dbw';

/** A Terraform interpolation, as cdktf writes references: `${azurerm_x.y.id}`. */
const ref = (expression: string) => `\${${expression}}`;

const privateEndpoint = (target: string, ...subresources: string[]): Attributes => ({
  private_service_connection: {
    private_connection_resource_id: `\${${target}.id}`,
    subresource_names: subresources,
  },
});
const diagnostics = (target: string, suffix = ''): Attributes => ({
  target_resource_id: `\${${target}.id}${suffix}`,
  enabled_log: [{ category_group: 'allLogs' }],
});

const CASES: Record<string, RuleCases> = {
  'public-network-access': {
    compliant: [
      {
        name: 'storage closed in a private environment',
        address: SA,
        attrs: { public_network_access_enabled: false },
        env: 'test',
      },
      {
        name: 'event hubs closed at both levels',
        address: EH,
        attrs: {
          public_network_access_enabled: false,
          network_rulesets: { public_network_access_enabled: false },
        },
        env: 'prod',
      },
      {
        name: 'databricks without front-end private link',
        address: DBW,
        attrs: {},
        config: {
          ...environment('test'),
          databricks: { privateLink: false, infrastructureEncryption: false },
        },
      },
    ],
    violations: [
      {
        name: 'storage open by default in test',
        address: SA,
        attrs: {},
        env: 'test',
        expected: [
          'public network access is on in test, which reaches services through private endpoints only → set public_network_access_enabled (publicNetworkAccessEnabled) to false',
        ],
      },
      {
        name: 'event hubs rule set still public',
        address: EH,
        attrs: {
          public_network_access_enabled: false,
          network_rulesets: [{ public_network_access_enabled: true }],
        },
        env: 'prod',
        expected: [
          'the network rule set still allows public network access → set network_rulesets.public_network_access_enabled (networkRulesets.publicNetworkAccessEnabled) to false',
        ],
      },
    ],
    notApplicable: [
      { name: 'dev uses public endpoints behind firewalls', address: SA, attrs: {}, env: 'dev' },
    ],
  },
  'private-endpoints-present': {
    compliant: [
      {
        name: 'a data lake with blob and dfs endpoints',
        address: SA,
        attrs: { is_hns_enabled: true },
        env: 'test',
        neighbours: {
          'azurerm_private_endpoint.blob': privateEndpoint(SA, 'blob'),
          'azurerm_private_endpoint.dfs': privateEndpoint(SA, 'dfs'),
        },
      },
      {
        name: 'key vault (plan JSON lists every block)',
        address: KV,
        attrs: {},
        env: 'prod',
        neighbours: {
          'azurerm_private_endpoint.kv': {
            private_service_connection: [
              { private_connection_resource_id: `\${${KV}.id}`, subresource_names: ['vault'] },
            ],
          },
        },
      },
    ],
    violations: [
      {
        name: 'a data lake without its dfs endpoint',
        address: SA,
        attrs: { is_hns_enabled: true },
        env: 'test',
        neighbours: { 'azurerm_private_endpoint.blob': privateEndpoint(SA, 'blob') },
        expected: [
          "no private endpoint for sub-resource(s) dfs → add a PrivateEndpointFor (stacks/constructs/private-endpoint.ts) per missing sub-resource: subresource: 'dfs'",
        ],
      },
      {
        name: 'synapse endpoints that target another workspace',
        address: SYN,
        attrs: {},
        env: 'prod',
        neighbours: {
          'azurerm_private_endpoint.other': privateEndpoint(
            'azurerm_synapse_workspace.other',
            'Sql',
            'SqlOnDemand',
            'Dev',
          ),
        },
        expected: [
          "no private endpoint for sub-resource(s) Sql, SqlOnDemand, Dev → add a PrivateEndpointFor (stacks/constructs/private-endpoint.ts) per missing sub-resource: subresource: 'Sql', subresource: 'SqlOnDemand', subresource: 'Dev'",
        ],
      },
    ],
    notApplicable: [{ name: 'dev has no private endpoints', address: KV, attrs: {}, env: 'dev' }],
  },
  'network-default-deny': {
    compliant: [
      {
        name: 'storage denies by default',
        address: SA,
        attrs: { network_rules: { default_action: 'Deny' } },
      },
      {
        name: 'closed key vault needs no firewall',
        address: KV,
        attrs: { public_network_access_enabled: false },
      },
      { name: 'standard registry has no firewall', address: ACR, attrs: { sku: 'Standard' } },
      {
        name: 'cosmos filtered by subnet',
        address: COSMOS,
        attrs: { is_virtual_network_filter_enabled: true },
      },
    ],
    violations: [
      {
        name: 'key vault allows by default',
        address: KV,
        attrs: { network_acls: { default_action: 'Allow' } },
        expected: [
          'the public endpoint allows every network (network_acls.default_action = "Allow") → set network_acls.default_action (networkAcls.defaultAction) to \'Deny\'',
        ],
      },
      {
        name: 'premium registry without a rule set',
        address: ACR,
        attrs: { sku: 'Premium' },
        expected: [
          "the public endpoint allows every network (network_rule_set.default_action = null) → set network_rule_set.default_action (networkRuleSet.defaultAction) to 'Deny'",
        ],
      },
      {
        name: 'cosmos open to every network',
        address: COSMOS,
        attrs: { public_network_access_enabled: true },
        expected: [
          'the public endpoint accepts every network (no subnet or IP filter) → set is_virtual_network_filter_enabled (isVirtualNetworkFilterEnabled) to true with virtual_network_rule entries, or set ip_range_filter, or turn public network access off',
        ],
      },
    ],
  },
  'firewall-no-open-range': {
    compliant: [
      { name: 'an office range', address: SA, attrs: { network_rules: { ip_rules: ['203.0.113.0/24'] } } },
      {
        name: 'a /8 is the widest allowed',
        address: AKS,
        attrs: { api_server_access_profile: { authorized_ip_ranges: ['20.0.0.0/8'] } },
      },
      {
        name: 'synapse office rule',
        address: 'azurerm_synapse_firewall_rule.office',
        attrs: { start_ip_address: '203.0.113.0', end_ip_address: '203.0.113.255' },
      },
    ],
    violations: [
      {
        name: 'event hubs allows the internet',
        address: EH,
        attrs: { network_rulesets: { ip_rule: [{ ip_mask: '203.0.113.0/24' }, { ip_mask: '0.0.0.0/0' }] } },
        expected: [
          'network_rulesets.ip_rule.ip_mask allows 0.0.0.0/0, wider than a /8 → list the specific public ranges that need access (a /8 or narrower) in network.allowedIpRanges',
        ],
      },
      {
        name: 'cosmos lets in all of Azure',
        address: COSMOS,
        attrs: { ip_range_filter: ['0.0.0.0'] },
        expected: [
          'ip_range_filter contains 0.0.0.0, which lets in every Azure datacenter → list the specific public ranges that need access (a /8 or narrower) in network.allowedIpRanges',
        ],
      },
      {
        name: 'synapse allow-all-Azure rule',
        address: 'azurerm_synapse_firewall_rule.azure',
        attrs: { start_ip_address: '0.0.0.0', end_ip_address: '0.0.0.0' },
        expected: [
          'the rule lets in every Azure service of every tenant → list the specific public ranges that need access (a /8 or narrower) in network.allowedIpRanges',
        ],
      },
      {
        name: 'synapse range of half the internet',
        address: 'azurerm_synapse_firewall_rule.wide',
        attrs: { start_ip_address: '0.0.0.0', end_ip_address: '127.255.255.255' },
        expected: [
          'the rule allows 0.0.0.0–127.255.255.255, wider than a /8 → list the specific public ranges that need access (a /8 or narrower) in network.allowedIpRanges',
        ],
      },
    ],
  },
  'nsg-no-open-inbound': {
    compliant: [
      { name: 'an NSG without rules', address: 'azurerm_network_security_group.nsg', attrs: { name: 'nsg' } },
      {
        name: 'inbound from the VNet',
        address: 'azurerm_network_security_rule.vnet',
        attrs: {
          name: 'vnet',
          direction: 'Inbound',
          access: 'Allow',
          source_address_prefix: 'VirtualNetwork',
          destination_port_range: '443',
        },
      },
      {
        name: 'outbound to the internet',
        address: 'azurerm_network_security_rule.out',
        attrs: { name: 'out', direction: 'Outbound', access: 'Allow', source_address_prefix: '*' },
      },
    ],
    violations: [
      {
        name: 'inbound SSH from the internet',
        address: 'azurerm_network_security_rule.ssh',
        attrs: {
          name: 'ssh',
          direction: 'Inbound',
          access: 'Allow',
          source_address_prefix: 'Internet',
          destination_port_range: '22',
        },
        expected: [
          'rule "ssh" allows inbound from Internet to port(s) 22 → allow only the specific source ranges or service tags that need access',
        ],
      },
      {
        name: 'inline rule with a source list',
        address: 'azurerm_network_security_group.nsg',
        attrs: {
          security_rule: [
            {
              name: 'any',
              direction: 'Inbound',
              access: 'Allow',
              source_address_prefixes: ['10.0.0.0/8', '*'],
              destination_port_ranges: ['80', '443'],
            },
          ],
        },
        expected: [
          'rule "any" allows inbound from * to port(s) 80, 443 → allow only the specific source ranges or service tags that need access',
        ],
      },
    ],
  },
  'anonymous-access-disabled': {
    compliant: [
      {
        name: 'storage without public containers',
        address: SA,
        attrs: { allow_nested_items_to_be_public: false },
      },
      { name: 'registry default', address: ACR, attrs: {} },
      {
        name: 'private container',
        address: 'azurerm_storage_container.c',
        attrs: { container_access_type: 'private' },
      },
    ],
    violations: [
      {
        name: 'storage default allows public containers',
        address: SA,
        attrs: {},
        expected: [
          'containers can be made publicly readable → set allow_nested_items_to_be_public (allowNestedItemsToBePublic) to false',
        ],
      },
      {
        name: 'anonymous pulls',
        address: ACR,
        attrs: { anonymous_pull_enabled: true },
        expected: [
          'anyone can pull images without a token → set anonymous_pull_enabled (anonymousPullEnabled) to false',
        ],
      },
      {
        name: 'public container',
        address: 'azurerm_storage_container.c',
        attrs: { container_access_type: 'blob' },
        expected: [
          "the container is public (blob) → set container_access_type (containerAccessType) to 'private'",
        ],
      },
    ],
  },
  'local-auth-disabled': {
    compliant: [
      {
        name: 'synapse SQL password generated (a reference), Entra-only on',
        address: SYN,
        attrs: {
          azuread_authentication_only: true,
          sql_administrator_login_password: `\${random_password.sql.result}`,
        },
      },
      { name: 'storage without shared keys', address: SA, attrs: { shared_access_key_enabled: false } },
      {
        name: 'cosmos with Entra ID only',
        address: COSMOS,
        attrs: { local_authentication_disabled: true, access_key_metadata_writes_enabled: false },
      },
      {
        name: 'log analytics (4.x attribute)',
        address: 'azurerm_log_analytics_workspace.log',
        attrs: { local_authentication_enabled: false },
      },
      {
        name: 'log analytics (deprecated attribute)',
        address: 'azurerm_log_analytics_workspace.log',
        attrs: { local_authentication_disabled: true },
      },
      { name: 'registry without admin user', address: ACR, attrs: {} },
      { name: 'synapse with Entra ID only', address: SYN, attrs: { azuread_authentication_only: true } },
      { name: 'key vault with RBAC', address: KV, attrs: { rbac_authorization_enabled: true } },
      { name: 'AKS without local accounts', address: AKS, attrs: { local_account_disabled: true } },
      { name: 'event hubs without SAS', address: EH, attrs: { local_authentication_enabled: false } },
    ],
    violations: [
      {
        name: 'storage default accepts shared keys',
        address: SA,
        attrs: {},
        expected: [
          'shared keys (and account SAS) are accepted → set shared_access_key_enabled (sharedAccessKeyEnabled) to false',
        ],
      },
      {
        name: 'cosmos keys and key-based metadata writes',
        address: COSMOS,
        attrs: {},
        expected: [
          'account keys are accepted → set local_authentication_disabled (localAuthenticationDisabled) to true',
          'account keys can change databases, containers and throughput → set access_key_metadata_writes_enabled (accessKeyMetadataWritesEnabled) to false',
        ],
      },
      {
        name: 'a SAS policy',
        address: 'azurerm_eventhub_authorization_rule.send',
        attrs: { send: true },
        expected: [
          'an event hub SAS policy (shared keys) hands out keys that bypass Entra ID and RBAC → remove it and grant the Azure Event Hubs Data Sender/Receiver role to the identity instead (RoleGrant)',
        ],
      },
      {
        name: 'synapse SQL password written into the code',
        address: SYN,
        attrs: { azuread_authentication_only: true, sql_administrator_login_password: 'x' },
        expected: [
          'a SQL administrator password is written into the code → generate it (random_password) and keep it in Key Vault, or remove sql_administrator_login_password; administer through the Entra ID admin group (synapse.sqlAdminGroup)',
        ],
      },
      {
        name: 'log analytics keys',
        address: 'azurerm_log_analytics_workspace.log',
        attrs: {},
        expected: [
          'workspace keys are accepted for ingestion and queries → set local_authentication_enabled (localAuthenticationEnabled) to false',
        ],
      },
      {
        name: 'registry admin user',
        address: ACR,
        attrs: { admin_enabled: true },
        expected: ['the admin user (a shared password) is on → set admin_enabled (adminEnabled) to false'],
      },
    ],
  },
  'tls-minimum': {
    compliant: [
      { name: 'storage default (TLS1_2)', address: SA, attrs: {} },
      { name: 'event hubs 1.2', address: EH, attrs: { minimum_tls_version: '1.2' } },
      { name: 'cosmos Tls12', address: COSMOS, attrs: { minimal_tls_version: 'Tls12' } },
    ],
    violations: [
      {
        name: 'storage TLS 1.0 over HTTP',
        address: SA,
        attrs: { min_tls_version: 'TLS1_0', https_traffic_only_enabled: false },
        expected: [
          "clients may use TLS1_0 → set min_tls_version (minTlsVersion) to 'TLS1_2'",
          'plain HTTP is accepted → set https_traffic_only_enabled (httpsTrafficOnlyEnabled) to true',
        ],
      },
      {
        name: 'cosmos TLS 1.1',
        address: COSMOS,
        attrs: { minimal_tls_version: 'Tls11' },
        expected: ["clients may use Tls11 → set minimal_tls_version (minimalTlsVersion) to 'Tls12'"],
      },
    ],
  },
  'diagnostics-present': {
    compliant: [
      {
        name: 'storage through its blob service',
        address: SA,
        attrs: {},
        neighbours: { 'azurerm_monitor_diagnostic_setting.d': diagnostics(SA, '/blobServices/default') },
      },
      {
        name: 'key vault',
        address: KV,
        attrs: {},
        neighbours: { 'azurerm_monitor_diagnostic_setting.d': diagnostics(KV) },
      },
    ],
    violations: [
      {
        name: 'no setting for the cluster',
        address: AKS,
        attrs: {},
        neighbours: { 'azurerm_monitor_diagnostic_setting.d': diagnostics(KV) },
        expected: [
          'no diagnostic setting sends its logs and metrics to Log Analytics → add new Diagnostics(this, ..., { targetResourceId: <resource>.id, logAnalyticsWorkspaceId }) (stacks/constructs/diagnostics.ts)',
        ],
      },
      {
        name: 'a setting that collects nothing',
        address: EH,
        attrs: {},
        neighbours: { 'azurerm_monitor_diagnostic_setting.d': { target_resource_id: `\${${EH}.id}` } },
        expected: ['its diagnostic setting collects nothing → enable the allLogs category group or metrics'],
      },
    ],
  },
  'key-vault-recoverable': {
    compliant: [
      {
        name: 'purge protection',
        address: KV,
        attrs: { purge_protection_enabled: true, soft_delete_retention_days: 7 },
      },
    ],
    violations: [
      {
        name: 'no purge protection',
        address: KV,
        attrs: { soft_delete_retention_days: 90 },
        expected: [
          'a deleted vault (and every key it encrypts with) can be purged at once → set purge_protection_enabled (purgeProtectionEnabled) to true',
        ],
      },
    ],
  },
  'aks-api-server-access': {
    compliant: [
      { name: 'private cluster', address: AKS, attrs: { private_cluster_enabled: true } },
      {
        name: 'authorized ranges',
        address: AKS,
        attrs: { api_server_access_profile: { authorized_ip_ranges: ['203.0.113.0/24'] } },
      },
    ],
    violations: [
      {
        name: 'public API server without ranges',
        address: AKS,
        attrs: { api_server_access_profile: { authorized_ip_ranges: [] } },
        expected: [
          'the API server is reachable from the whole internet → set aks.apiServer to { privateCluster: true } or list authorizedIpRanges (api_server_access_profile.authorized_ip_ranges)',
        ],
      },
    ],
  },
  'aks-cluster-baseline': {
    compliant: [
      {
        name: 'Azure RBAC and cilium',
        address: AKS,
        attrs: {
          azure_active_directory_role_based_access_control: { azure_rbac_enabled: true },
          network_profile: { network_policy: 'cilium' },
        },
      },
    ],
    violations: [
      {
        name: 'no network policy, no Azure RBAC',
        address: AKS,
        attrs: { role_based_access_control_enabled: false, network_profile: { network_plugin: 'azure' } },
        expected: [
          'Kubernetes RBAC is off → set role_based_access_control_enabled (roleBasedAccessControlEnabled) to true',
          'cluster access is not authorized through Azure RBAC (Entra ID) → set azure_active_directory_role_based_access_control.azure_rbac_enabled (azureActiveDirectoryRoleBasedAccessControl.azureRbacEnabled) to true',
          "no network policy engine: NetworkPolicy objects have no effect → set network_profile.network_policy (networkProfile.networkPolicy) to 'cilium' (aks.networkPolicy)",
        ],
      },
    ],
  },
  'role-assignment-least-privilege': {
    compliant: [
      {
        name: 'a data role on one hub',
        address: 'azurerm_role_assignment.r',
        attrs: {
          role_definition_name: 'Azure Event Hubs Data Receiver',
          scope: ref('azurerm_eventhub.hub.id'),
        },
      },
    ],
    violations: [
      {
        name: 'Contributor on a subscription',
        address: 'azurerm_role_assignment.r',
        attrs: {
          role_definition_name: 'Contributor',
          scope: '/subscriptions/00000000-0000-0000-0000-000000000000',
        },
        expected: [
          'grants Contributor, which can change any resource and who has access → grant the narrow built-in data role the identity needs (BUILT_IN_ROLES in stacks/constructs/role-assignment.ts)',
          'is scoped to /subscriptions/00000000-0000-0000-0000-000000000000 → scope the assignment to the one resource the identity uses (its id)',
        ],
      },
    ],
  },
  'no-secrets-in-outputs': {
    compliant: [
      {
        name: 'a client id map',
        address: 'output.workload_client_ids',
        attrs: { value: ref('azurerm_user_assigned_identity.w.client_id') },
      },
      {
        name: 'a cross-stack id whose name contains "key"',
        address: 'output.cross-stack-output-azurerm_key_vaultkey-vault_FE1F1979id',
        attrs: { value: ref('azurerm_key_vault.key-vault_FE1F1979.id') },
      },
    ],
    violations: [
      {
        name: 'a storage key, even marked sensitive',
        address: 'output.lake',
        attrs: { value: ref('azurerm_storage_account.lake.primary_access_key'), sensitive: true },
        expected: [
          'the output reads primary_access_key, a credential → remove the output; give the consumer an Entra ID identity and a role assignment instead',
        ],
      },
      {
        name: 'a kubeconfig',
        address: 'output.admin',
        attrs: { value: ref('azurerm_kubernetes_cluster.aks.kube_admin_config_raw') },
        expected: [
          'the output reads kube_admin_config_raw, a credential → remove the output; give the consumer an Entra ID identity and a role assignment instead',
        ],
      },
      {
        name: 'a secret-looking name',
        address: 'output.dbPassword',
        attrs: { value: 'not-telling' },
        expected: [
          'the output name says it holds a secret (password) → do not output secrets; if it is not one, rename the output',
        ],
      },
      {
        name: 'a literal connection string',
        address: 'output.conn',
        attrs: { value: 'Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=abc' },
        expected: [
          'the output value looks like a key or connection string → remove the secret from the output',
        ],
      },
    ],
  },
  'storage-recoverable': {
    compliant: [
      {
        name: 'blob and container soft delete',
        address: SA,
        attrs: {
          blob_properties: {
            delete_retention_policy: { days: 7 },
            container_delete_retention_policy: { days: 7 },
          },
        },
      },
    ],
    violations: [
      {
        name: 'container soft delete missing',
        address: SA,
        attrs: { blob_properties: [{ delete_retention_policy: [{ days: 7 }] }] },
        expected: [
          'deleted containers cannot be recovered → set blob_properties.container_delete_retention_policy.days (blobProperties.containerDeleteRetentionPolicy.days), e.g. lake.softDeleteRetentionDays',
        ],
      },
    ],
  },
  'stateful-protection': {
    compliant: [
      {
        name: 'an AKS cluster with prevent_destroy',
        address: AKS,
        attrs: { lifecycle: { prevent_destroy: true } },
        env: 'prod',
      },
      {
        name: 'Cosmos DB with prevent_destroy only (its containers and grants live under it: no lock)',
        address: COSMOS,
        attrs: { lifecycle: { prevent_destroy: true } },
        env: 'prod',
      },
      {
        name: 'prevent_destroy and a lock',
        address: SA,
        attrs: { lifecycle: { prevent_destroy: true } },
        env: 'prod',
        neighbours: { 'azurerm_management_lock.lock': { scope: `\${${SA}.id}`, lock_level: 'CanNotDelete' } },
      },
    ],
    violations: [
      {
        name: 'an AKS cluster needs prevent_destroy (but no lock: it would block node pool rotation)',
        address: AKS,
        attrs: { lifecycle: { ignore_changes: ['default_node_pool[0].node_count'] } },
        env: 'prod',
        expected: [
          'Terraform would destroy or replace it without asking → call protect(resource, config.protection) and keep protection.preventDestroy: true in the environment',
        ],
      },
      {
        name: 'a lock on another resource only',
        address: KV,
        attrs: {},
        env: 'prod',
        neighbours: { 'azurerm_management_lock.lock': { scope: `\${${SA}.id}`, lock_level: 'CanNotDelete' } },
        expected: [
          'Terraform would destroy or replace it without asking → call protect(resource, config.protection) and keep protection.preventDestroy: true in the environment',
          'no management lock stops a delete from the portal, the CLI or another tool → call protect(resource, config.protection) and keep protection.managementLocks: true in the environment',
        ],
      },
    ],
    notApplicable: [{ name: 'dev is not production', address: SA, attrs: {}, env: 'dev' }],
  },
  'zone-redundancy': {
    compliant: [
      { name: 'GZRS lake', address: SA, attrs: { account_replication_type: 'GZRS' }, env: 'prod' },
      {
        name: 'zone-redundant write region',
        address: COSMOS,
        attrs: { geo_location: [{ failover_priority: 0, zone_redundant: true }, { failover_priority: 1 }] },
        env: 'prod',
      },
      {
        name: 'one user pool per zone (same cluster and VM size, together in three zones)',
        address: 'azurerm_kubernetes_cluster_node_pool.z1',
        attrs: { kubernetes_cluster_id: 'aks', vm_size: 'Standard_D8s_v5', mode: 'User', zones: ['1'] },
        neighbours: {
          'azurerm_kubernetes_cluster_node_pool.z2': {
            kubernetes_cluster_id: 'aks',
            vm_size: 'Standard_D8s_v5',
            mode: 'User',
            zones: ['2'],
          },
          'azurerm_kubernetes_cluster_node_pool.z3': {
            kubernetes_cluster_id: 'aks',
            vm_size: 'Standard_D8s_v5',
            mode: 'User',
            zones: ['3'],
          },
        },
        env: 'prod',
      },
    ],
    violations: [
      {
        name: 'LRS lake',
        address: SA,
        attrs: { account_replication_type: 'LRS' },
        env: 'prod',
        expected: [
          "replication LRS keeps the data in one zone → set account_replication_type (accountReplicationType) to 'GZRS' (lake.replication)",
        ],
      },
      {
        name: 'single-zone system pool',
        address: AKS,
        attrs: { default_node_pool: { zones: ['1'] } },
        env: 'prod',
        expected: [
          "the node pool sits in one zone → set default_node_pool.zones to ['1', '2', '3'] (aks.zones)",
        ],
      },
      {
        name: 'single-zone pools of different VM sizes are not a per-zone set',
        address: 'azurerm_kubernetes_cluster_node_pool.z1',
        attrs: { kubernetes_cluster_id: 'aks', vm_size: 'Standard_D8s_v5', mode: 'User', zones: ['1'] },
        neighbours: {
          'azurerm_kubernetes_cluster_node_pool.gpu': {
            kubernetes_cluster_id: 'aks',
            vm_size: 'Standard_NC24ads_A100_v4',
            mode: 'User',
            zones: ['2'],
          },
        },
        env: 'prod',
        expected: ["the node pool sits in one zone → set zones to ['1', '2', '3'] (aks.zones)"],
      },
      {
        name: 'premium registry in one zone',
        address: ACR,
        attrs: { sku: 'Premium' },
        env: 'prod',
        expected: [
          'the registry is not zone-redundant → set zone_redundancy_enabled (zoneRedundancyEnabled) to true (registry.zoneRedundant)',
        ],
      },
    ],
    notApplicable: [
      {
        name: 'test is not production',
        address: SA,
        attrs: { account_replication_type: 'LRS' },
        env: 'test',
      },
    ],
  },
  'databricks-no-broad-grants': {
    compliant: [
      {
        name: 'persona groups on a catalog',
        address: 'databricks_grants.catalog',
        attrs: {
          catalog: 'lakehouse_dev',
          grant: [{ principal: 'sg-analysts', privileges: ['USE_CATALOG'] }],
        },
      },
      {
        name: 'account users on the gold schema (by reference)',
        address: 'databricks_grants.gold',
        attrs: {
          schema: ref('databricks_schema.gold.id'),
          grant: [{ principal: 'account users', privileges: ['USE_SCHEMA', 'SELECT'] }],
        },
        neighbours: { 'databricks_schema.gold': { name: 'gold', catalog_name: 'lakehouse_dev' } },
      },
    ],
    violations: [
      {
        name: 'account users on the catalog',
        address: 'databricks_grants.catalog',
        attrs: {
          catalog: 'lakehouse_dev',
          grant: [
            { principal: 'sg-analysts', privileges: ['USE_CATALOG'] },
            { principal: 'account users', privileges: ['USE_CATALOG'] },
          ],
        },
        expected: [
          "grants to 'account users' (everyone) on a catalog other than the gold schema → grant to the persona group instead (lakehouse.groups in the environment file; stacks/lakehouse/medallion.ts)",
        ],
      },
      {
        name: 'users on the silver schema',
        address: 'databricks_grants.silver',
        attrs: {
          schema: ref('databricks_schema.silver.id'),
          grant: [{ principal: 'users', privileges: ['SELECT'] }],
        },
        neighbours: { 'databricks_schema.silver': { name: 'silver', catalog_name: 'lakehouse_dev' } },
        expected: [
          "grants to 'users' (everyone) on a schema other than the gold schema → grant to the persona group instead (lakehouse.groups in the environment file; stacks/lakehouse/medallion.ts)",
        ],
      },
    ],
  },
  'databricks-cluster-auto-termination': {
    compliant: [
      {
        name: 'shared policy with fixed auto-termination',
        address: 'databricks_cluster_policy.shared',
        attrs: { definition: JSON.stringify({ autotermination_minutes: { type: 'fixed', value: 30 } }) },
      },
      {
        name: 'job-only policy',
        address: 'databricks_cluster_policy.jobs',
        attrs: { definition: JSON.stringify({ cluster_type: { type: 'fixed', value: 'job' } }) },
      },
    ],
    violations: [
      {
        name: 'no auto-termination rule',
        address: 'databricks_cluster_policy.shared',
        attrs: { definition: JSON.stringify({ cluster_type: { type: 'fixed', value: 'all-purpose' } }) },
        expected: [
          'idle clusters may run for ever (autotermination_minutes: no rule) → add "autotermination_minutes": { "type": "fixed", "value": <minutes> } (stacks/lakehouse/cluster-policy-definitions.ts), or fix "cluster_type" to "job"',
        ],
      },
      {
        name: 'a range that allows 0 (never)',
        address: 'databricks_cluster_policy.shared',
        attrs: {
          definition: JSON.stringify({
            autotermination_minutes: { type: 'range', minValue: 0, maxValue: 120 },
          }),
        },
        expected: [
          'idle clusters may run for ever (autotermination_minutes: {"type":"range","minValue":0,"maxValue":120}) → add "autotermination_minutes": { "type": "fixed", "value": <minutes> } (stacks/lakehouse/cluster-policy-definitions.ts), or fix "cluster_type" to "job"',
        ],
      },
    ],
  },
  'databricks-enhanced-security': {
    compliant: [
      {
        name: 'monitoring and automatic update on',
        address: DBW,
        attrs: {
          enhanced_security_compliance: {
            enhanced_security_monitoring_enabled: true,
            automatic_cluster_update_enabled: true,
          },
        },
        env: 'prod',
      },
    ],
    violations: [
      {
        name: 'no enhanced security block',
        address: DBW,
        attrs: { sku: 'premium' },
        env: 'prod',
        expected: [
          'enhanced security is incomplete: enhanced_security_compliance.enhanced_security_monitoring_enabled, enhanced_security_compliance.automatic_cluster_update_enabled not true → set databricks.enhancedSecurity: true in the environment file',
        ],
      },
    ],
    notApplicable: [{ name: 'dev is not production', address: DBW, attrs: { sku: 'premium' }, env: 'dev' }],
  },
  'synapse-exfiltration-protection': {
    compliant: [
      {
        name: 'managed network with protection',
        address: SYN,
        attrs: { managed_virtual_network_enabled: true, data_exfiltration_protection_enabled: true },
        env: 'prod',
      },
    ],
    violations: [
      {
        name: 'managed network without protection',
        address: SYN,
        attrs: { managed_virtual_network_enabled: true },
        env: 'prod',
        expected: [
          'workloads can send data to any destination → set data_exfiltration_protection_enabled (dataExfiltrationProtectionEnabled) to true (synapse.dataExfiltrationProtection)',
        ],
      },
    ],
  },
};

const RULES: TerraformRule[] = TERRAFORM_PACKS.flatMap((pack) => [...pack.rules]);

test('every Terraform rule of every pack has compliant and non-compliant cases here', () => {
  expect(Object.keys(CASES).sort()).toEqual(RULES.map((r) => r.id).sort());
  for (const cases of Object.values(CASES)) {
    expect(cases.compliant.length).toBeGreaterThan(0);
    expect(cases.violations.length).toBeGreaterThan(0);
  }
});

describe.each(RULES.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
  const cases = CASES[id];
  test.each(cases.compliant.map((c) => [c.name, c] as const))('compliant: %s', (_, c) => {
    expect(check(rule, c.address, c.attrs, c)).toBe('compliant');
  });
  test.each(cases.violations.map((c) => [c.name, c] as const))('violation: %s', (_, c) => {
    expect(messages(check(rule, c.address, c.attrs, c))).toEqual(c.expected);
  });
  if (cases.notApplicable) {
    test.each(cases.notApplicable.map((c) => [c.name, c] as const))('not applicable: %s', (_, c) => {
      expect(check(rule, c.address, c.attrs, c)).toBe('not applicable');
    });
  }
});
