import type { TerraformResource } from 'cdktf';
import { ENVIRONMENT_NAMES, resourceAt, resourcesOf } from '../../helpers/synth';
import { ref, rendered, type SynthedAnalytics, synthAnalytics } from './analytics-synth';

const envs: Record<string, SynthedAnalytics> = {};
beforeAll(() => {
  for (const name of ENVIRONMENT_NAMES) envs[name] = synthAnalytics(name);
});

const EXPECTED = {
  dev: { privateLink: false, nsgRules: 'AllRules', encryption: false, region: 'weu' },
  test: { privateLink: true, nsgRules: 'NoAzureDatabricksRules', encryption: false, region: 'weu' },
  prod: { privateLink: true, nsgRules: 'NoAzureDatabricksRules', encryption: true, region: 'neu' },
} as const;

/** A foundation construct by the end of its path, as the JSON refers to it. */
function foundationRef(env: SynthedAnalytics, pathSuffix: string): string {
  const found = env.stacks.foundation.node.findAll().find((c) => c.node.path.endsWith(pathSuffix));
  if (!found) throw new Error(`no foundation construct at …${pathSuffix}`);
  return ref(found as TerraformResource);
}

describe.each(ENVIRONMENT_NAMES)('%s-analytics: Databricks', (name) => {
  const expected = EXPECTED[name];
  const workspace = () => resourceAt(envs[name].json, 'azurerm_databricks_workspace', 'databricks/workspace');

  test('premium, managed resource group from naming, public access and NSG rules as the environment says', () => {
    expect(workspace()).toMatchObject({
      name: `dbw-lakehouse-${name}-${expected.region}`,
      sku: 'premium',
      managed_resource_group_name: `rg-lakehouse-${name}-${expected.region}-databricks-managed`,
      // Provider default: public access on.
      public_network_access_enabled: !expected.privateLink,
      network_security_group_rules_required: expected.nsgRules,
      infrastructure_encryption_enabled: expected.encryption,
    });
  });

  test('VNet injection into the delegated subnets, with their NSG associations, no public IPs on nodes', () => {
    const env = envs[name];
    const subnets = env.stacks.foundation.network.subnets;
    expect(workspace().custom_parameters).toEqual({
      virtual_network_id: ref(env.stacks.foundation.network.virtualNetwork),
      public_subnet_name: ref(subnets.databricksHost, 'name'),
      private_subnet_name: ref(subnets.databricksContainer, 'name'),
      public_subnet_network_security_group_association_id: foundationRef(
        env,
        'network/nsg-association-databricks-host',
      ),
      private_subnet_network_security_group_association_id: foundationRef(
        env,
        'network/nsg-association-databricks-container',
      ),
      no_public_ip: true,
    });
  });

  test('access connector with a system identity; Unity Catalog roles on single file systems, least privilege', () => {
    const { json, stacks } = envs[name];
    expect(
      resourceAt(json, 'azurerm_databricks_access_connector', 'databricks/access-connector'),
    ).toMatchObject({
      name: `dbac-lakehouse-${name}-${expected.region}`,
      identity: { type: 'SystemAssigned' },
    });
    const principal = ref(stacks.analytics.databricks.accessConnector, 'identity[0].principal_id');
    const fileSystems = stacks.data.lake.fileSystems;
    const grants = resourcesOf(json, 'azurerm_role_assignment').filter((g) => g.principal_id === principal);
    expect(grants.map((g) => [g.scope, g.role_definition_name]).sort()).toEqual(
      [
        [ref(fileSystems['unity-catalog']), 'Storage Blob Data Contributor'],
        [ref(fileSystems.landing), 'Storage Blob Data Reader'],
        [ref(fileSystems.bronze), 'Storage Blob Data Reader'],
        [ref(fileSystems.silver), 'Storage Blob Data Contributor'],
        [ref(fileSystems.gold), 'Storage Blob Data Contributor'],
        [
          rendered(stacks.analytics, stacks.data.streams.hubs['orders-validated'].id),
          'Azure Event Hubs Data Receiver',
        ],
        [
          rendered(stacks.analytics, stacks.data.streams.hubs['telemetry-validated'].id),
          'Azure Event Hubs Data Receiver',
        ],
      ].sort(),
    );
    for (const grant of grants) expect(grant.principal_type).toBe('ServicePrincipal');
  });

  test('the validated hubs it reads have the databricks consumer group', () => {
    const groups = envs[name].stacks.data.streams.consumerGroups;
    for (const hub of ['orders-validated', 'telemetry-validated']) {
      expect(groups[`${hub}/databricks`]?.nameInput).toBe('databricks');
    }
  });

  test('diagnostics: logs to Log Analytics (Databricks has no metrics)', () => {
    const setting = resourceAt(
      envs[name].json,
      'azurerm_monitor_diagnostic_setting',
      'databricks/diagnostics/setting',
    );
    expect(setting).toMatchObject({
      target_resource_id: ref(envs[name].stacks.analytics.databricks.workspace),
      enabled_log: [{ category_group: 'allLogs' }],
    });
    expect(setting.enabled_metric).toBeUndefined();
  });
});

describe('Databricks private link', () => {
  test.each(['test', 'prod'] as const)('%s: a databricks_ui_api endpoint in the databricks zone', (name) => {
    const env = envs[name];
    expect(
      resourceAt(env.json, 'azurerm_private_endpoint', 'databricks/private-endpoint/endpoint'),
    ).toMatchObject({
      subnet_id: ref(env.stacks.foundation.network.subnets.privateEndpoints),
      private_service_connection: {
        private_connection_resource_id: ref(env.stacks.analytics.databricks.workspace),
        subresource_names: ['databricks_ui_api'],
        is_manual_connection: false,
      },
      private_dns_zone_group: {
        name: 'default',
        private_dns_zone_ids: [foundationRef(env, 'private-dns/zone-databricks')],
      },
    });
  });

  test.each(['test', 'prod'] as const)(
    '%s: a browser_authentication endpoint for sign-in, same subnet and zone',
    (name) => {
      const env = envs[name];
      expect(
        resourceAt(env.json, 'azurerm_private_endpoint', 'databricks/private-endpoint-browser-auth/endpoint'),
      ).toMatchObject({
        subnet_id: ref(env.stacks.foundation.network.subnets.privateEndpoints),
        private_service_connection: {
          private_connection_resource_id: ref(env.stacks.analytics.databricks.workspace),
          subresource_names: ['browser_authentication'],
          is_manual_connection: false,
        },
        private_dns_zone_group: { private_dns_zone_ids: [foundationRef(env, 'private-dns/zone-databricks')] },
      });
    },
  );

  test('dev: none', () => {
    expect(
      resourcesOf(envs.dev.json, 'azurerm_private_endpoint').filter((e) =>
        JSON.stringify(e).includes('databricks'),
      ),
    ).toEqual([]);
  });
});

describe('Databricks workspace hardening', () => {
  const workspace = (name: string) =>
    resourceAt(envs[name].json, 'azurerm_databricks_workspace', 'databricks/workspace');

  test.each(['test', 'prod'] as const)(
    '%s: the workspace storage firewall trusts the access connector; clusters reach it by dfs/blob endpoints',
    (name) => {
      const env = envs[name];
      expect(workspace(name)).toMatchObject({
        default_storage_firewall_enabled: true,
        access_connector_id: ref(env.stacks.analytics.databricks.accessConnector),
      });
      const ws = env.stacks.analytics.databricks.workspace;
      for (const subresource of ['dfs', 'blob']) {
        expect(
          resourceAt(
            env.json,
            'azurerm_private_endpoint',
            `databricks/private-endpoint-storage-${subresource}/endpoint`,
          ),
        ).toMatchObject({
          name: `pe-dbw-lakehouse-${name}-${EXPECTED[name].region}-storage-${subresource}`,
          subnet_id: ref(env.stacks.foundation.network.subnets.privateEndpoints),
          private_service_connection: {
            private_connection_resource_id: `${ref(ws, 'managed_resource_group_id')}/providers/Microsoft.Storage/storageAccounts/${ref(ws, 'custom_parameters[0].storage_account_name')}`,
            subresource_names: [subresource],
            is_manual_connection: false,
          },
          private_dns_zone_group: {
            private_dns_zone_ids: [foundationRef(env, `private-dns/zone-${subresource}`)],
          },
        });
      }
    },
  );

  test('dev (no private link): no storage firewall, both arguments unset (RequiredWith)', () => {
    expect(workspace('dev').default_storage_firewall_enabled).toBeUndefined();
    expect(workspace('dev').access_connector_id).toBeUndefined();
  });

  test('prod: enhanced security monitoring and automatic cluster update, compliance profile off', () => {
    expect(workspace('prod').enhanced_security_compliance).toEqual({
      automatic_cluster_update_enabled: true,
      enhanced_security_monitoring_enabled: true,
      compliance_security_profile_enabled: false,
    });
  });

  test.each(['dev', 'test'] as const)('%s: no enhanced security add-on', (name) => {
    expect(workspace(name).enhanced_security_compliance).toBeUndefined();
  });
});

describe('Databricks protection', () => {
  test('prod: workspace locked and undeletable', () => {
    const { json, stacks } = envs.prod;
    expect(resourceAt(json, 'azurerm_databricks_workspace', 'databricks/workspace').lifecycle).toEqual({
      prevent_destroy: true,
    });
    expect(resourceAt(json, 'azurerm_management_lock', 'databricks/workspace/lock')).toMatchObject({
      lock_level: 'CanNotDelete',
      scope: ref(stacks.analytics.databricks.workspace),
    });
  });

  test('dev: not protected', () => {
    expect(
      resourceAt(envs.dev.json, 'azurerm_databricks_workspace', 'databricks/workspace').lifecycle,
    ).toBeUndefined();
  });
});
