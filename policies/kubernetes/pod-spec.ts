import type { Finding, ManifestObject } from '../rule';

/** Kinds that run pods, and where their pod spec sits. */
export const WORKLOAD_KINDS = [
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
];

type Obj = Record<string, unknown>;

function object(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
}

/** The pod spec of a workload object (`spec`, `spec.template.spec` or `spec.jobTemplate.spec.template.spec`). */
export function podSpec(manifest: ManifestObject): Obj | undefined {
  const spec = object(manifest.spec);
  if (manifest.kind === 'Pod') return spec;
  if (manifest.kind === 'CronJob') {
    return object(object(object(object(spec?.jobTemplate)?.spec)?.template)?.spec);
  }
  return object(object(spec?.template)?.spec);
}

/** A container of a pod spec, with the list it came from. */
export interface ContainerView {
  readonly name: string;
  readonly list: 'containers' | 'initContainers' | 'ephemeralContainers';
  readonly spec: Obj;
  /** The container's `securityContext` (empty when it has none). */
  readonly securityContext: Obj;
}

export function containers(pod: Obj): ContainerView[] {
  const lists = ['initContainers', 'containers', 'ephemeralContainers'] as const;
  return lists.flatMap((list) =>
    (Array.isArray(pod[list]) ? (pod[list] as unknown[]) : []).map((c) => {
      const spec = object(c) ?? {};
      return {
        name: String(spec.name ?? '?'),
        list,
        spec,
        securityContext: object(spec.securityContext) ?? {},
      };
    }),
  );
}

export function podSecurityContext(pod: Obj): Obj {
  return object(pod.securityContext) ?? {};
}

/**
 * Runs `check` on every container of a workload; `'compliant'` when the object runs no pods or every container
 * passes. The rules below are the Pod Security Standards `restricted` profile, plus a read-only root file system
 * and pinned images.
 */
export function checkContainers(
  manifest: ManifestObject,
  check: (container: ContainerView, pod: Obj) => Finding | undefined,
): readonly Finding[] | 'compliant' {
  const pod = podSpec(manifest);
  if (!pod) return 'compliant';
  const findings = containers(pod)
    .map((c) => check(c, pod))
    .filter((f): f is Finding => f !== undefined);
  return findings.length > 0 ? findings : 'compliant';
}
