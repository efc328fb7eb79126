import { validatorContracts } from '../../charts/validator-contracts';
import { workloadProfile } from '../../charts/workload-profile';
import { loadEnvironments } from '../../config/load';
import { Naming } from '../../naming/names';

const environment = (name: string) => loadEnvironments({ only: [name] })[0];

/** The contract validator's configuration comes from the contracts of the domains it is granted. */
describe.each(['dev', 'prod'])('%s contract validator', (name) => {
  const config = environment(name);
  const naming = new Naming(config);
  const workload = config.workloads.find((w) => w.kind === 'contract-validator');
  if (!workload) throw new Error(`${name} has no contract validator`);

  test('per domain: schema name, published versions, mode and the dead-letter routing', () => {
    const group = (domain: string) => (config.eventHubs.sku === 'Standard' ? 'contracts' : domain);
    expect(validatorContracts(config, naming, workload)).toEqual([
      {
        domain: 'orders',
        schemaGroup: group('orders'),
        schemaName: 'com.contoso.orders.OrderEvent',
        versions: [1, 2],
        latestVersion: 2,
        compatibility: 'Backward',
        input: 'orders-raw',
        validated: 'orders-validated',
        deadLetter: 'orders-deadletter',
      },
      {
        domain: 'telemetry',
        schemaGroup: group('telemetry'),
        schemaName: 'com.contoso.telemetry.TelemetryReading',
        versions: [1],
        latestVersion: 1,
        compatibility: 'Backward',
        input: 'telemetry-raw',
        validated: 'telemetry-validated',
        deadLetter: 'telemetry-deadletter',
      },
    ]);
  });

  test('reaches the container as the CONTRACTS env var (JSON)', () => {
    const env = workloadProfile(config, naming, workload).env;
    expect(JSON.parse(env.CONTRACTS)).toEqual(validatorContracts(config, naming, workload));
  });

  test('only the domains it is granted', () => {
    const one = { ...workload, access: { ...workload.access, schemaGroups: ['telemetry'] } };
    expect(validatorContracts(config, naming, one).map((c) => c.domain)).toEqual(['telemetry']);
  });
});
