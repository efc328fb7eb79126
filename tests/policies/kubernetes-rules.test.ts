import { MANIFEST_PACKS } from '../../policies/packs';
import type { ManifestObject, ManifestRule } from '../../policies/rule';
import { checkManifest, messages } from './rule-harness';

// biome-ignore lint/suspicious/noExplicitAny: tests reshape plain manifest JSON freely
type Json = Record<string, any>;

/** A StatefulSet as the charts should write it: restricted pod security, read-only, pinned image. */
function statefulSet(change: (pod: Json, container: Json) => void = () => {}): ManifestObject {
  const container: Json = {
    name: 'validator',
    image: 'lakehouseacr.azurecr.io/contract-validator:1.4.2',
    ports: [{ containerPort: 8080 }],
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
  };
  const pod: Json = {
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [container],
    volumes: [{ name: 'tmp', emptyDir: {} }],
  };
  change(pod, container);
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'contract-validator', namespace: 'streaming' },
    spec: { template: { spec: pod } },
  };
}

const namespace = (labels: Record<string, string>): ManifestObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'streaming', labels },
});

const cronJob = (image: string): ManifestObject => ({
  kind: 'CronJob',
  metadata: { name: 'compact', namespace: 'streaming' },
  spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'job', image }] } } } } },
});

interface Cases {
  readonly compliant: readonly [string, ManifestObject][];
  readonly violations: readonly [string, ManifestObject, string[]][];
}

const CASES: Record<string, Cases> = {
  'k8s-namespace-restricted': {
    compliant: [['enforce restricted', namespace({ 'pod-security.kubernetes.io/enforce': 'restricted' })]],
    violations: [
      [
        'baseline only',
        namespace({ 'pod-security.kubernetes.io/enforce': 'baseline' }),
        [
          'the namespace does not enforce the restricted profile (pod-security.kubernetes.io/enforce = "baseline") → label the namespace pod-security.kubernetes.io/enforce: restricted',
        ],
      ],
    ],
  },
  'k8s-run-as-non-root': {
    compliant: [
      ['pod-level runAsNonRoot', statefulSet()],
      [
        'container-level runAsNonRoot',
        statefulSet((pod, c) => {
          pod.securityContext = { seccompProfile: { type: 'RuntimeDefault' } };
          c.securityContext.runAsNonRoot = true;
        }),
      ],
    ],
    violations: [
      [
        'no runAsNonRoot anywhere',
        statefulSet((pod) => {
          pod.securityContext = {};
        }),
        [
          'container validator may run as root → set securityContext.runAsNonRoot: true on the pod or the container',
        ],
      ],
      [
        'container overrides to uid 0',
        statefulSet((_, c) => {
          c.securityContext.runAsUser = 0;
        }),
        ['container validator runs as user 0 (root) → set runAsUser to a non-zero uid'],
      ],
    ],
  },
  'k8s-seccomp-runtime-default': {
    compliant: [['pod-level RuntimeDefault', statefulSet()]],
    violations: [
      [
        'an init container without a profile when the pod has none',
        statefulSet((pod) => {
          pod.securityContext = { runAsNonRoot: true };
          pod.initContainers = [
            {
              name: 'init',
              image: 'busybox:1.36',
              securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            },
          ];
        }),
        [
          'container validator has seccomp profile "Unconfined" → set securityContext.seccompProfile: { type: \'RuntimeDefault\' } on the pod',
        ],
      ],
    ],
  },
  'k8s-drop-all-capabilities': {
    compliant: [
      ['drop ALL', statefulSet()],
      [
        'drop ALL, add NET_BIND_SERVICE',
        statefulSet((_, c) => {
          c.securityContext.capabilities.add = ['NET_BIND_SERVICE'];
        }),
      ],
    ],
    violations: [
      [
        'keeps defaults',
        statefulSet((_, c) => {
          delete c.securityContext.capabilities;
        }),
        [
          "container validator keeps the runtime's default capabilities → set securityContext.capabilities.drop: ['ALL']",
        ],
      ],
      [
        'adds NET_ADMIN',
        statefulSet((_, c) => {
          c.securityContext.capabilities.add = ['NET_ADMIN'];
        }),
        ['container validator adds NET_ADMIN → add back NET_BIND_SERVICE at most'],
      ],
    ],
  },
  'k8s-no-privilege-escalation': {
    compliant: [['allowPrivilegeEscalation false', statefulSet()]],
    violations: [
      [
        'not set',
        statefulSet((_, c) => {
          delete c.securityContext.allowPrivilegeEscalation;
        }),
        ['container validator may escalate privileges → set securityContext.allowPrivilegeEscalation: false'],
      ],
      [
        'privileged',
        statefulSet((_, c) => {
          c.securityContext.privileged = true;
        }),
        ['container validator is privileged → remove securityContext.privileged'],
      ],
    ],
  },
  'k8s-read-only-root-filesystem': {
    compliant: [['read-only', statefulSet()]],
    violations: [
      [
        'writable',
        statefulSet((_, c) => {
          c.securityContext.readOnlyRootFilesystem = false;
        }),
        [
          'container validator can write to its root file system → set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where it must write',
        ],
      ],
    ],
  },
  'k8s-no-host-access': {
    compliant: [['no host access', statefulSet()]],
    violations: [
      [
        'host network, hostPath and a host port',
        statefulSet((pod, c) => {
          pod.hostNetwork = true;
          pod.volumes.push({ name: 'docker', hostPath: { path: '/var/run/docker.sock' } });
          c.ports = [{ containerPort: 8080, hostPort: 8080 }];
        }),
        [
          'the pod sets hostNetwork: true → remove hostNetwork',
          'volume docker mounts a path of the node → use an emptyDir or a PersistentVolumeClaim',
          'container validator binds a host port → remove hostPort; expose it through a Service',
        ],
      ],
    ],
  },
  'k8s-no-latest-image': {
    compliant: [
      ['a version tag', statefulSet()],
      ['a digest', cronJob(`lakehouseacr.azurecr.io/compact@sha256:${'a'.repeat(64)}`)],
      ['a registry with a port', cronJob('registry.local:5000/compact:2.1.0')],
    ],
    violations: [
      [
        'latest',
        cronJob('lakehouseacr.azurecr.io/compact:latest'),
        [
          'container job runs "lakehouseacr.azurecr.io/compact:latest", which is not pinned → pin the image by version tag or digest in the workload config (workloads[].image)',
        ],
      ],
      [
        'no tag (a registry port is not a tag)',
        cronJob('registry.local:5000/compact'),
        [
          'container job runs "registry.local:5000/compact", which is not pinned → pin the image by version tag or digest in the workload config (workloads[].image)',
        ],
      ],
    ],
  },
};

const RULES: ManifestRule[] = MANIFEST_PACKS.flatMap((pack) => [...pack.rules]);

test('every Kubernetes rule has compliant and non-compliant cases here', () => {
  expect(Object.keys(CASES).sort()).toEqual(RULES.map((r) => r.id).sort());
});

test('objects that run no pods pass the workload rules', () => {
  for (const rule of RULES.filter((r) => r.id !== 'k8s-namespace-restricted')) {
    expect(checkManifest(rule, { kind: 'Deployment', metadata: { name: 'x' } })).toBe('compliant');
  }
});

describe.each(RULES.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
  test.each(CASES[id].compliant)('compliant: %s', (_, object) => {
    expect(checkManifest(rule, object)).toBe('compliant');
  });
  test.each(CASES[id].violations)('violation: %s', (_, object, expected) => {
    expect(messages(checkManifest(rule, object))).toEqual(expected);
  });
});
