import { createHash } from 'node:crypto';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { Construct } from 'constructs';
import type { PrivateDnsZoneKey } from '../../environments/schema';
import { PRIVATE_DNS_ZONE_KEYS, privateDnsZoneName } from '../../naming/private-dns-zones';

export interface PrivateDnsProps {
  readonly location: string;
  readonly resourceGroupName: string;
  readonly virtualNetworkId: string;
  readonly vnetLinkName: string;
  /**
   * More VNets to link every created zone to (`network.dnsLinkedVnetIds`: a hub, other agents' VNets).
   * @default []
   */
  readonly linkedVirtualNetworkIds?: readonly string[];
  /** Zones that already exist elsewhere (hub), by key: used as is, not created and not linked here. */
  readonly existingZoneIds: Readonly<Partial<Record<PrivateDnsZoneKey, string>>>;
}

/**
 * One private DNS zone per private-link service the platform uses, linked to the VNet, so that each
 * service's public name resolves to its private endpoint inside the VNet.
 * Bring-your-own zones (hub-and-spoke) are taken by id; linking them to this VNet is the hub's job.
 */
export class PrivateDns extends Construct {
  /** Zone id by key, created or brought. */
  readonly zoneIds: Readonly<Record<PrivateDnsZoneKey, string>>;

  constructor(scope: Construct, id: string, props: PrivateDnsProps) {
    super(scope, id);
    const zoneIds: Partial<Record<PrivateDnsZoneKey, string>> = {};
    for (const key of PRIVATE_DNS_ZONE_KEYS) {
      const existing = props.existingZoneIds[key];
      if (existing) {
        zoneIds[key] = existing;
        continue;
      }
      const zone = new PrivateDnsZone(this, `zone-${key}`, {
        name: privateDnsZoneName(key, props.location),
        resourceGroupName: props.resourceGroupName,
      });
      new PrivateDnsZoneVirtualNetworkLink(this, `link-${key}`, {
        name: props.vnetLinkName,
        resourceGroupName: props.resourceGroupName,
        privateDnsZoneName: zone.name,
        virtualNetworkId: props.virtualNetworkId,
        registrationEnabled: false,
      });
      // Construct ids and link names follow the VNet id (not its position), so reordering the list changes nothing.
      for (const vnetId of props.linkedVirtualNetworkIds ?? []) {
        const tag = linkTag(vnetId);
        new PrivateDnsZoneVirtualNetworkLink(this, `link-${key}-${tag}`, {
          name: linkName(vnetId),
          resourceGroupName: props.resourceGroupName,
          privateDnsZoneName: zone.name,
          virtualNetworkId: vnetId,
          registrationEnabled: false,
        });
      }
      zoneIds[key] = zone.id;
    }
    this.zoneIds = zoneIds as Record<PrivateDnsZoneKey, string>;
  }
}

/** 8 hex characters of the VNet id (case-insensitive, as ARM ids are). */
function linkTag(vnetId: string): string {
  return createHash('sha256').update(vnetId.toLowerCase()).digest('hex').slice(0, 8);
}

/** `link-<vnet name>-<tag>`: readable in the portal, unique per zone even for equal VNet names (≤ 80 characters). */
export function linkName(vnetId: string): string {
  const vnetName = vnetId.split('/').pop() ?? 'vnet';
  return `link-${vnetName.slice(0, 61)}-${linkTag(vnetId)}`;
}
