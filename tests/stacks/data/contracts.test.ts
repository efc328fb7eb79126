import type { EnvironmentConfig, WorkloadConfig } from '../../../environments/schema';
import { Naming } from '../../../naming/names';
import { consumerGroups, contractHubs } from '../../../stacks/data/contracts';
import { environment } from '../../helpers/synth';

const dev = environment('dev');
const naming = new Naming(dev);

const withWorkloads = (workloads: WorkloadConfig[]): EnvironmentConfig => ({ ...dev, workloads });
const reader = (name: string, consumerGroup: string | undefined, hubs: string[]): WorkloadConfig => ({
  ...dev.workloads[0],
  name,
  access: { eventHubs: hubs.map((hub) => ({ hub, role: 'receive' })), consumerGroup },
});

test('three hubs per domain, in config order', () => {
  expect(contractHubs(dev, naming).map((hub) => [hub.name, hub.stage, hub.domain.name])).toEqual([
    ['orders-raw', 'raw', 'orders'],
    ['orders-validated', 'validated', 'orders'],
    ['orders-deadletter', 'deadletter', 'orders'],
    ['telemetry-raw', 'raw', 'telemetry'],
    ['telemetry-validated', 'validated', 'telemetry'],
    ['telemetry-deadletter', 'deadletter', 'telemetry'],
  ]);
});

test('a group per receiving workload and hub, shared when workloads name the same group', () => {
  const config = withWorkloads([
    reader('validator', 'validator', ['orders-raw']),
    reader('validator-canary', 'validator', ['orders-raw', 'telemetry-raw']),
    reader('auditor', 'audit', ['orders-deadletter']),
  ]);
  expect(consumerGroups(config, naming)).toEqual([
    { hub: 'orders-raw', group: 'validator', readers: ['validator', 'validator-canary'] },
    { hub: 'telemetry-raw', group: 'validator', readers: ['validator-canary'] },
    { hub: 'orders-deadletter', group: 'audit', readers: ['auditor'] },
    { hub: 'orders-validated', group: 'databricks', readers: ['databricks'] },
    { hub: 'telemetry-validated', group: 'databricks', readers: ['databricks'] },
  ]);
});

test('senders and workloads without a consumer group get none; databricks is not duplicated', () => {
  const config = withWorkloads([
    { ...reader('producer', 'producer', []), access: { eventHubs: [{ hub: 'orders-raw', role: 'send' }] } },
    reader('no-group', undefined, ['orders-raw']),
    reader('spark', 'databricks', ['orders-validated']),
  ]);
  expect(consumerGroups(config, naming)).toEqual([
    { hub: 'orders-validated', group: 'databricks', readers: ['spark', 'databricks'] },
    { hub: 'telemetry-validated', group: 'databricks', readers: ['databricks'] },
  ]);
});
