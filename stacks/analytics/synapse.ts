import { SynapseFirewallRule } from '@cdktf/provider-azurerm/lib/synapse-firewall-rule';
import { SynapseManagedPrivateEndpoint } from '@cdktf/provider-azurerm/lib/synapse-managed-private-endpoint';
import { SynapseSparkPool } from '@cdktf/provider-azurerm/lib/synapse-spark-pool';
import { SynapseWorkspace } from '@cdktf/provider-azurerm/lib/synapse-workspace';
import { SynapseWorkspaceAadAdmin } from '@cdktf/provider-azurerm/lib/synapse-workspace-aad-admin';
import type { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../environments/schema';
import { platformEndpoints } from '../../naming/endpoints';
import type { Naming } from '../../naming/names';
import { Diagnostics } from '../constructs/diagnostics';
import { PrivateEndpointFor } from '../constructs/private-endpoint';
import { protect } from '../constructs/protection';
import { RoleGrant } from '../constructs/role-assignment';

/** The lake file system the workspace uses as its primary storage (a DataStack `lake.fileSystems` key). */
export const SYNAPSE_FILE_SYSTEM = 'synapse';

export interface AnalyticsSynapseProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  readonly resourceGroupName: string;
  readonly tenantId: string;
  readonly logAnalyticsWorkspaceId: string;
  /** The lake's storage account: target of the managed private endpoints. */
  readonly lakeAccountId: string;
  /** ARM id of the lake's `synapse` file system: the scope of the workspace identity's data role. */
  readonly fileSystemId: string;
  /**
   * Private endpoints for `Sql`, `SqlOnDemand` (zone `synapseSql`) and `Dev` (zone `synapseDev`); public network
   * access off.
   * @default - public network access on, open only to `synapse.firewallRules`
   */
  readonly privateEndpoint?: {
    readonly subnetId: string;
    readonly sqlDnsZoneId: string;
    readonly devDnsZoneId: string;
  };
}

/**
 * The Synapse workspace on the lake: Entra ID authentication only (an admin group, no SQL login or password),
 * a managed virtual network that reaches the lake through managed private endpoints, data exfiltration
 * protection where the environment asks, private endpoints or config-only firewall rules, and an optional
 * auto-pausing Spark pool.
 */
export class AnalyticsSynapse extends Construct {
  readonly workspace: SynapseWorkspace;
  readonly sparkPool?: SynapseSparkPool;

  constructor(scope: Construct, id: string, props: AnalyticsSynapseProps) {
    super(scope, id);
    const { config, naming, resourceGroupName } = props;
    const synapse = config.synapse;

    this.workspace = new SynapseWorkspace(this, 'workspace', {
      name: naming.synapseWorkspace(),
      location: config.location,
      resourceGroupName,
      // Synapse takes the file system by its DFS URL, not by its ARM id.
      storageDataLakeGen2FilesystemId: `${platformEndpoints(naming).lakeDfs}/${SYNAPSE_FILE_SYSTEM}`,
      // No sql_administrator_login(_password): Entra ID is the only way in, administered by a group.
      azureadAuthenticationOnly: true,
      managedVirtualNetworkEnabled: true,
      dataExfiltrationProtectionEnabled: synapse.dataExfiltrationProtection,
      publicNetworkAccessEnabled: !props.privateEndpoint,
      managedResourceGroupName: naming.synapseManagedResourceGroup(),
      // Pipelines do not get SQL control through the workspace identity; grant SQL access explicitly.
      sqlIdentityControlEnabled: false,
      identity: { type: 'SystemAssigned' },
    });
    protect(this.workspace, config.protection, {
      noLockBecause: 'the kit manages its Spark pool, firewall rules and managed private endpoints',
    });

    // azurerm 4.x has no aad_admin block on the workspace any more: the admin is its own resource.
    new SynapseWorkspaceAadAdmin(this, 'entra-admin', {
      synapseWorkspaceId: this.workspace.id,
      login: synapse.sqlAdminGroup.name,
      objectId: synapse.sqlAdminGroup.objectId,
      tenantId: props.tenantId,
    });

    new RoleGrant(this, 'lake-access', {
      scope: props.fileSystemId,
      role: 'Storage Blob Data Contributor',
      principalId: this.workspace.identity.principalId,
      description: `Synapse workspace ${naming.synapseWorkspace()}: its primary file system in the lake`,
    });

    // How the deployer reaches the workspace's data plane (managed private endpoints are created through it).
    const dataPlaneAccess: TerraformResource[] = [];
    if (props.privateEndpoint) {
      const endpoints = [
        { subresource: 'Sql', zone: props.privateEndpoint.sqlDnsZoneId },
        { subresource: 'SqlOnDemand', zone: props.privateEndpoint.sqlDnsZoneId },
        { subresource: 'Dev', zone: props.privateEndpoint.devDnsZoneId },
      ];
      for (const { subresource, zone } of endpoints) {
        const endpoint = new PrivateEndpointFor(this, `private-endpoint-${subresource.toLowerCase()}`, {
          name: naming.privateEndpoint(naming.synapseWorkspace(), subresource),
          resourceGroupName,
          location: config.location,
          subnetId: props.privateEndpoint.subnetId,
          targetResourceId: this.workspace.id,
          subresource,
          privateDnsZoneId: zone,
        });
        if (subresource === 'Dev') dataPlaneAccess.push(endpoint.endpoint);
      }
    } else {
      // Public access on: nothing gets in but the ranges the environment lists (validated: never 0.0.0.0/0).
      for (const rule of synapse.firewallRules ?? []) {
        const firewallRule = new SynapseFirewallRule(this, `firewall-${rule.name}`, {
          name: rule.name,
          synapseWorkspaceId: this.workspace.id,
          startIpAddress: rule.startIp,
          endIpAddress: rule.endIp,
        });
        dataPlaneAccess.push(firewallRule);
      }
    }

    // Spark and pipelines run in the managed virtual network and reach the lake only through these endpoints.
    // They are created through the workspace's data plane (hence the dependency on the way in above) and start
    // out pending: approving them on the lake account's private endpoint connections is a one-time operator
    // step (the approval belongs to the lake's owner, not to this workspace).
    for (const subresource of ['dfs', 'blob']) {
      new SynapseManagedPrivateEndpoint(this, `lake-${subresource}`, {
        name: naming.managedPrivateEndpoint(naming.storageAccount(), subresource),
        synapseWorkspaceId: this.workspace.id,
        targetResourceId: props.lakeAccountId,
        subresourceName: subresource,
        dependsOn: dataPlaneAccess.length > 0 ? dataPlaneAccess : undefined,
      });
    }

    if (synapse.sparkPool) {
      const pool = synapse.sparkPool;
      this.sparkPool = new SynapseSparkPool(this, 'spark-pool', {
        name: naming.synapseSparkPool(),
        synapseWorkspaceId: this.workspace.id,
        nodeSizeFamily: 'MemoryOptimized',
        nodeSize: pool.nodeSize,
        sparkVersion: pool.sparkVersion,
        autoScale: { minNodeCount: pool.minNodes, maxNodeCount: pool.maxNodes },
        autoPause: { delayInMinutes: pool.autoPauseMinutes },
        // Libraries come from the workspace (reviewed), not from notebooks at run time.
        sessionLevelPackagesEnabled: false,
      });
    }

    new Diagnostics(this, 'diagnostics', {
      targetResourceId: this.workspace.id,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
    });
  }
}
