import { BUILT_IN_ROLES } from '../../../stacks/constructs/role-assignment';
import { ENVIRONMENT_NAMES, resourcesOf } from '../../helpers/synth';
import { ref, rendered, type SynthedAnalytics, synthAnalytics } from './analytics-synth';

const envs: Record<string, SynthedAnalytics> = {};
beforeAll(() => {
  for (const name of ENVIRONMENT_NAMES) envs[name] = synthAnalytics(name);
});

/** Attribute names and references that carry credentials; none may appear in the analytics stack. */
const SECRET =
  /password|secret|primary_key|secondary_key|readonly_key|connection_string|sql_administrator_login|sas_token|shared_access/i;

describe.each(ENVIRONMENT_NAMES)('%s-analytics', (name) => {
  test('no secret, key or password anywhere in the synthesized stack but the Synapse SQL admin’s', () => {
    // The one exception (synapse.test.ts checks it): the generated password of the SQL login azurerm needs, which
    // goes from random_password into the workspace and its Key Vault secret, and nowhere else.
    const json = structuredClone(envs[name].json) as SynthedAnalytics['json'] & {
      resource: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(Object.keys(json.resource.random_password)).toHaveLength(1);
    expect(Object.keys(json.resource.azurerm_key_vault_secret)).toHaveLength(1);
    delete json.resource.random_password;
    delete json.resource.azurerm_key_vault_secret;
    for (const workspace of Object.values(json.resource.azurerm_synapse_workspace)) {
      delete workspace.sql_administrator_login;
      delete workspace.sql_administrator_login_password;
    }
    const text = JSON.stringify(json);
    expect(text.match(new RegExp(SECRET.source, 'gi'))).toBeNull();
    // The only key-related setting is the one that turns key-based metadata writes off.
    expect(text.match(/access_key\w*/g)).toEqual(['access_key_metadata_writes_enabled']);
    expect(json.output ?? {}).toEqual({});
  });

  test('every role grant: a listed built-in role on one file system or one event hub', () => {
    const { json, stacks } = envs[name];
    const grants = resourcesOf(json, 'azurerm_role_assignment');
    expect(grants).toHaveLength(8); // Synapse: 1 file system; Databricks: 5 file systems and 2 validated hubs
    const narrow = [
      ...Object.values(stacks.data.lake.fileSystems).map((fs) => ref(fs)),
      ...Object.values(stacks.data.streams.hubs).map((hub) => rendered(stacks.analytics, hub.id)),
    ];
    for (const grant of grants) {
      expect(BUILT_IN_ROLES).toContain(grant.role_definition_name);
      expect(narrow).toContain(grant.scope);
      expect(grant.role_definition_id).toBeUndefined();
    }
  });

  test('a private endpoint for every service where the environment uses them, none otherwise', () => {
    const endpoints = resourcesOf(envs[name].json, 'azurerm_private_endpoint').map(
      (e) => (e.private_service_connection as { subresource_names: string[] }).subresource_names[0],
    );
    expect(endpoints.sort()).toEqual(
      name === 'dev'
        ? []
        : // Synapse; the Databricks front end and sign-in; the Databricks workspace storage (dfs, blob)
          [
            'Dev',
            'Sql',
            'Sql',
            'SqlOnDemand',
            'browser_authentication',
            'databricks_ui_api',
            'blob',
            'dfs',
          ].sort(),
    );
  });

  test('stateful resources are locked exactly where protection asks', () => {
    const locks = resourcesOf(envs[name].json, 'azurerm_management_lock').map((l) => l.scope);
    const { databricks } = envs[name].stacks.analytics;
    expect(locks.sort()).toEqual(
      // Cosmos DB and Synapse hold kit-managed children (containers, Spark pool): prevent_destroy only.
      name === 'prod' ? [ref(databricks.workspace)] : [],
    );
  });

  test('every taggable resource carries the environment tags', () => {
    const json = envs[name].json;
    for (const type of [
      'azurerm_cosmosdb_account',
      'azurerm_synapse_workspace',
      'azurerm_databricks_workspace',
      'azurerm_databricks_access_connector',
      'azurerm_private_endpoint',
    ]) {
      for (const resource of resourcesOf(json, type)) {
        expect({ type, tags: resource.tags }).toMatchObject({
          type,
          tags: { environment: name, project: 'lakehouse', 'managed-by': 'azure-lakehouse-kit' },
        });
      }
    }
  });

  test('one stack per environment and layer, with its own state', () => {
    expect(envs[name].stacks.analytics.node.id).toBe(`${name}-analytics`);
    expect(envs[name].json.terraform?.backend).toEqual({
      azurerm: expect.objectContaining({ key: `${name}/${name}-analytics.tfstate`, use_azuread_auth: true }),
    });
  });
});
