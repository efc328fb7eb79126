import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import type { Construct } from 'constructs';
import type { PrivateDnsZoneKey } from '../../environments/schema';
import { isProduction } from '../../policies/rule';
import { Diagnostics } from '../constructs/diagnostics';
import { RoleGrant } from '../constructs/role-assignment';
import { AzapiProvider } from '../data/azapi';
import { LayerStack, type LayerStackProps } from '../layer-stack';
import { DeploymentAgents } from './agents';
import { AksIdentityGrants } from './aks-identity-grants';
import { PlatformKeyVault } from './key-vault';
import { LogAnalytics } from './log-analytics';
import { Network } from './network';
import { PrivateDns } from './private-dns';

/** Resource groups by what they hold; each layer deploys into its own. */
export type ResourceGroupKey = 'network' | 'platform' | 'data' | 'compute';

/**
 * `<env>-foundation`: what every other layer stands on. Resource groups, the VNet with a subnet (and NSG) per
 * tier, private DNS zones, Log Analytics, Key Vault and the platform's managed identities.
 *
 * Later stacks take this stack as a prop and read its public fields; cdktf turns those reads into outputs and
 * remote-state lookups and records the dependency in `cdktf.out/manifest.json`.
 */
export class FoundationStack extends LayerStack {
  readonly resourceGroups: Readonly<Record<ResourceGroupKey, ResourceGroup>>;
  readonly network: Network;
  /** Private DNS zone ids by service; undefined when the environment uses no private endpoints. */
  readonly privateDnsZoneIds?: Readonly<Record<PrivateDnsZoneKey, string>>;
  readonly logAnalyticsWorkspaceId: string;
  readonly keyVault: PlatformKeyVault;
  /** The environment's deployment agents (Managed DevOps Pool on the `agents` subnet). */
  readonly agents: DeploymentAgents;
  /**
   * The agents' static egress address (the NAT gateway's public IP): dev's service firewalls allow it by this
   * reference (`publicAllowList`).
   */
  readonly agentEgressIp: string;
  /** The Entra ID tenant of the deployment. */
  readonly tenantId: string;
  /** AKS control plane and kubelet identities (user-assigned, so that grants can exist before the cluster). */
  readonly identities: Readonly<{ aksControlPlane: UserAssignedIdentity; aksKubelet: UserAssignedIdentity }>;
  /** The AKS control plane identity's grants, created here so they have propagated when the cluster is built. */
  readonly aksGrants: AksIdentityGrants;

  constructor(scope: Construct, props: LayerStackProps) {
    super(scope, 'foundation', props);
    const { config, naming } = this;
    const location = config.location;

    const groups: Partial<Record<ResourceGroupKey, ResourceGroup>> = {};
    for (const key of ['network', 'platform', 'data', 'compute'] as const) {
      groups[key] = new ResourceGroup(this, `rg-${key}`, { name: naming.resourceGroup(key), location });
    }
    this.resourceGroups = groups as Record<ResourceGroupKey, ResourceGroup>;

    this.tenantId = config.tenantId ?? new DataAzurermClientConfig(this, 'client').tenantId;

    const logAnalytics = new LogAnalytics(this, 'log-analytics', {
      config,
      naming,
      resourceGroupName: this.resourceGroups.platform.name,
    });
    this.logAnalyticsWorkspaceId = logAnalytics.workspace.id;
    new Diagnostics(this, 'log-analytics-diagnostics', {
      targetResourceId: logAnalytics.workspace.id,
      logAnalyticsWorkspaceId: this.logAnalyticsWorkspaceId,
    });

    this.network = new Network(this, 'network', {
      network: config.network,
      naming,
      resourceGroupName: this.resourceGroups.network.name,
      location,
      logAnalyticsWorkspaceId: this.logAnalyticsWorkspaceId,
      production: isProduction(config),
    });

    this.agentEgressIp = this.network.natPublicIp.ipAddress;
    this.agents = new DeploymentAgents(this, 'agents', {
      config,
      naming,
      azapi: new AzapiProvider(this, 'azapi', {
        subscriptionId: config.subscriptionId,
        tenantId: config.tenantId,
      }),
      resourceGroup: this.resourceGroups.platform,
      virtualNetworkId: this.network.virtualNetwork.id,
      subnetId: this.network.subnets.agents.id,
      tags: this.tags,
    });

    if (config.network.privateEndpoints) {
      // The platform VNet holds the agents subnet, so its link serves the agents too; other VNets that must
      // resolve private names (a hub, other agents) are listed in network.dnsLinkedVnetIds.
      const dns = new PrivateDns(this, 'private-dns', {
        location,
        resourceGroupName: this.resourceGroups.network.name,
        virtualNetworkId: this.network.virtualNetwork.id,
        linkedVirtualNetworkIds: config.network.dnsLinkedVnetIds ?? [],
        vnetLinkName: `link-${naming.virtualNetwork()}`,
        existingZoneIds: config.network.privateDnsZoneIds ?? {},
      });
      this.privateDnsZoneIds = dns.zoneIds;
    }

    this.keyVault = new PlatformKeyVault(this, 'key-vault', {
      config,
      naming,
      resourceGroupName: this.resourceGroups.platform.name,
      tenantId: this.tenantId,
      logAnalyticsWorkspaceId: this.logAnalyticsWorkspaceId,
      agentEgressIp: this.agentEgressIp,
      allowedSubnetIds: [this.network.subnets.aks.id],
      privateEndpoint: this.privateDnsZoneIds
        ? { subnetId: this.network.subnets.privateEndpoints.id, dnsZoneId: this.privateDnsZoneIds.vault }
        : undefined,
    });

    const identity = (id: string, purpose: string) =>
      new UserAssignedIdentity(this, id, {
        name: naming.managedIdentity(purpose),
        location,
        resourceGroupName: this.resourceGroups.platform.name,
      });
    this.identities = {
      aksControlPlane: identity('identity-aks-control-plane', 'aks-control-plane'),
      aksKubelet: identity('identity-aks-kubelet', 'aks-kubelet'),
    };
    // Event Hubs checks, when capture is switched on (data layer), that the principal making the request may write
    // blobs in the destination account ("Linked access check failed for capture storage destination ... doesn't
    // have the required data plane write permissions", SubCode 40000; Azure/azure-sdk-for-js#30204). The check is
    // on the storage account, so a grant on the bronze file system alone does not pass it. Granted here, on the
    // data resource group (it holds only the lake), so it exists and has propagated before the data layer's apply.
    const deployer = config.deployers?.apply.principalId;
    if (deployer) {
      new RoleGrant(this, 'deployer-capture-check', {
        scope: this.resourceGroups.data.id,
        role: 'Storage Blob Data Contributor',
        principalId: deployer,
        description:
          'The apply identity switches on Event Hubs capture into the lake: Azure checks its blob write access on the account',
      });
    }

    // The one secret Terraform writes through a data plane: the Synapse SQL admin password (analytics layer) in
    // this vault. Azure RBAC (no access policies), granted here, a layer before the secret is written, so that the
    // grant has propagated: the apply identity writes it, the plan identity refreshes it. Scoped to the platform
    // resource group (its only vault is this one), not the vault: prod locks the vault, and a grant under the lock
    // could never be removed (409 ScopeLocked) when `deployers` changes.
    if (deployer) {
      new RoleGrant(this, 'deployer-vault-secrets', {
        scope: this.resourceGroups.platform.id,
        role: 'Key Vault Secrets Officer',
        principalId: deployer,
        description: 'The apply identity writes the Synapse SQL admin password into the platform vault',
      });
    }
    const planner = config.deployers?.plan?.principalId;
    if (planner) {
      new RoleGrant(this, 'planner-vault-secrets', {
        scope: this.resourceGroups.platform.id,
        role: 'Key Vault Secrets User',
        principalId: planner,
        description: 'The plan identity reads the Synapse SQL admin password secret when it refreshes state',
      });
    }

    // One run ahead of the cluster that needs them (role assignments take time to propagate).
    this.aksGrants = new AksIdentityGrants(this, 'aks', {
      controlPlaneIdentity: this.identities.aksControlPlane,
      kubeletIdentity: this.identities.aksKubelet,
      subnetId: this.network.subnets.aks.id,
      privateDnsZoneId: config.aks.apiServer.privateCluster ? this.privateDnsZoneIds?.aks : undefined,
    });
  }
}
