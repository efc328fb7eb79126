import { Catalog } from '@cdktf/provider-databricks/lib/catalog';
import { DataDatabricksCurrentMetastore } from '@cdktf/provider-databricks/lib/data-databricks-current-metastore';
import { ExternalLocation } from '@cdktf/provider-databricks/lib/external-location';
import { Grants } from '@cdktf/provider-databricks/lib/grants';
import { MetastoreAssignment } from '@cdktf/provider-databricks/lib/metastore-assignment';
import { Schema } from '@cdktf/provider-databricks/lib/schema';
import { StorageCredential } from '@cdktf/provider-databricks/lib/storage-credential';
import { WorkspaceBinding } from '@cdktf/provider-databricks/lib/workspace-binding';
import { type ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../environments/schema';
import type { Naming } from '../../naming/names';
import {
  CATALOG_FILE_SYSTEM,
  type GrantTable,
  LOCATIONS,
  type LocationSpec,
  lakehouseGrants,
  SCHEMAS,
  type SchemaName,
} from './medallion';

export interface UnityCatalogProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  /** The workspace's numeric id (azurerm `workspace_id`), as a string or token. */
  readonly workspaceId: string;
  /** ARM id of the access connector whose managed identity has the data roles on the lake's file systems. */
  readonly accessConnectorId: string;
}

/** `abfss://<file system>@<account>.dfs.core.windows.net/<path>`: how Unity Catalog names a lake folder. */
export function lakeUrl(naming: Naming, fileSystem: string, path = ''): string {
  return `abfss://${fileSystem}@${naming.storageAccount()}.dfs.core.windows.net/${path}`;
}

/**
 * The environment's part of Unity Catalog, least privilege:
 *
 * - the metastore: the configured one is assigned to the workspace (an account-admin action), otherwise the
 *   region's automatically provisioned metastore is read (the plan fails early if the workspace has none);
 * - a storage credential from the access connector, external locations for the medallion file systems and the
 *   catalog's managed storage, all isolated to this workspace (metastore objects are shared with every workspace
 *   of the region otherwise);
 * - one catalog with its managed location, isolated to and bound to this workspace; the schemas; the grants.
 *
 * Owner of everything: the deploying identity (the creator), so that later applies can change grants.
 */
export class UnityCatalog extends Construct {
  readonly metastoreId: string;
  readonly storageCredential: StorageCredential;
  readonly externalLocations: Readonly<Record<LocationSpec['fileSystem'], ExternalLocation>>;
  readonly catalog: Catalog;
  readonly schemas: Readonly<Record<SchemaName, Schema>>;

  constructor(scope: Construct, id: string, props: UnityCatalogProps) {
    super(scope, id);
    const { config, naming } = props;
    const workspaceId = Token.asNumber(props.workspaceId);

    // Everything below needs the workspace to be in a metastore first.
    let metastore: ITerraformDependable;
    if (config.lakehouse.metastoreId) {
      const assignment = new MetastoreAssignment(this, 'metastore-assignment', {
        metastoreId: config.lakehouse.metastoreId,
        workspaceId,
      });
      metastore = assignment;
      this.metastoreId = assignment.metastoreId;
    } else {
      const current = new DataDatabricksCurrentMetastore(this, 'metastore', {});
      metastore = current;
      this.metastoreId = current.metastoreInfo.metastoreId;
    }

    this.storageCredential = new StorageCredential(this, 'storage-credential', {
      name: naming.storageCredential(),
      comment: `${naming.databricksAccessConnector()}: Unity Catalog's identity in the ${config.name} lake`,
      azureManagedIdentity: { accessConnectorId: props.accessConnectorId },
      isolationMode: 'ISOLATION_MODE_ISOLATED',
      dependsOn: [metastore],
    });

    const locations: Partial<Record<LocationSpec['fileSystem'], ExternalLocation>> = {};
    for (const spec of LOCATIONS) {
      locations[spec.fileSystem] = new ExternalLocation(this, `location-${spec.fileSystem}`, {
        name: naming.externalLocation(spec.fileSystem),
        url: lakeUrl(naming, spec.fileSystem),
        credentialName: this.storageCredential.name,
        readOnly: spec.readOnly,
        comment: spec.comment,
        isolationMode: 'ISOLATION_MODE_ISOLATED',
      });
    }
    this.externalLocations = locations as Record<LocationSpec['fileSystem'], ExternalLocation>;

    const catalogName = naming.catalog();
    this.catalog = new Catalog(this, 'catalog', {
      name: catalogName,
      comment: `The ${config.name} lakehouse (medallion schemas and models)`,
      // A folder of its own: the file system's root stays free for other catalogs' folders.
      storageRoot: lakeUrl(naming, CATALOG_FILE_SYSTEM, catalogName),
      // Only this environment's workspace sees it: dev never reads prod data through a shared metastore.
      isolationMode: 'ISOLATED',
      properties: { environment: config.name, project: config.project },
      dependsOn: [this.externalLocations[CATALOG_FILE_SYSTEM]],
    });
    // ISOLATED binds the creating workspace already; the binding says so in code and survives a re-import.
    new WorkspaceBinding(this, 'catalog-binding', {
      securableType: 'catalog',
      securableName: this.catalog.name,
      workspaceId,
      bindingType: 'BINDING_TYPE_READ_WRITE',
    });

    const schemas: Partial<Record<SchemaName, Schema>> = {};
    for (const spec of SCHEMAS) {
      const location = spec.fileSystem ? this.externalLocations[spec.fileSystem] : undefined;
      schemas[spec.name] = new Schema(this, `schema-${spec.name}`, {
        catalogName: this.catalog.name,
        name: spec.name,
        comment: spec.comment,
        storageRoot: spec.fileSystem ? lakeUrl(naming, spec.fileSystem, catalogName) : undefined,
        dependsOn: location ? [location] : undefined,
      });
    }
    this.schemas = schemas as Record<SchemaName, Schema>;

    // Terraform refuses to destroy or replace what holds or reaches data, where the environment protects its state
    // (no Azure lock: these are not Azure resources). A catalog is never force-destroyed with its tables either.
    if (config.protection.preventDestroy) {
      for (const resource of [
        this.storageCredential,
        ...Object.values(this.externalLocations),
        this.catalog,
        ...Object.values(this.schemas),
      ]) {
        resource.lifecycle = { ...resource.lifecycle, preventDestroy: true };
      }
    }

    const grants = lakehouseGrants(config.lakehouse.groups);
    grantsOn(this, 'grants-catalog', { catalog: this.catalog.name }, grants.catalog);
    for (const [name, table] of Object.entries(grants.schemas)) {
      grantsOn(this, `grants-schema-${name}`, { schema: this.schemas[name as SchemaName].id }, table);
    }
    for (const [fileSystem, table] of Object.entries(grants.locations)) {
      const location = this.externalLocations[fileSystem as LocationSpec['fileSystem']];
      grantsOn(this, `grants-location-${fileSystem}`, { externalLocation: location.name }, table);
    }
  }
}

/** One authoritative `databricks_grants` (principals in a stable order: no diff on the second apply). */
function grantsOn(
  scope: Construct,
  id: string,
  securable: { catalog?: string; schema?: string; externalLocation?: string },
  table: GrantTable | undefined,
): void {
  if (!table || Object.keys(table).length === 0) return;
  new Grants(scope, id, {
    ...securable,
    grant: Object.keys(table)
      .sort()
      .map((principal) => ({ principal, privileges: [...table[principal]].sort() })),
  });
}
