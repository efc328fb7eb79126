/**
 * The compute stack around the cluster: the container registry (`registry.ts`), the workload identities
 * (`workload-identity.ts`) and the stack's grants and outputs (`compute-stack.ts`); `aks.test.ts` covers the
 * cluster. One file for the three on purpose: each test file pays for synthesizing all four stacks of every
 * environment, and the whole suite must stay fast.
 */
import { BUILT_IN_ROLES } from '../../../stacks/constructs/role-assignment';
import {
  constructPath,
  ENVIRONMENT_NAMES,
  environment,
  resourceAt,
  resourcesOf,
  type StackJson,
} from '../../helpers/synth';
import { ref, synthCompute } from './synth-compute';

const stacks: Record<string, StackJson> = {};
beforeAll(() => {
  for (const name of ENVIRONMENT_NAMES) stacks[name] = synthCompute(name);
});

// --- registry.ts ---------------------------------------------------------------------------------------------
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
      // No lock: the kit manages the AcrPull grants under it (docs/deployers.md "Locks").
      expect(locks).toEqual([]);
    } else {
      expect(registry(name).lifecycle).toBeUndefined();
      expect(locks).toEqual([]);
    }
  });
});

// --- workload-identity.ts ------------------------------------------------------------------------------------
const REGION = { dev: 'weu', test: 'weu', prod: 'neu' } as const;

/** A hub of the data stack: the `-validated` ones are azapi resources (capture), the others azurerm ones. */
const hub = (name: string) =>
  new RegExp(`^\\$\\{(azurerm_eventhub|azapi_resource)\\.streams_hub-${name}_[0-9A-F]{8}\\.id\\}$`);
const schemaGroup = (domain: string) =>
  ref('azurerm_eventhub_namespace_schema_group', `streams_schema-group-${domain}`, 'id');

/**
 * Every grant each workload must get, and nothing more: (role, the one resource it is scoped to).
 * Standard namespaces (dev, test) have one schema group, `contracts`, shared by the domains: one grant on it.
 */
const expectedGrants = (env: string): Record<string, readonly (readonly [string, RegExp])[]> => ({
  'contract-validator': [
    ['Azure Event Hubs Data Receiver', hub('orders-raw')],
    ['Azure Event Hubs Data Sender', hub('orders-validated')],
    ['Azure Event Hubs Data Sender', hub('orders-deadletter')],
    ['Azure Event Hubs Data Receiver', hub('telemetry-raw')],
    ['Azure Event Hubs Data Sender', hub('telemetry-validated')],
    ['Azure Event Hubs Data Sender', hub('telemetry-deadletter')],
    ...(env === 'prod'
      ? ([
          ['Schema Registry Reader (Preview)', schemaGroup('orders')],
          ['Schema Registry Reader (Preview)', schemaGroup('telemetry')],
        ] as const)
      : ([['Schema Registry Reader (Preview)', schemaGroup('contracts')]] as const)),
  ],
  'model-serving': [],
});

/** Cosmos DB data-plane grants: built-in data role id, on exactly one container of the serving database. */
const EXPECTED_COSMOS_GRANTS: Record<string, readonly (readonly [string, string])[]> = {
  'contract-validator': [],
  'model-serving': [
    ['00000000-0000-0000-0000-000000000001', 'features'],
    ['00000000-0000-0000-0000-000000000002', 'predictions'],
  ],
};

const SUBJECTS = {
  'contract-validator': 'system:serviceaccount:streaming:contract-validator',
  'model-serving': 'system:serviceaccount:serving:model-serving',
} as const;

describe.each(ENVIRONMENT_NAMES)('%s-compute: workload identities', (name) => {
  const workloads = Object.keys(SUBJECTS) as (keyof typeof SUBJECTS)[];

  test('one user-assigned identity and one federated credential per workload, nothing more', () => {
    expect(resourcesOf(stacks[name], 'azurerm_user_assigned_identity')).toHaveLength(workloads.length);
    expect(resourcesOf(stacks[name], 'azurerm_federated_identity_credential')).toHaveLength(workloads.length);
  });

  test.each(workloads)('%s: the identity trusts exactly its service account on this cluster', (workload) => {
    const identity = resourceAt(
      stacks[name],
      'azurerm_user_assigned_identity',
      `workload-${workload}/identity`,
    );
    expect(identity).toMatchObject({
      name: `id-lakehouse-${name}-${REGION[name]}-${workload}`,
      resource_group_name: ref('azurerm_resource_group', 'rg-compute', 'name'),
    });
    const credential = resourceAt(
      stacks[name],
      'azurerm_federated_identity_credential',
      `workload-${workload}/federated-credential`,
    );
    expect(credential).toEqual({
      name: `aks-lakehouse-${name}-${REGION[name]}-${workload}`,
      resource_group_name: expect.stringMatching(ref('azurerm_resource_group', 'rg-compute', 'name')),
      parent_id: expect.stringMatching(
        ref('azurerm_user_assigned_identity', `workload-${workload}_identity`, 'id'),
      ),
      issuer: expect.stringMatching(ref('azurerm_kubernetes_cluster', 'aks_cluster', 'oidc_issuer_url')),
      subject: SUBJECTS[workload],
      audience: ['api://AzureADTokenExchange'],
      '//': expect.anything(),
    });
  });

  test.each(workloads)('%s: Azure RBAC grants exactly what it declares, each on one resource', (workload) => {
    const principal = ref('azurerm_user_assigned_identity', `workload-${workload}_identity`, 'principal_id');
    const grants = resourcesOf(stacks[name], 'azurerm_role_assignment').filter((grant) =>
      principal.test(String(grant.principal_id)),
    );
    const expected = expectedGrants(name)[workload];
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
    // Every grant of the workload sits under its construct, so the construct tree shows who holds what.
    for (const grant of grants) expect(constructPath(grant)).toContain(`/workload-${workload}/`);
  });

  test.each(workloads)(
    '%s: Cosmos DB data roles on single containers, never the account or database',
    (workload) => {
      const grants = resourcesOf(stacks[name], 'azurerm_cosmosdb_sql_role_assignment').filter((grant) =>
        constructPath(grant).includes(`/workload-${workload}/`),
      );
      expect(grants).toHaveLength(EXPECTED_COSMOS_GRANTS[workload].length);
      const account = '\\$\\{azurerm_cosmosdb_account\\.cosmos_account_[0-9A-F]{8}\\.id\\}';
      for (const [roleId, container] of EXPECTED_COSMOS_GRANTS[workload]) {
        expect(grants).toContainEqual(
          expect.objectContaining({
            principal_id: expect.stringMatching(
              ref('azurerm_user_assigned_identity', `workload-${workload}_identity`, 'principal_id'),
            ),
            role_definition_id: expect.stringMatching(
              new RegExp(`^${account}/sqlRoleDefinitions/${roleId}$`),
            ),
            scope: expect.stringMatching(
              new RegExp(
                `^${account}/dbs/\\$\\{azurerm_cosmosdb_sql_database\\.cosmos_database_[0-9A-F]{8}\\.name\\}` +
                  `/colls/\\$\\{azurerm_cosmosdb_sql_container\\.cosmos_container-${container}_[0-9A-F]{8}\\.name\\}$`,
              ),
            ),
          }),
        );
      }
    },
  );

  test('no other Cosmos DB data-plane grant in the stack', () => {
    const all = resourcesOf(stacks[name], 'azurerm_cosmosdb_sql_role_assignment');
    const expected = Object.values(EXPECTED_COSMOS_GRANTS).reduce((sum, grants) => sum + grants.length, 0);
    expect(all).toHaveLength(expected);
  });
});

// --- compute-stack.ts: grants and outputs --------------------------------------------------------------------
/** Attributes that hold credentials; none may leave the stack through an output. */
const SECRET_ATTRIBUTES = [
  'kube_config',
  'kube_config_raw',
  'kube_admin_config',
  'kube_admin_config_raw',
  'admin_password',
  'admin_username',
  'client_secret',
  'primary_key',
  'secondary_key',
  'connection_string',
];

describe.each(ENVIRONMENT_NAMES)('%s-compute', (name) => {
  test('outputs: cluster name and group, registry login server, workload client ids; nothing else', () => {
    expect(stacks[name].output).toEqual({
      aks_cluster_name: {
        value: expect.stringMatching(ref('azurerm_kubernetes_cluster', 'aks_cluster', 'name')),
      },
      aks_resource_group_name: {
        value: expect.stringMatching(ref('azurerm_kubernetes_cluster', 'aks_cluster', 'resource_group_name')),
      },
      acr_login_server: {
        value: expect.stringMatching(ref('azurerm_container_registry', 'registry', 'login_server')),
      },
      workload_client_ids: {
        description: expect.any(String),
        value: {
          'contract-validator': expect.stringMatching(
            ref('azurerm_user_assigned_identity', 'workload-contract-validator_identity', 'client_id'),
          ),
          'model-serving': expect.stringMatching(
            ref('azurerm_user_assigned_identity', 'workload-model-serving_identity', 'client_id'),
          ),
        },
      },
    });
  });

  test('no output is sensitive or refers to a credential attribute', () => {
    const outputs = JSON.stringify(stacks[name].output);
    for (const attribute of SECRET_ATTRIBUTES) expect(outputs).not.toContain(`.${attribute}`);
    for (const output of Object.values(stacks[name].output ?? {})) expect(output.sensitive).toBeUndefined();
  });

  test('every role the stack grants is a known built-in role, to a managed identity', () => {
    const grants = resourcesOf(stacks[name], 'azurerm_role_assignment');
    expect(grants.length).toBeGreaterThan(0);
    for (const grant of grants) {
      expect(BUILT_IN_ROLES).toContain(grant.role_definition_name);
      expect(grant).toMatchObject({ principal_type: 'ServicePrincipal', description: expect.any(String) });
      expect(grant.role_definition_id).toBeUndefined();
    }
  });

  test('no role assignment at subscription or resource group scope', () => {
    for (const grant of resourcesOf(stacks[name], 'azurerm_role_assignment')) {
      expect(String(grant.scope)).not.toMatch(
        /^\/subscriptions\/|azurerm_resource_group|azurerm_subscription/,
      );
      // A scope is exactly one resource reference: never a string built around one.
      expect(grant.scope).toMatch(/^\$\{[a-z_]+\.[^.}]+\.id\}$/);
    }
  });

  test('every taggable resource carries the environment tags', () => {
    for (const type of [
      'azurerm_kubernetes_cluster',
      'azurerm_kubernetes_cluster_node_pool',
      'azurerm_container_registry',
      'azurerm_user_assigned_identity',
      'azurerm_monitor_data_collection_rule',
    ]) {
      for (const resource of resourcesOf(stacks[name], type)) {
        expect({ type, tags: resource.tags }).toMatchObject({
          type,
          tags: { environment: name, project: 'lakehouse', 'managed-by': 'azure-lakehouse-kit' },
        });
      }
    }
  });
});

// --- from config ---------------------------------------------------------------------------------------------
describe('compute stack from config', () => {
  // One synth with several changes from dev: each synth of a whole environment costs a few hundred ms.
  let variant: StackJson;
  beforeAll(() => {
    variant = synthCompute('dev', (config) => ({
      ...config,
      registry: { sku: 'Premium' },
      workloads: config.workloads.map((w) => (w.name === 'model-serving' ? { ...w, access: {} } : w)),
    }));
  });

  test('a Premium registry without private endpoints: IP allow-list with default deny', () => {
    expect(resourceAt(variant, 'azurerm_container_registry', 'registry/registry')).toMatchObject({
      public_network_access_enabled: true,
      network_rule_set: [
        {
          default_action: 'Deny',
          ip_rule: [
            { action: 'Allow', ip_range: '203.0.113.0/24' },
            // The deployment agents, by reference to the NAT gateway's public IP.
            {
              action: 'Allow',
              ip_range: expect.stringMatching(
                /^\$\{azurerm_public_ip\.network_nat-ip_[0-9A-F]{8}\.ip_address\}\/32$/,
              ),
            },
          ],
        },
      ],
      zone_redundancy_enabled: false,
    });
    expect(resourcesOf(variant, 'azurerm_private_endpoint')).toEqual([]);
  });

  test('a workload that declares no access gets an identity and no grant', () => {
    expect(resourcesOf(variant, 'azurerm_cosmosdb_sql_role_assignment')).toEqual([]);
    expect(
      resourceAt(variant, 'azurerm_user_assigned_identity', 'workload-model-serving/identity'),
    ).toBeDefined();
  });

  test('access to a schema group the environment does not define fails the synth, naming both', () => {
    expect(() =>
      synthCompute('dev', (config) => ({
        ...config,
        workloads: config.workloads.map((w) =>
          w.name === 'contract-validator' ? { ...w, access: { ...w.access, schemaGroups: ['payments'] } } : w,
        ),
      })),
    ).toThrow(
      "workload contract-validator asks for schema group 'payments', which the environment does not define (known: orders, telemetry)",
    );
  });
});

// --- the Rollout job's rights ----------------------------------------------------------------------------------
describe('the apply identity may roll out: Cluster User and RBAC Cluster Admin on the cluster only', () => {
  test.each(ENVIRONMENT_NAMES)('%s', (name) => {
    const deployer = environment(name).deployers?.apply.principalId;
    expect(deployer).toMatch(/^[0-9a-f-]{36}$/);
    for (const [id, role] of [
      ['deployer-cluster-user', 'Azure Kubernetes Service Cluster User Role'],
      ['deployer-cluster-admin', 'Azure Kubernetes Service RBAC Cluster Admin'],
    ]) {
      expect(resourceAt(stacks[name], 'azurerm_role_assignment', `${id}/assignment`)).toMatchObject({
        role_definition_name: role,
        principal_id: deployer,
        scope: expect.stringMatching(/^\$\{azurerm_kubernetes_cluster\.aks_cluster_[0-9A-F]+\.id\}$/),
      });
    }
  });
});
