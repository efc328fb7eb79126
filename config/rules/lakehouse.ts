import type { Problems } from '../problems';
import { asRecord, type ConfigRule, GUID } from './rule';

/** Sizes the SQL warehouse API accepts (`cluster_size`). */
export const SQL_WAREHOUSE_SIZES = [
  '2X-Small',
  'X-Small',
  'Small',
  'Medium',
  'Large',
  'X-Large',
  '2X-Large',
  '3X-Large',
  '4X-Large',
] as const;

/** Principals that mean "everyone": never a persona group (the policy rule refuses grants to them as well). */
export const BROAD_PRINCIPALS: readonly string[] = ['account users', 'users'];

/** An Entra ID group display name: 1–256 characters, no leading or trailing space, no control characters. */
const GROUP_NAME = /^(?=.{1,256}$)[^\s\p{Cc}](?:[^\p{Cc}]*[^\s\p{Cc}])?$/u;
/** An Azure VM size as Databricks names node types, e.g. `Standard_D4ds_v5`. */
const NODE_TYPE = /^Standard_[A-Z][A-Za-z0-9_]*$/;
/** A Databricks Runtime version key, e.g. `15.4.x-scala2.12` or `15.4.x-cpu-ml-scala2.12`. */
const RUNTIME = /^(\d+)\.(\d+)\.x-(?:[a-z0-9]+-)*scala\d+\.\d+$/;
/** Unity Catalog (and the legacy-access switch this kit turns on) needs 13.3 LTS or later. */
const MIN_RUNTIME = [13, 3] as const;

const PERSONAS = ['dataEngineers', 'analysts', 'modelServing'] as const;

/**
 * The lakehouse inside Databricks: metastore, persona groups, what clusters may run (node types, runtimes,
 * workers, auto-termination) and the SQL warehouse. One line per problem, like every rule.
 */
export const lakehouseRule: ConfigRule = (config, p) => {
  const lakehouse = config.lakehouse;
  if (!p.object('lakehouse', lakehouse, ['groups', 'compute', 'sqlWarehouse'], ['metastoreId'])) return;
  if (lakehouse.metastoreId !== undefined) {
    p.string(
      'lakehouse.metastoreId',
      lakehouse.metastoreId,
      GUID,
      'use the metastore id (a GUID) from the account console, or remove metastoreId to use the region’s automatically provisioned metastore',
    );
  }
  checkGroups(p, lakehouse.groups);
  checkCompute(p, lakehouse.compute);
  checkWarehouse(p, lakehouse.sqlWarehouse);
};

function checkGroups(p: Problems, value: unknown): void {
  if (!p.object('lakehouse.groups', value, PERSONAS)) return;
  const groups = value as Record<string, unknown>;
  const seen = new Map<string, string>();
  for (const persona of PERSONAS) {
    const path = `lakehouse.groups.${persona}`;
    const name = groups[persona];
    if (
      !p.string(
        path,
        name,
        GROUP_NAME,
        'use the Entra ID group’s display name as Databricks shows it, without leading or trailing spaces',
      )
    )
      continue;
    if (BROAD_PRINCIPALS.includes(name.toLowerCase())) {
      p.add(
        path,
        name,
        'grants to this principal reach every user of the account or workspace',
        'name an Entra ID group that holds only this persona, e.g. "sg-lakehouse-analysts-dev"',
      );
      continue;
    }
    const other = seen.get(name.toLowerCase());
    if (other) {
      p.add(
        path,
        name,
        `the same group as lakehouse.groups.${other} (its members would get both personas’ grants)`,
        'use one group per persona',
      );
    }
    seen.set(name.toLowerCase(), persona);
  }
}

function checkCompute(p: Problems, value: unknown): void {
  if (
    !p.object('lakehouse.compute', value, [
      'nodeTypes',
      'runtimeVersions',
      'maxWorkers',
      'autoTerminationMinutes',
    ])
  )
    return;
  const compute = value as Record<string, unknown>;
  checkList(p, 'lakehouse.compute.nodeTypes', compute.nodeTypes, (path, item) =>
    p.string(path, item, NODE_TYPE, 'use an Azure VM size as Databricks names it, e.g. "Standard_D4ds_v5"'),
  );
  checkList(p, 'lakehouse.compute.runtimeVersions', compute.runtimeVersions, (path, item) => {
    if (!p.string(path, item, RUNTIME, 'use a runtime version key, e.g. "15.4.x-scala2.12"')) return;
    const [, major, minor] = RUNTIME.exec(item) as RegExpExecArray;
    if (
      Number(major) < MIN_RUNTIME[0] ||
      (Number(major) === MIN_RUNTIME[0] && Number(minor) < MIN_RUNTIME[1])
    ) {
      p.add(
        path,
        item,
        'older than 13.3 LTS: no Unity Catalog access once legacy access is disabled',
        'use 13.3 LTS or later, e.g. "15.4.x-scala2.12"',
      );
    }
  });
  p.number('lakehouse.compute.maxWorkers', compute.maxWorkers, { min: 1, max: 100, integer: true });
  p.number('lakehouse.compute.autoTerminationMinutes', compute.autoTerminationMinutes, {
    min: 10,
    max: 240,
    integer: true,
  });
}

/** A non-empty list of distinct items, each checked by `item`. */
function checkList(p: Problems, path: string, value: unknown, item: (path: string, v: unknown) => void) {
  if (!p.array(path, value, 'use a list with at least one entry, e.g. [ ... ]')) return;
  if (value.length === 0) {
    p.add(path, value, 'is empty: clusters could use nothing', 'list at least one entry');
    return;
  }
  for (const [index, v] of value.entries()) item(`${path}[${index}]`, v);
  p.unique(path, value, (v) => v, 'entry');
}

function checkWarehouse(p: Problems, value: unknown): void {
  if (!p.object('lakehouse.sqlWarehouse', value, ['size', 'serverless', 'maxClusters', 'autoStopMinutes']))
    return;
  const warehouse = asRecord(value) as Record<string, unknown>;
  p.oneOf('lakehouse.sqlWarehouse.size', warehouse.size, SQL_WAREHOUSE_SIZES);
  const serverless = p.boolean('lakehouse.sqlWarehouse.serverless', warehouse.serverless)
    ? warehouse.serverless
    : true;
  p.number('lakehouse.sqlWarehouse.maxClusters', warehouse.maxClusters, { min: 1, max: 30, integer: true });
  // The API's floor: serverless warehouses may stop after 1 minute, classic ones after 10 (0 would never stop).
  p.number('lakehouse.sqlWarehouse.autoStopMinutes', warehouse.autoStopMinutes, {
    min: serverless ? 1 : 10,
    max: 1440,
    integer: true,
  });
}
