import type { EnvironmentConfig, EventDomainConfig } from '../../environments/schema';
import type { Naming } from '../../naming/names';

/**
 * The data contracts as the config states them, resolved into the hubs and consumer groups to create.
 * Pure functions of the config, so that tests (and later layers) can compute what the data stack creates.
 *
 * Each event domain has three hubs: producers send to `<domain>-raw`; the contract validator (on AKS) checks every
 * event against the domain's schema group and forwards it to `<domain>-validated` or `<domain>-deadletter`;
 * `-validated` is captured into the lake's bronze file system and read by Databricks; `-deadletter` into quarantine.
 * What each domain's events are (schemas, owners, SLA) is its data contract in `contracts/<domain>/`.
 */
export const STAGES = ['raw', 'validated', 'deadletter'] as const;
export type Stage = (typeof STAGES)[number];

/** The consumer group Databricks reads every `-validated` hub with. */
export const DATABRICKS_CONSUMER_GROUP = 'databricks';

export interface ContractHub {
  /** Full hub name, e.g. `orders-validated`. */
  readonly name: string;
  readonly stage: Stage;
  readonly domain: EventDomainConfig;
}

export interface ConsumerGroupSpec {
  readonly hub: string;
  readonly group: string;
  /** Who reads with it, for the group's `user_metadata`. */
  readonly readers: readonly string[];
}

/** Every hub of every domain, in config order. */
export function contractHubs(config: EnvironmentConfig, naming: Naming): ContractHub[] {
  return config.eventHubs.domains.flatMap((domain) =>
    STAGES.map((stage) => ({ name: naming.eventHub(domain.name, stage), stage, domain })),
  );
}

/**
 * The consumer groups, one per (hub, group): for every workload that receives from a hub with a consumer group,
 * that group on that hub; and `databricks` on every `-validated` hub. Workloads that share a group share it.
 */
export function consumerGroups(config: EnvironmentConfig, naming: Naming): ConsumerGroupSpec[] {
  const byKey = new Map<string, { hub: string; group: string; readers: string[] }>();
  const add = (hub: string, group: string, reader: string) => {
    const key = `${hub}/${group}`;
    const spec = byKey.get(key) ?? { hub, group, readers: [] };
    if (!spec.readers.includes(reader)) spec.readers.push(reader);
    byKey.set(key, spec);
  };
  for (const workload of config.workloads) {
    const group = workload.access.consumerGroup;
    if (!group) continue;
    for (const entry of workload.access.eventHubs ?? []) {
      if (entry.role === 'receive') add(entry.hub, group, workload.name);
    }
  }
  for (const domain of config.eventHubs.domains) {
    add(naming.eventHub(domain.name, 'validated'), DATABRICKS_CONSUMER_GROUP, 'databricks');
  }
  return [...byKey.values()];
}
