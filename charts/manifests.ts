/**
 * The Kubernetes side of `npm run synth`: one cdk8s app per environment, written as
 * `<outdir>/<env>/<chart>.k8s.yaml` (one file per chart, applied in file-name order: StorageClasses first).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import type { EnvironmentConfig } from '../environments/schema';
import { Naming } from '../naming/names';
import type { ClientIds } from './outputs';
import { StorageChart } from './storage-chart';
import { WorkloadChart } from './workload-chart';
import { toYamlDocuments } from './yaml';

/** The chart (and file) that holds the cluster-scoped StorageClasses; sorts before every workload's file. */
export const STORAGE_CHART = '00-storage';
export const MANIFEST_EXTENSION = '.k8s.yaml';

export interface ManifestOptions {
  /** Client ids by workload name (from `--outputs`). @default - placeholders */
  readonly clientIds?: ClientIds;
  /** Sees each environment's objects as they are rendered (the synth runs the policy pack on them). @default - none */
  readonly inspect?: (config: EnvironmentConfig, charts: readonly ChartManifest[]) => void;
}

/** A synthesized Kubernetes object (the parts the kit reads; everything else stays as rendered). */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly [field: string]: unknown;
}

export interface ChartManifest {
  /** The chart id, which is also the file name without extension. */
  readonly chart: string;
  readonly objects: readonly KubeObject[];
}

/** The cdk8s app of one environment: the storage chart, then one chart per workload. */
export function buildEnvironmentCharts(config: EnvironmentConfig, options: ManifestOptions = {}): App {
  const app = new App();
  const naming = new Naming(config);
  new StorageChart(app, STORAGE_CHART, { storageClasses: config.kubernetes.storageClasses });
  for (const workload of config.workloads) {
    new WorkloadChart(app, workload.name, {
      config,
      naming,
      workload,
      clientId: options.clientIds?.[workload.name],
    });
  }
  return app;
}

/** Every chart of one environment as Kubernetes objects, in apply order. Nothing is written. */
export function synthesizeEnvironment(
  config: EnvironmentConfig,
  options: ManifestOptions = {},
): ChartManifest[] {
  const app = buildEnvironmentCharts(config, options);
  return app.charts.map((chart) => ({ chart: chart.node.id, objects: chart.toJson() as KubeObject[] }));
}

/** The manifests of several environments, rendered as YAML files by relative path (`<env>/<chart>.k8s.yaml`). */
export function renderManifests(
  configs: readonly EnvironmentConfig[],
  options: ManifestOptions = {},
): Map<string, string> {
  const files = new Map<string, string>();
  for (const config of configs) {
    const charts = synthesizeEnvironment(config, options);
    options.inspect?.(config, charts);
    for (const { chart, objects } of charts) {
      files.set(join(config.name, `${chart}${MANIFEST_EXTENSION}`), toYamlDocuments(objects));
    }
  }
  return files;
}

/** Writes rendered manifests under `outdir` (use with `writeAtomically`). */
export function writeManifestFiles(outdir: string, files: ReadonlyMap<string, string>): void {
  for (const [path, text] of files) {
    const file = join(outdir, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
  }
}
