import {
  constructPath,
  ENVIRONMENT_NAMES,
  resourceAt,
  resourcesOf,
  type StackJson,
} from '../../helpers/synth';
import { ref, synthCompute } from './synth-compute';

const stacks: Record<string, StackJson> = {};
beforeAll(() => {
  for (const name of ENVIRONMENT_NAMES) stacks[name] = synthCompute(name);
});

const REGION = { dev: 'weu', test: 'weu', prod: 'neu' } as const;

/** A hub of the data stack: the `-validated` ones are azapi resources (capture), the others azurerm ones. */
const hub = (name: string) =>
  new RegExp(`^\\$\\{(azurerm_eventhub|azapi_resource)\\.streams_hub-${name}_[0-9A-F]{8}\\.id\\}$`);
const schemaGroup = (domain: string) =>
  ref('azurerm_eventhub_namespace_schema_group', `streams_schema-group-${domain}`, 'id');

/** Every grant each workload must get, and nothing more: (role, the one resource it is scoped to). */
const EXPECTED_GRANTS: Record<string, readonly (readonly [string, RegExp])[]> = {
  'contract-validator': [
    ['Azure Event Hubs Data Receiver', hub('orders-raw')],
    ['Azure Event Hubs Data Sender', hub('orders-validated')],
    ['Azure Event Hubs Data Sender', hub('orders-deadletter')],
    ['Azure Event Hubs Data Receiver', hub('telemetry-raw')],
    ['Azure Event Hubs Data Sender', hub('telemetry-validated')],
    ['Azure Event Hubs Data Sender', hub('telemetry-deadletter')],
    ['Schema Registry Reader (Preview)', schemaGroup('orders')],
    ['Schema Registry Reader (Preview)', schemaGroup('telemetry')],
  ],
  'model-serving': [],
};

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
    expect(grants).toHaveLength(EXPECTED_GRANTS[workload].length);
    for (const [role, scope] of EXPECTED_GRANTS[workload]) {
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

describe('workload identities from config', () => {
  test('a workload that declares no access gets an identity and no grant', () => {
    const json = synthCompute('dev', (config) => ({
      ...config,
      workloads: config.workloads.map((w) => (w.name === 'model-serving' ? { ...w, access: {} } : w)),
    }));
    expect(resourcesOf(json, 'azurerm_cosmosdb_sql_role_assignment')).toEqual([]);
    expect(
      resourceAt(json, 'azurerm_user_assigned_identity', 'workload-model-serving/identity'),
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
