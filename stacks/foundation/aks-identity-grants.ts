import type { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { Construct } from 'constructs';
import { RoleGrant } from '../constructs/role-assignment';

export interface AksIdentityGrantsProps {
  /** The AKS control plane's user-assigned identity. */
  readonly controlPlaneIdentity: UserAssignedIdentity;
  /** The nodes' identity, which the control plane assigns to the node VMs. */
  readonly kubeletIdentity: UserAssignedIdentity;
  /** The AKS nodes' subnet. */
  readonly subnetId: string;
  /**
   * The `privatelink.<region>.azmk8s.io` zone a private cluster registers its API server in.
   * @default - no zone grant (public API server, or AKS manages its own zone)
   */
  readonly privateDnsZoneId?: string;
}

/**
 * What the AKS control plane identity must be allowed to do before AKS can build a cluster with it.
 *
 * In the foundation, not beside the cluster: Azure documents that role assignments can take minutes (up to an
 * hour in rare cases) to reach every resource provider, and AKS checks these rights while it creates the cluster.
 * Created with the identities, they exist at least one pipeline run before `<env>-compute` first creates the
 * cluster (compute is deferred while the foundation's outputs change, see docs/azure-devops.md "deferred").
 *
 * The construct id (`aks`) and the grants' ids are those they had under the compute stack, so the construct
 * paths read the same; the Terraform resources still move state (see docs/deployers.md "Moved grants").
 */
export class AksIdentityGrants extends Construct {
  readonly grants: readonly RoleGrant[];

  constructor(scope: Construct, id: string, props: AksIdentityGrantsProps) {
    super(scope, id);
    const controlPlane = props.controlPlaneIdentity.principalId;
    const grants = [
      new RoleGrant(this, 'control-plane-operates-kubelet-identity', {
        scope: props.kubeletIdentity.id,
        role: 'Managed Identity Operator',
        principalId: controlPlane,
        description: 'AKS control plane assigns the kubelet identity to the nodes',
      }),
      new RoleGrant(this, 'control-plane-joins-subnet', {
        scope: props.subnetId,
        role: 'Network Contributor',
        principalId: controlPlane,
        description: 'AKS control plane joins nodes and internal load balancers to the AKS subnet',
      }),
    ];
    if (props.privateDnsZoneId) {
      grants.push(
        new RoleGrant(this, 'control-plane-registers-api-server', {
          scope: props.privateDnsZoneId,
          role: 'Private DNS Zone Contributor',
          principalId: controlPlane,
          description: 'AKS control plane registers the private API server in its private DNS zone',
        }),
      );
    }
    this.grants = grants;
  }
}
