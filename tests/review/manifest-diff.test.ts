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
    'replace k8s/dev/StatefulSet/streaming/validator: spec.volumeClaimTemplates is immutable: kubectl apply fails; the StatefulSet must be deleted and created again | claims grow to 20Gi: before the rollout run `npm run resize-claims -- --namespace streaming --statefulset validator --claim data --size 20Gi` (grows every claim and recreates the StatefulSet at its replica count; docs/kubernetes.md)',
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

test('a claim that shrinks gets no resize hint (claims cannot shrink)', () => {
  const [change] = diffManifests(manifests([statefulSet('20Gi', 1)]), manifests([statefulSet('10Gi', 1)]));
  expect(change.action).toBe('replace');
  expect(change.reasons.join(' ')).not.toContain('resize-claims');
});

describe('deletions: what the rollout prunes, and what happens to claims', () => {
  const namespace = { kind: 'Namespace', metadata: { name: 'serving' } };
  const withRetention = (whenDeleted: string) => ({
    ...statefulSet('10Gi', 1),
    spec: {
      ...statefulSet('10Gi', 1).spec,
      persistentVolumeClaimRetentionPolicy: { whenDeleted, whenScaled: whenDeleted },
    },
  });
  const policy = { kind: 'NetworkPolicy', metadata: { name: 'validator-ingress', namespace: 'streaming' } };
  const deleted = (objects: Record<string, unknown>[]) =>
    diffManifests(manifests(objects), manifests([])).map(
      (c) => `${c.action} ${c.type}: ${c.reasons.join(' | ')}`,
    );

  test.each([
    [
      policy,
      'delete NetworkPolicy: no longer in the manifests: the rollout deletes it (kubectl ApplySet prune)',
    ],
    [
      namespace,
      'delete Namespace: no longer in the manifests: the rollout deletes it (kubectl ApplySet prune), with everything in it; if it still holds volume claims the rollout stops before applying, unless run with --allow-claim-deletion',
    ],
    [
      withRetention('Delete'),
      'delete StatefulSet: no longer in the manifests: the rollout deletes it (kubectl ApplySet prune); its claims would go with it (whenDeleted: Delete), so the rollout stops before applying, unless run with --allow-claim-deletion',
    ],
    [
      withRetention('Retain'),
      'delete StatefulSet: no longer in the manifests: the rollout deletes it (kubectl ApplySet prune); its pods go, its volume claims stay (whenDeleted: Retain) until deleted by hand',
    ],
  ])('%j', (object, line) => {
    expect(deleted([object])).toEqual([line]);
  });

  test('a deleted namespace is a data-loss warning: its claims go with it', () => {
    expect(
      dataLossWarnings(diffManifests(manifests([namespace]), manifests([]))).map((w) => w.message),
    ).toEqual([
      'Namespace serving is destroyed: everything in it goes, its volume claims too (disks outlive them only with reclaimPolicy Retain). no longer in the manifests: the rollout deletes it (kubectl ApplySet prune), with everything in it; if it still holds volume claims the rollout stops before applying, unless run with --allow-claim-deletion.',
    ]);
  });
});
