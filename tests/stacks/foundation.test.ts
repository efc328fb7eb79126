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

/** `${<type>.<construct path with _>(_<hash>)?.<attribute>}` */
const ref = (type: string, path: string, attribute: string) =>
  new RegExp(`^\\$\\{${type}\\.${path}(_[0-9A-F]{8})?\\.${attribute}\\}$`);

/** Which environments have a private API server in the kit's own private DNS zone (written out, not read). */
const PRIVATE_API_SERVER = { dev: false, test: true, prod: true } as const;

describe.each(ENVIRONMENT_NAMES)(
  '%s-foundation: AKS identity grants, one run ahead of the cluster',
  (name) => {
    test('the control plane identity gets exactly what AKS needs, here with the identities', () => {
      const grants = resourcesOf(stacks[name], 'azurerm_role_assignment').filter((grant) =>
        String(grant.principal_id).includes('identity-aks-control-plane'),
      );
      const expected: [string, RegExp][] = [
        ['Managed Identity Operator', ref('azurerm_user_assigned_identity', 'identity-aks-kubelet', 'id')],
        ['Network Contributor', ref('azurerm_subnet', 'network_subnet-aks', 'id')],
      ];
      if (PRIVATE_API_SERVER[name])
        expected.push([
          'Private DNS Zone Contributor',
          ref('azurerm_private_dns_zone', 'private-dns_zone-aks', 'id'),
        ]);
      expect(grants).toHaveLength(expected.length);
      for (const [role, scope] of expected) {
        expect(grants).toContainEqual(
          expect.objectContaining({
            role_definition_name: role,
            scope: expect.stringMatching(scope),
            principal_type: 'ServicePrincipal',
          }),
        );
      }
      // Same construct ids as under the compute stack (aks/<grant>/assignment).
      expect(
        resourceAt(stacks[name], 'azurerm_role_assignment', 'aks/control-plane-joins-subnet/assignment'),
      ).toBeTruthy();
    });
  },
);

test('a private cluster without private endpoints (AKS manages its zone): no DNS zone grant', () => {
  const config = structuredClone(environment('dev'));
  const variant = synthStack(
    buildEnvironment({ ...config, aks: { ...config.aks, apiServer: { privateCluster: true } } }).stacks
      .foundation as FoundationStack,
  );
  const roles = resourcesOf(variant, 'azurerm_role_assignment').map((grant) => grant.role_definition_name);
  expect(roles).toContain('Network Contributor');
  expect(roles).not.toContain('Private DNS Zone Contributor');
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
    expect(subnets).toHaveLength(5);
    expect(associations).toHaveLength(5);
    for (const subnet of subnets) expect(subnet.default_outbound_access_enabled).toBe(false);
    const associated = new Set(associations.map((a) => a.subnet_id));
    expect(associated.size).toBe(5);
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

describe('private DNS and private endpoints', () => {
  test('prod: a zone per private-link service, each linked to the VNet', () => {
    const zones = resourcesOf(stacks.prod, 'azurerm_private_dns_zone').map((z) => z.name);
    expect(zones.sort()).toEqual(
      [
        'privatelink.azurecr.io',
        'privatelink.azuredatabricks.net',
        'privatelink.blob.core.windows.net',
        'privatelink.dev.azuresynapse.net',
        'privatelink.dfs.core.windows.net',
        'privatelink.documents.azure.com',
        'privatelink.northeurope.azmk8s.io',
        'privatelink.servicebus.windows.net',
        'privatelink.sql.azuresynapse.net',
        'privatelink.vaultcore.azure.net',
      ].sort(),
    );
    const links = resourcesOf(stacks.prod, 'azurerm_private_dns_zone_virtual_network_link');
    expect(links).toHaveLength(10);
    for (const link of links) {
      expect(link).toMatchObject({
        registration_enabled: false,
        virtual_network_id: expect.stringMatching(/^\$\{azurerm_virtual_network\.network_vnet_\w+\.id\}$/),
      });
    }
  });

  test('prod: Key Vault is reached through a private endpoint registered in the vault zone', () => {
    const endpoint = resourceAt(
      stacks.prod,
      'azurerm_private_endpoint',
      'key-vault/private-endpoint/endpoint',
    );
    expect(endpoint).toMatchObject({
      subnet_id: expect.stringMatching(/subnet-private-endpoints/),
      private_service_connection: { subresource_names: ['vault'], is_manual_connection: false },
      private_dns_zone_group: { private_dns_zone_ids: [expect.stringMatching(/private-dns_zone-vault/)] },
    });
  });

  test('dev (no private endpoints): no zones, which would shadow other services’ public names', () => {
    expect(resourcesOf(stacks.dev, 'azurerm_private_dns_zone')).toEqual([]);
    expect(resourcesOf(stacks.dev, 'azurerm_private_endpoint')).toEqual([]);
    expect(resourceAt(stacks.dev, 'azurerm_key_vault', 'key-vault/vault')).toMatchObject({
      public_network_access_enabled: true,
      // The office and the deployment agents' egress (by reference to the NAT gateway's public IP).
      network_acls: {
        default_action: 'Deny',
        ip_rules: [
          '203.0.113.0/24',
          expect.stringMatching(/^\$\{azurerm_public_ip\.network_nat-ip_[0-9A-F]{8}\.ip_address\}\/32$/),
        ],
      },
    });
  });

  test('bring-your-own zones are used by id and not created', () => {
    const hubZone =
      '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net';
    const config = structuredClone(environment('prod')) as unknown as { network: Record<string, unknown> };
    config.network.privateDnsZoneIds = { vault: hubZone };
    const json = synthStack(buildEnvironment(config as never).stacks.foundation);
    expect(resourcesOf(json, 'azurerm_private_dns_zone').map((z) => z.name)).not.toContain(
      'privatelink.vaultcore.azure.net',
    );
    expect(resourcesOf(json, 'azurerm_private_dns_zone')).toHaveLength(9);
    expect(resourceAt(json, 'azurerm_private_endpoint', 'key-vault/private-endpoint/endpoint')).toMatchObject(
      {
        private_dns_zone_group: { private_dns_zone_ids: [hubZone] },
      },
    );
  });
});

describe('diagnostics to Log Analytics', () => {
  test.each(ENVIRONMENT_NAMES)(
    '%s: Key Vault, VNet, NSGs and the workspace itself send logs to the workspace',
    (name) => {
      const settings = resourcesOf(stacks[name], 'azurerm_monitor_diagnostic_setting');
      const targets = settings.map((s) => String(s.target_resource_id));
      expect(targets).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/azurerm_key_vault\./),
          expect.stringMatching(/azurerm_virtual_network\./),
          expect.stringMatching(/azurerm_log_analytics_workspace\./),
        ]),
      );
      expect(targets.filter((t) => t.includes('azurerm_network_security_group.'))).toHaveLength(5);
      for (const setting of settings) {
        expect(setting.log_analytics_workspace_id).toMatch(
          /^\$\{azurerm_log_analytics_workspace\.log-analytics_workspace_\w+\.id\}$/,
        );
        expect(setting.enabled_log).toEqual([{ category_group: 'allLogs' }]);
      }
      const vault = settings.find((s) => String(s.target_resource_id).includes('azurerm_key_vault.'));
      expect(vault?.enabled_metric).toEqual([{ category: 'AllMetrics' }]);
    },
  );
});

describe('identities', () => {
  test('AKS control plane and kubelet get their own user-assigned identities', () => {
    const names = resourcesOf(stacks.prod, 'azurerm_user_assigned_identity').map((i) => i.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'id-lakehouse-prod-neu-aks-control-plane',
        'id-lakehouse-prod-neu-aks-kubelet',
      ]),
    );
  });
});

describe('the apply identity passes the Event Hubs capture access check', () => {
  test('Storage Blob Data Contributor on the data resource group, for the configured apply identity', () => {
    const grant = resourceAt(stacks.prod, 'azurerm_role_assignment', 'deployer-capture-check/assignment');
    expect(grant).toMatchObject({
      role_definition_name: 'Storage Blob Data Contributor',
      principal_id: environment('prod').deployers?.apply.principalId,
      principal_type: 'ServicePrincipal',
      scope: expect.stringMatching(/^\$\{azurerm_resource_group\.rg-data\.id\}$/),
    });
  });

  test('without deployers in the config: no grant (docs/deployers.md says what to grant by hand)', () => {
    const json = synthStack(
      buildEnvironment({ ...environment('dev'), deployers: undefined }).stacks.foundation as FoundationStack,
    );
    expect(
      resourcesOf(json, 'azurerm_role_assignment').filter(
        (g) => g.role_definition_name === 'Storage Blob Data Contributor',
      ),
    ).toEqual([]);
  });
});

describe('the deployers may write and read the one secret Terraform manages (Synapse SQL admin password)', () => {
  test('apply identity: Key Vault Secrets Officer, plan identity: Key Vault Secrets User, on the platform resource group (its one vault; not under the vault lock)', () => {
    const { apply, plan } = environment('prod').deployers ?? { apply: undefined, plan: undefined };
    expect(plan?.principalId).toBeDefined();
    expect(
      resourceAt(stacks.prod, 'azurerm_role_assignment', 'deployer-vault-secrets/assignment'),
    ).toMatchObject({
      role_definition_name: 'Key Vault Secrets Officer',
      principal_id: apply?.principalId,
      scope: expect.stringMatching(/^\$\{azurerm_resource_group\.rg-platform\.id\}$/),
    });
    expect(
      resourceAt(stacks.prod, 'azurerm_role_assignment', 'planner-vault-secrets/assignment'),
    ).toMatchObject({
      role_definition_name: 'Key Vault Secrets User',
      principal_id: plan?.principalId,
      scope: expect.stringMatching(/^\$\{azurerm_resource_group\.rg-platform\.id\}$/),
    });
  });
});
