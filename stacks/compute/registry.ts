import { ContainerRegistry } from '@cdktf/provider-azurerm/lib/container-registry';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../environments/schema';
import type { Naming } from '../../naming/names';
import { publicAllowList } from '../constructs/allow-list';
import { Diagnostics } from '../constructs/diagnostics';
import { PrivateEndpointFor } from '../constructs/private-endpoint';
import { protect } from '../constructs/protection';
import { RoleGrant } from '../constructs/role-assignment';

export interface PlatformRegistryProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  readonly resourceGroupName: string;
  readonly logAnalyticsWorkspaceId: string;
  /**
   * The deployment agents' egress address, allowed by a Premium registry's IP rules while public.
   * @default - only `network.allowedIpRanges`
   */
  readonly agentEgressIp?: string;
  /**
   * When set, a private endpoint (sub-resource `registry`) in this subnet and the public endpoint closed.
   * @default - public endpoint, Entra ID tokens only (and an IP allow-list on Premium)
   */
  readonly privateEndpoint?: { readonly subnetId: string; readonly dnsZoneId: string };
}

/**
 * The environment's container registry. Entra ID only: no admin user, no anonymous pull, no tokens; images are
 * pulled by the cluster's kubelet identity (`grantPull`). Premium features follow the SKU: a private endpoint
 * with the public endpoint closed, a dedicated data endpoint, zone redundancy, no export, untagged manifests
 * cleaned up.
 */
export class PlatformRegistry extends Construct {
  readonly registry: ContainerRegistry;

  constructor(scope: Construct, id: string, props: PlatformRegistryProps) {
    super(scope, id);
    const { config, naming } = props;
    const premium = config.registry.sku === 'Premium';
    const isPrivate = props.privateEndpoint !== undefined;
    if (isPrivate && !premium) {
      // The config rule refuses this; a direct construct user gets the same message.
      throw new Error(
        `${this.node.path}: a private endpoint needs registry.sku 'Premium', not '${config.registry.sku}'`,
      );
    }
    // Premium with public access: the configured ranges and the deployment agents. Basic/Standard cannot filter
    // by IP at all (no network rules): open to every network, Entra ID token required, admin user off; the agents
    // need no rule there, and the rollout never talks to the registry (the kubelet pulls). docs/agents.md.
    const allowedIps = publicAllowList(config.network.allowedIpRanges, props.agentEgressIp);

    this.registry = new ContainerRegistry(this, 'registry', {
      name: naming.containerRegistry(),
      resourceGroupName: props.resourceGroupName,
      location: config.location,
      sku: config.registry.sku,
      adminEnabled: false,
      anonymousPullEnabled: false,
      publicNetworkAccessEnabled: !isPrivate,
      // Trusted Azure services (e.g. Defender image scanning) still reach a closed registry.
      networkRuleBypassOption: 'AzureServices',
      // IP rules exist on Premium only; Basic/Standard stay open to the internet but need an Entra ID token.
      networkRuleSet:
        premium && !isPrivate
          ? [
              {
                defaultAction: 'Deny',
                ipRule: allowedIps.map((ipRange) => ({ action: 'Allow', ipRange })),
              },
            ]
          : undefined,
      // Premium only: a regional data endpoint (one firewall rule instead of the shared *.blob endpoint), zone
      // redundancy, and no `az acr import/export` out of a private registry.
      dataEndpointEnabled: premium ? true : undefined,
      zoneRedundancyEnabled: premium ? (config.registry.zoneRedundant ?? false) : undefined,
      exportPolicyEnabled: premium && isPrivate ? false : undefined,
      retentionPolicyInDays: premium ? 7 : undefined,
    });
    protect(this.registry, config.protection, {
      noLockBecause: 'the kit manages the AcrPull grants on it',
    });
    new Diagnostics(this, 'diagnostics', {
      targetResourceId: this.registry.id,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
    });
    if (props.privateEndpoint) {
      new PrivateEndpointFor(this, 'private-endpoint', {
        name: naming.privateEndpoint(naming.containerRegistry(), 'registry'),
        resourceGroupName: props.resourceGroupName,
        location: config.location,
        subnetId: props.privateEndpoint.subnetId,
        targetResourceId: this.registry.id,
        subresource: 'registry',
        privateDnsZoneId: props.privateEndpoint.dnsZoneId,
      });
    }
  }

  /** `AcrPull` on this registry only: the one grant the registry hands out. */
  grantPull(scope: Construct, id: string, principalId: string, description: string): RoleGrant {
    return new RoleGrant(scope, id, { scope: this.registry.id, role: 'AcrPull', principalId, description });
  }
}
