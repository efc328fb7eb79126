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
      else if (!a) action = 'delete';
      else if (canonical(b.object) === canonical(a.object)) continue;
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
