import { parseByteQuantity } from '../config/quantity';
import { get } from '../policies/attrs';
import type { Attributes } from '../policies/rule';
import { canonical } from './force-new';
import { type Action, byStackAndPath, type ResourceChange } from './model';
import type { Snapshot, SnapshotManifest } from './snapshot';

/**
 * Fields the Kubernetes API refuses to change on an existing object: changing one means deleting and
 * re-creating the object (for a StatefulSet or a claim: its pods or its volume). Source: the Kubernetes API
 * reference (fields marked immutable) and the StorageClass / PersistentVolumeClaim concepts pages.
 */
export const IMMUTABLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  StatefulSet: ['spec.selector', 'spec.serviceName', 'spec.volumeClaimTemplates', 'spec.podManagementPolicy'],
  Deployment: ['spec.selector'],
  DaemonSet: ['spec.selector'],
  ReplicaSet: ['spec.selector'],
  Job: ['spec.selector', 'spec.template'],
  PersistentVolumeClaim: [
    'spec.storageClassName',
    'spec.accessModes',
    'spec.volumeName',
    'spec.volumeMode',
    'spec.selector',
    'spec.dataSource',
  ],
  StorageClass: ['provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode', 'mountOptions'],
  Service: ['spec.clusterIP', 'spec.clusterIPs'],
  Namespace: [],
};

/**
 * What the rollout does with an object the manifests no longer hold (pipelines/scripts/rollout.sh prunes
 * the kubectl ApplySet of the previous rollout): one line for the reviewer, with what happens to claims.
 */
export function pruneReasons(before: Attributes): string[] {
  const prune = 'no longer in the manifests: the rollout deletes it (kubectl ApplySet prune)';
  switch (before.kind) {
    case 'Namespace':
      return [
        `${prune}, with everything in it; if it still holds volume claims the rollout stops before applying, unless run with --allow-claim-deletion`,
      ];
    case 'StatefulSet': {
      const whenDeleted = get(before, 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted') ?? 'Retain';
      return [
        whenDeleted === 'Delete'
          ? `${prune}; its claims would go with it (whenDeleted: Delete), so the rollout stops before applying, unless run with --allow-claim-deletion`
          : `${prune}; its pods go, its volume claims stay (whenDeleted: ${whenDeleted}) until deleted by hand`,
      ];
    }
    default:
      return [prune];
  }
}

/**
 * A StatefulSet whose claim templates changed only by growing: what to run instead of deleting it.
 * @returns undefined when anything else in the templates changed
 */
export function resizeHint(before: Attributes, after: Attributes): string | undefined {
  const templates = (object: Attributes) =>
    (get(object, 'spec.volumeClaimTemplates') as Attributes[] | undefined) ?? [];
  const size = (template: Attributes) => String(get(template, 'spec.resources.requests.storage') ?? '');
  const withoutSize = (template: Attributes) =>
    canonical({ ...template, spec: { ...(template.spec as Attributes), resources: undefined } });
  const old = templates(before);
  const grown = templates(after);
  if (old.length !== grown.length || old.length === 0) return undefined;
  const bytes = (template: Attributes) => parseByteQuantity(size(template)) ?? Number.NaN;
  const changed = grown.filter((template, i) => size(template) !== size(old[i]));
  // Claims can only grow, and nothing else of a template can change without deleting the StatefulSet.
  if (
    changed.length === 0 ||
    grown.some(
      (template, i) => withoutSize(template) !== withoutSize(old[i]) || bytes(template) < bytes(old[i]),
    )
  )
    return undefined;
  const namespace = get(after, 'metadata.namespace');
  const name = get(after, 'metadata.name');
  return changed
    .map(
      (template) =>
        `claims grow to ${size(template)}: before the rollout run \`npm run resize-claims -- --namespace ${namespace} --statefulset ${name} --claim ${get(template, 'metadata.name')} --size ${size(template)}\` (grows every claim and recreates the StatefulSet at its replica count; docs/kubernetes.md)`,
    )
    .join('; ');
}

/** The Kubernetes objects added, changed, replaced and deleted, per environment (stack `<env>-k8s`). */
export function diffManifests(base: Snapshot, head: Snapshot): ResourceChange[] {
  const envs = [...new Set([...base.manifests.keys(), ...head.manifests.keys()])].sort();
  const changes: ResourceChange[] = [];
  for (const env of envs) {
    const before = base.manifests.get(env) ?? new Map<string, SnapshotManifest>();
    const after = head.manifests.get(env) ?? new Map<string, SnapshotManifest>();
    for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
      const b = before.get(key);
      const a = after.get(key);
      const kind = (a ?? b)?.object.kind ?? '?';
      let action: Action;
      const reasons: string[] = [];
      if (!b) action = 'create';
      else if (!a) {
        action = 'delete';
        reasons.push(...pruneReasons(b.object as Attributes));
      } else if (canonical(b.object) === canonical(a.object)) continue;
      else {
        const immutable = (IMMUTABLE_FIELDS[kind] ?? []).filter(
          (field) => canonical(get(b.object, field) ?? null) !== canonical(get(a.object, field) ?? null),
        );
        action = immutable.length > 0 ? 'replace' : 'update';
        for (const field of immutable) {
          reasons.push(
            `${field} is immutable: kubectl apply fails; the ${kind} must be deleted and created again`,
          );
        }
        const hint =
          kind === 'StatefulSet' && immutable.includes('spec.volumeClaimTemplates')
            ? resizeHint(b.object as Attributes, a.object as Attributes)
            : undefined;
        if (hint) reasons.push(hint);
      }
      changes.push({
        stack: `${env}-k8s`,
        environment: env,
        layer: 'kubernetes',
        address: key,
        type: kind,
        path: (a ?? b)?.path ?? key,
        action,
        before: b?.object as Attributes | undefined,
        after: a?.object as Attributes | undefined,
        reasons,
      });
    }
  }
  return changes.sort(byStackAndPath);
}
