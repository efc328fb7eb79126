import { Naming } from '../../../naming/names';
import { suppressionsOn } from '../../../policies/suppressions';
import { storageIpRules } from '../../../stacks/constructs/storage-ip-rules';
import { LAKE_FILE_SYSTEMS, lifecycleRules } from '../../../stacks/data/lake';
import { ENVIRONMENT_NAMES, resourceAt, resourcesOf } from '../../helpers/synth';
import { byPath, type DataUnderTest, foreignRef, refTo, synthDataStacks } from './data-json';

let envs: Record<string, DataUnderTest>;
beforeAll(() => {
  envs = synthDataStacks();
});

const account = (name: string) => resourceAt(envs[name].json, 'azurerm_storage_account', 'lake/account');
const accountRef = (name: string, attribute: string) =>
  refTo(envs[name].json, 'azurerm_storage_account', 'lake/account', attribute);

describe.each(ENVIRONMENT_NAMES)('%s-data lake', (name) => {
  test('ADLS Gen2, Entra ID only, TLS 1.2, no public blobs, double encryption', () => {
    const { config } = envs[name];
    expect(account(name)).toMatchObject({
      name: new Naming(config).storageAccount(),
      account_kind: 'StorageV2',
      account_tier: 'Standard',
      account_replication_type: config.lake.replication,
      is_hns_enabled: true,
      https_traffic_only_enabled: true,
      min_tls_version: 'TLS1_2',
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      local_user_enabled: false,
      sftp_enabled: false,
      nfsv3_enabled: false,
      allow_nested_items_to_be_public: false,
      cross_tenant_replication_enabled: false,
      allowed_copy_scope: 'AAD',
      infrastructure_encryption_enabled: true,
      resource_group_name: expect.stringMatching(foreignRef('azurerm_resource_group', 'rg-data', 'name')),
    });
  });

  test('default-deny firewall: trusted services always; the AKS, Databricks and agents subnets and office IPs only when public', () => {
    const { config } = envs[name];
    const isPrivate = config.network.privateEndpoints;
    // Stays "enabled from selected networks" even when private: Azure drops the trusted-services exception that
    // Event Hubs capture needs when public network access is Disabled. Private: nothing is selected.
    expect(account(name).public_network_access_enabled).toBe(true);
    expect(account(name).network_rules).toEqual({
      default_action: 'Deny',
      bypass: ['AzureServices'],
      ip_rules: isPrivate ? [] : config.network.allowedIpRanges,
      virtual_network_subnet_ids: isPrivate
        ? []
        : [
            expect.stringMatching(foreignRef('azurerm_subnet', 'network_subnet-aks', 'id')),
            expect.stringMatching(foreignRef('azurerm_subnet', 'network_subnet-databricks-host', 'id')),
            expect.stringMatching(foreignRef('azurerm_subnet', 'network_subnet-databricks-container', 'id')),
            // The deployment agents by subnet, not by their NAT address: storage IP rules ignore same-region
            // clients, so an IP rule would silently not match.
            expect.stringMatching(foreignRef('azurerm_subnet', 'network_subnet-agents', 'id')),
          ],
      // Unity Catalog (Databricks control plane, serverless) comes in as the analytics layer's access connector.
      private_link_access: [
        {
          endpoint_resource_id: expect.stringMatching(
            new RegExp(
              `^${foreignRef('azurerm_resource_group', 'rg-data', 'id').source.replace(/\$$/, '')}/providers/Microsoft\\.Databricks/accessConnectors/dbac-lakehouse-${name}-${name === 'prod' ? 'neu' : 'weu'}$`,
            ),
          ),
        },
      ],
    });
  });

  test('the public-network-access exception is an explicit suppression with its reason, private environments only', () => {
    const { config, stacks } = envs[name];
    const suppressions = suppressionsOn(stacks.data.lake.account);
    expect(suppressions).toEqual(
      config.network.privateEndpoints
        ? [
            {
              rule: 'public-network-access',
              reason: expect.stringMatching(
                /^Event Hubs capture reaches the lake as a trusted Azure service/,
              ),
            },
          ]
        : [],
    );
  });

  test('blob and file system soft delete for the configured days', () => {
    const days = envs[name].config.lake.softDeleteRetentionDays;
    expect(account(name).blob_properties).toEqual({
      delete_retention_policy: { days },
      container_delete_retention_policy: { days },
    });
  });

  test('the medallion file systems, as management-plane containers of the lake', () => {
    const containers = resourcesOf(envs[name].json, 'azurerm_storage_container');
    expect(containers.map((c) => c.name)).toEqual([
      'landing',
      'bronze',
      'silver',
      'gold',
      'unity-catalog',
      'synapse',
      'quarantine',
    ]);
    for (const container of containers) {
      expect(container).toMatchObject({
        storage_account_id: accountRef(name, 'id'),
        container_access_type: 'private',
      });
      expect(container).not.toHaveProperty('storage_account_name'); // the data-plane variant
    }
    expect(Object.keys(envs[name].stacks.data.lake.fileSystems)).toEqual([...LAKE_FILE_SYSTEMS]);
  });

  test('lifecycle: landing and bronze tier to cool, landing expires when configured', () => {
    const { lifecycle } = envs[name].config.lake;
    const policy = resourceAt(envs[name].json, 'azurerm_storage_management_policy', 'lake/lifecycle');
    expect(policy.storage_account_id).toBe(accountRef(name, 'id'));
    expect(policy.rule).toEqual([
      {
        name: 'landing',
        enabled: true,
        filters: { blob_types: ['blockBlob'], prefix_match: ['landing/'] },
        actions: {
          base_blob: {
            tier_to_cool_after_days_since_modification_greater_than: lifecycle.landingToCoolAfterDays,
            ...(lifecycle.landingDeleteAfterDays === undefined
              ? {}
              : { delete_after_days_since_modification_greater_than: lifecycle.landingDeleteAfterDays }),
          },
        },
      },
      {
        name: 'bronze',
        enabled: true,
        filters: { blob_types: ['blockBlob'], prefix_match: ['bronze/'] },
        actions: {
          base_blob: {
            tier_to_cool_after_days_since_modification_greater_than: lifecycle.bronzeToCoolAfterDays,
          },
        },
      },
    ]);
  });

  test('diagnostics: logs from the blob service, metrics from the account (storage refuses AllMetrics)', () => {
    const settings = byPath(envs[name].json, 'azurerm_monitor_diagnostic_setting');
    const workspace = expect.stringMatching(
      foreignRef('azurerm_log_analytics_workspace', 'log-analytics_workspace', 'id'),
    );
    expect(settings['lake/blob-diagnostics/setting']).toMatchObject({
      target_resource_id: `${accountRef(name, 'id')}/blobServices/default`,
      log_analytics_workspace_id: workspace,
      enabled_log: [{ category_group: 'allLogs' }],
    });
    expect(settings['lake/blob-diagnostics/setting']).not.toHaveProperty('enabled_metric');
    expect(settings['lake/diagnostics/setting']).toMatchObject({
      target_resource_id: accountRef(name, 'id'),
      log_analytics_workspace_id: workspace,
      enabled_log: [],
      enabled_metric: [{ category: 'Capacity' }, { category: 'Transaction' }],
    });
  });

  test('protection follows the environment: prevent_destroy and a CanNotDelete lock', () => {
    const { protection } = envs[name].config;
    expect(account(name).lifecycle).toEqual(
      protection.preventDestroy ? { prevent_destroy: true } : undefined,
    );
    const locks = byPath(envs[name].json, 'azurerm_management_lock');
    // Never locked: file systems and grants under it follow the config (docs/deployers.md "Locks").
    expect(locks['lake/account/lock']).toBeUndefined();
  });

  test('private endpoints for dfs and blob in their DNS zones exactly when the environment is private', () => {
    const endpoints = byPath(envs[name].json, 'azurerm_private_endpoint');
    const naming = new Naming(envs[name].config);
    for (const sub of ['dfs', 'blob']) {
      const endpoint = endpoints[`lake/private-endpoint-${sub}/endpoint`];
      if (!envs[name].config.network.privateEndpoints) {
        expect(endpoint).toBeUndefined();
        continue;
      }
      expect(endpoint).toMatchObject({
        name: naming.privateEndpoint(naming.storageAccount(), sub),
        subnet_id: expect.stringMatching(
          foreignRef('azurerm_subnet', 'network_subnet-private-endpoints', 'id'),
        ),
        private_service_connection: {
          private_connection_resource_id: accountRef(name, 'id'),
          subresource_names: [sub],
          is_manual_connection: false,
        },
        private_dns_zone_group: {
          name: 'default',
          private_dns_zone_ids: [
            expect.stringMatching(foreignRef('azurerm_private_dns_zone', `private-dns_zone-${sub}`, 'id')),
          ],
        },
      });
    }
  });
});

test('prod is private and zone redundant across regions; dev stays public behind its firewall', () => {
  expect(account('prod')).toMatchObject({
    public_network_access_enabled: true, // for trusted services only: see the firewall test
    network_rules: { default_action: 'Deny', ip_rules: [], virtual_network_subnet_ids: [] },
    account_replication_type: 'GZRS',
  });
  expect(resourcesOf(envs.prod.json, 'azurerm_private_endpoint')).toHaveLength(3); // dfs, blob, namespace
  expect(account('dev')).toMatchObject({
    public_network_access_enabled: true,
    account_replication_type: 'LRS',
  });
  expect(account('dev').network_rules).toMatchObject({ ip_rules: ['203.0.113.0/24'] });
  expect(resourcesOf(envs.dev.json, 'azurerm_private_endpoint')).toEqual([]);
});

test('lifecycle rules leave out the landing delete when it is not configured', () => {
  expect(
    lifecycleRules({ landingToCoolAfterDays: 30, bronzeToCoolAfterDays: 90 })[0].actions.baseBlob,
  ).toEqual({
    tierToCoolAfterDaysSinceModificationGreaterThan: 30,
    deleteAfterDaysSinceModificationGreaterThan: undefined,
  });
});

test('storage IP rules: single addresses lose their /32, /31 becomes two addresses, ranges stay', () => {
  expect(storageIpRules(['203.0.113.7/32', '198.51.100.5/31', '203.0.113.0/24'])).toEqual([
    '203.0.113.7',
    '198.51.100.4',
    '198.51.100.5',
    '203.0.113.0/24',
  ]);
});
