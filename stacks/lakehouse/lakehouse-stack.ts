import { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { LayerStack, type LayerStackProps } from '../layer-stack';
import { ComputeGovernance } from './compute-governance';
import { LakehouseSqlWarehouse } from './sql-warehouse';
import { UnityCatalog } from './unity-catalog';
import { WorkspaceSettings } from './workspace-settings';

/** What this layer uses from `<env>-analytics` (the `AnalyticsStack` has it): the workspace and its connector. */
export interface LakehouseAnalyticsInputs {
  readonly databricks: {
    readonly workspace: {
      readonly id: string;
      /** The numeric workspace id Unity Catalog binds to. */
      readonly workspaceId: string;
      /** `adb-<id>.<n>.azuredatabricks.net` */
      readonly workspaceUrl: string;
    };
    readonly accessConnector: { readonly id: string };
  };
}

export interface LakehouseStackProps extends LayerStackProps {
  readonly analytics: LakehouseAnalyticsInputs;
}

/**
 * `<env>-lakehouse`: everything inside the Databricks workspace that `<env>-analytics` creates: Unity Catalog
 * (metastore, storage credential, external locations, the catalog, schemas and grants), compute governance
 * (cluster policies, entitlements), the SQL warehouse and the workspace's legacy switches.
 *
 * The databricks provider signs in to the workspace through the Azure CLI login of the pipeline (a workload
 * identity federation service connection, so no PAT and no secret anywhere), addressed by the workspace's ARM id
 * and URL from the analytics stack. The identity that created the workspace is Contributor on it and becomes
 * workspace admin on its first sign-in (docs/lakehouse.md). A private-link workspace is reached from the
 * environment's own agents in the VNet.
 */
export class LakehouseStack extends LayerStack {
  readonly provider: DatabricksProvider;
  readonly unityCatalog: UnityCatalog;
  readonly compute: ComputeGovernance;
  readonly sqlWarehouse: LakehouseSqlWarehouse;

  constructor(scope: Construct, props: LakehouseStackProps) {
    super(scope, 'lakehouse', props);
    const { config, naming } = this;
    const { workspace, accessConnector } = props.analytics.databricks;

    this.provider = new DatabricksProvider(this, 'databricks', {
      host: `https://${workspace.workspaceUrl}`,
      // With the ARM id the provider also sends the Azure management token, which makes a Contributor of the
      // workspace its admin on first sign-in (the bootstrap of the deploying identity).
      azureWorkspaceResourceId: workspace.id,
      // Only the Azure CLI login (AzureCLI@2 with workload identity federation, or `az login` locally): the
      // provider never falls back to a PAT, client secret or config profile found in the environment.
      authType: 'azure-cli',
    });

    this.unityCatalog = new UnityCatalog(this, 'unity-catalog', {
      config,
      naming,
      workspaceId: workspace.workspaceId,
      accessConnectorId: accessConnector.id,
    });

    new WorkspaceSettings(this, 'workspace-settings', { defaultCatalog: this.unityCatalog.catalog.name });

    this.compute = new ComputeGovernance(this, 'compute', { config, naming, tags: this.tags });

    this.sqlWarehouse = new LakehouseSqlWarehouse(this, 'sql-warehouse', {
      config,
      naming,
      tags: this.tags,
      groupAssignments: this.compute.assignments,
    });

    new TerraformOutput(this, 'catalog', { value: this.unityCatalog.catalog.name });
    new TerraformOutput(this, 'metastore-id', { value: this.unityCatalog.metastoreId });
    new TerraformOutput(this, 'sql-warehouse-id', { value: this.sqlWarehouse.warehouse.id });
  }
}
