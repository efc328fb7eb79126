import type { EventHubsSku } from '../../environments/schema';
import { joinPath, type Problems } from '../problems';
import { asRecord, type ConfigRule } from './rule';

/**
 * What each Event Hubs tier allows (learn.microsoft.com "Azure Event Hubs quotas and limits"; capture windows from
 * the Microsoft.EventHub 2024-01-01 API). Premium limits that scale with processing units (PUs) are per PU.
 */
export const EVENT_HUBS_TIERS: Readonly<Record<EventHubsSku, TierLimits>> = {
  Standard: { maxPartitions: 32, maxRetentionHours: 168, hubsPerNamespace: 10 },
  Premium: {
    maxPartitions: 100,
    maxRetentionHours: 2160,
    hubsPerNamespace: 100,
    partitionsPerNamespace: 200,
  },
};

interface TierLimits {
  /** Partitions of one event hub. */
  readonly maxPartitions: number;
  readonly maxRetentionHours: number;
  /** Event hubs in one namespace (Premium: per processing unit). */
  readonly hubsPerNamespace: number;
  /** Partitions over all hubs of the namespace, per processing unit (Premium only). */
  readonly partitionsPerNamespace?: number;
}

export const CAPTURE_INTERVAL_SECONDS = { min: 60, max: 900, integer: true } as const;
export const CAPTURE_SIZE_BYTES = { min: 10_485_760, max: 524_288_000, integer: true } as const;

/**
 * A domain name becomes hub names (`<domain>-raw`, ...), Kafka topics, a schema group (at most 50 characters)
 * and a folder in the bronze file system: lower-case letters, digits and hyphens, alphanumeric at both ends.
 */
const DOMAIN_NAME = /^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$/;
const STAGES = ['raw', 'validated', 'deadletter'] as const;

/** The namespace tier and the event domains (data contracts): hubs, retention, schema groups, capture. */
export const eventHubsRule: ConfigRule = (config, p) => {
  const hubs = config.eventHubs;
  if (!p.object('eventHubs', hubs, ['sku', 'capacity', 'domains'], ['autoInflateMaxThroughputUnits'])) return;
  const sku = p.oneOf<EventHubsSku>('eventHubs.sku', hubs.sku, ['Standard', 'Premium'])
    ? hubs.sku
    : undefined;
  const tier = sku ? EVENT_HUBS_TIERS[sku] : undefined;
  const capacity = checkCapacity(p, sku, hubs.capacity);
  checkAutoInflate(p, sku, capacity, hubs.autoInflateMaxThroughputUnits);

  if (!p.array('eventHubs.domains', hubs.domains, "use a list of domains, e.g. [{ name: 'orders', ... }]"))
    return;
  // Namespace totals only when every domain's own numbers are right: one bad input, one line.
  let domainsOk = true;
  hubs.domains.forEach((domain, i) => {
    if (!checkDomain(p, `eventHubs.domains[${i}]`, domain, sku, tier)) domainsOk = false;
  });
  // A domain without a valid name is reported above; a fresh symbol keeps it out of the duplicate check.
  p.unique('eventHubs.domains', hubs.domains, (d) => nameOf(d) ?? Symbol(), 'domain name');

  if (tier && sku && domainsOk) checkNamespaceTotals(p, sku, tier, capacity, hubs.domains);
};

function nameOf(domain: unknown): string | undefined {
  const name = asRecord(domain)?.name;
  return typeof name === 'string' ? name : undefined;
}

function checkCapacity(p: Problems, sku: EventHubsSku | undefined, capacity: unknown): number | undefined {
  const path = 'eventHubs.capacity';
  if (!p.number(path, capacity, { integer: true, min: 1 })) return undefined;
  if (sku === 'Standard' && capacity > 40) {
    p.add(path, capacity, 'a Standard namespace has at most 40 throughput units', 'use 1 to 40');
    return undefined;
  }
  if (sku === 'Premium' && ![1, 2, 4, 8, 16].includes(capacity)) {
    p.add(path, capacity, 'Premium processing units come in 1, 2, 4, 8 or 16', 'use one of: 1, 2, 4, 8, 16');
    return undefined;
  }
  return capacity;
}

function checkAutoInflate(
  p: Problems,
  sku: EventHubsSku | undefined,
  capacity: number | undefined,
  max: unknown,
): void {
  const path = 'eventHubs.autoInflateMaxThroughputUnits';
  if (max === undefined) return;
  if (sku === 'Premium') {
    p.add(
      path,
      max,
      'auto-inflate is a Standard feature; Premium scales by processing units',
      'remove it and size eventHubs.capacity',
    );
    return;
  }
  if (!p.number(path, max, { integer: true, min: 1, max: 40 })) return;
  if (capacity !== undefined && max < capacity) {
    p.add(
      path,
      max,
      `below eventHubs.capacity (${capacity}): auto-inflate can only add throughput units`,
      `use ${capacity} to 40`,
    );
  }
}

function checkDomain(
  p: Problems,
  path: string,
  domain: unknown,
  sku: EventHubsSku | undefined,
  tier: TierLimits | undefined,
): boolean {
  if (!p.object(path, domain, ['name', 'partitions', 'retentionHours', 'capture'])) {
    return false;
  }
  p.string(
    joinPath(path, 'name'),
    domain.name,
    DOMAIN_NAME,
    'use 1–50 lower-case letters, digits and hyphens, starting and ending with a letter or digit, e.g. "orders"',
  );

  const partitionsOk = checkPartitions(p, joinPath(path, 'partitions'), domain.partitions, sku, tier);

  const retention = joinPath(path, 'retentionHours');
  if (
    p.number(retention, domain.retentionHours, { integer: true, min: 1 }) &&
    tier &&
    domain.retentionHours > tier.maxRetentionHours
  ) {
    p.add(
      retention,
      domain.retentionHours,
      `a ${sku} namespace keeps events at most ${tier.maxRetentionHours} hours (${tier.maxRetentionHours / 24} days)`,
      sku === 'Standard'
        ? `use 1 to ${tier.maxRetentionHours}, or eventHubs.sku Premium (up to ${EVENT_HUBS_TIERS.Premium.maxRetentionHours})`
        : `use 1 to ${tier.maxRetentionHours}`,
    );
  }

  const capture = joinPath(path, 'capture');
  if (p.object(capture, domain.capture, ['intervalSeconds', 'sizeLimitBytes'])) {
    p.number(joinPath(capture, 'intervalSeconds'), domain.capture.intervalSeconds, CAPTURE_INTERVAL_SECONDS);
    p.number(joinPath(capture, 'sizeLimitBytes'), domain.capture.sizeLimitBytes, CAPTURE_SIZE_BYTES);
  }
  return partitionsOk;
}

function checkPartitions(
  p: Problems,
  path: string,
  partitions: unknown,
  sku: EventHubsSku | undefined,
  tier: TierLimits | undefined,
): boolean {
  if (!p.number(path, partitions, { integer: true, min: 1 })) return false;
  if (!tier || partitions <= tier.maxPartitions) return true;
  p.add(
    path,
    partitions,
    `a ${sku} namespace allows at most ${tier.maxPartitions} partitions per event hub`,
    sku === 'Standard'
      ? `use 1 to ${tier.maxPartitions}, or eventHubs.sku Premium (up to ${EVENT_HUBS_TIERS.Premium.maxPartitions})`
      : `use 1 to ${tier.maxPartitions}`,
  );
  return false;
}

/** Limits over the whole namespace: the number of hubs, and (Premium) the partitions over all of them. */
function checkNamespaceTotals(
  p: Problems,
  sku: EventHubsSku,
  tier: TierLimits,
  capacity: number | undefined,
  domains: readonly unknown[],
): void {
  if (sku === 'Premium' && capacity === undefined) return; // the capacity is wrong, and reported
  const units = sku === 'Premium' ? (capacity ?? 1) : 1;
  const maxHubs = tier.hubsPerNamespace * units;
  const hubs = domains.length * STAGES.length;
  if (hubs > maxHubs) {
    p.add(
      'eventHubs.domains',
      domains.length,
      `${domains.length} domains need ${hubs} event hubs; a ${sku} namespace${sku === 'Premium' ? ` with ${units} PU` : ''} holds at most ${maxHubs}`,
      sku === 'Standard'
        ? `use at most ${Math.floor(maxHubs / STAGES.length)} domains, or eventHubs.sku Premium`
        : 'use fewer domains or more processing units (eventHubs.capacity)',
    );
    return;
  }
  if (tier.partitionsPerNamespace === undefined) return;
  const maxPartitions = tier.partitionsPerNamespace * units;
  const partitions = domains.reduce<number>((sum, domain) => {
    const n = asRecord(domain)?.partitions;
    return sum + (typeof n === 'number' ? n * STAGES.length : 0);
  }, 0);
  if (partitions > maxPartitions) {
    p.add(
      'eventHubs.domains',
      partitions,
      `the hubs of all domains have ${partitions} partitions; a Premium namespace with ${units} PU holds at most ${maxPartitions}`,
      'use fewer partitions per domain or more processing units (eventHubs.capacity)',
    );
  }
}
