import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { StatefulSet } from 'cdk8s-plus-28/lib/stateful-set';
import { Volume } from 'cdk8s-plus-28/lib/volume';
import {
  StatefulSetWithClaims,
  type StatefulSetWithClaimsProps,
  type VolumeClaimTemplate,
} from '../../charts/constructs/stateful-set-with-claims';
import type { Json } from './synth';

const CONTAINERS = [
  { name: 'app', image: 'example.azurecr.io/app:1.0.0', portNumber: 8080 },
  { name: 'sidecar', image: 'example.azurecr.io/sidecar:1.0.0' },
];

function synth(props: Partial<StatefulSetWithClaimsProps>, claims: VolumeClaimTemplate[] = []): Json {
  const chart = Testing.chart();
  const set = new StatefulSetWithClaims(chart, 'Set', { containers: CONTAINERS, ...props });
  for (const claim of claims) set.addVolumeClaimTemplate(claim);
  return Testing.synth(chart).find((o: Json) => o.kind === 'StatefulSet');
}

/** The input as the API expects it: every field of the typed claim, quantities as their text. */
function expectedClaim(claim: VolumeClaimTemplate): Json {
  return {
    metadata: { name: claim.name },
    spec: {
      accessModes: claim.accessModes ?? ['ReadWriteOnce'],
      storageClassName: claim.storageClassName,
      resources: { requests: { storage: claim.storage.value } },
    },
  };
}

describe('StatefulSetWithClaims renders everything it is given', () => {
  const data: VolumeClaimTemplate = {
    name: 'data',
    storage: k8s.Quantity.fromString('10Gi'),
    storageClassName: 'lakehouse-ssd',
    mountPath: '/var/lib/app',
  };
  const scratch: VolumeClaimTemplate = {
    name: 'scratch',
    storage: k8s.Quantity.fromString('512Mi'),
    storageClassName: 'lakehouse-fast',
    mountPath: '/var/scratch',
    accessModes: ['ReadWriteOncePod'],
    containers: ['sidecar'],
  };
  const spread: k8s.TopologySpreadConstraint = {
    maxSkew: 1,
    topologyKey: 'topology.kubernetes.io/zone',
    whenUnsatisfiable: 'DoNotSchedule',
    labelSelector: { matchLabels: { app: 'x' } },
  };
  const set = synth(
    {
      volumeClaimTemplates: [data],
      claimRetention: { whenDeleted: 'Retain', whenScaled: 'Delete' },
      topologySpreadConstraints: [spread],
      podSeccompProfile: { type: 'RuntimeDefault' },
    },
    [scratch],
  );

  test('every claim template, field for field (quantities included)', () => {
    expect(set.spec.volumeClaimTemplates).toEqual([expectedClaim(data), expectedClaim(scratch)]);
  });

  test('the claims are mounted where asked, and only there', () => {
    const mounts = Object.fromEntries(
      set.spec.template.spec.containers.map((c: Json) => [c.name, c.volumeMounts ?? []]),
    );
    expect(mounts).toEqual({
      app: [{ name: 'data', mountPath: '/var/lib/app' }],
      sidecar: [
        { name: 'data', mountPath: '/var/lib/app' },
        { name: 'scratch', mountPath: '/var/scratch' },
      ],
    });
    // Claim volumes come from the templates, never from pod volumes.
    expect(set.spec.template.spec.volumes).toBeUndefined();
  });

  test('retention policy, topology spread and pod seccomp profile', () => {
    expect(set.spec.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: 'Retain',
      whenScaled: 'Delete',
    });
    expect(set.spec.template.spec.topologySpreadConstraints).toEqual([spread]);
    expect(set.spec.template.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  test('without additions it renders what cdk8s-plus renders', () => {
    const chart = Testing.chart();
    new StatefulSet(chart, 'Set', { containers: CONTAINERS });
    const plain = Testing.synth(chart).find((o: Json) => o.kind === 'StatefulSet');
    expect(synth({})).toEqual(plain);
  });
});

test('why the construct exists: a JSON patch through the typed KubeStatefulSet loses a plain-string size', () => {
  const chart = Testing.chart();
  const set = new StatefulSet(chart, 'Set', { containers: CONTAINERS });
  ApiObject.of(set).addJsonPatch(
    JsonPatch.add('/spec/volumeClaimTemplates', [
      {
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
      },
    ]),
  );
  const rendered: Json = Testing.synth(chart).find((o: Json) => o.kind === 'StatefulSet');
  // If cdk8s ever keeps the size here, this test fails: the patch route would then be an option again.
  expect(rendered.spec.volumeClaimTemplates[0].spec.resources).toEqual({ requests: {} });
});

describe('StatefulSetWithClaims refuses claims that cannot work', () => {
  const claim = (extra: Partial<VolumeClaimTemplate>): VolumeClaimTemplate => ({
    name: 'data',
    storage: k8s.Quantity.fromString('1Gi'),
    storageClassName: 'c',
    mountPath: '/data',
    ...extra,
  });

  test.each<[string, VolumeClaimTemplate[], string]>([
    [
      'defined twice',
      [claim({}), claim({ mountPath: '/other' })],
      'volume claim template "data" is defined twice',
    ],
    ['a relative mount path', [claim({ mountPath: 'data' })], 'mountPath "data" is not absolute'],
    ['an unknown container', [claim({ containers: ['nope'] })], 'mounts into unknown container "nope"'],
    [
      'the name of a pod volume',
      [claim({ name: 'tmp' })],
      'volume claim template "tmp" has the name of a pod volume',
    ],
  ])('%s', (_, claims, message) => {
    const chart = Testing.chart();
    const set = new StatefulSetWithClaims(chart, 'Set', {
      containers: CONTAINERS,
      volumeClaimTemplates: claims,
    });
    set.containers[0].mount('/tmp', Volume.fromEmptyDir(chart, 'Tmp', 'tmp'));
    expect(() => Testing.synth(chart)).toThrow(message);
  });
});
