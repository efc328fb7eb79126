import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../environments/schema';
import type { Naming } from '../../naming/names';
import { publicAllowList } from '../constructs/allow-list';
import { Diagnostics } from '../constructs/diagnostics';
import { PrivateEndpointFor } from '../constructs/private-endpoint';
import { protect } from '../constructs/protection';

export interface PlatformKeyVaultProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  readonly resourceGroupName: string;
  readonly tenantId: string;
  readonly logAnalyticsWorkspaceId: string;
  /**
   * The deployment agents' egress address, allowed through the firewall while public access is on (dev): the
   * Synapse SQL admin password secret is written through the data plane by the pipeline.
   * @default - only `network.allowedIpRanges`
   */
  readonly agentEgressIp?: string;
  /** Subnets allowed through the firewall (service endpoints). */
  readonly allowedSubnetIds: readonly string[];
  /** When set, a private endpoint in this subnet and public network access off. */
  readonly privateEndpoint?: { readonly subnetId: string; readonly dnsZoneId: string };
}

/**
 * The platform's Key Vault: Azure RBAC instead of access policies, purge protection, soft delete, a default-deny
 * firewall, and in private environments no public network access at all.
 */
export class PlatformKeyVault extends Construct {
  readonly vault: KeyVault;

  constructor(scope: Construct, id: string, props: PlatformKeyVaultProps) {
    super(scope, id);
    const { config, naming } = props;
    this.vault = new KeyVault(this, 'vault', {
      name: naming.keyVault(),
      location: config.location,
      resourceGroupName: props.resourceGroupName,
      tenantId: props.tenantId,
      skuName: config.keyVault.sku,
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: config.keyVault.softDeleteRetentionDays,
      publicNetworkAccessEnabled: !props.privateEndpoint,
      enabledForDeployment: false,
      enabledForTemplateDeployment: false,
      enabledForDiskEncryption: false,
      networkAcls: {
        defaultAction: 'Deny',
        bypass: 'AzureServices',
        ipRules: props.privateEndpoint
          ? []
          : publicAllowList(config.network.allowedIpRanges, props.agentEgressIp),
        virtualNetworkSubnetIds: [...props.allowedSubnetIds],
      },
    });
    protect(this.vault, config.protection);
    new Diagnostics(this, 'diagnostics', {
      targetResourceId: this.vault.id,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
    });
    if (props.privateEndpoint) {
      new PrivateEndpointFor(this, 'private-endpoint', {
        name: naming.privateEndpoint(naming.keyVault(), 'vault'),
        resourceGroupName: props.resourceGroupName,
        location: config.location,
        subnetId: props.privateEndpoint.subnetId,
        targetResourceId: this.vault.id,
        subresource: 'vault',
        privateDnsZoneId: props.privateEndpoint.dnsZoneId,
      });
    }
  }
}
