import type { PrivateDnsZoneKey } from '../../environments/schema';
import { PRIVATE_DNS_ZONE_KEYS, privateDnsZoneName } from '../../naming/private-dns-zones';
import { alignedCidr, type Cidr, contains, isPrivate, overlaps, parseCidr } from '../cidr';
import type { Problems } from '../problems';
import { asRecord, type ConfigRule } from './rule';

/** Smallest prefix (largest number) each subnet may have. Databricks needs /26 or larger per subnet. */
const SUBNET_MAX_PREFIX: Record<string, number> = {
  aks: 24,
  databricksHost: 26,
  databricksContainer: 26,
  privateEndpoints: 28,
  // Managed DevOps Pools: one address per agent plus Azure's five reserved ones.
  agents: 28,
};

const VNET_ID =
  /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w.()]+\/providers\/Microsoft\.Network\/virtualNetworks\/[-\w.]+$/;

const ZONE_ID =
  /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w.()]+\/providers\/Microsoft\.Network\/privateDnsZones\/([a-z0-9.-]+)$/;

/** Address space, subnets (valid, inside, not overlapping, big enough), firewall ranges and BYO DNS zones. */
export const networkRule: ConfigRule = (config, p) => {
  const network = config.network;
  if (
    !p.object(
      'network',
      network,
      ['addressSpace', 'subnets', 'privateEndpoints'],
      ['allowedIpRanges', 'privateDnsZoneIds', 'dnsLinkedVnetIds'],
    )
  )
    return;
  p.boolean('network.privateEndpoints', network.privateEndpoints);

  const spaces: Cidr[] = [];
  if (p.array('network.addressSpace', network.addressSpace, "use a list of CIDRs, e.g. ['10.10.0.0/16']")) {
    if (network.addressSpace.length === 0)
      p.add('network.addressSpace', [], 'the VNet needs an address space', "add one, e.g. '10.10.0.0/16'");
    network.addressSpace.forEach((text, i) => {
      const cidr = readCidr(p, `network.addressSpace[${i}]`, text);
      if (!cidr) return;
      if (!isPrivate(cidr))
        p.add(
          `network.addressSpace[${i}]`,
          text,
          'not a private (RFC 1918) range',
          'use a range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16',
        );
      const clash = spaces.find((other) => overlaps(other, cidr));
      if (clash)
        p.add(
          `network.addressSpace[${i}]`,
          text,
          `overlaps ${clash.text}`,
          'use address ranges that do not overlap',
        );
      spaces.push(cidr);
    });
  }

  const subnets = asRecord(network.subnets);
  if (p.object('network.subnets', network.subnets, Object.keys(SUBNET_MAX_PREFIX))) {
    const seen: { key: string; cidr: Cidr }[] = [];
    for (const key of Object.keys(SUBNET_MAX_PREFIX)) {
      const path = `network.subnets.${key}`;
      const cidr = subnets?.[key] === undefined ? undefined : readCidr(p, path, subnets[key]);
      if (!cidr) continue;
      if (spaces.length > 0 && !spaces.some((space) => contains(space, cidr))) {
        p.add(
          path,
          cidr.text,
          `outside the address space ${spaces.map((s) => s.text).join(', ')}`,
          'pick a subnet range inside network.addressSpace',
        );
      }
      const maxPrefix = SUBNET_MAX_PREFIX[key];
      if (cidr.prefix > maxPrefix) {
        p.add(
          path,
          cidr.text,
          `too small: ${key} needs at least a /${maxPrefix}`,
          `use a /${maxPrefix} or larger (a smaller prefix number)`,
        );
      }
      const clash = seen.find((other) => overlaps(other.cidr, cidr));
      if (clash)
        p.add(
          path,
          cidr.text,
          `overlaps network.subnets.${clash.key} (${clash.cidr.text})`,
          'give every subnet its own range',
        );
      seen.push({ key, cidr });
    }
  }

  if (network.allowedIpRanges !== undefined)
    checkFirewallRanges(p, 'network.allowedIpRanges', network.allowedIpRanges);

  if (network.privateDnsZoneIds !== undefined) checkZoneIds(p, config.location, network.privateDnsZoneIds);
  if (network.dnsLinkedVnetIds !== undefined) {
    checkLinkedVnetIds(p, network.dnsLinkedVnetIds);
    if (
      network.privateEndpoints === false &&
      Array.isArray(network.dnsLinkedVnetIds) &&
      network.dnsLinkedVnetIds.length > 0
    )
      p.add(
        'network.dnsLinkedVnetIds',
        network.dnsLinkedVnetIds,
        'network.privateEndpoints is off, so the kit creates no private DNS zones to link',
        'remove network.dnsLinkedVnetIds, or turn network.privateEndpoints on',
      );
  }
};

/** `network.dnsLinkedVnetIds`: VNet resource ids, each once (a zone takes one link per VNet). */
function checkLinkedVnetIds(p: Problems, ids: unknown): void {
  const path = 'network.dnsLinkedVnetIds';
  if (!p.array(path, ids, 'use a list of VNet resource ids')) return;
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    const item = `${path}[${i}]`;
    if (!p.string(item, id, undefined, 'use the VNet resource id')) return;
    if (!VNET_ID.test(id)) {
      p.add(
        item,
        id,
        'not a virtual network resource id',
        'use /subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<name>',
      );
    } else if (seen.has(id.toLowerCase())) {
      p.add(item, id, 'listed twice', 'list each VNet once');
    }
    seen.add(id.toLowerCase());
  });
}

/** A list of public CIDR ranges for a service firewall (`network.allowedIpRanges`, `backend.allowedIpRanges`). */
export function checkFirewallRanges(p: Problems, path: string, ranges: unknown): void {
  if (!p.array(path, ranges)) return;
  ranges.forEach((text, i) => {
    const item = `${path}[${i}]`;
    const cidr = readCidr(p, item, text);
    if (!cidr) return;
    if (cidr.prefix < 8)
      p.add(
        item,
        text,
        'too wide for a firewall allow-list',
        'list the specific public ranges that need access (prefix /8 or longer)',
      );
    else if (isPrivate(cidr))
      p.add(
        item,
        text,
        'a private range cannot be used in a service firewall IP rule',
        'use a public range; private traffic comes through the VNet or private endpoints',
      );
  });
}

function readCidr(p: Problems, path: string, value: unknown): Cidr | undefined {
  if (!p.string(path, value, undefined, "use a CIDR string, e.g. '10.10.0.0/24'")) return undefined;
  const cidr = parseCidr(value);
  if (!cidr) {
    const aligned = alignedCidr(value);
    p.add(
      path,
      value,
      aligned ? 'host bits are set' : 'not a valid IPv4 CIDR',
      aligned
        ? `use the network address '${aligned}'`
        : "write a.b.c.d/n with octets 0–255 and n 0–32, e.g. '10.10.0.0/24'",
    );
  }
  return cidr;
}

function checkZoneIds(p: Problems, location: string, zoneIds: unknown): void {
  if (!p.object('network.privateDnsZoneIds', zoneIds, [], PRIVATE_DNS_ZONE_KEYS)) return;
  for (const [key, id] of Object.entries(zoneIds)) {
    if (!PRIVATE_DNS_ZONE_KEYS.includes(key as PrivateDnsZoneKey)) continue; // reported as unknown field
    const path = `network.privateDnsZoneIds.${key}`;
    const expected = privateDnsZoneName(key as PrivateDnsZoneKey, location);
    if (!p.string(path, id, undefined, 'use the zone resource id')) continue;
    const match = ZONE_ID.exec(id);
    if (!match) {
      p.add(
        path,
        id,
        'not a private DNS zone resource id',
        `use /subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/${expected}`,
      );
    } else if (match[1] !== expected) {
      p.add(
        path,
        id,
        `points at zone ${match[1]}, but ${key} needs ${expected}`,
        `use the id of the ${expected} zone`,
      );
    }
  }
}
