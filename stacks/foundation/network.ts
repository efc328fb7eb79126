import { NatGateway } from '@cdktf/provider-azurerm/lib/nat-gateway';
import { NatGatewayPublicIpAssociation } from '@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { SubnetNatGatewayAssociation } from '@cdktf/provider-azurerm/lib/subnet-nat-gateway-association';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { Construct } from 'constructs';
import type { NetworkConfig, SubnetsConfig } from '../../environments/schema';
import type { Naming } from '../../naming/names';
import { suppress } from '../../policies/suppressions';
import { Diagnostics } from '../constructs/diagnostics';

export type SubnetKey = keyof SubnetsConfig;

export interface NetworkProps {
  readonly network: NetworkConfig;
  readonly naming: Naming;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly logAnalyticsWorkspaceId: string;
  /**
   * Production: the zone-redundancy rule applies, and the zonal NAT gateway is its reviewed exception.
   * @default false
   */
  readonly production?: boolean;
}

interface SubnetSpec {
  readonly purpose: string;
  readonly delegation?: {
    readonly name: string;
    readonly service: string;
    readonly actions: readonly string[];
  };
  /** Service endpoints so that service firewalls can allow the subnet when public access is on. */
  readonly serviceEndpoints: readonly string[];
  /** Databricks clusters have no public IPs (secure cluster connectivity) and leave through the NAT gateway. */
  readonly natGateway: boolean;
}

const DATABRICKS_DELEGATION = {
  name: 'databricks',
  service: 'Microsoft.Databricks/workspaces',
  actions: [
    'Microsoft.Network/virtualNetworks/subnets/join/action',
    'Microsoft.Network/virtualNetworks/subnets/prepareNetworkPolicies/action',
    'Microsoft.Network/virtualNetworks/subnets/unprepareNetworkPolicies/action',
  ],
};

/** Managed DevOps Pools join their agent VMs to the subnet; the service needs it delegated (azurerm 4.55 knows it). */
const DEVOPS_POOL_DELEGATION = {
  name: 'devops-pools',
  service: 'Microsoft.DevOpsInfrastructure/pools',
  actions: ['Microsoft.Network/virtualNetworks/subnets/join/action'],
};

const SUBNETS: Readonly<Record<SubnetKey, SubnetSpec>> = {
  aks: {
    purpose: 'aks',
    serviceEndpoints: [
      'Microsoft.Storage',
      'Microsoft.EventHub',
      'Microsoft.KeyVault',
      'Microsoft.AzureCosmosDB',
    ],
    natGateway: false,
  },
  databricksHost: {
    purpose: 'databricks-host',
    delegation: DATABRICKS_DELEGATION,
    serviceEndpoints: ['Microsoft.Storage', 'Microsoft.EventHub'],
    natGateway: true,
  },
  databricksContainer: {
    purpose: 'databricks-container',
    delegation: DATABRICKS_DELEGATION,
    serviceEndpoints: ['Microsoft.Storage', 'Microsoft.EventHub'],
    natGateway: true,
  },
  privateEndpoints: { purpose: 'private-endpoints', serviceEndpoints: [], natGateway: false },
  // The deployment agents leave through the NAT gateway: one static address that dev's allow-lists name (Key
  // Vault, Event Hubs, Cosmos DB, Synapse, AKS). No service endpoint for those: it would replace that source address
  // with the subnet's and the IP rules would silently stop matching. Storage is the exception: its IP rules ignore
  // requests from the same region, so the lake (and state) admit the agents by subnet through a service endpoint.
  agents: {
    purpose: 'agents',
    delegation: DEVOPS_POOL_DELEGATION,
    serviceEndpoints: ['Microsoft.Storage'],
    natGateway: true,
  },
};

/**
 * Prod's egress zoning, a reviewed exception (docs/agents.md, "Prod egress and zones"): azurerm 4.55 accepts only
 * the zonal `Standard` NAT SKU (nat_gateway_resource.go validates sku_name against that one value), and one NAT per
 * zone cannot serve Databricks, which takes exactly one host and one container subnet, each with one NAT gateway.
 */
export const NAT_ZONE_EXCEPTION =
  'Zonal by necessity: azurerm 4.55 offers only the zonal Standard NAT SKU, and Databricks uses exactly one host and one container subnet (one NAT gateway each), so one NAT per zone is impossible; a zone outage stops Databricks and agent egress until the zone returns (docs/agents.md)';

/**
 * The VNet and its subnets, each with its own NSG. No subnet has implicit default outbound access: AKS leaves
 * through its load balancer, Databricks through a NAT gateway, private endpoints need none.
 * NSGs carry no inline rules: Databricks manages the rules it needs on its delegated subnets.
 */
export class Network extends Construct {
  readonly virtualNetwork: VirtualNetwork;
  readonly subnets: Readonly<Record<SubnetKey, Subnet>>;
  readonly networkSecurityGroups: Readonly<Record<SubnetKey, NetworkSecurityGroup>>;
  /**
   * The NAT gateway's static public IP: the one egress address of the Databricks and agents subnets, which dev's
   * service firewalls allow by reference (`ipAddress`), never typed into config.
   */
  readonly natPublicIp: PublicIp;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { naming, resourceGroupName, location } = props;

    this.virtualNetwork = new VirtualNetwork(this, 'vnet', {
      name: naming.virtualNetwork(),
      resourceGroupName,
      location,
      addressSpace: [...props.network.addressSpace],
    });
    new Diagnostics(this, 'vnet-diagnostics', {
      targetResourceId: this.virtualNetwork.id,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
    });

    const natIp = new PublicIp(this, 'nat-ip', {
      name: naming.natGatewayPublicIp(),
      resourceGroupName,
      location,
      allocationMethod: 'Static',
      sku: 'Standard',
    });
    const nat = new NatGateway(this, 'nat', {
      name: naming.natGateway(),
      resourceGroupName,
      location,
      skuName: 'Standard',
      idleTimeoutInMinutes: 10,
    });
    this.natPublicIp = natIp;
    if (props.production) suppress(nat, 'zone-redundancy', NAT_ZONE_EXCEPTION);
    new NatGatewayPublicIpAssociation(this, 'nat-ip-association', {
      natGatewayId: nat.id,
      publicIpAddressId: natIp.id,
    });

    const subnets: Partial<Record<SubnetKey, Subnet>> = {};
    const groups: Partial<Record<SubnetKey, NetworkSecurityGroup>> = {};
    for (const key of Object.keys(SUBNETS) as SubnetKey[]) {
      const spec = SUBNETS[key];
      const subnet = new Subnet(this, `subnet-${spec.purpose}`, {
        name: naming.subnet(spec.purpose),
        resourceGroupName,
        virtualNetworkName: this.virtualNetwork.name,
        addressPrefixes: [props.network.subnets[key]],
        defaultOutboundAccessEnabled: false,
        serviceEndpoints: spec.serviceEndpoints.length > 0 ? [...spec.serviceEndpoints] : undefined,
        // NSGs and route tables apply to private endpoints too.
        privateEndpointNetworkPolicies: key === 'privateEndpoints' ? 'Enabled' : undefined,
        delegation: spec.delegation
          ? [
              {
                name: spec.delegation.name,
                serviceDelegation: { name: spec.delegation.service, actions: [...spec.delegation.actions] },
              },
            ]
          : undefined,
      });
      const nsg = new NetworkSecurityGroup(this, `nsg-${spec.purpose}`, {
        name: naming.networkSecurityGroup(spec.purpose),
        resourceGroupName,
        location,
      });
      new SubnetNetworkSecurityGroupAssociation(this, `nsg-association-${spec.purpose}`, {
        subnetId: subnet.id,
        networkSecurityGroupId: nsg.id,
      });
      new Diagnostics(this, `nsg-diagnostics-${spec.purpose}`, {
        targetResourceId: nsg.id,
        logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
        metrics: false, // NSGs have logs only
      });
      if (spec.natGateway) {
        new SubnetNatGatewayAssociation(this, `nat-association-${spec.purpose}`, {
          subnetId: subnet.id,
          natGatewayId: nat.id,
        });
      }
      subnets[key] = subnet;
      groups[key] = nsg;
    }
    this.subnets = subnets as Record<SubnetKey, Subnet>;
    this.networkSecurityGroups = groups as Record<SubnetKey, NetworkSecurityGroup>;
  }
}
