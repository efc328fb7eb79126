import type { NodePoolConfig } from '../../environments/schema';
import { AZURE_REGIONS } from '../../naming/regions';
import { type Cidr, isPrivate, overlaps, parseCidr } from '../cidr';
import type { Problems } from '../problems';
import { type ConfigRule, GUID } from './rule';

/** The values AKS uses when the config names none; the stack reads them from here too. */
export const AKS_DEFAULTS = { podCidr: '10.244.0.0/16', serviceCidr: '10.0.0.0/16' } as const;

/**
 * Azure VM size names as the compute API spells them: `Standard_D4s_v5`, `Standard_E16-4ds_v5`,
 * `Standard_NC24ads_A100_v4`. Catches `D4s_v5`, `standard_d4s_v5`, `Standard D4s v5`.
 */
export const VM_SIZE = /^Standard_[A-Z]+[0-9]+(-[0-9]+)?[a-z]*(_[A-Z][A-Z0-9]*)*(_v[0-9]+)?$/;

const KUBERNETES_VERSION = /^[1-9][0-9]*\.[0-9]+(\.[0-9]+)?$/;
const ZONES = ['1', '2', '3'] as const;
/** An authorized range wider than this lets a large part of the internet reach the API server. */
const WIDEST_AUTHORIZED_PREFIX = 16;
/** AKS refuses a service CIDR of /12 or wider. */
const WIDEST_SERVICE_PREFIX = 13;
/** Ranges AKS reserves for itself; a service CIDR must stay clear of them. */
const AKS_RESERVED = ['169.254.0.0/16', '172.30.0.0/16', '172.31.0.0/16', '192.0.2.0/24'].map(
  (c) => parseCidr(c) as Cidr,
);
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/**
 * The AKS cluster: node pools, zones, network ranges, API server exposure, Entra ID admins, upgrades and the
 * maintenance window. Each check names the field and a fix; Azure would otherwise fail half-way through an apply.
 */
export const aksRule: ConfigRule = (config, p) => {
  const aks = config.aks;
  if (
    !p.object(
      'aks',
      aks,
      [
        'sku',
        'systemPool',
        'userPool',
        'networkPolicy',
        'apiServer',
        'adminGroupObjectIds',
        'upgradeChannel',
        'nodeOsUpgradeChannel',
        'maintenanceWindow',
      ],
      ['kubernetesVersion', 'zones', 'podCidr', 'serviceCidr', 'hostEncryption', 'containerNetworkSecurity'],
    )
  )
    return;

  if (aks.kubernetesVersion !== undefined)
    p.string(
      'aks.kubernetesVersion',
      aks.kubernetesVersion,
      KUBERNETES_VERSION,
      "use a minor version such as '1.30' (AKS picks the latest patch) or a full one such as '1.30.4'",
    );
  p.oneOf('aks.sku', aks.sku, ['Free', 'Standard', 'Premium']);
  p.oneOf('aks.networkPolicy', aks.networkPolicy, ['azure', 'calico', 'cilium']);

  const zones = checkZones(p, config.location, aks.zones);
  const system = checkPool(p, 'aks.systemPool', aks.systemPool, 1, zones);
  // Invalid zones are reported already; perZone is not judged against them.
  const zonesInvalid = Array.isArray(aks.zones) && aks.zones.length > 0 && zones.length === 0;
  const perZone = checkPerZone(p, aks.userPool, zonesInvalid ? undefined : zones);
  const userMax = checkPool(p, 'aks.userPool', aks.userPool, 0, zones, perZone);
  // Per zone, the counts are per pool: the pools together scale to maxCount × zones.
  const user = userMax === undefined ? undefined : userMax * (perZone ? zones.length : 1);
  if (aks.hostEncryption !== undefined) p.boolean('aks.hostEncryption', aks.hostEncryption);
  checkContainerNetworkSecurity(
    p,
    aks.containerNetworkSecurity,
    aks.networkPolicy,
    config.network?.privateEndpoints,
  );
  checkRanges(p, config.network?.addressSpace, aks.podCidr, aks.serviceCidr, (system ?? 0) + (user ?? 0));
  checkApiServer(p, aks.apiServer);
  checkAdminGroups(p, aks.adminGroupObjectIds);
  checkUpgrades(p, aks.upgradeChannel, aks.nodeOsUpgradeChannel, aks.maintenanceWindow);
};

/** The zones, when they are valid and the region has zones; [] otherwise. */
function checkZones(p: Problems, location: string, zones: unknown): readonly string[] {
  if (zones === undefined) return [];
  if (!p.array('aks.zones', zones, "use a list of zone numbers as strings, e.g. ['1', '2', '3']")) return [];
  let valid = true;
  zones.forEach((zone, i) => {
    if (!p.oneOf(`aks.zones[${i}]`, zone, ZONES)) valid = false;
  });
  p.unique('aks.zones', zones, (zone) => zone, 'zone');
  if (!valid) return [];
  if (zones.length > 0 && AZURE_REGIONS[location]?.zones === false) {
    p.add(
      'aks.zones',
      zones,
      `region ${location} has no availability zones`,
      'set aks.zones: [] or deploy to a region with zones (see naming/regions.ts)',
    );
    return [];
  }
  return zones as readonly string[];
}

/** Checks one node pool; returns its max count when valid (for the pod CIDR sizing). */
function checkPool(
  p: Problems,
  path: string,
  pool: unknown,
  lowestMin: number,
  zones: readonly string[],
  perZone = false,
): number | undefined {
  const optional = path === 'aks.userPool' ? ['perZone'] : [];
  if (!p.object(path, pool, ['vmSize', 'minCount', 'maxCount'], optional)) return undefined;
  const { vmSize, minCount, maxCount } = pool as unknown as NodePoolConfig;
  p.string(
    `${path}.vmSize`,
    vmSize,
    VM_SIZE,
    "use an Azure VM size name as Azure spells it, e.g. 'Standard_D4s_v5'",
  );
  const minOk = p.number(`${path}.minCount`, minCount, { min: lowestMin, max: 1000, integer: true });
  const maxOk = p.number(`${path}.maxCount`, maxCount, { min: 1, max: 1000, integer: true });
  if (!minOk || !maxOk) return undefined;
  p.order(path, minCount, maxCount, 'minCount', 'maxCount');
  if (!perZone && zones.length > 1 && minCount > 0 && minCount < zones.length) {
    p.add(
      `${path}.minCount`,
      minCount,
      `fewer nodes than zones (${zones.length}): some zones would have no node, so zone spreading fails`,
      `use a minCount of at least ${zones.length}`,
    );
  }
  return maxCount;
}

/** `aks.userPool.perZone`: a boolean, and only meaningful with several zones. */
function checkPerZone(p: Problems, pool: unknown, zones: readonly string[] | undefined): boolean {
  const value = (pool as { perZone?: unknown } | undefined)?.perZone;
  if (value === undefined || !p.boolean('aks.userPool.perZone', value) || zones === undefined) return false;
  if (value && zones.length < 2) {
    p.add(
      'aks.userPool.perZone',
      value,
      `one pool per zone needs several zones, but aks.zones has ${zones.length}`,
      "remove perZone, or set aks.zones: ['1', '2', '3']",
    );
    return false;
  }
  return value;
}

/** ACNS security (FQDN filtering) runs on Cilium only, and covers Entra ID only when the services are private. */
function checkContainerNetworkSecurity(
  p: Problems,
  value: unknown,
  networkPolicy: unknown,
  privateEndpoints: unknown,
): void {
  if (value === undefined || !p.boolean('aks.containerNetworkSecurity', value) || !value) return;
  if (networkPolicy !== 'cilium')
    p.add(
      'aks.containerNetworkSecurity',
      value,
      `Advanced Container Networking Services security needs the Cilium data plane, but aks.networkPolicy is ${JSON.stringify(networkPolicy)}`,
      "set aks.networkPolicy: 'cilium', or remove containerNetworkSecurity",
    );
  if (privateEndpoints !== true)
    p.add(
      'aks.containerNetworkSecurity',
      value,
      'without private endpoints the workloads reach every Azure service on public addresses, which the kit filters by port, not by name',
      'set network.privateEndpoints: true, or remove containerNetworkSecurity',
    );
}

function checkRanges(
  p: Problems,
  addressSpace: unknown,
  podText: unknown,
  serviceText: unknown,
  maxNodes: number,
): void {
  const vnet = Array.isArray(addressSpace)
    ? addressSpace.flatMap((text) => (typeof text === 'string' ? (parseCidr(text) ?? []) : []))
    : [];
  const pod = readRange(p, 'aks.podCidr', podText, AKS_DEFAULTS.podCidr, vnet);
  const service = readRange(p, 'aks.serviceCidr', serviceText, AKS_DEFAULTS.serviceCidr, vnet);
  if (pod && service && overlaps(pod, service))
    p.add('aks.serviceCidr', service.text, `overlaps aks.podCidr (${pod.text})`, 'give each its own range');
  if (service && service.prefix < WIDEST_SERVICE_PREFIX)
    p.add(
      'aks.serviceCidr',
      service.text,
      'AKS needs a service range smaller than a /12',
      `use a /${WIDEST_SERVICE_PREFIX} or smaller range (a /16 is plenty)`,
    );
  const reserved = service && AKS_RESERVED.find((r) => overlaps(r, service));
  if (service && reserved)
    p.add(
      'aks.serviceCidr',
      service.text,
      `overlaps ${reserved.text}, which AKS reserves`,
      'pick a range outside 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 and 192.0.2.0/24',
    );
  if (pod && pod.prefix > 24)
    p.add('aks.podCidr', pod.text, 'smaller than the /24 that one node takes', 'use a /16, for example');
  // Overlay gives every node a /24 of the pod range: the range must hold one per node at full scale.
  else if (pod && maxNodes > 2 ** (24 - pod.prefix))
    p.add(
      'aks.podCidr',
      pod.text,
      `room for ${2 ** (24 - pod.prefix)} nodes (a /24 each), but the node pools scale to ${maxNodes}`,
      `use a larger range (a smaller prefix number), e.g. a /${24 - Math.ceil(Math.log2(maxNodes))}`,
    );
}

/** A pod or service range: the configured one, or the AKS default (which can clash with the VNet too). */
function readRange(
  p: Problems,
  path: string,
  configured: unknown,
  fallback: string,
  vnet: readonly Cidr[],
): Cidr | undefined {
  const text = configured ?? fallback;
  if (!p.string(path, text, undefined, "use a CIDR string, e.g. '10.244.0.0/16'")) return undefined;
  const cidr = parseCidr(text);
  if (!cidr) {
    p.add(path, text, 'not a valid, network-aligned IPv4 CIDR', "write a.b.c.d/n, e.g. '10.244.0.0/16'");
    return undefined;
  }
  if (!isPrivate(cidr))
    p.add(
      path,
      text,
      'not a private (RFC 1918) range',
      'use a range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16',
    );
  const clash = vnet.find((space) => overlaps(space, cidr));
  if (clash)
    p.add(
      path,
      text,
      `overlaps the VNet address space ${clash.text}${configured === undefined ? ' (this is the AKS default)' : ''}`,
      `set ${path} to a private range outside network.addressSpace`,
    );
  return cidr;
}

function checkApiServer(p: Problems, apiServer: unknown): void {
  if (!p.object('aks.apiServer', apiServer, ['privateCluster'], ['authorizedIpRanges'])) return;
  if (!p.boolean('aks.apiServer.privateCluster', apiServer.privateCluster)) return;
  const ranges = apiServer.authorizedIpRanges;
  const path = 'aks.apiServer.authorizedIpRanges';
  if (apiServer.privateCluster) {
    if (ranges !== undefined)
      p.add(
        path,
        ranges,
        'a private cluster has no public endpoint to restrict',
        'remove authorizedIpRanges, or set privateCluster: false to keep a public endpoint with these ranges',
      );
    return;
  }
  if (ranges === undefined) {
    p.add(
      path,
      undefined,
      'a public API server needs authorized IP ranges',
      'list the public ranges that administer the cluster, or use { privateCluster: true }',
    );
    return;
  }
  if (!p.array(path, ranges, "use a list of public CIDRs, e.g. ['203.0.113.0/24']")) return;
  if (ranges.length === 0) {
    p.add(
      path,
      [],
      'an empty list leaves the public API server open to the whole internet',
      'list the public ranges that administer the cluster, or use { privateCluster: true }',
    );
    return;
  }
  ranges.forEach((text, i) => {
    const at = `${path}[${i}]`;
    if (!p.string(at, text, undefined, "use a CIDR string, e.g. '203.0.113.0/24'")) return;
    const cidr = parseCidr(text);
    if (!cidr) {
      p.add(at, text, 'not a valid, network-aligned IPv4 CIDR', "write a.b.c.d/n, e.g. '203.0.113.0/24'");
    } else if (cidr.prefix < WIDEST_AUTHORIZED_PREFIX) {
      p.add(
        at,
        text,
        `too wide for an API server allow-list (wider than a /${WIDEST_AUTHORIZED_PREFIX})`,
        'list the specific public ranges of your administrators and agents',
      );
    } else if (isPrivate(cidr)) {
      p.add(
        at,
        text,
        'a private range never reaches the public API server endpoint',
        'use the public egress ranges of your administrators, or a private cluster',
      );
    }
  });
  p.unique(path, ranges, (range) => range, 'range');
}

function checkAdminGroups(p: Problems, ids: unknown): void {
  if (!p.array('aks.adminGroupObjectIds', ids, "use a list of Entra ID group object ids, e.g. ['<guid>']"))
    return;
  if (ids.length === 0)
    p.add(
      'aks.adminGroupObjectIds',
      [],
      'local accounts are disabled, so without an admin group nobody can administer the cluster',
      'add the object id of the Entra ID group of the cluster administrators',
    );
  ids.forEach((id, i) => {
    p.string(
      `aks.adminGroupObjectIds[${i}]`,
      id,
      GUID,
      'use the group object id, a GUID such as 22222222-2222-4222-8222-222222222222 (not the group name)',
    );
  });
  p.unique('aks.adminGroupObjectIds', ids, (id) => String(id).toLowerCase(), 'group');
}

function checkUpgrades(p: Problems, channel: unknown, nodeOsChannel: unknown, window: unknown): void {
  const channelOk = p.oneOf('aks.upgradeChannel', channel, [
    'patch',
    'rapid',
    'stable',
    'node-image',
    'none',
  ]);
  const nodeOk = p.oneOf('aks.nodeOsUpgradeChannel', nodeOsChannel, [
    'NodeImage',
    'SecurityPatch',
    'Unmanaged',
    'None',
  ]);
  if (channelOk && nodeOk && channel === 'node-image' && nodeOsChannel !== 'NodeImage')
    p.add(
      'aks.nodeOsUpgradeChannel',
      nodeOsChannel,
      "upgradeChannel 'node-image' requires nodeOsUpgradeChannel 'NodeImage'",
      "set nodeOsUpgradeChannel: 'NodeImage', or pick another upgradeChannel such as 'patch'",
    );
  if (!p.object('aks.maintenanceWindow', window, ['dayOfWeek', 'startHour', 'durationHours'])) return;
  p.oneOf('aks.maintenanceWindow.dayOfWeek', window.dayOfWeek, DAYS);
  p.number('aks.maintenanceWindow.startHour', window.startHour, { min: 0, max: 23, integer: true });
  // AKS planned maintenance windows last 4 to 24 hours.
  p.number('aks.maintenanceWindow.durationHours', window.durationHours, { min: 4, max: 24, integer: true });
}
