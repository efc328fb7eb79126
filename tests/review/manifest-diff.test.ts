import { dataLossWarnings } from '../../review/data-loss';
import { diffManifests } from '../../review/manifest-diff';
import type { Snapshot, SnapshotManifest } from '../../review/snapshot';

function manifests(objects: Record<string, unknown>[]): Snapshot {
  const byKey = new Map<string, SnapshotManifest>();
  for (const object of objects) {
    const meta = object.metadata as { name: string; namespace?: string };
    const key = `${object.kind}/${meta.namespace ?? '_cluster'}/${meta.name}`;
    byKey.set(key, { key, path: `k8s/dev/${key}`, file: 'dist/k8s/dev/x.k8s.yaml', object });
  }
  return { label: 'x', stacks: new Map(), manifests: new Map([['dev', byKey]]) };
}

const storageClass = (reclaimPolicy: string) => ({
  kind: 'StorageClass',
  metadata: { name: 'lakehouse-ssd' },
  provisioner: 'disk.csi.azure.com',
  reclaimPolicy,
});
const statefulSet = (size: string, replicas: number) => ({
  kind: 'StatefulSet',
  metadata: { name: 'validator', namespace: 'streaming' },
  spec: {
    replicas,
    volumeClaimTemplates: [
      { metadata: { name: 'data' }, spec: { resources: { requests: { storage: size } } } },
    ],
  },
});

test('manifests: immutable fields force a replace; other changes update; stateful kinds warn', () => {
  const changes = diffManifests(
    manifests([storageClass('Delete'), statefulSet('10Gi', 1)]),
    manifests([storageClass('Retain'), statefulSet('20Gi', 2)]),
  );
  expect(changes.map((c) => `${c.action} ${c.path}: ${c.reasons.join(' | ')}`)).toEqual([
    'replace k8s/dev/StatefulSet/streaming/validator: spec.volumeClaimTemplates is immutable: kubectl apply fails; the StatefulSet must be deleted and created again',
    'replace k8s/dev/StorageClass/_cluster/lakehouse-ssd: reclaimPolicy is immutable: kubectl apply fails; the StorageClass must be deleted and created again',
  ]);
  expect(dataLossWarnings(changes).map((w) => w.message)).toEqual([
    'StatefulSet validator is replaced (destroyed, then created): its pods go; their claims stay unless persistentVolumeClaimRetentionPolicy deletes them. spec.volumeClaimTemplates is immutable: kubectl apply fails; the StatefulSet must be deleted and created again.',
    'StorageClass lakehouse-ssd is replaced (destroyed, then created): new claims fail until it exists again, and its reclaimPolicy decides whether disks outlive claims. reclaimPolicy is immutable: kubectl apply fails; the StorageClass must be deleted and created again.',
  ]);
  expect(
    diffManifests(manifests([statefulSet('10Gi', 1)]), manifests([statefulSet('10Gi', 3)])).map(
      (c) => c.action,
    ),
  ).toEqual(['update']);
});
