import type { EnvironmentConfig } from '../../environments/schema';
import { loadContracts } from '../contracts/load';
import { type DataContract, registryCompatibility } from '../contracts/model';
import type { Problems } from '../problems';
import { asRecord, type ConfigRule } from './rule';

/**
 * The environment's event domains against the data contracts (`contracts/<domain>/`): every domain has a contract;
 * on Standard, where all domains share the namespace's one schema group, their contracts agree on the registry's
 * compatibility mode; capture writes often enough for the contract's latency SLA. The contracts' own problems are
 * reported once by `config/load.ts`, not per environment.
 */
export const contractsRule: ConfigRule = (config, p) => {
  const { contracts, domains } = loadContracts();
  checkDomainContracts(config, p, contracts, domains);
};

/** The check itself, on given contracts (tests pass their own). */
export function checkDomainContracts(
  config: EnvironmentConfig,
  p: Problems,
  contracts: ReadonlyMap<string, DataContract>,
  /** Every contract folder, valid or not. @default - the valid contracts' domains */
  folders: ReadonlySet<string> = new Set(contracts.keys()),
): void {
  const domains = config.eventHubs?.domains;
  if (!Array.isArray(domains)) return; // reported by the eventHubs rule
  let first: { index: number; mode: string } | undefined;
  domains.forEach((domain, i) => {
    const name = asRecord(domain)?.name;
    if (typeof name !== 'string') return;
    const contract = contracts.get(name);
    const path = `eventHubs.domains[${i}]`;
    if (!contract && folders.has(name)) return; // an invalid contract: its own problems say what is wrong
    if (!contract) {
      p.add(
        `${path}.name`,
        name,
        'unknown domain: no data contract has this name',
        `add contracts/${name}/contract.yaml and v1.avsc (docs/contracts.md), or use one of: ${[...contracts.keys()].join(', ') || '(none yet)'}`,
      );
      return;
    }
    const mode = registryCompatibility(contract.compatibility);
    if (config.eventHubs.sku === 'Standard') {
      if (!first) first = { index: i, mode };
      else if (mode !== first.mode) {
        p.add(
          `${path}.name`,
          name,
          `a Standard namespace has one schema group, shared by all domains: ${contract.file} asks the registry for '${mode}', eventHubs.domains[${first.index}] for '${first.mode}'`,
          `give the contracts the same schemaCompatibility, or use eventHubs.sku 'Premium' for a schema group per domain`,
        );
      }
    }
    const interval = asRecord(domain.capture)?.intervalSeconds;
    // An event waits up to one capture interval, and the write takes a moment: leave a minute of the SLA for it.
    const latest = contract.sla.latencyMinutes * 60 - 60;
    if (typeof interval === 'number' && interval > latest) {
      p.add(
        `${path}.capture.intervalSeconds`,
        interval,
        `capture writes every ${interval} s, later than the ${contract.sla.latencyMinutes}-minute latency SLA of ${contract.file}`,
        `use at most ${Math.min(900, latest)} (a minute less than the SLA), or relax the contract's latency`,
      );
    }
  });
}
