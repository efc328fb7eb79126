import type { TerraformResource } from 'cdktf';
import { Naming } from '../../../naming/names';
import { ENVIRONMENT_NAMES, resourceAt, resourcesOf } from '../../helpers/synth';
import { ref, rendered, type SynthedAnalytics, synthAnalytics } from './analytics-synth';

const envs: Record<string, SynthedAnalytics> = {};
beforeAll(() => {
  for (const name of ENVIRONMENT_NAMES) envs[name] = synthAnalytics(name);
});

const EXPECTED = {
  dev: { public: true, exfiltration: false, admin: '11111111-1111-4111-8111-111111111111', suffix: 'dev' },
  test: { public: false, exfiltration: true, admin: '33333333-3333-4333-8333-333333333333', suffix: 'test' },
  prod: { public: false, exfiltration: true, admin: '44444444-4444-4444-8444-444444444444', suffix: 'prod' },
} as const;

/** The foundation's private DNS zone of a key, as the JSON refers to it. */
function zoneRef(env: SynthedAnalytics, key: string): string {
  const zone = env.stacks.foundation.node
    .findAll()
    .find((c) => c.node.path.endsWith(`private-dns/zone-${key}`));
  if (!zone) throw new Error(`no zone ${key}`);
  return ref(zone as TerraformResource);
}

describe.each(ENVIRONMENT_NAMES)('%s-analytics: Synapse', (name) => {
  const expected = EXPECTED[name];
  const workspace = () => resourceAt(envs[name].json, 'azurerm_synapse_workspace', 'synapse/workspace');

  test('Entra ID only, managed VNet, exfiltration protection and public access as the environment says', () => {
    expect(workspace()).toMatchObject({
      // The provider defaults: Entra-only off, managed VNet off, public access on.
      azuread_authentication_only: true,
      managed_virtual_network_enabled: true,
      public_network_access_enabled: expected.public,
      data_exfiltration_protection_enabled: expected.exfiltration,
      sql_identity_control_enabled: false,
      identity: { type: 'SystemAssigned' },
      managed_resource_group_name: expect.stringMatching(/^rg-lakehouse-\w+-\w+-synapse-managed$/),
    });
    // The DFS URL (the form Synapse takes) of the `synapse` file system of the lake the data layer creates.
    const lake = new Naming(envs[name].config).storageAccount();
    expect(lake).toMatch(new RegExp(`^stlakehouse${expected.suffix}[a-z0-9]{5}$`));
    expect(envs[name].stacks.data.lake.account.nameInput).toBe(lake);
    expect(envs[name].stacks.data.lake.fileSystems.synapse.nameInput).toBe('synapse');
    expect(workspace().storage_data_lake_gen2_filesystem_id).toBe(
      `https://${lake}.dfs.core.windows.net/synapse`,
    );
  });

  test('SQL admin login with a generated password kept only in Key Vault; the admin is the Entra ID group', () => {
    const { json, stacks } = envs[name];
    const password = resourceAt(json, 'random_password', 'synapse/sql-admin-password');
    expect(password).toMatchObject({ length: 32, special: true, min_lower: 2, min_upper: 2, min_numeric: 2 });
    const generated = `\${random_password.${(stacks.analytics.synapse.node.findChild('sql-admin-password') as TerraformResource).friendlyUniqueId}.result}`;
    expect(workspace()).toMatchObject({
      sql_administrator_login: 'sqladminuser',
      sql_administrator_login_password: generated,
      // The login exists, but Entra-only authentication refuses it.
      azuread_authentication_only: true,
    });
    expect(resourceAt(json, 'azurerm_key_vault_secret', 'synapse/sql-admin-password-secret')).toMatchObject({
      name: 'synapse-sql-admin-password',
      key_vault_id: rendered(stacks.analytics, stacks.foundation.keyVault.vault.id),
      value: generated,
    });
    // Nothing else carries it: no output at all, and the password appears exactly in the workspace and the secret.
    expect(json.output ?? {}).toEqual({});
    expect(JSON.stringify(json).split(generated)).toHaveLength(3);
    expect(
      resourceAt(envs[name].json, 'azurerm_synapse_workspace_aad_admin', 'synapse/entra-admin'),
    ).toMatchObject({
      synapse_workspace_id: ref(envs[name].stacks.analytics.synapse.workspace),
      login: `sg-lakehouse-synapse-admins-${name}`,
      object_id: expected.admin,
    });
  });

  test('approvals on the lake target exactly the workspace’s managed private endpoints, nothing else', () => {
    const { json, stacks } = envs[name];
    const workspaceName = new Naming(envs[name].config).synapseWorkspace();
    const lakeId = rendered(stacks.analytics, stacks.data.lake.account.id);
    const read = Object.values(json.data?.azapi_resource ?? {});
    expect(read).toHaveLength(1);
    const endpoints = ['dfs', 'blob'].map((sub) =>
      resourceAt(json, 'azurerm_synapse_managed_private_endpoint', `synapse/lake-${sub}`),
    );
    expect(read[0]).toMatchObject({
      type: 'Microsoft.Storage/storageAccounts@2025-01-01',
      resource_id: lakeId,
      response_export_values: {
        connection0: `properties.privateEndpointConnections[?contains(properties.privateEndpoint.id, '/${workspaceName}.${endpoints[0].name}')] | [0].name`,
        connection1: `properties.privateEndpointConnections[?contains(properties.privateEndpoint.id, '/${workspaceName}.${endpoints[1].name}')] | [0].name`,
      },
    });
    // A missing connection stops the apply with a message instead of approving nothing.
    expect((read[0].lifecycle as { postcondition: unknown[] }).postcondition).toHaveLength(2);
    const approvals = resourcesOf(json, 'azapi_update_resource');
    expect(approvals).toHaveLength(2);
    ['dfs', 'blob'].forEach((sub, i) => {
      expect(
        resourceAt(json, 'azapi_update_resource', `synapse/lake-approvals/approve-${sub}`),
      ).toMatchObject({
        type: 'Microsoft.Storage/storageAccounts/privateEndpointConnections@2025-01-01',
        parent_id: lakeId,
        name: expect.stringMatching(
          new RegExp(`^\\$\\{data\\.azapi_resource\\.[^.]+\\.output\\.connection${i}\\}$`),
        ),
        body: { properties: { privateLinkServiceConnectionState: { status: 'Approved' } } },
      });
    });
    // Synapse creates the connections asynchronously: the read waits (on create only) after both endpoints.
    const wait = resourceAt(json, 'time_sleep', 'synapse/lake-approvals/wait-for-connections');
    expect(wait.create_duration).toBe('3m');
    expect(wait.depends_on).toEqual([
      expect.stringMatching(/^azurerm_synapse_managed_private_endpoint\.synapse_lake-dfs_/),
      expect.stringMatching(/^azurerm_synapse_managed_private_endpoint\.synapse_lake-blob_/),
    ]);
  });

  test('the workspace identity may use its own file system of the lake, nothing wider', () => {
    const { json, stacks } = envs[name];
    const grant = resourceAt(json, 'azurerm_role_assignment', 'synapse/lake-access/assignment');
    expect(grant).toMatchObject({
      scope: ref(stacks.data.lake.fileSystems.synapse),
      role_definition_name: 'Storage Blob Data Contributor',
      principal_id: ref(stacks.analytics.synapse.workspace, 'identity[0].principal_id'),
      principal_type: 'ServicePrincipal',
    });
  });

  test('managed private endpoints to the lake (dfs and blob), created once the data plane is reachable', () => {
    const { json, stacks } = envs[name];
    const access = name === 'dev' ? ['azurerm_synapse_firewall_rule'] : ['azurerm_private_endpoint'];
    for (const sub of ['dfs', 'blob']) {
      const endpoint = resourceAt(json, 'azurerm_synapse_managed_private_endpoint', `synapse/lake-${sub}`);
      expect(endpoint).toMatchObject({
        name: expect.stringMatching(new RegExp(`^mpe-stlakehouse${expected.suffix}[a-z0-9]{5}-${sub}$`)),
        synapse_workspace_id: ref(stacks.analytics.synapse.workspace),
        target_resource_id: ref(stacks.data.lake.account),
        subresource_name: sub,
      });
      // dev: the office rule and the deployment agents' rule (their data-plane calls create these endpoints).
      expect(endpoint.depends_on).toEqual(
        (name === 'dev' ? ['deployment-agents', 'office'] : ['dev']).map((what) =>
          expect.stringMatching(new RegExp(`^${access[0]}\\.synapse_.*${what}`)),
        ),
      );
    }
  });

  test('diagnostics: logs and metrics to Log Analytics', () => {
    const setting = resourceAt(
      envs[name].json,
      'azurerm_monitor_diagnostic_setting',
      'synapse/diagnostics/setting',
    );
    expect(setting).toMatchObject({
      target_resource_id: ref(envs[name].stacks.analytics.synapse.workspace),
      enabled_log: [{ category_group: 'allLogs' }],
      enabled_metric: [{ category: 'AllMetrics' }],
    });
  });
});

describe('Synapse network access', () => {
  test.each(['test', 'prod'] as const)(
    '%s: private endpoints Sql, SqlOnDemand and Dev in their zones, no firewall rules',
    (name) => {
      const env = envs[name];
      const endpoints = Object.fromEntries(
        ['sql', 'sqlondemand', 'dev'].map((sub) => [
          sub,
          resourceAt(env.json, 'azurerm_private_endpoint', `synapse/private-endpoint-${sub}/endpoint`),
        ]),
      );
      const expectEndpoint = (sub: string, subresource: string, zone: string) =>
        expect(endpoints[sub]).toMatchObject({
          subnet_id: ref(env.stacks.foundation.network.subnets.privateEndpoints),
          private_service_connection: {
            private_connection_resource_id: ref(env.stacks.analytics.synapse.workspace),
            subresource_names: [subresource],
            is_manual_connection: false,
          },
          private_dns_zone_group: { name: 'default', private_dns_zone_ids: [zoneRef(env, zone)] },
        });
      expectEndpoint('sql', 'Sql', 'synapseSql');
      expectEndpoint('sqlondemand', 'SqlOnDemand', 'synapseSql');
      expectEndpoint('dev', 'Dev', 'synapseDev');
      expect(resourcesOf(env.json, 'azurerm_synapse_firewall_rule')).toEqual([]);
    },
  );

  test('dev: public, open only to the configured office range and the deployment agents (by reference)', () => {
    const agents = ref(envs.dev.stacks.foundation.network.natPublicIp, 'ip_address');
    expect(resourcesOf(envs.dev.json, 'azurerm_synapse_firewall_rule')).toEqual([
      expect.objectContaining({
        name: 'deployment-agents',
        start_ip_address: agents,
        end_ip_address: agents,
        synapse_workspace_id: ref(envs.dev.stacks.analytics.synapse.workspace),
      }),
      expect.objectContaining({
        name: 'office',
        start_ip_address: '203.0.113.0',
        end_ip_address: '203.0.113.255',
        synapse_workspace_id: ref(envs.dev.stacks.analytics.synapse.workspace),
      }),
    ]);
    expect(
      resourcesOf(envs.dev.json, 'azurerm_private_endpoint').filter((e) =>
        JSON.stringify(e).includes('synapse'),
      ),
    ).toEqual([]);
  });
});

describe('Synapse Spark pool', () => {
  test.each(['dev', 'test'] as const)('%s: auto-pausing, autoscaling, from config', (name) => {
    expect(resourceAt(envs[name].json, 'azurerm_synapse_spark_pool', 'synapse/spark-pool')).toMatchObject({
      name: 'sparkpool',
      synapse_workspace_id: ref(envs[name].stacks.analytics.synapse.workspace),
      node_size_family: 'MemoryOptimized',
      node_size: 'Small',
      spark_version: '3.4',
      auto_scale: { min_node_count: 3, max_node_count: 3 },
      auto_pause: { delay_in_minutes: 15 },
      session_level_packages_enabled: false,
    });
  });

  test('prod: none configured, none created', () => {
    expect(resourcesOf(envs.prod.json, 'azurerm_synapse_spark_pool')).toEqual([]);
  });
});

describe('Synapse protection', () => {
  test('prod: workspace undeletable, not locked (its Spark pool and firewall rules follow the config)', () => {
    const { json, stacks } = envs.prod;
    expect(resourceAt(json, 'azurerm_synapse_workspace', 'synapse/workspace').lifecycle).toEqual({
      prevent_destroy: true,
    });
    const locks = resourcesOf(json, 'azurerm_management_lock').map((l) => l.scope);
    expect(locks).not.toContain(ref(stacks.analytics.synapse.workspace));
  });

  test('dev: not protected', () => {
    expect(
      resourceAt(envs.dev.json, 'azurerm_synapse_workspace', 'synapse/workspace').lifecycle,
    ).toBeUndefined();
  });
});
