/**
 * scripts/resize-claims.mjs against a fake kubectl (tests/scripts/fakes/kubectl) that serves a live
 * StatefulSet, its StorageClass and claims from JSON files and records every call.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { synthesizeEnvironment } from '../../charts/manifests';
import { loadEnvironments } from '../../config/load';

const ROOT = resolve(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'resize-claims.mjs');
const FAKES = join(__dirname, 'fakes');

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes objects are untyped JSON here
type Json = any;

/** prod's model-serving StatefulSet as synthesized, then as the API server returns it (scaled to 5 by the HPA). */
const prod = loadEnvironments({ only: ['prod'] })[0];
const manifest: Json = synthesizeEnvironment(prod)
  .flatMap((chart) => chart.objects)
  .find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'model-serving');

function liveStatefulSet(): Json {
  return structuredClone({
    ...manifest,
    metadata: {
      ...manifest.metadata,
      uid: '1b2c',
      resourceVersion: '4711',
      generation: 3,
      creationTimestamp: '2026-11-01T00:00:00Z',
      managedFields: [{ manager: 'azure-lakehouse-kit', operation: 'Apply' }],
      annotations: {
        ...manifest.metadata.annotations,
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
      },
    },
    spec: {
      ...manifest.spec,
      replicas: 5,
      volumeClaimTemplates: manifest.spec.volumeClaimTemplates.map((t: Json) => ({
        ...t,
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { ...t.metadata, creationTimestamp: null },
        status: { phase: 'Pending' },
      })),
    },
    status: { replicas: 5, readyReplicas: 5 },
  });
}

const pvc = (name: string, storage: string) => ({
  metadata: { name, namespace: 'serving' },
  spec: { resources: { requests: { storage } }, storageClassName: 'lakehouse-ssd' },
});

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly calls: string[];
  readonly applied: Json[];
}

function run(
  args: string[],
  state: { statefulSet?: Json; claims?: Json[]; allowVolumeExpansion?: boolean } = {},
): Run {
  const dir = mkdtempSync(join(tmpdir(), 'resize-'));
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  writeFileSync(join(dir, 'statefulset.json'), JSON.stringify(state.statefulSet ?? liveStatefulSet()));
  writeFileSync(
    join(dir, 'storageclass.json'),
    JSON.stringify({
      metadata: { name: 'lakehouse-ssd' },
      allowVolumeExpansion: state.allowVolumeExpansion ?? true,
    }),
  );
  const claims = state.claims ?? [
    ...[0, 1, 2, 3, 4].map((n) => pvc(`data-model-serving-${n}`, '50Gi')),
    // retained from a scale-down to 5: would come back at 50Gi on the next scale-out
    pvc('data-model-serving-7', '50Gi'),
    // grown already (an earlier, interrupted run)
    pvc('data-model-serving-5', '100Gi'),
    // another StatefulSet's claim, whose name starts the same
    pvc('data-model-serving-canary-0', '50Gi'),
  ];
  writeFileSync(join(dir, 'persistentvolumeclaims.json'), JSON.stringify({ items: claims }));
  const result = spawnSync(process.execPath, [SCRIPT, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${FAKES}:${process.env.PATH}`, FAKE_LOG: log, FAKE_STATE: dir },
  });
  const applied = readdirSync(dir)
    .filter((f) => /^applied-\d+\.json$/.test(f))
    .sort((a, b) => Number(a.match(/\d+/)?.[0]) - Number(b.match(/\d+/)?.[0]))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    calls: readFileSync(log, 'utf8').trim().split('\n').filter(Boolean),
    applied,
  };
}

const ARGS = ['--namespace', 'serving', '--statefulset', 'model-serving', '--size', '100Gi'];
const GETS = [
  'kubectl get statefulset model-serving --namespace serving --output json',
  'kubectl get storageclass lakehouse-ssd --output json',
  'kubectl get persistentvolumeclaims --namespace serving --output json',
];
const patch = (claim: string) =>
  `kubectl patch persistentvolumeclaim ${claim} --namespace serving --type merge --patch {"spec":{"resources":{"requests":{"storage":"100Gi"}}}}`;

describe('scripts/resize-claims.mjs', () => {
  test('grows every claim (running and retained), then recreates the StatefulSet at its current replica count', () => {
    const result = run(ARGS);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([
      ...GETS,
      ...[0, 1, 2, 3, 4, 7].map((n) => patch(`data-model-serving-${n}`)),
      'kubectl delete statefulset model-serving --namespace serving --cascade=orphan --wait=true',
      'kubectl apply --server-side --field-manager=azure-lakehouse-kit-resize --filename -',
      'kubectl apply --server-side --field-manager=azure-lakehouse-kit --filename -',
      'kubectl apply --server-side --field-manager=azure-lakehouse-kit-resize --filename -',
    ]);
    const [created, handedOver, replicasOnly] = result.applied;
    // Created in one request with the 5 replicas the autoscaler runs now, not the default of 1.
    expect(created.spec.replicas).toBe(5);
    expect(created.spec.volumeClaimTemplates).toEqual([
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data' },
        spec: {
          ...manifest.spec.volumeClaimTemplates[0].spec,
          resources: { requests: { storage: '100Gi' } },
        },
      },
    ]);
    // Everything else as it was: same selector, template and policies, so the orphaned pods are adopted.
    for (const field of [
      'selector',
      'template',
      'serviceName',
      'podManagementPolicy',
      'persistentVolumeClaimRetentionPolicy',
    ])
      expect(created.spec[field]).toEqual(manifest.spec[field]);
    expect(created.metadata).toEqual({
      name: 'model-serving',
      namespace: 'serving',
      labels: manifest.metadata.labels,
      annotations: manifest.metadata.annotations,
    });
    expect(created.status).toBeUndefined();
    // The rollout's manager takes the spec without the count; the resize manager keeps only the count.
    expect(handedOver.spec.replicas).toBeUndefined();
    expect(handedOver.spec.volumeClaimTemplates).toEqual(created.spec.volumeClaimTemplates);
    expect(replicasOnly).toEqual({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'model-serving', namespace: 'serving' },
      spec: { replicas: 5 },
    });
    expect(result.stdout).toContain('6 to grow');
  });

  test('a claim that would shrink: refused before anything changes', () => {
    const result = run([...ARGS.slice(0, -1), '80Gi']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'a claim cannot shrink: data-model-serving-5 (100Gi) is larger than 80Gi. Nothing was changed.',
    );
    expect(result.calls).toEqual(GETS);
  });

  test('a StorageClass without volume expansion: refused before anything changes', () => {
    const result = run(ARGS, { allowVolumeExpansion: false });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('StorageClass lakehouse-ssd does not allow volume expansion');
    expect(result.calls).toEqual(GETS.slice(0, 2));
  });

  test('the template already at the size (a second run): claims only, the StatefulSet stays', () => {
    const statefulSet = liveStatefulSet();
    statefulSet.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '100Gi';
    const result = run(ARGS, { statefulSet, claims: [pvc('data-model-serving-0', '50Gi')] });
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([...GETS, patch('data-model-serving-0')]);
  });

  test('--dry-run reads and reports only', () => {
    const result = run([...ARGS, '--dry-run']);
    expect(result.status).toBe(0);
    expect(result.calls).toEqual(GETS);
    expect(result.stdout).toContain('5 replica(s); claim template 50Gi → 100Gi; 7 claim(s), 6 to grow');
  });

  test.each([
    [
      ['--namespace', 'serving', '--statefulset', 'model-serving', '--size', '100GB'],
      'is not a Kubernetes quantity',
    ],
    [['--namespace', 'serving', '--size', '100Gi'], '--statefulset is required'],
    [['--namespace', 'Serving', '--statefulset', 'model-serving', '--size', '100Gi'], 'is not a DNS label'],
  ])('usage errors exit 2 without calling kubectl: %j', (args, message) => {
    const result = run(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.calls).toEqual([]);
  });
});
