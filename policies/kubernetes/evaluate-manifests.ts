import type { EnvironmentConfig } from '../../environments/schema';
import {
  applySuppressions,
  type DeclaredSuppression,
  type EvaluationResult,
  findingOf,
  type PolicyFinding,
} from '../evaluate';
import type { ManifestPack } from '../packs/pack';
import { appliesTo, type ManifestObject } from '../rule';
import { SUPPRESSION_ANNOTATION_PREFIX, SuppressionError, suppressionProblem } from '../suppressions';

/** The objects of one manifest file. */
export interface ManifestFile {
  /** As shown in findings, e.g. `dist/k8s/dev/streaming.yaml`. */
  readonly file: string;
  readonly objects: readonly ManifestObject[];
}

interface Metadata {
  readonly name?: string;
  readonly namespace?: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

function metadata(object: ManifestObject): Metadata {
  return (object.metadata ?? {}) as Metadata;
}

/** `k8s/<env>/<Kind>/<namespace or _cluster>/<name>`: stable, sortable, and what suppressions refer to. */
export function manifestPath(environment: string, object: ManifestObject): string {
  const { name, namespace } = metadata(object);
  return `k8s/${environment}/${object.kind ?? '?'}/${namespace ?? '_cluster'}/${name ?? '?'}`;
}

/** The suppressions an object declares in `policies.azure-lakehouse-kit/<rule>: <reason>` annotations. */
export function annotationSuppressions(path: string, object: ManifestObject): DeclaredSuppression[] {
  const annotations = metadata(object).annotations ?? {};
  return Object.entries(annotations)
    .filter(([key]) => key.startsWith(SUPPRESSION_ANNOTATION_PREFIX))
    .map(([key, reason]) => {
      const rule = key.slice(SUPPRESSION_ANNOTATION_PREFIX.length);
      const problem = suppressionProblem(path, rule, reason);
      if (problem) throw new SuppressionError(problem);
      return { path, rule, reason: reason.trim() };
    });
}

/** Runs the manifest packs over an environment's Kubernetes objects. */
export function evaluateManifests(
  files: readonly ManifestFile[],
  options: { readonly config: EnvironmentConfig; readonly packs: readonly ManifestPack[] },
): EvaluationResult {
  const { config } = options;
  const rules = options.packs
    .filter((pack) => appliesTo(pack, config))
    .flatMap((pack) => pack.rules)
    .filter((rule) => appliesTo(rule, config));
  const findings: PolicyFinding[] = [];
  const suppressions: DeclaredSuppression[] = [];
  for (const { file, objects } of files) {
    for (const object of objects) {
      const path = manifestPath(config.name, object);
      suppressions.push(...annotationSuppressions(path, object));
      for (const rule of rules) {
        if (!rule.resourceTypes.includes(object.kind ?? '')) continue;
        const result = rule.check(object, { config, path, file });
        if (result === 'compliant') continue;
        const place = {
          stack: `${config.name}-k8s`,
          environment: config.name,
          path,
          resourceType: object.kind ?? '?',
        };
        for (const finding of result) {
          findings.push(findingOf(rule, place, { ...finding, message: `${finding.message} (${file})` }));
        }
      }
    }
  }
  return applySuppressions(findings, suppressions);
}
