import { KeyVaultSecret } from '@cdktf/provider-azurerm/lib/key-vault-secret';
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
import { AGENTS_FIREWALL_RULE } from '../constructs/allow-list';
import { Diagnostics } from '../constructs/diagnostics';
import { PrivateEndpointFor } from '../constructs/private-endpoint';
import { protect } from '../constructs/protection';
import { RandomPassword, type RandomProvider } from '../constructs/random-password';
import { RoleGrant } from '../constructs/role-assignment';
import type { TimeProvider } from '../constructs/time-sleep';
import type { AzapiProvider } from '../data/azapi';
import { LakeEndpointApprovals } from './lake-endpoint-approvals';

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
  /** The platform Key Vault: keeps the SQL administrator's generated password (and nothing else carries it). */
  readonly keyVaultId: string;
  /** The deployment agents' egress address: a firewall rule while public access is on (dev). @default - none */
  readonly agentEgressIp?: string;
  readonly providers: {
    readonly azapi: AzapiProvider;
    readonly random: RandomProvider;
    readonly time: TimeProvider;
  };
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

/** The SQL administrator login: set because azurerm 4.55 sends an empty one otherwise (see below). */
export const SYNAPSE_SQL_ADMIN_LOGIN = 'sqladminuser';
/** The Key Vault secret that holds its generated password. */
export const SYNAPSE_SQL_ADMIN_SECRET = 'synapse-sql-admin-password';

/**
 * The Synapse workspace on the lake: Entra ID authentication only (an admin group; the SQL login exists but its
 * generated password sits only in Key Vault and Entra-only authentication refuses it anyway),
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

    // sql_administrator_login (provider v4.55.0 synapse_workspace_resource.go): Optional and ForceNew, sent as ""
    // when unset, and Read stores whatever login Azure reports. Unset, the workspace either fails to create or
    // plans a replacement on the next apply once Azure reports a login; so the kit sets one, with a generated
    // password that only Key Vault keeps (never an output). Entra-only authentication stays on: nobody signs in
    // with it unless an administrator turns that off (break glass).
    const sqlPassword = new RandomPassword(this, 'sql-admin-password', { provider: props.providers.random });
    this.workspace = new SynapseWorkspace(this, 'workspace', {
      name: naming.synapseWorkspace(),
      location: config.location,
      resourceGroupName,
      // Synapse takes the file system by its DFS URL, not by its ARM id.
      storageDataLakeGen2FilesystemId: `${platformEndpoints(naming).lakeDfs}/${SYNAPSE_FILE_SYSTEM}`,
      sqlAdministratorLogin: SYNAPSE_SQL_ADMIN_LOGIN,
      sqlAdministratorLoginPassword: sqlPassword.result,
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

    // Data plane of Key Vault: dev reaches it through the public endpoint (the agents' egress IP is on its
    // firewall), test and prod through its private endpoint (the agents' VNet resolves privatelink.vaultcore).
    // The deploying identity needs Key Vault Secrets Officer on the vault (docs/agents.md).
    new KeyVaultSecret(this, 'sql-admin-password-secret', {
      name: SYNAPSE_SQL_ADMIN_SECRET,
      keyVaultId: props.keyVaultId,
      value: sqlPassword.result,
      contentType: `password of SQL login ${SYNAPSE_SQL_ADMIN_LOGIN} on ${naming.synapseWorkspace()} (Entra-only auth on)`,
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
      // The deployment agents create the managed private endpoints through the workspace's data plane.
      if (props.agentEgressIp !== undefined) {
        dataPlaneAccess.push(
          new SynapseFirewallRule(this, 'firewall-deployment-agents', {
            name: AGENTS_FIREWALL_RULE,
            synapseWorkspaceId: this.workspace.id,
            startIpAddress: props.agentEgressIp,
            endIpAddress: props.agentEgressIp,
          }),
        );
      }
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
    // out pending on the lake; `LakeEndpointApprovals` approves exactly these two.
    const managedEndpoints: SynapseManagedPrivateEndpoint[] = [];
    for (const subresource of ['dfs', 'blob']) {
      const endpoint = new SynapseManagedPrivateEndpoint(this, `lake-${subresource}`, {
        name: naming.managedPrivateEndpoint(naming.storageAccount(), subresource),
        synapseWorkspaceId: this.workspace.id,
        targetResourceId: props.lakeAccountId,
        subresourceName: subresource,
        dependsOn: dataPlaneAccess.length > 0 ? dataPlaneAccess : undefined,
      });
      managedEndpoints.push(endpoint);
    }
    new LakeEndpointApprovals(this, 'lake-approvals', {
      azapi: props.providers.azapi,
      time: props.providers.time,
      lakeAccountId: props.lakeAccountId,
      workspaceName: naming.synapseWorkspace(),
      managedEndpoints,
    });

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
