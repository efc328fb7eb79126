import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { KubernetesClusterNodePool } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool';
import type { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { Construct } from 'constructs';
import { formatIp, parseCidr } from '../../config/cidr';
import { AKS_DEFAULTS } from '../../config/rules/aks';
import type { AksConfig, EnvironmentConfig } from '../../environments/schema';
import type { Naming } from '../../naming/names';
import { publicAllowList } from '../constructs/allow-list';
import { Diagnostics } from '../constructs/diagnostics';
import { protect } from '../constructs/protection';
import { ContainerInsights } from './container-insights';

export interface AksClusterProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  readonly resourceGroupName: string;
  /** The nodes' subnet (Azure CNI overlay: pods take addresses from `aks.podCidr`, not from the VNet). */
  readonly subnetId: string;
  readonly logAnalyticsWorkspaceId: string;
  /** Tenant of the Entra ID groups that administer the cluster. */
  readonly tenantId: string;
  /**
   * The control plane's identity (user-assigned, so that its grants exist before the cluster: the foundation
   * creates them, see `stacks/foundation/aks-identity-grants.ts`).
   */
  readonly controlPlaneIdentity: UserAssignedIdentity;
  /** The nodes' identity: it pulls images (AcrPull on the registry). */
  readonly kubeletIdentity: UserAssignedIdentity;
  /**
   * The deployment agents' egress address (`FoundationStack.agentEgressIp`), added to the authorized ranges of a
   * public API server (dev) so that the rollout's kubectl gets in. @default - only the configured ranges
   */
  readonly agentEgressIp?: string;
  /**
   * The `privatelink.<region>.azmk8s.io` zone a private cluster registers its API server in.
   * @default - AKS manages the zone itself (`System`); only used for a private cluster
   */
  readonly privateDnsZoneId?: string;
}

/** Control plane logs that matter for security and operations; `kube-audit` (every read) is left out for cost. */
export const AKS_LOG_CATEGORIES = [
  'kube-apiserver',
  'kube-audit-admin',
  'kube-controller-manager',
  'kube-scheduler',
  'cluster-autoscaler',
  'guard',
] as const;

/**
 * The AKS cluster and its user node pool.
 *
 * - Two pools: `system` (tainted `CriticalAddonsOnly`, zone-spread) for AKS add-ons, `workloads` for the kit's
 *   StatefulSets; both autoscale between the configured counts.
 * - Azure CNI overlay with the configured network policy engine (Cilium runs as the data plane too).
 * - Identity: Entra ID only (Azure RBAC for Kubernetes, local accounts off), OIDC issuer and workload identity
 *   for pods, user-assigned control plane and kubelet identities from the foundation.
 * - API server: private (registered in the foundation's private DNS zone) or public behind authorized ranges.
 * - Add-ons: Container Insights (managed identity auth), Azure Policy, Key Vault secrets provider with rotation,
 *   disk CSI driver (the StatefulSets' volumes), image cleaner.
 * - Upgrades: automatic cluster and node OS channels, both inside the weekly maintenance window; every pool
 *   surges by a third of its nodes (AKS's production recommendation: faster than 1 node at a time, and a
 *   drained pod has a new node in its own pool, hence its own zone, to go to).
 * - Zones: with `aks.userPool.perZone` one user pool per zone, balanced by the cluster autoscaler
 *   (`balance_similar_node_groups`). The autoscaler is not zone-aware within one multi-zone pool: a pending pod
 *   that must go to zone 2 may get a node in zone 1. Per-zone pools let it pick the pool of the right zone.
 * - Host encryption (`aks.hostEncryption`): OS/temp disks and caches encrypted at the VM host. Needs the
 *   subscription feature `Microsoft.Compute/EncryptionAtHost` registered before the apply (preflight checks
 *   it from `host_encryption_enabled` in the synthesized JSON); AKS rotates an existing pool to switch it
 *   (through `temporary_name_for_rotation`: new nodes, pods drained over, old nodes deleted).
 */
export class AksCluster extends Construct {
  readonly cluster: KubernetesCluster;
  /** The workloads' pools: one over all zones, or one per zone (`aks.userPool.perZone`). */
  readonly userPools: readonly KubernetesClusterNodePool[];

  constructor(scope: Construct, id: string, props: AksClusterProps) {
    super(scope, id);
    const { config, naming } = props;
    const aks = config.aks;
    const zones = aks.zones && aks.zones.length > 0 ? [...aks.zones] : undefined;
    const serviceCidr = aks.serviceCidr ?? AKS_DEFAULTS.serviceCidr;
    const privateCluster = aks.apiServer.privateCluster;

    const upgrades = aks.upgradeChannel !== 'none';
    const nodeOsUpdates =
      aks.nodeOsUpgradeChannel === 'NodeImage' || aks.nodeOsUpgradeChannel === 'SecurityPatch';

    this.cluster = new KubernetesCluster(this, 'cluster', {
      name: naming.kubernetesCluster(),
      location: config.location,
      resourceGroupName: props.resourceGroupName,
      dnsPrefix: naming.kubernetesDnsPrefix(),
      nodeResourceGroup: naming.kubernetesNodeResourceGroup(),
      kubernetesVersion: aks.kubernetesVersion,
      skuTier: aks.sku,

      defaultNodePool: {
        name: naming.nodePool('system'),
        temporaryNameForRotation: naming.nodePoolRotation('system'),
        vmSize: aks.systemPool.vmSize,
        // Taints the pool CriticalAddonsOnly=true:NoSchedule: workloads go to the user pool.
        onlyCriticalAddonsEnabled: true,
        autoScalingEnabled: true,
        minCount: aks.systemPool.minCount,
        maxCount: aks.systemPool.maxCount,
        nodeCount: aks.systemPool.minCount,
        zones,
        vnetSubnetId: props.subnetId,
        osSku: 'AzureLinux',
        nodePublicIpEnabled: false,
        hostEncryptionEnabled: aks.hostEncryption ?? false,
        upgradeSettings: { maxSurge: MAX_SURGE },
      },

      // Similar pools (same VM size, one per zone) grow and shrink together, so each zone keeps capacity.
      // `skip_nodes_with_local_storage` is sent as false when unset; explicit here: the pods' only local
      // storage is the /tmp scratch emptyDir, which must not keep an empty node alive.
      autoScalerProfile: { balanceSimilarNodeGroups: true, skipNodesWithLocalStorage: false },

      identity: { type: 'UserAssigned', identityIds: [props.controlPlaneIdentity.id] },
      kubeletIdentity: {
        clientId: props.kubeletIdentity.clientId,
        objectId: props.kubeletIdentity.principalId,
        userAssignedIdentityId: props.kubeletIdentity.id,
      },

      networkProfile: networkProfile(aks, serviceCidr),

      privateClusterEnabled: privateCluster,
      privateDnsZoneId: privateCluster ? (props.privateDnsZoneId ?? 'System') : undefined,
      privateClusterPublicFqdnEnabled: privateCluster ? false : undefined,
      apiServerAccessProfile: aks.apiServer.privateCluster
        ? undefined
        : { authorizedIpRanges: publicAllowList(aks.apiServer.authorizedIpRanges, props.agentEgressIp) },

      roleBasedAccessControlEnabled: true,
      azureActiveDirectoryRoleBasedAccessControl: {
        azureRbacEnabled: true,
        adminGroupObjectIds: [...aks.adminGroupObjectIds],
        tenantId: props.tenantId,
      },
      localAccountDisabled: true,
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,

      omsAgent: { logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId, msiAuthForMonitoringEnabled: true },
      // Managed Prometheus: the metrics add-on; its workspace, collection rule and alerts are in <env>-operations.
      monitorMetrics: {},
      // Defender for Containers' sensor, only where the environment turns Defender on (see stacks/operations/defender.ts).
      microsoftDefender: config.operations.defender.enabled
        ? { logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId }
        : undefined,
      // Cost per namespace and workload in Cost Management (needs the Standard or Premium tier).
      costAnalysisEnabled: aks.sku !== 'Free',
      azurePolicyEnabled: true,
      keyVaultSecretsProvider: { secretRotationEnabled: true, secretRotationInterval: '2m' },
      // The StatefulSets' volumes are Azure Disks; the file and blob drivers are not used, so not installed.
      storageProfile: {
        diskDriverEnabled: true,
        fileDriverEnabled: false,
        blobDriverEnabled: false,
        snapshotControllerEnabled: true,
      },
      imageCleanerEnabled: true,
      imageCleanerIntervalHours: 48,

      automaticUpgradeChannel: upgrades ? aks.upgradeChannel : undefined,
      nodeOsUpgradeChannel: aks.nodeOsUpgradeChannel,
      maintenanceWindowAutoUpgrade: upgrades ? weekly(aks.maintenanceWindow) : undefined,
      maintenanceWindowNodeOs: nodeOsUpdates ? weekly(aks.maintenanceWindow) : undefined,

      // The autoscaler owns the node count after creation.
      lifecycle: { ignoreChanges: ['default_node_pool[0].node_count'] },
    });
    // prevent_destroy only: a CanNotDelete lock on the cluster would also block deleting its node pools, which
    // AKS does itself when it rotates a pool (resize, zone change) through `temporary_name_for_rotation`.
    protect(this.cluster, config.protection, {
      noLockBecause:
        'the kit manages its node pools (AKS deletes and re-creates them when it rotates a pool)',
    });

    const userPool = (id: string, purpose: string, poolZones: string[] | undefined) =>
      new KubernetesClusterNodePool(this, id, {
        name: naming.nodePool(purpose),
        temporaryNameForRotation: naming.nodePoolRotation(purpose),
        kubernetesClusterId: this.cluster.id,
        mode: 'User',
        vmSize: aks.userPool.vmSize,
        autoScalingEnabled: true,
        minCount: aks.userPool.minCount,
        maxCount: aks.userPool.maxCount,
        nodeCount: aks.userPool.minCount,
        zones: poolZones,
        vnetSubnetId: props.subnetId,
        osType: 'Linux',
        osSku: 'AzureLinux',
        nodePublicIpEnabled: false,
        hostEncryptionEnabled: aks.hostEncryption ?? false,
        upgradeSettings: { maxSurge: MAX_SURGE },
        lifecycle: { ignoreChanges: ['node_count'] },
      });
    // `user-pool` stays the id of the single pool (ids are a contract). Switching an existing cluster to
    // per-zone pools creates the zone pools and deletes `workloads` in one apply; AKS drains the old nodes
    // honouring the PodDisruptionBudgets (see docs/kubernetes.md, "Node pools").
    this.userPools =
      aks.userPool.perZone && zones
        ? zones.map((zone) => userPool(`user-pool-zone-${zone}`, zonePoolPurpose(zone), [zone]))
        : [userPool('user-pool', 'workloads', zones)];

    new ContainerInsights(this, 'container-insights', {
      name: naming.dataCollectionRule('container-insights'),
      resourceGroupName: props.resourceGroupName,
      location: config.location,
      clusterId: this.cluster.id,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
    });

    new Diagnostics(this, 'diagnostics', {
      targetResourceId: this.cluster.id,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      logCategoryGroups: [],
      logCategories: AKS_LOG_CATEGORIES,
      // AKS writes to resource-specific tables (AKSAudit, AKSAuditAdmin, AKSControlPlane).
      destinationType: 'Dedicated',
    });
  }
}

/** Surge of every pool during upgrades: a third of its nodes, at least one (AKS rounds up). */
export const MAX_SURGE = '33%';

/** The pool purpose (and name) of a zone's user pool: `workz1`; its rotation name `workz1tmp` stays unique. */
export function zonePoolPurpose(zone: string): string {
  return `workz${zone}`;
}

function networkProfile(aks: AksConfig, serviceCidr: string) {
  return {
    networkPlugin: 'azure',
    networkPluginMode: 'overlay',
    networkPolicy: aks.networkPolicy,
    // Cilium enforces policy only as the data plane (Azure CNI powered by Cilium).
    networkDataPlane: aks.networkPolicy === 'cilium' ? 'cilium' : 'azure',
    // ACNS security: Cilium enforces the workloads' FQDN policies (Entra ID by name). Switched on in place
    // (the provider updates the managed cluster); billed per node while on.
    advancedNetworking: aks.containerNetworkSecurity ? { securityEnabled: true } : undefined,
    podCidr: aks.podCidr ?? AKS_DEFAULTS.podCidr,
    serviceCidr,
    dnsServiceIp: dnsServiceIp(serviceCidr),
    loadBalancerSku: 'standard',
    // The AKS subnet has no default outbound access and no NAT gateway: nodes leave through the load balancer.
    outboundType: 'loadBalancer',
  };
}

/** The cluster DNS service's address: the 10th address of the service range, as AKS does by default. */
export function dnsServiceIp(serviceCidr: string): string {
  const range = parseCidr(serviceCidr);
  if (!range) throw new Error(`aks.serviceCidr '${serviceCidr}' is not a CIDR (validate the config first)`);
  return formatIp(range.start + 10);
}

/** A weekly window in UTC, e.g. Sunday 01:00 for 4 hours. */
function weekly(window: AksConfig['maintenanceWindow']) {
  return {
    frequency: 'Weekly',
    interval: 1,
    dayOfWeek: window.dayOfWeek,
    startTime: `${String(window.startHour).padStart(2, '0')}:00`,
    utcOffset: '+00:00',
    duration: window.durationHours,
  };
}
