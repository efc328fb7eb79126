import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { COSMOS_DATA_ROLE_IDS } from '../../../stacks/analytics/cosmos-data-grant';
import { ENVIRONMENT_NAMES, resourceAt, resourcesOf, synthStack } from '../../helpers/synth';
import { ref, type SynthedAnalytics, synthAnalytics } from './analytics-synth';

const envs: Record<string, SynthedAnalytics> = {};
beforeAll(() => {
  for (const name of ENVIRONMENT_NAMES) envs[name] = synthAnalytics(name);
});

/** What each environment must get, written out (not derived from the config under test). */
const EXPECTED = {
  dev: {
    public: true,
    ipRanges: ['203.0.113.0/24'],
    capabilities: [{ name: 'EnableServerless' }],
    backup: { type: 'Continuous', tier: 'Continuous7Days' },
    geo: [{ location: 'westeurope', failover_priority: 0, zone_redundant: false }],
    failover: false,
    autoscale: undefined,
  },
  test: {
    public: false,
    ipRanges: [],
    capabilities: [{ name: 'EnableServerless' }],
    backup: { type: 'Continuous', tier: 'Continuous7Days' },
    geo: [{ location: 'westeurope', failover_priority: 0, zone_redundant: false }],
    failover: false,
    autoscale: undefined,
  },
  prod: {
    public: false,
    ipRanges: [],
    capabilities: undefined,
    backup: { type: 'Continuous', tier: 'Continuous30Days' },
    geo: [
      { location: 'northeurope', failover_priority: 0, zone_redundant: true },
      { location: 'westeurope', failover_priority: 1, zone_redundant: true },
    ],
    failover: true,
    autoscale: { max_throughput: 4000 },
  },
} as const;

describe.each(ENVIRONMENT_NAMES)('%s-analytics: Cosmos DB', (name) => {
  const expected = EXPECTED[name];
  const account = () => resourceAt(envs[name].json, 'azurerm_cosmosdb_account', 'cosmos/account');

  test('Entra ID only: keys and key-based metadata writes off (the provider leaves both on), TLS 1.2', () => {
    expect(account()).toMatchObject({
      kind: 'GlobalDocumentDB',
      offer_type: 'Standard',
      local_authentication_disabled: true,
      access_key_metadata_writes_enabled: false,
      minimal_tls_version: 'Tls12',
      free_tier_enabled: false,
      analytical_storage_enabled: false,
      multiple_write_locations_enabled: false,
    });
  });

  test('network: public access as the environment says, default-deny firewall, no Azure-wide bypass', () => {
    const { stacks } = envs[name];
    expect(account()).toMatchObject({
      public_network_access_enabled: expected.public,
      is_virtual_network_filter_enabled: true,
      network_acl_bypass_for_azure_services: false,
      virtual_network_rule: [{ id: ref(stacks.foundation.network.subnets.aks) }],
    });
    // dev: the office and the deployment agents' egress IP, a reference to the NAT gateway's public IP (bare
    // address: the form Cosmos DB stores).
    expect(account().ip_range_filter).toEqual(
      expected.public
        ? [...expected.ipRanges, ref(stacks.foundation.network.natPublicIp, 'ip_address')]
        : expected.ipRanges,
    );
  });

  test('capacity, backup, regions and failover', () => {
    expect(account().capabilities).toEqual(expected.capabilities);
    expect(account().backup).toEqual(expected.backup);
    expect(account().geo_location).toEqual(expected.geo);
    expect(account().automatic_failover_enabled).toBe(expected.failover);
    expect(account().consistency_policy).toEqual({ consistency_level: 'Session' });
    const database = resourceAt(envs[name].json, 'azurerm_cosmosdb_sql_database', 'cosmos/database');
    expect(database).toMatchObject({
      name: 'serving',
      account_name: ref(envs[name].stacks.analytics.cosmos.account, 'name'),
    });
    expect(database.autoscale_settings).toEqual(expected.autoscale);
    expect(database.throughput).toBeUndefined();
  });

  test('containers: partition key (hash, version 2), TTL, indexing with excluded paths', () => {
    const json = envs[name].json;
    expect(resourcesOf(json, 'azurerm_cosmosdb_sql_container')).toHaveLength(2);
    const common = {
      partition_key_paths: ['/entityId'],
      partition_key_kind: 'Hash',
      partition_key_version: 2,
      database_name: ref(envs[name].stacks.analytics.cosmos.database, 'name'),
    };
    expect(resourceAt(json, 'azurerm_cosmosdb_sql_container', 'cosmos/container-features')).toMatchObject({
      ...common,
      name: 'features',
      default_ttl: 604800,
      indexing_policy: { indexing_mode: 'consistent', included_path: [{ path: '/*' }], excluded_path: [] },
    });
    expect(resourceAt(json, 'azurerm_cosmosdb_sql_container', 'cosmos/container-predictions')).toMatchObject({
      ...common,
      name: 'predictions',
      default_ttl: 86400,
      indexing_policy: {
        indexing_mode: 'consistent',
        included_path: [{ path: '/*' }],
        excluded_path: [{ path: '/payload/*' }],
      },
    });
  });

  test('logs go to Log Analytics in resource-specific tables', () => {
    const setting = resourceAt(
      envs[name].json,
      'azurerm_monitor_diagnostic_setting',
      'cosmos/diagnostics/setting',
    );
    expect(setting).toMatchObject({
      target_resource_id: ref(envs[name].stacks.analytics.cosmos.account),
      log_analytics_destination_type: 'Dedicated',
      enabled_log: [{ category_group: 'allLogs' }],
      enabled_metric: [{ category: 'Requests' }],
    });
  });
});

describe('Cosmos DB private endpoint', () => {
  test.each(['test', 'prod'] as const)('%s: sub-resource Sql, registered in the documents zone', (name) => {
    const { json, stacks } = envs[name];
    const endpoint = resourceAt(json, 'azurerm_private_endpoint', 'cosmos/private-endpoint/endpoint');
    expect(endpoint).toMatchObject({
      subnet_id: ref(stacks.foundation.network.subnets.privateEndpoints),
      private_service_connection: {
        private_connection_resource_id: ref(stacks.analytics.cosmos.account),
        subresource_names: ['Sql'],
        is_manual_connection: false,
      },
    });
    const zone = stacks.foundation.node
      .findAll()
      .find((c) => c.node.path.endsWith('private-dns/zone-cosmosSql'));
    expect(zone).toBeDefined();
    expect(endpoint.private_dns_zone_group).toEqual({
      name: 'default',
      private_dns_zone_ids: [ref(zone as never)],
    });
  });

  test('dev: none (public access behind the firewall)', () => {
    expect(
      resourcesOf(envs.dev.json, 'azurerm_private_endpoint').filter((e) =>
        JSON.stringify(e).includes('cosmos'),
      ),
    ).toEqual([]);
  });
});

describe('Cosmos DB protection', () => {
  test('prod: account, database and containers undeletable; the account is not locked', () => {
    const json = envs.prod.json;
    expect(resourceAt(json, 'azurerm_cosmosdb_account', 'cosmos/account').lifecycle).toEqual({
      prevent_destroy: true,
    });
    // Not locked: containers and data-plane grants under it follow the config (docs/deployers.md "Locks").
    expect(resourcesOf(json, 'azurerm_management_lock').map((l) => l.scope)).not.toContain(
      ref(envs.prod.stacks.analytics.cosmos.account),
    );
    for (const type of ['azurerm_cosmosdb_sql_database', 'azurerm_cosmosdb_sql_container']) {
      for (const resource of resourcesOf(json, type))
        expect(resource.lifecycle).toEqual({ prevent_destroy: true });
    }
  });

  test('dev: not protected', () => {
    expect(resourceAt(envs.dev.json, 'azurerm_cosmosdb_account', 'cosmos/account').lifecycle).toBeUndefined();
    expect(
      resourcesOf(envs.dev.json, 'azurerm_management_lock').filter((l) =>
        JSON.stringify(l).includes('cosmos'),
      ),
    ).toEqual([]);
  });
});

describe('grantData: the data-plane grant helper for workloads', () => {
  const grants = () => {
    const { stacks } = envs.dev;
    // A stack of the same app, as the compute stack would be.
    const consumer = new TerraformStack(stacks.analytics.node.scope as Construct, 'dev-consumer');
    new AzurermProvider(consumer, 'azurerm', { features: [{}] });
    const cosmos = stacks.analytics.cosmos;
    cosmos.grantData(consumer, 'reader', 'principal-1', 'reader', 'features');
    cosmos.grantData(consumer, 'contributor', 'principal-2', 'contributor');
    return { json: synthStack(consumer), cosmos };
  };

  test('built-in data roles, scoped to one container or the database', () => {
    const { json, cosmos } = grants();
    const account = ref(cosmos.account);
    expect(COSMOS_DATA_ROLE_IDS).toEqual({
      reader: '00000000-0000-0000-0000-000000000001',
      contributor: '00000000-0000-0000-0000-000000000002',
    });
    expect(resourceAt(json, 'azurerm_cosmosdb_sql_role_assignment', 'reader/assignment')).toMatchObject({
      principal_id: 'principal-1',
      account_name: ref(cosmos.account, 'name'),
      role_definition_id: `${account}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000001`,
      scope: `${account}/dbs/${ref(cosmos.database, 'name')}/colls/features`,
    });
    expect(resourceAt(json, 'azurerm_cosmosdb_sql_role_assignment', 'contributor/assignment')).toMatchObject({
      principal_id: 'principal-2',
      role_definition_id: `${account}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002`,
      scope: `${account}/dbs/${ref(cosmos.database, 'name')}`,
    });
  });

  test('an unknown container is a clear error', () => {
    const app = Testing.app();
    const consumer = new TerraformStack(app, 'consumer');
    expect(() => envs.dev.stacks.analytics.cosmos.grantData(consumer, 'x', 'p', 'reader', 'feature')).toThrow(
      "Cosmos DB grant x: no container 'feature'. Fix: use one of features, predictions (cosmos.containers).",
    );
  });
});
