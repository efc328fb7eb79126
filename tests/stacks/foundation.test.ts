import type { FoundationStack } from '../../stacks/foundation/foundation-stack';
import {
  buildEnvironment,
  ENVIRONMENT_NAMES,
  environment,
  resourceAt,
  resourcesOf,
  type StackJson,
  synthStack,
} from '../helpers/synth';

const synthFoundation = (name: string): StackJson =>
  synthStack(buildEnvironment(environment(name)).stacks.foundation as FoundationStack);
const stacks: Record<string, StackJson> = {};
beforeAll(() => {
  for (const name of ENVIRONMENT_NAMES) stacks[name] = synthFoundation(name);
});

describe.each(ENVIRONMENT_NAMES)('%s-foundation', (name) => {
  test('Key Vault: RBAC, purge protection, soft delete, default-deny firewall', () => {
    const vault = resourceAt(stacks[name], 'azurerm_key_vault', 'key-vault/vault');
    expect(vault).toMatchObject({
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
      soft_delete_retention_days: environment(name).keyVault.softDeleteRetentionDays,
      enabled_for_deployment: false,
      enabled_for_template_deployment: false,
      network_acls: { default_action: 'Deny', bypass: 'AzureServices' },
    });
    expect(vault.public_network_access_enabled).toBe(!environment(name).network.privateEndpoints);
  });

  test('every subnet has its own NSG and no default outbound access', () => {
    const subnets = resourcesOf(stacks[name], 'azurerm_subnet');
    const associations = resourcesOf(stacks[name], 'azurerm_subnet_network_security_group_association');
    expect(subnets).toHaveLength(4);
    expect(associations).toHaveLength(4);
    for (const subnet of subnets) expect(subnet.default_outbound_access_enabled).toBe(false);
    const associated = new Set(associations.map((a) => a.subnet_id));
    expect(associated.size).toBe(4);
  });

  test('Databricks subnets are delegated to Microsoft.Databricks/workspaces', () => {
    for (const purpose of ['databricks-host', 'databricks-container']) {
      const subnet = resourceAt(stacks[name], 'azurerm_subnet', `network/subnet-${purpose}`);
      expect(subnet.delegation).toEqual([
        expect.objectContaining({
          service_delegation: expect.objectContaining({ name: 'Microsoft.Databricks/workspaces' }),
        }),
      ]);
    }
  });

  test('Log Analytics accepts Entra ID auth only', () => {
    const workspace = resourceAt(stacks[name], 'azurerm_log_analytics_workspace', 'log-analytics/workspace');
    expect(workspace).toMatchObject({
      local_authentication_enabled: false,
      sku: 'PerGB2018',
      retention_in_days: environment(name).monitoring.retentionDays,
    });
  });

  test('provider uses Entra ID for the storage data plane', () => {
    expect(stacks[name].provider?.azurerm?.[0]).toMatchObject({ storage_use_azuread: true });
  });

  test('every taggable resource carries the environment tags', () => {
    for (const [type, byId] of Object.entries(stacks[name].resource ?? {})) {
      for (const resource of Object.values(byId)) {
        if (!('tags' in resource) && !TAGGABLE.has(type)) continue;
        expect({ type, tags: resource.tags }).toMatchObject({
          type,
          tags: { environment: name, project: 'lakehouse', 'managed-by': 'azure-lakehouse-kit' },
        });
      }
    }
  });
});

/** Types that take tags: the test fails if one of them lost its tags. */
const TAGGABLE = new Set([
  'azurerm_key_vault',
  'azurerm_virtual_network',
  'azurerm_resource_group',
  'azurerm_log_analytics_workspace',
  'azurerm_network_security_group',
  'azurerm_user_assigned_identity',
  'azurerm_nat_gateway',
  'azurerm_public_ip',
]);
