import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import { SqlEndpoint } from '@cdktf/provider-databricks/lib/sql-endpoint';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../environments/schema';
import type { Naming } from '../../naming/names';

export interface LakehouseSqlWarehouseProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  /** Tags for the warehouse's compute (cost attribution). */
  readonly tags: Readonly<Record<string, string>>;
  /** The persona groups' workspace assignments: the permissions name the groups. */
  readonly groupAssignments: readonly ITerraformDependable[];
}

/**
 * The SQL warehouse the analysts query gold with: a pro warehouse, serverless where the config says the region
 * offers it (it then runs in Databricks' serverless compute plane, not in the VNet), sized from the config, and
 * stopping when idle. Data engineers and analysts may use it; nobody but admins manages it.
 */
export class LakehouseSqlWarehouse extends Construct {
  readonly warehouse: SqlEndpoint;

  constructor(scope: Construct, id: string, props: LakehouseSqlWarehouseProps) {
    super(scope, id);
    const { config, naming } = props;
    const sql = config.lakehouse.sqlWarehouse;
    const groups = config.lakehouse.groups;

    this.warehouse = new SqlEndpoint(this, 'warehouse', {
      name: naming.sqlWarehouse(),
      clusterSize: sql.size,
      // Serverless needs the pro type; classic pro keeps Unity Catalog and runs in the workspace's VNet.
      warehouseType: 'PRO',
      enableServerlessCompute: sql.serverless,
      minNumClusters: 1,
      maxNumClusters: sql.maxClusters,
      autoStopMins: sql.autoStopMinutes,
      enablePhoton: true,
      spotInstancePolicy: 'COST_OPTIMIZED',
      channel: { name: 'CHANNEL_NAME_CURRENT' },
      tags: {
        customTags: Object.entries(props.tags)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([key, value]) => ({ key, value })),
      },
    });

    new Permissions(this, 'permissions', {
      sqlEndpointId: this.warehouse.id,
      accessControl: [groups.analysts, groups.dataEngineers]
        .sort()
        .map((groupName) => ({ groupName, permissionLevel: 'CAN_USE' })),
      dependsOn: [...props.groupAssignments],
    });
  }
}
