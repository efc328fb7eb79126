import { contractOf } from '../config/contracts/load';
import type { EnvironmentConfig, WorkloadConfig } from '../environments/schema';
import type { Naming } from '../naming/names';

/**
 * What the contract validator enforces, derived from the data contracts of the domains it is granted
 * (`access.schemaGroups` names domains): per domain, the schema and the versions producers may write with, and
 * where each event goes. It reaches the container as one JSON env var, `CONTRACTS`; a new schema version changes the
 * pod template, so the validator rolls out with it (after the pipeline registered the version).
 */
export interface ValidatorContract {
  readonly domain: string;
  /** The registry group that holds the schema (shared `contracts` on Standard). */
  readonly schemaGroup: string;
  /** The schema's full name in the registry. */
  readonly schemaName: string;
  /** Versions accepted on `<domain>-raw`: every published one (the registry resolves them to the latest). */
  readonly versions: readonly number[];
  readonly latestVersion: number;
  readonly compatibility: string;
  /** Routing: read from `input`, valid events to `validated`, the rest (with the reason) to `deadLetter`. */
  readonly input: string;
  readonly validated: string;
  readonly deadLetter: string;
}

export function validatorContracts(
  config: EnvironmentConfig,
  naming: Naming,
  workload: WorkloadConfig,
): ValidatorContract[] {
  return (workload.access.schemaGroups ?? []).map((domain) => {
    const contract = contractOf(domain);
    const versions = contract.versions.map((v) => v.version);
    return {
      domain,
      schemaGroup: naming.schemaGroup(domain, config.eventHubs.sku),
      schemaName: contract.schemaName,
      versions,
      latestVersion: versions[versions.length - 1],
      compatibility: contract.compatibility,
      input: naming.eventHub(domain, 'raw'),
      validated: naming.eventHub(domain, 'validated'),
      deadLetter: naming.eventHub(domain, 'deadletter'),
    };
  });
}
