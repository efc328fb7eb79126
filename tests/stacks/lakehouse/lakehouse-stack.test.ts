import type { TerraformResource } from 'cdktf';
import type { EnvironmentStacks } from '../../../app/build-app';
import type { EnvironmentConfig } from '../../../environments/schema';
import {
  buildEnvironment,
  ENVIRONMENT_NAMES,
  environment,
  resourceAt,
  resourcesOf,
  type StackJson,
  synthStack,
} from '../../helpers/synth';

interface Synthed {
  readonly config: EnvironmentConfig;
  readonly stacks: EnvironmentStacks;
  readonly json: StackJson;
  readonly text: string;
}

/** Each environment's lakehouse stack, synthesized once for this file. */
const cache = new Map<string, Synthed>();
function synthed(name: string, change?: (c: EnvironmentConfig) => EnvironmentConfig): Synthed {
  const key = change ? `${name}+changed` : name;
  const found = cache.get(key);
  if (found) return found;
  const config = change ? change(environment(name)) : environment(name);
  const { stacks } = buildEnvironment(config);
  const json = synthStack(stacks.lakehouse);
  const result = { config, stacks, json, text: JSON.stringify(json) };
  cache.set(key, result);
  return result;
}

const ACCOUNT: Record<string, string> = {};
const REGION = { dev: 'weu', test: 'weu', prod: 'neu' } as const;

/** How the lakehouse stack's JSON refers to an attribute of a resource in its own stack. */
const ref = (resource: TerraformResource, attribute = 'id') =>
  `\${${resource.terraformResourceType}.${resource.friendlyUniqueId}.${attribute}}`;
/**
 * In a test app the lakehouse stack's references into the analytics stack stay plain references (`app.synth()`
 * turns them into remote-state outputs: tests/e2e/synth.test.ts checks that form).
 */
const analyticsRef = (stacks: EnvironmentStacks, what: 'workspace' | 'accessConnector', attribute = 'id') =>
  ref(stacks.analytics.databricks[what], attribute);

describe.each(ENVIRONMENT_NAMES)('%s-lakehouse', (name) => {
  const env = () => synthed(name);
  const account = () => {
    ACCOUNT[name] ??= env().stacks.data.lake.account.nameInput as string;
    return ACCOUNT[name];
  };
  const url = (fs: string, path = '') => `abfss://${fs}@${account()}.dfs.core.windows.net/${path}`;
  const groups = () => env().config.lakehouse.groups;

  test('the databricks provider: Azure CLI login to the analytics workspace by ARM id and URL, no token anywhere', () => {
    const { json, text } = env();
    expect(json.provider?.databricks).toEqual([
      {
        auth_type: 'azure-cli',
        azure_workspace_resource_id: analyticsRef(env().stacks, 'workspace'),
        host: `https://${analyticsRef(env().stacks, 'workspace', 'workspace_url')}`,
      },
    ]);
    // No credential of any kind: PAT, password, client secret, OAuth secret, config profile.
    expect(text).not.toMatch(/"(token|password|client_secret|azure_client_secret|profile|config_file)"\s*:/);
    expect(text).not.toMatch(/dapi[0-9a-f]{8}/);
    // azurerm is still configured by the base stack.
    expect(json.provider?.azurerm).toHaveLength(1);
  });

  test('metastore: the region’s automatically provisioned one, read before anything is created', () => {
    const { json } = env();
    expect(Object.keys(json.data?.databricks_current_metastore ?? {})).toHaveLength(1);
    expect(resourcesOf(json, 'databricks_metastore_assignment')).toEqual([]);
    const credential = resourceAt(json, 'databricks_storage_credential', 'unity-catalog/storage-credential');
    expect(credential.depends_on).toEqual([
      expect.stringMatching(/^data\.databricks_current_metastore\.unity-catalog_metastore_/),
    ]);
  });

  test('storage credential: the access connector from the analytics stack, isolated to this workspace', () => {
    const credential = resourceAt(
      env().json,
      'databricks_storage_credential',
      'unity-catalog/storage-credential',
    );
    expect(credential).toMatchObject({
      name: `sc_lakehouse_${name}_lake`,
      isolation_mode: 'ISOLATION_MODE_ISOLATED',
      azure_managed_identity: {
        access_connector_id: analyticsRef(env().stacks, 'accessConnector'),
      },
    });
    expect(credential.read_only).toBeUndefined();
    expect(credential.skip_validation).toBeUndefined();
  });

  test('external locations: one per medallion file system and the catalog storage, read-only where UC only reads', () => {
    const { json, stacks } = env();
    const credential = ref(stacks.lakehouse.unityCatalog.storageCredential, 'name');
    const locations = resourcesOf(json, 'databricks_external_location').map((l) => ({
      name: l.name,
      url: l.url,
      read_only: l.read_only,
      isolation_mode: l.isolation_mode,
      credential_name: l.credential_name,
    }));
    const expected = (fs: string, readOnly: boolean) => ({
      name: `el_lakehouse_${name}_${fs.replace('-', '_')}`,
      url: url(fs),
      read_only: readOnly,
      isolation_mode: 'ISOLATION_MODE_ISOLATED',
      credential_name: credential,
    });
    expect(locations.sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual([
      expected('bronze', true),
      expected('gold', false),
      expected('landing', true),
      expected('silver', false),
      expected('unity-catalog', false),
    ]);
  });

  test('catalog: managed location in its own folder, isolated and bound to this workspace', () => {
    const { json, stacks } = env();
    const uc = stacks.lakehouse.unityCatalog;
    expect(resourceAt(json, 'databricks_catalog', 'unity-catalog/catalog')).toMatchObject({
      name: `lakehouse_${name}`,
      storage_root: url('unity-catalog', `lakehouse_${name}`),
      isolation_mode: 'ISOLATED',
      properties: { environment: name, project: 'lakehouse' },
      depends_on: [`databricks_external_location.${uc.externalLocations['unity-catalog'].friendlyUniqueId}`],
    });
    expect(resourceAt(json, 'databricks_catalog', 'unity-catalog/catalog').force_destroy).toBeUndefined();
    expect(resourceAt(json, 'databricks_workspace_binding', 'unity-catalog/catalog-binding')).toMatchObject({
      securable_type: 'catalog',
      securable_name: ref(uc.catalog, 'name'),
      binding_type: 'BINDING_TYPE_READ_WRITE',
      workspace_id: analyticsRef(env().stacks, 'workspace', 'workspace_id'),
    });
  });

  test('schemas: bronze and models in the catalog storage, silver and gold in their own file systems', () => {
    const { json, stacks } = env();
    const catalog = ref(stacks.lakehouse.unityCatalog.catalog, 'name');
    const schemas = Object.fromEntries(
      resourcesOf(json, 'databricks_schema').map((s) => [s.name, [s.catalog_name, s.storage_root]]),
    );
    expect(schemas).toEqual({
      bronze: [catalog, undefined],
      silver: [catalog, url('silver', `lakehouse_${name}`)],
      gold: [catalog, url('gold', `lakehouse_${name}`)],
      models: [catalog, undefined],
    });
  });

  test('grants: exactly the persona table, nothing to account users or users', () => {
    const { json, stacks } = env();
    const uc = stacks.lakehouse.unityCatalog;
    const { dataEngineers, analysts, modelServing } = groups();
    const write = [
      'CREATE_MATERIALIZED_VIEW',
      'CREATE_TABLE',
      'CREATE_VOLUME',
      'MODIFY',
      'READ_VOLUME',
      'SELECT',
      'USE_SCHEMA',
      'WRITE_VOLUME',
    ];
    const bySecurable = Object.fromEntries(
      resourcesOf(json, 'databricks_grants').map((g) => {
        const key = (['catalog', 'schema', 'external_location'] as const).find(
          (k) => g[k] !== undefined,
        ) as string;
        return [`${key}=${g[key]}`, g.grant];
      }),
    );
    expect(bySecurable).toEqual({
      [`catalog=${ref(uc.catalog, 'name')}`]: [
        { principal: analysts, privileges: ['USE_CATALOG'] },
        { principal: dataEngineers, privileges: ['USE_CATALOG'] },
        { principal: modelServing, privileges: ['USE_CATALOG'] },
      ].sort((a, b) => a.principal.localeCompare(b.principal)),
      [`schema=${ref(uc.schemas.bronze)}`]: [{ principal: dataEngineers, privileges: write }],
      [`schema=${ref(uc.schemas.silver)}`]: [{ principal: dataEngineers, privileges: write }],
      [`schema=${ref(uc.schemas.gold)}`]: [
        { principal: analysts, privileges: ['SELECT', 'USE_SCHEMA'] },
        { principal: dataEngineers, privileges: write },
      ],
      [`schema=${ref(uc.schemas.models)}`]: [
        { principal: dataEngineers, privileges: ['CREATE_MODEL', 'EXECUTE', 'USE_SCHEMA'] },
        { principal: modelServing, privileges: ['EXECUTE', 'USE_SCHEMA'] },
      ],
      [`external_location=${ref(uc.externalLocations.landing, 'name')}`]: [
        { principal: dataEngineers, privileges: ['READ_FILES'] },
      ],
      [`external_location=${ref(uc.externalLocations.bronze, 'name')}`]: [
        { principal: dataEngineers, privileges: ['READ_FILES'] },
      ],
    });
    const principals = resourcesOf(json, 'databricks_grants').flatMap((g) =>
      (g.grant as { principal: string }[]).map((x) => x.principal.toLowerCase()),
    );
    expect(principals).not.toContain('account users');
    expect(principals).not.toContain('users');
  });

  test('cluster policies: UC access modes, config node types and runtimes, capped workers, tags, auto-termination', () => {
    const { json, config, stacks } = env();
    const compute = config.lakehouse.compute;
    const policy = (persona: string) => {
      const body = resourceAt(json, 'databricks_cluster_policy', `compute/policy-${persona}`);
      return { name: body.name, definition: JSON.parse(body.definition as string) };
    };
    const tags = Object.fromEntries(
      Object.entries(stacks.lakehouse.tags).map(([k, v]) => [
        `custom_tags.${k}`,
        { type: 'fixed', value: v },
      ]),
    );
    expect(tags['custom_tags.environment']).toEqual({ type: 'fixed', value: name });
    const common = {
      spark_version: {
        type: 'allowlist',
        values: compute.runtimeVersions,
        defaultValue: compute.runtimeVersions[0],
      },
      node_type_id: { type: 'allowlist', values: compute.nodeTypes, defaultValue: compute.nodeTypes[0] },
      driver_node_type_id: {
        type: 'allowlist',
        values: compute.nodeTypes,
        defaultValue: compute.nodeTypes[0],
      },
      instance_pool_id: { type: 'forbidden', hidden: true },
      driver_instance_pool_id: { type: 'forbidden', hidden: true },
      'autoscale.min_workers': { type: 'range', minValue: 1, maxValue: compute.maxWorkers, defaultValue: 1 },
      'autoscale.max_workers': {
        type: 'range',
        minValue: 1,
        maxValue: compute.maxWorkers,
        defaultValue: compute.maxWorkers,
      },
      num_workers: { type: 'range', minValue: 0, maxValue: compute.maxWorkers },
      ...tags,
    };
    expect(policy('jobs')).toEqual({
      name: `lakehouse-${name}-jobs`,
      definition: {
        cluster_type: { type: 'fixed', value: 'job' },
        data_security_mode: {
          type: 'allowlist',
          values: ['SINGLE_USER', 'USER_ISOLATION'],
          defaultValue: 'SINGLE_USER',
        },
        ...common,
      },
    });
    expect(policy('shared')).toEqual({
      name: `lakehouse-${name}-shared`,
      definition: {
        cluster_type: { type: 'fixed', value: 'all-purpose' },
        data_security_mode: { type: 'fixed', value: 'USER_ISOLATION' },
        autotermination_minutes: { type: 'fixed', value: compute.autoTerminationMinutes },
        ...common,
      },
    });
  });

  test('who may use compute: groups assigned as users, policies CAN_USE by persona, no unrestricted creation', () => {
    const { json, stacks } = env();
    const { dataEngineers, analysts, modelServing } = groups();
    expect(
      resourcesOf(json, 'databricks_permission_assignment')
        .map((a) => [a.group_name, a.permissions])
        .sort(),
    ).toEqual(
      [
        [analysts, ['USER']],
        [dataEngineers, ['USER']],
        [modelServing, ['USER']],
      ].sort(),
    );
    const policies = stacks.lakehouse.compute.policies;
    const canUse = (pathSuffix: string) => resourceAt(json, 'databricks_permissions', pathSuffix);
    expect(canUse('compute/policy-jobs-permissions')).toMatchObject({
      cluster_policy_id: ref(policies.jobs),
      access_control: [{ group_name: dataEngineers, permission_level: 'CAN_USE' }],
    });
    expect(canUse('compute/policy-shared-permissions')).toMatchObject({
      cluster_policy_id: ref(policies.shared),
      access_control: [analysts, dataEngineers]
        .sort()
        .map((g) => ({ group_name: g, permission_level: 'CAN_USE' })),
    });
    expect(resourceAt(json, 'databricks_entitlements', 'compute/users-entitlements')).toMatchObject({
      allow_cluster_create: false,
      allow_instance_pool_create: false,
      workspace_access: true,
      databricks_sql_access: true,
    });
    expect(Object.values(json.data?.databricks_group ?? {}).map((g) => g.display_name)).toEqual(['users']);
  });

  test('SQL warehouse: pro, serverless as configured, sizes and auto-stop from config, tagged, used by personas', () => {
    const { json, config, stacks } = env();
    const sql = config.lakehouse.sqlWarehouse;
    const warehouse = resourceAt(json, 'databricks_sql_endpoint', 'sql-warehouse/warehouse');
    expect(warehouse).toMatchObject({
      name: `lakehouse-${name}-sql`,
      cluster_size: sql.size,
      warehouse_type: 'PRO',
      enable_serverless_compute: sql.serverless,
      min_num_clusters: 1,
      max_num_clusters: sql.maxClusters,
      auto_stop_mins: sql.autoStopMinutes,
      enable_photon: true,
      channel: { name: 'CHANNEL_NAME_CURRENT' },
    });
    expect(warehouse.auto_stop_mins).toBeGreaterThan(0);
    const customTags = (warehouse.tags as { custom_tags: { key: string; value: string }[] }).custom_tags;
    expect(Object.fromEntries(customTags.map((t) => [t.key, t.value]))).toEqual(stacks.lakehouse.tags);
    expect(resourceAt(json, 'databricks_permissions', 'sql-warehouse/permissions')).toMatchObject({
      sql_endpoint_id: ref(stacks.lakehouse.sqlWarehouse.warehouse),
      access_control: [groups().analysts, groups().dataEngineers]
        .sort()
        .map((g) => ({ group_name: g, permission_level: 'CAN_USE' })),
    });
  });

  test('workspace settings: legacy access and DBFS off, user isolation enforced, default catalog', () => {
    const { json, stacks } = env();
    expect(
      resourceAt(json, 'databricks_disable_legacy_access_setting', 'disable-legacy-access'),
    ).toMatchObject({
      disable_legacy_access: { value: true },
    });
    expect(resourceAt(json, 'databricks_disable_legacy_dbfs_setting', 'disable-legacy-dbfs')).toMatchObject({
      disable_legacy_dbfs: { value: true },
    });
    expect(resourceAt(json, 'databricks_default_namespace_setting', 'default-namespace')).toMatchObject({
      namespace: { value: ref(stacks.lakehouse.unityCatalog.catalog, 'name') },
    });
    expect(resourceAt(json, 'databricks_workspace_conf', 'workspace-settings/conf').custom_config).toEqual({
      enforceUserIsolation: 'true',
      enableDbfsFileBrowser: 'false',
      enableVerboseAuditLogs: 'true',
    });
  });

  test('no Azure tags on Databricks resources (they are not Azure resources)', () => {
    const { json } = env();
    for (const [type, bodies] of Object.entries(json.resource ?? {})) {
      if (type === 'databricks_sql_endpoint') continue;
      for (const body of Object.values(bodies)) expect(body.tags).toBeUndefined();
    }
  });

  test(`region ${REGION[name]}`, () => {
    expect(env().stacks.lakehouse.naming.databricksWorkspace()).toBe(`dbw-lakehouse-${name}-${REGION[name]}`);
  });
});

describe('protection', () => {
  test('prod: catalog, schemas, external locations and the credential cannot be destroyed by Terraform', () => {
    const { json } = synthed('prod');
    for (const type of [
      'databricks_catalog',
      'databricks_schema',
      'databricks_external_location',
      'databricks_storage_credential',
    ]) {
      const bodies = resourcesOf(json, type);
      expect(bodies.length).toBeGreaterThan(0);
      for (const body of bodies) expect(body.lifecycle).toEqual({ prevent_destroy: true });
    }
  });

  test('dev: not protected', () => {
    expect(
      resourceAt(synthed('dev').json, 'databricks_catalog', 'unity-catalog/catalog').lifecycle,
    ).toBeUndefined();
  });
});

test('a configured metastore id: assigned to the workspace (then read from the assignment)', () => {
  const metastoreId = '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';
  const { json, stacks } = synthed('test', (c) => ({ ...c, lakehouse: { ...c.lakehouse, metastoreId } }));
  expect(json.data?.databricks_current_metastore).toBeUndefined();
  const assignment = resourceAt(
    json,
    'databricks_metastore_assignment',
    'unity-catalog/metastore-assignment',
  );
  expect(assignment).toMatchObject({
    metastore_id: metastoreId,
    workspace_id: analyticsRef(stacks, 'workspace', 'workspace_id'),
  });
  const uc = stacks.lakehouse.unityCatalog;
  expect(
    resourceAt(json, 'databricks_storage_credential', 'unity-catalog/storage-credential').depends_on,
  ).toEqual([
    `databricks_metastore_assignment.${(uc.node.findChild('metastore-assignment') as TerraformResource).friendlyUniqueId}`,
  ]);
});
