import type { NotificationTargets } from '../../environments/schema';

/**
 * A data contract as the kit uses it, read from `contracts/<domain>/contract.yaml` (Open Data Contract Standard
 * v3.1.0) and the domain's `v<N>.avsc` files. `load.ts` builds it; stacks, charts, review and the registration
 * manifest read only this.
 */

/**
 * The compatibility a domain promises between schema versions, as the Event Hubs schema registry defines it:
 * Backward (the new schema reads data written with every older one: consumers upgrade first), Forward (every older
 * schema reads data written with the new one: producers upgrade first), Full (both; checked offline, the registry
 * group enforces Backward, the stricter half it knows) and None (no check).
 */
export type Compatibility = 'None' | 'Backward' | 'Forward' | 'Full';
export const COMPATIBILITIES: readonly Compatibility[] = ['None', 'Backward', 'Forward', 'Full'];

/** The registry has no Full mode (schema groups take None, Backward or Forward). */
export function registryCompatibility(mode: Compatibility): 'None' | 'Backward' | 'Forward' {
  return mode === 'Full' ? 'Backward' : mode;
}

/** Azure Monitor metric alerts evaluate over one of these windows (ISO 8601 durations), in minutes. */
export const ALERT_WINDOWS: Readonly<Record<string, number>> = {
  PT5M: 5,
  PT15M: 15,
  PT30M: 30,
  PT1H: 60,
  PT6H: 360,
  PT12H: 720,
  P1D: 1440,
};

export interface ContractSla {
  /** Longest time without any event on `<domain>-raw`, in minutes (ODCS `frequency`). */
  readonly freshnessMinutes: number;
  /** Most dead-letter events allowed per window (ODCS `errorRate`, unit `events/<ISO window>`). */
  readonly deadLetter: { readonly maxEvents: number; readonly windowMinutes: number };
  /** Longest time from send to the lake (bronze), in minutes (ODCS `latency`). */
  readonly latencyMinutes: number;
}

export interface Contact {
  readonly email: string;
  /** Who they are (a team or a consuming application), shown in reviews. */
  readonly name: string;
}

export interface SchemaVersion {
  /** 1, 2, ... from `v<N>.avsc`. */
  readonly version: number;
  /** Path relative to the project root, e.g. `contracts/orders/v2.avsc`. */
  readonly file: string;
  /** The file as written: what the registry receives. */
  readonly text: string;
  /** The parsed Avro schema. */
  readonly schema: unknown;
  /** sha256 of the file's JSON, normalized (`JSON.stringify`), as the lock file records it. */
  readonly fingerprint: string;
}

export interface DataContract {
  readonly domain: string;
  /** `contracts/<domain>/contract.yaml`. */
  readonly file: string;
  /** The contract's own version (ODCS `version`). */
  readonly contractVersion: string;
  readonly status: string;
  /** What an event is (ODCS `description.purpose`). */
  readonly purpose: string;
  /** The schema's full name in the registry, e.g. `com.contoso.orders.OrderEvent` (ODCS `schema[0].physicalName`). */
  readonly schemaName: string;
  readonly compatibility: Compatibility;
  readonly owners: readonly Contact[];
  readonly consumers: readonly Contact[];
  /** HTTPS webhooks of `support` channels with `scope: notifications`. */
  readonly webhooks: readonly string[];
  readonly sla: ContractSla;
  /** In version order, without gaps, starting at 1. */
  readonly versions: readonly SchemaVersion[];
}

/** Who the domain's SLA alerts reach: its owners and consumers, and its notification webhooks. */
export function alertTargets(contract: DataContract): NotificationTargets {
  const emails = [...new Set([...contract.owners, ...contract.consumers].map((c) => c.email))];
  return { emails, webhooks: [...contract.webhooks] };
}

export function latestVersion(contract: DataContract): SchemaVersion {
  return contract.versions[contract.versions.length - 1];
}
