import { loadContracts } from '../../config/contracts/load';
import type { DataContract } from '../../config/contracts/model';
import { loadEnvironments } from '../../config/load';
import { formatProblem, Problems } from '../../config/problems';
import { checkDomainContracts } from '../../config/rules/contracts';
import { problemsAfter } from '../helpers/config';

const environment = (name: string) => loadEnvironments({ only: [name] })[0];

/** An environment's domains against the contracts: it refers to them by name and keeps only sizing. */
function problemsWith(name: string, change: (contracts: Map<string, DataContract>) => void): string[] {
  const contracts = new Map(loadContracts().contracts);
  change(contracts);
  const p = new Problems(`environments/${name}.ts`);
  checkDomainContracts(environment(name), p, contracts);
  return p.list.map(formatProblem);
}

describe('environments against the data contracts', () => {
  test('the repository environments and contracts agree', () => {
    for (const name of ['dev', 'test', 'prod']) expect(problemsWith(name, () => undefined)).toEqual([]);
  });

  test('an unknown domain', () => {
    expect(
      problemsAfter('prod', (c) => c.eventHubs.domains.push({ ...c.eventHubs.domains[0], name: 'payments' })),
    ).toEqual([
      'environments/prod.ts: eventHubs.domains[2].name = "payments": unknown domain: no data contract has this name. Fix: add contracts/payments/contract.yaml and v1.avsc (docs/contracts.md), or use one of: orders, telemetry',
    ]);
  });

  test('Standard: all domains share one schema group, so their contracts agree on the registry mode', () => {
    const forward = (contracts: Map<string, DataContract>) => {
      const telemetry = contracts.get('telemetry') as DataContract;
      contracts.set('telemetry', { ...telemetry, compatibility: 'Forward' });
    };
    expect(problemsWith('dev', forward)).toEqual([
      "environments/dev.ts: eventHubs.domains[1].name = \"telemetry\": a Standard namespace has one schema group, shared by all domains: contracts/telemetry/contract.yaml asks the registry for 'Forward', eventHubs.domains[0] for 'Backward'. Fix: give the contracts the same schemaCompatibility, or use eventHubs.sku 'Premium' for a schema group per domain",
    ]);
    // Premium has a group per domain; Full asks the registry for Backward, so it shares a group with Backward.
    expect(problemsWith('prod', forward)).toEqual([]);
    expect(
      problemsWith('dev', (contracts) => {
        contracts.set('telemetry', {
          ...(contracts.get('telemetry') as DataContract),
          compatibility: 'Full',
        });
      }),
    ).toEqual([]);
  });

  test('capture less often than the latency SLA allows', () => {
    expect(
      problemsWith('dev', (contracts) => {
        const telemetry = contracts.get('telemetry') as DataContract;
        contracts.set('telemetry', { ...telemetry, sla: { ...telemetry.sla, latencyMinutes: 5 } });
      }),
    ).toEqual([
      "environments/dev.ts: eventHubs.domains[1].capture.intervalSeconds = 300: capture writes every 300 s, later than the 5-minute latency SLA of contracts/telemetry/contract.yaml. Fix: use at most 240 (a minute less than the SLA), or relax the contract's latency",
    ]);
  });
});
