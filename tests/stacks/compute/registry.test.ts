import { ENVIRONMENT_NAMES, resourceAt, resourcesOf, type StackJson } from '../../helpers/synth';
import { ref, synthCompute } from './synth-compute';

const stacks: Record<string, StackJson> = {};
beforeAll(() => {
  for (const name of ENVIRONMENT_NAMES) stacks[name] = synthCompute(name);
});
const registry = (name: string) =>
  resourceAt(stacks[name], 'azurerm_container_registry', 'registry/registry');

describe.each(ENVIRONMENT_NAMES)('%s-compute: container registry', (name) => {
  const premium = name !== 'dev';
  const isPrivate = name !== 'dev';

  test('Entra ID only: no admin user, no anonymous pull', () => {
    expect(registry(name)).toMatchObject({
      admin_enabled: false,
      anonymous_pull_enabled: false,
      network_rule_bypass_option: 'AzureServices',
      resource_group_name: ref('azurerm_resource_group', 'rg-compute', 'name'),
    });
    expect(registry(name).name).toMatch(new RegExp(`^acrlakehouse${name}[0-9a-z]{5}$`));
  });

  test('SKU and Premium-only features', () => {
    const acr = registry(name);
    expect(acr.sku).toBe(premium ? 'Premium' : 'Standard');
    if (premium) {
      expect(acr).toMatchObject({
        data_endpoint_enabled: true,
        zone_redundancy_enabled: name === 'prod',
        export_policy_enabled: false,
        retention_policy_in_days: 7,
      });
    } else {
      // Basic/Standard reject these arguments at apply time.
      for (const premiumOnly of [
        'data_endpoint_enabled',
        'zone_redundancy_enabled',
        'export_policy_enabled',
        'retention_policy_in_days',
        'network_rule_set',
      ]) {
        expect(acr[premiumOnly]).toBeUndefined();
      }
    }
  });

  test('private environments: public endpoint closed, private endpoint on the registry sub-resource', () => {
    expect(registry(name).public_network_access_enabled).toBe(!isPrivate);
    const endpoints = resourcesOf(stacks[name], 'azurerm_private_endpoint');
    if (!isPrivate) {
      expect(endpoints).toEqual([]);
      return;
    }
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]).toMatchObject({
      subnet_id: ref('azurerm_subnet', 'network_subnet-private-endpoints', 'id'),
      private_service_connection: {
        private_connection_resource_id: ref('azurerm_container_registry', 'registry', 'id'),
        subresource_names: ['registry'],
        is_manual_connection: false,
      },
      private_dns_zone_group: {
        private_dns_zone_ids: [
          expect.stringMatching(ref('azurerm_private_dns_zone', 'private-dns_zone-acr', 'id')),
        ],
      },
    });
  });

  test('AcrPull for the kubelet identity only, on the registry only', () => {
    const pulls = resourcesOf(stacks[name], 'azurerm_role_assignment').filter(
      (grant) => grant.role_definition_name === 'AcrPull',
    );
    expect(pulls).toEqual([
      expect.objectContaining({
        scope: expect.stringMatching(ref('azurerm_container_registry', 'registry', 'id')),
        principal_id: expect.stringMatching(
          ref('azurerm_user_assigned_identity', 'identity-aks-kubelet', 'principal_id'),
        ),
        principal_type: 'ServicePrincipal',
      }),
    ]);
    // Nothing else gets any role on the registry (no AcrPush, no Owner, no workload identity).
    const onRegistry = resourcesOf(stacks[name], 'azurerm_role_assignment').filter((grant) =>
      String(grant.scope).includes('azurerm_container_registry'),
    );
    expect(onRegistry).toHaveLength(1);
  });

  test('diagnostics and protection', () => {
    expect(
      resourceAt(stacks[name], 'azurerm_monitor_diagnostic_setting', 'registry/diagnostics/setting'),
    ).toMatchObject({
      target_resource_id: ref('azurerm_container_registry', 'registry', 'id'),
      enabled_log: [{ category_group: 'allLogs' }],
      enabled_metric: [{ category: 'AllMetrics' }],
    });
    const locks = resourcesOf(stacks[name], 'azurerm_management_lock');
    if (name === 'prod') {
      expect(registry(name).lifecycle).toEqual({ prevent_destroy: true });
      expect(locks).toEqual([
        expect.objectContaining({
          lock_level: 'CanNotDelete',
          scope: expect.stringMatching(ref('azurerm_container_registry', 'registry', 'id')),
        }),
      ]);
    } else {
      expect(registry(name).lifecycle).toBeUndefined();
      expect(locks).toEqual([]);
    }
  });
});

describe('registry from config', () => {
  test('Premium without private endpoints: IP allow-list with default deny', () => {
    const json = synthCompute('dev', (config) => ({ ...config, registry: { sku: 'Premium' } }));
    expect(resourceAt(json, 'azurerm_container_registry', 'registry/registry')).toMatchObject({
      public_network_access_enabled: true,
      network_rule_set: [
        { default_action: 'Deny', ip_rule: [{ action: 'Allow', ip_range: '203.0.113.0/24' }] },
      ],
      zone_redundancy_enabled: false,
    });
  });
});
