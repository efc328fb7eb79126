import { type ChartManifest, type KubeObject, synthesizeEnvironment } from '../../charts/manifests';
import { loadEnvironments } from '../../config/load';
import type { EnvironmentConfig, WorkloadConfig } from '../../environments/schema';

/**
 * The environments, as in tests/helpers/synth.ts, but without loading the cdktf stacks: the chart tests need
 * only the config, and cdktf with the provider classes would double their start-up time.
 */
export const ENVIRONMENT_NAMES = ['dev', 'test', 'prod'] as const;
const configs = new Map<string, EnvironmentConfig>();
export function environment(name: string): EnvironmentConfig {
  let config = configs.get(name);
  if (!config) {
    config = loadEnvironments({ only: [name] })[0];
    configs.set(name, config);
  }
  return config;
}

/** The manifests of a real environment, synthesized once per test file (each file has its own module cache). */
const cache = new Map<string, ChartManifest[]>();
export function manifestsOf(name: string): ChartManifest[] {
  let charts = cache.get(name);
  if (!charts) {
    charts = synthesizeEnvironment(environment(name));
    cache.set(name, charts);
  }
  return charts;
}

/** Every object of an environment, or of one of its charts. */
export function objectsOf(name: string, chart?: string): KubeObject[] {
  return manifestsOf(name)
    .filter((c) => chart === undefined || c.chart === chart)
    .flatMap((c) => c.objects);
}

/** The one object of a kind (and name) in a list; fails with what there is otherwise. */
export function one(objects: readonly KubeObject[], kind: string, name?: string): KubeObject {
  const matches = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (matches.length !== 1)
    throw new Error(
      `expected one ${kind}${name ? ` ${name}` : ''}, found ${matches.length} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`,
    );
  return matches[0];
}

export function workloadOf(config: EnvironmentConfig, kind: WorkloadConfig['kind']): WorkloadConfig {
  const workload = config.workloads.find((w) => w.kind === kind);
  if (!workload) throw new Error(`${config.name} has no ${kind} workload`);
  return workload;
}

/** Loose accessor for nested manifest fields in assertions. */
// biome-ignore lint/suspicious/noExplicitAny: manifests are untyped JSON; tests assert exact values
export type Json = any;
