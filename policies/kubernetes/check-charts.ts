import { join } from 'node:path';
import type { EnvironmentConfig } from '../../environments/schema';
import type { EvaluationResult } from '../evaluate';
import { MANIFEST_PACKS } from '../packs';
import type { ManifestObject } from '../rule';
import { evaluateManifests } from './evaluate-manifests';

/** One chart's objects, as `charts/manifests.ts` renders them (file `dist/k8s/<env>/<chart><extension>`). */
export interface RenderedChart {
  readonly chart: string;
  readonly objects: readonly object[];
}

/** Runs the manifest packs over one environment's rendered charts, at synth, before anything is written. */
export function checkCharts(
  config: EnvironmentConfig,
  charts: readonly RenderedChart[],
  extension = '.k8s.yaml',
): EvaluationResult {
  return evaluateManifests(
    charts.map((c) => ({
      file: join('dist', 'k8s', config.name, `${c.chart}${extension}`),
      objects: c.objects as ManifestObject[],
    })),
    { config, packs: MANIFEST_PACKS },
  );
}
