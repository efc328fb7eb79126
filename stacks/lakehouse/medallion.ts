import type { LakehouseGroups } from '../../environments/schema';

/**
 * The shape of the lakehouse in Unity Catalog, as plain data: which lake file system becomes which external
 * location, which schema keeps its managed tables where, and who may do what. The constructs in this folder
 * only turn these tables into resources, so the tests can assert the tables themselves.
 */

/** The file systems Unity Catalog reaches, each through one external location. */
export interface LocationSpec {
  /** The lake file system (a DataStack `lake.fileSystems` key with a role in DATABRICKS_LAKE_ACCESS). */
  readonly fileSystem: 'landing' | 'bronze' | 'silver' | 'gold' | 'unity-catalog';
  /**
   * Read-only: the access connector only has Storage Blob Data Reader there (landing is written by uploads,
   * bronze by Event Hubs Capture), and a writable location would fail Databricks' write check on creation.
   */
  readonly readOnly: boolean;
  readonly comment: string;
}

export const LOCATIONS: readonly LocationSpec[] = [
  { fileSystem: 'landing', readOnly: true, comment: 'Raw uploads; read by Auto Loader' },
  { fileSystem: 'bronze', readOnly: true, comment: 'Event Hubs Capture (Avro) of the validated hubs' },
  { fileSystem: 'silver', readOnly: false, comment: 'Managed storage of the silver schema' },
  { fileSystem: 'gold', readOnly: false, comment: 'Managed storage of the gold schema' },
  { fileSystem: 'unity-catalog', readOnly: false, comment: 'Managed storage of the catalog' },
];

/** The catalog's managed storage: its own folder in the `unity-catalog` file system. */
export const CATALOG_FILE_SYSTEM = 'unity-catalog';

export type SchemaName = 'bronze' | 'silver' | 'gold' | 'models';

export interface SchemaSpec {
  readonly name: SchemaName;
  /**
   * The file system that holds the schema's managed tables (in a folder named after the catalog).
   * @default - the catalog's managed storage
   */
  readonly fileSystem?: 'silver' | 'gold';
  readonly comment: string;
}

/**
 * Bronze Delta tables go to the catalog's storage: the `bronze` file system is Capture's raw landing zone and
 * read-only to Unity Catalog. Silver and gold keep their tables in their own file systems (lifecycle and access
 * per layer); registered models live with the catalog.
 */
export const SCHEMAS: readonly SchemaSpec[] = [
  { name: 'bronze', comment: 'Raw events as Delta tables (Auto Loader from landing and bronze files)' },
  { name: 'silver', fileSystem: 'silver', comment: 'Cleaned, conformed data' },
  { name: 'gold', fileSystem: 'gold', comment: 'Business-level aggregates for analysts and serving' },
  { name: 'models', comment: 'Models registered in Unity Catalog for serving' },
];

/** Writing tables, materialized views (Delta Live Tables) and volumes (Auto Loader checkpoints) in a schema. */
const WRITE = [
  'USE_SCHEMA',
  'SELECT',
  'MODIFY',
  'CREATE_TABLE',
  'CREATE_MATERIALIZED_VIEW',
  'CREATE_VOLUME',
  'READ_VOLUME',
  'WRITE_VOLUME',
];
const READ = ['USE_SCHEMA', 'SELECT'];

/** One securable's grants: principal → privileges. */
export type GrantTable = Readonly<Record<string, readonly string[]>>;

export interface LakehouseGrants {
  readonly catalog: GrantTable;
  readonly schemas: Readonly<Record<SchemaName, GrantTable>>;
  /** By file system; a location that is missing has no grants (only its owner, the deployer, uses it). */
  readonly locations: Readonly<Partial<Record<LocationSpec['fileSystem'], GrantTable>>>;
}

/**
 * Least privilege by persona. Nothing goes to `account users` or `users`; each `databricks_grants` is
 * authoritative, so a grant made by hand outside this table is removed on the next apply.
 *
 * - data engineers: write bronze, silver and gold (they build the medallion layers; gold is where they publish),
 *   read the raw files of landing and bronze, register and run models;
 * - analysts: read gold;
 * - model serving: run (EXECUTE) the models of the models schema.
 */
export function lakehouseGrants(groups: LakehouseGroups): LakehouseGrants {
  const { dataEngineers, analysts, modelServing } = groups;
  return {
    catalog: {
      [dataEngineers]: ['USE_CATALOG'],
      [analysts]: ['USE_CATALOG'],
      [modelServing]: ['USE_CATALOG'],
    },
    schemas: {
      bronze: { [dataEngineers]: WRITE },
      silver: { [dataEngineers]: WRITE },
      gold: { [dataEngineers]: WRITE, [analysts]: READ },
      models: {
        [dataEngineers]: ['USE_SCHEMA', 'CREATE_MODEL', 'EXECUTE'],
        [modelServing]: ['USE_SCHEMA', 'EXECUTE'],
      },
    },
    locations: {
      landing: { [dataEngineers]: ['READ_FILES'] },
      bronze: { [dataEngineers]: ['READ_FILES'] },
    },
  };
}
