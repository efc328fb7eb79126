import { BUILT_IN_ROLES } from '../../../stacks/constructs/role-assignment';
import { ENVIRONMENT_NAMES, resourcesOf, type StackJson } from '../../helpers/synth';
import { ref, synthCompute } from './synth-compute';

const stacks: Record<string, StackJson> = {};
beforeAll(() => {
  for (const name of ENVIRONMENT_NAMES) stacks[name] = synthCompute(name);
});

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
