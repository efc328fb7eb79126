import { DatabricksAccessConnector } from '@cdktf/provider-azurerm/lib/databricks-access-connector';
import { DatabricksWorkspace } from '@cdktf/provider-azurerm/lib/databricks-workspace';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../environments/schema';
import type { Naming } from '../../naming/names';
import { Diagnostics } from '../constructs/diagnostics';
import { PrivateEndpointFor } from '../constructs/private-endpoint';
import { protect } from '../constructs/protection';
import { type BuiltInRole, RoleGrant } from '../constructs/role-assignment';

/**
 * What Unity Catalog (through the access connector) may do in each lake file system, least privilege:
 * its own root and the layers it writes get Contributor, bronze (written by Event Hubs Capture) is read only.
 */
export const DATABRICKS_LAKE_ACCESS: Readonly<Record<string, BuiltInRole>> = {
  'unity-catalog': 'Storage Blob Data Contributor',
  // Raw files that Auto Loader reads (read-only external location in the lakehouse layer).
  landing: 'Storage Blob Data Reader',
  bronze: 'Storage Blob Data Reader',
  silver: 'Storage Blob Data Contributor',
  gold: 'Storage Blob Data Contributor',
};

export interface LakehouseDatabricksProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  readonly resourceGroupName: string;
  readonly logAnalyticsWorkspaceId: string;
  /** VNet injection: the VNet, the two delegated subnets and their NSG associations (Databricks requires both). */
  readonly vnet: {
    readonly virtualNetworkId: string;
    /** The host ("public") subnet. */
    readonly hostSubnetName: string;
    /** The container ("private") subnet. */
    readonly containerSubnetName: string;
    readonly hostNsgAssociationId: string;
    readonly containerNsgAssociationId: string;
  };
  /** ARM ids of the lake's file systems by name; every key of `DATABRICKS_LAKE_ACCESS` must be present. */
  readonly fileSystemIds: Readonly<Record<string, string>>;
  /** ARM ids of the `-validated` event hubs by hub name; streaming jobs read them with the `databricks` group. */
  readonly validatedHubIds: Readonly<Record<string, string>>;
  /**
   * Private link: a `databricks_ui_api` private endpoint in this subnet, public network access off.
   * @default - public network access on (clusters still have no public IPs)
   */
  readonly privateEndpoint?: {
    readonly subnetId: string;
    readonly dnsZoneId: string;
    /**
     * The `blob` and `dfs` zones: with private link the workspace's own storage account (DBFS root) gets its
     * firewall and the clusters reach it through private endpoints registered there.
     */
    readonly storageDnsZoneIds: { readonly blob: string; readonly dfs: string };
  };
}

/** The workspace's private endpoints (construct id → sub-resource), all in the `privatelink.azuredatabricks.net` zone. */
const DATABRICKS_PRIVATE_ENDPOINTS = [
  // Front end (UI, REST API) and back end (clusters to control plane): the clusters run in the same VNet.
  { id: 'private-endpoint', subresource: 'databricks_ui_api' },
  // With public access off, the browser sign-in (SSO callback) needs its own endpoint. Azure allows one per region
  // and zone; this workspace hosts it (a separate "web auth" workspace also works).
  { id: 'private-endpoint-browser-auth', subresource: 'browser_authentication' },
] as const;

/**
 * The Databricks workspace: premium, injected into the foundation's delegated subnets with no public IPs on
 * cluster nodes, private link where the environment asks, and an access connector whose managed identity is
 * Unity Catalog's way into the lake and the validated event hubs.
 */
export class LakehouseDatabricks extends Construct {
  readonly workspace: DatabricksWorkspace;
  readonly accessConnector: DatabricksAccessConnector;

  constructor(scope: Construct, id: string, props: LakehouseDatabricksProps) {
    super(scope, id);
    const { config, naming, resourceGroupName, vnet } = props;
    const privateLink = props.privateEndpoint !== undefined;

    // Unity Catalog's identity, and with private link the identity the workspace's own storage trusts: it exists
    // before the workspace (the workspace refers to it).
    this.accessConnector = new DatabricksAccessConnector(this, 'access-connector', {
      name: naming.databricksAccessConnector(),
      location: config.location,
      resourceGroupName,
      identity: { type: 'SystemAssigned' },
    });

    this.workspace = new DatabricksWorkspace(this, 'workspace', {
      name: naming.databricksWorkspace(),
      location: config.location,
      resourceGroupName,
      // Premium: private link, infrastructure encryption, Unity Catalog and diagnostic logs need it.
      sku: 'premium',
      managedResourceGroupName: naming.databricksManagedResourceGroup(),
      publicNetworkAccessEnabled: !privateLink,
      // Without public access the data plane reaches the control plane through the private endpoint, so
      // Databricks adds no NSG rules for its public service tags.
      networkSecurityGroupRulesRequired: privateLink ? 'NoAzureDatabricksRules' : 'AllRules',
      infrastructureEncryptionEnabled: config.databricks.infrastructureEncryption,
      // With private link, the workspace storage account (DBFS root, managed resource group) denies public networks:
      // Databricks reaches it as the access connector (a resource instance rule it sets up), the clusters through
      // the `dfs`/`blob` private endpoints below. Both arguments go together (RequiredWith in azurerm 4.55) and are
      // updated in place. Without private link there is no private endpoint for the clusters, so it stays open, and
      // both stay unset (RequiredWith counts an explicit false as set).
      defaultStorageFirewallEnabled: privateLink ? true : undefined,
      accessConnectorId: privateLink ? this.accessConnector.id : undefined,
      // Enhanced security monitoring (hardened image, monitoring agents) and automatic cluster update (restarts in
      // the maintenance window with current images). The compliance security profile is not turned on: turning it
      // off again replaces the workspace (ForceNewIfChange in azurerm 4.55) and it limits the VM sizes.
      enhancedSecurityCompliance: config.databricks.enhancedSecurity
        ? {
            automaticClusterUpdateEnabled: true,
            enhancedSecurityMonitoringEnabled: true,
            complianceSecurityProfileEnabled: false,
          }
        : undefined,
      customParameters: {
        virtualNetworkId: vnet.virtualNetworkId,
        publicSubnetName: vnet.hostSubnetName,
        privateSubnetName: vnet.containerSubnetName,
        publicSubnetNetworkSecurityGroupAssociationId: vnet.hostNsgAssociationId,
        privateSubnetNetworkSecurityGroupAssociationId: vnet.containerNsgAssociationId,
        // Secure cluster connectivity: nodes get no public IPs and leave through the foundation's NAT gateway.
        noPublicIp: true,
      },
    });
    protect(this.workspace, config.protection);

    new Diagnostics(this, 'diagnostics', {
      targetResourceId: this.workspace.id,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      metrics: false, // Databricks workspaces have logs only
    });

    if (props.privateEndpoint) {
      for (const { id, subresource } of DATABRICKS_PRIVATE_ENDPOINTS) {
        new PrivateEndpointFor(this, id, {
          name: naming.privateEndpoint(naming.databricksWorkspace(), subresource),
          resourceGroupName,
          location: config.location,
          subnetId: props.privateEndpoint.subnetId,
          targetResourceId: this.workspace.id,
          subresource,
          privateDnsZoneId: props.privateEndpoint.dnsZoneId,
        });
      }
      // The workspace storage account is Databricks' (in the managed resource group): its id is known once the
      // workspace exists (the API fills in custom_parameters.storage_account_name), so these come on the same apply.
      const storageAccountId = `${this.workspace.managedResourceGroupId}/providers/Microsoft.Storage/storageAccounts/${this.workspace.customParameters.storageAccountName}`;
      for (const subresource of ['dfs', 'blob'] as const) {
        new PrivateEndpointFor(this, `private-endpoint-storage-${subresource}`, {
          name: naming.privateEndpoint(`${naming.databricksWorkspace()}-storage`, subresource),
          resourceGroupName,
          location: config.location,
          subnetId: props.privateEndpoint.subnetId,
          targetResourceId: storageAccountId,
          subresource,
          privateDnsZoneId: props.privateEndpoint.storageDnsZoneIds[subresource],
        });
      }
    }

    const principalId = this.accessConnector.identity.principalId;

    for (const [fileSystem, role] of Object.entries(DATABRICKS_LAKE_ACCESS)) {
      const scope = props.fileSystemIds[fileSystem];
      if (!scope)
        throw new Error(`Databricks ${this.node.path}: the lake has no '${fileSystem}' file system.`);
      new RoleGrant(this, `lake-access-${fileSystem}`, {
        scope,
        role,
        principalId,
        description: `Databricks Unity Catalog (${naming.databricksAccessConnector()}): ${fileSystem} file system`,
      });
    }

    for (const [hub, scope] of Object.entries(props.validatedHubIds)) {
      new RoleGrant(this, `hub-access-${hub}`, {
        scope,
        role: 'Azure Event Hubs Data Receiver',
        principalId,
        description: `Databricks streaming (${naming.databricksAccessConnector()}): reads ${hub} as consumer group databricks`,
      });
    }
  }
}
