import { BUILT_IN_ROLES } from '../../../stacks/constructs/role-assignment';
import { AZAPI } from '../../../stacks/data/azapi';
import { DataStack } from '../../../stacks/data/data-stack';
import {
  buildEnvironment,
  constructPath,
  ENVIRONMENT_NAMES,
  environment,
  resourcesOf,
  type StackJson,
} from '../../helpers/synth';
import { type DataUnderTest, synthDataStacks } from './data-json';

let envs: Record<string, DataUnderTest>;
beforeAll(() => {
  envs = synthDataStacks();
});

/**
 * What a secret looks like in Terraform JSON: a storage or Event Hubs key or connection string, a SAS token, a
 * password, or a reference to an attribute that holds one (`primary_access_key`, `default_primary_connection_string`).
 */
const SECRET_PATTERNS: readonly RegExp[] = [
  /AccountKey=/i,
  /SharedAccessKey(Name)?=/i,
  /SharedAccessSignature/i,
  /DefaultEndpointsProtocol=/i,
  /[?&]sig=[^&]+/i,
  /[?&]sv=\d{4}-\d{2}-\d{2}&/i,
  /(primary|secondary)_(access_)?key/i,
  /connection_string/i,
  /password/i,
  /client_secret/i,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
];
/** Resource and data source types that mint keys or SAS tokens. */
const SECRET_TYPES = /authorization_rule|_sas$|account_sas|storage_account_local_user|_keys$|listkeys/i;

/** Every string in a JSON value, with where it is; keys are scanned too (an attribute named `password`). */
function strings(value: unknown, path = ''): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => strings(item, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      { path: `${path}.${key}`, text: key },
      ...strings(item, `${path}.${key}`),
    ]);
  }
  return [];
}

function secretsIn(json: unknown): string[] {
  return strings(json)
    .filter(({ text }) => SECRET_PATTERNS.some((pattern) => pattern.test(text)))
    .map(({ path, text }) => `${path}: ${text}`);
}

/** `${expression}`, as Terraform JSON writes a reference. */
const terraformRef = (expression: string) => `\${${expression}}`;

test('the secret scan finds what it looks for (so a clean result means something)', () => {
  expect(
    secretsIn({
      output: {
        a: { value: 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc==' },
        b: { value: terraformRef('azurerm_eventhub_namespace.ns.default_primary_connection_string') },
        c: { value: 'https://x.blob.core.windows.net/c?sv=2022-11-02&ss=b&sig=abc%3D' },
        d: { value: terraformRef('azurerm_storage_account.lake.primary_access_key') },
      },
      resource: { x: { y: { administrator_login_password: 'hunter2' } } },
    }),
  ).toHaveLength(5);
});

describe.each(ENVIRONMENT_NAMES)('%s-data', (name) => {
  const json = (): StackJson => envs[name].json;

  test('no key, connection string, SAS or password anywhere in the synthesized stack', () => {
    expect(secretsIn(json())).toEqual([]);
    const types = [...Object.keys(json().resource ?? {}), ...Object.keys(json().data ?? {})];
    expect(types.filter((type) => SECRET_TYPES.test(type))).toEqual([]);
  });

  test('every role assignment: a known built-in role on a single file system or hub, for a managed identity', () => {
    const assignments = resourcesOf(json(), 'azurerm_role_assignment');
    expect(assignments.length).toBeGreaterThan(0);
    for (const assignment of assignments) {
      expect(BUILT_IN_ROLES).toContain(assignment.role_definition_name);
      expect(assignment).not.toHaveProperty('role_definition_id');
      // A single file system (container) or event hub / schema group / consumer group: never an account,
      // namespace, resource group or subscription.
      expect(assignment.scope).toMatch(
        /^\$\{(azurerm_storage_container|azurerm_eventhub|azapi_resource|azurerm_eventhub_namespace_schema_group)\.[^.}]+\.id\}$/,
      );
      expect(assignment.principal_type).toBe('ServicePrincipal');
      // The services' managed identities; the one exception is the deployer's schema registration (its object id
      // comes from the config).
      const deployerGrant = /\/deployer-schema-registration-[^/]+\/assignment$/.test(
        constructPath(assignment),
      );
      expect(assignment.principal_id).toMatch(
        deployerGrant ? /^[0-9a-f-]{36}$/ : /\.identity\[0\]\.principal_id\}$/,
      );
      expect(String(assignment.description).length).toBeGreaterThan(10);
    }
  });

  test('outputs: names and ids that later layers and charts need, none sensitive', () => {
    const outputs = json().output ?? {};
    expect(Object.keys(outputs).sort()).toEqual([
      'event_hub_names',
      'event_hubs_namespace_id',
      'event_hubs_namespace_name',
      'lake_account_id',
      'lake_account_name',
      'lake_dfs_endpoint',
      'lake_file_systems',
      'schema_group_names',
    ]);
    for (const output of Object.values(outputs)) expect(output.sensitive).toBeUndefined();
    expect(outputs.lake_account_name.value).toMatch(/^\$\{azurerm_storage_account\.[^.]+\.name\}$/);
    expect(outputs.lake_dfs_endpoint.value).toMatch(
      /^\$\{azurerm_storage_account\.[^.]+\.primary_dfs_endpoint\}$/,
    );
    expect(outputs.event_hubs_namespace_name.value).toMatch(
      /^\$\{azurerm_eventhub_namespace\.[^.]+\.name\}$/,
    );
    expect(outputs.event_hub_names.value).toEqual(Object.keys(envs[name].stacks.data.streams.hubs));
    expect(outputs.schema_group_names.value).toEqual(envs[name].config.eventHubs.domains.map((d) => d.name));
  });

  test('providers: azurerm with Entra ID and no storage data plane, azapi (capture identity) from azure/azapi', () => {
    expect(json().terraform?.required_providers).toMatchObject({
      azapi: { source: AZAPI.source, version: AZAPI.version },
    });
    expect(json().provider?.azurerm?.[0]).toMatchObject({
      storage_use_azuread: true,
      // The lake is managed through ARM only, so a private lake is manageable from outside the VNet.
      features: [expect.objectContaining({ storage: [{ data_plane_available: false }] })],
    });
    expect(json().provider?.azapi).toHaveLength(1);
  });

  test('per domain: an action group of its contract and its three SLA alerts on the namespace', () => {
    const { config, stacks } = envs[name];
    expect(Object.keys(stacks.data.contractAlerts)).toEqual(config.eventHubs.domains.map((d) => d.name));
    expect(resourcesOf(json(), 'azurerm_monitor_action_group')).toHaveLength(config.eventHubs.domains.length);
    const alerts = resourcesOf(json(), 'azurerm_monitor_metric_alert');
    expect(alerts).toHaveLength(3 * config.eventHubs.domains.length);
    for (const alert of alerts) {
      expect(alert.scopes).toEqual([expect.stringMatching(/^\$\{azurerm_eventhub_namespace\.[^.}]+\.id\}$/)]);
      // A broken contract pages in prod (which is protected); elsewhere it informs.
      expect(alert.severity).toBe(config.protection.preventDestroy ? 1 : 3);
    }
  });

  test('the stack is <env>-data', () => {
    expect(envs[name].stacks.data.node.id).toBe(`${name}-data`);
  });
});

test('the app adds the data stack of every environment after its foundation', () => {
  const { stacks } = buildEnvironment(environment('dev'));
  expect(stacks.data).toBeInstanceOf(DataStack);
  expect(stacks.data.node.id).toBe('dev-data');
  expect(stacks.data.node.scope).toBe(stacks.foundation.node.scope);
});

describe('the apply identity may register schemas (the promotion pipeline does, before each rollout)', () => {
  test('Schema Registry Contributor on each schema group, once per group, for the configured apply identity', () => {
    for (const [env, groups] of [
      ['dev', ['contracts']],
      ['prod', ['orders', 'telemetry']],
    ] as const) {
      const grants = resourcesOf(envs[env].json, 'azurerm_role_assignment').filter((r) =>
        String(r.role_definition_name).startsWith('Schema Registry Contributor'),
      );
      expect(grants.map((g) => g.scope)).toEqual(
        groups.map((g) =>
          expect.stringMatching(
            new RegExp(
              `^\\$\\{azurerm_eventhub_namespace_schema_group\\.streams_schema-group-${g}_[0-9A-F]+\\.id\\}$`,
            ),
          ),
        ),
      );
      for (const grant of grants) {
        expect(grant.principal_id).toBe(environment(env).deployers?.apply.principalId);
        expect(grant.role_definition_name).toBe('Schema Registry Contributor (Preview)');
      }
    }
  });
});
