import { type PodSpecJson, podSecurityViolations, podSpecOf } from '../../charts/pod-security';
import { DATA_VOLUME } from '../../charts/workload-chart';
import { ENVIRONMENT_NAMES, environment, type Json, objectsOf } from './synth';

const podTemplates = (name: string) =>
  objectsOf(name).flatMap((object) => {
    const pod = podSpecOf(object);
    return pod ? [{ object, pod }] : [];
  });

describe.each(ENVIRONMENT_NAMES)('%s pod specs', (name) => {
  test('there is one pod template per workload', () => {
    expect(podTemplates(name).map((t) => t.object.metadata.name)).toEqual(
      environment(name).workloads.map((w) => w.name),
    );
  });

  test('every pod spec meets Pod Security restricted', () => {
    for (const { object, pod } of podTemplates(name)) {
      expect({
        object: object.metadata.name,
        violations: podSecurityViolations(pod.spec, pod.annotations),
      }).toEqual({
        object: object.metadata.name,
        violations: [],
      });
    }
  });

  test('and the kit hardening beyond it: read-only root, fixed non-root ids, only the claim and /tmp writable', () => {
    for (const { pod } of podTemplates(name)) {
      const spec = pod.spec as Json;
      expect(spec.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 10001,
        runAsGroup: 10001,
        fsGroup: 10001,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(spec.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '1024Mi' } }]);
      for (const container of spec.containers) {
        expect(container.securityContext).toEqual({
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          privileged: false,
          readOnlyRootFilesystem: true,
          runAsGroup: 10001,
          runAsNonRoot: true,
          runAsUser: 10001,
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(container.volumeMounts.map((m: Json) => m.name).sort()).toEqual([DATA_VOLUME, 'tmp']);
      }
    }
  });
});

/** A pod spec that meets `restricted`; each test breaks one control. */
const compliant = (): Json => ({
  securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [
    {
      name: 'app',
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    },
  ],
  volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
});

const controls = (spec: PodSpecJson, annotations?: Record<string, string>) =>
  podSecurityViolations(spec, annotations).map((v) => `${v.control}: ${v.path}`);

describe('podSecurityViolations finds each control', () => {
  test('a compliant spec has none', () => {
    expect(controls(compliant())).toEqual([]);
  });

  test.each<[string, (spec: Json) => void, string[]]>([
    ['host network', (s) => (s.hostNetwork = true), ['Host Namespaces: hostNetwork']],
    ['host PID', (s) => (s.hostPID = true), ['Host Namespaces: hostPID']],
    [
      'privileged container',
      (s) => (s.containers[0].securityContext.privileged = true),
      ['Privileged Containers: containers[0].securityContext.privileged'],
    ],
    [
      'privilege escalation left unset',
      (s) => delete s.containers[0].securityContext.allowPrivilegeEscalation,
      ['Privilege Escalation: containers[0].securityContext.allowPrivilegeEscalation'],
    ],
    [
      'runAsNonRoot missing everywhere',
      (s) => delete s.securityContext.runAsNonRoot,
      ['Running as Non-root: containers[0].securityContext.runAsNonRoot'],
    ],
    [
      'container overrides runAsNonRoot with false',
      (s) => (s.containers[0].securityContext.runAsNonRoot = false),
      ['Running as Non-root: containers[0].securityContext.runAsNonRoot'],
    ],
    [
      'root user on the container',
      (s) => (s.containers[0].securityContext.runAsUser = 0),
      ['Running as Non-root user: containers[0].securityContext.runAsUser'],
    ],
    [
      'no seccomp profile anywhere',
      (s) => delete s.securityContext.seccompProfile,
      ['Seccomp: containers[0].securityContext.seccompProfile.type'],
    ],
    [
      'unconfined seccomp on the container',
      (s) => (s.containers[0].securityContext.seccompProfile = { type: 'Unconfined' }),
      ['Seccomp: containers[0].securityContext.seccompProfile.type'],
    ],
    [
      'capabilities not dropped',
      (s) => delete s.containers[0].securityContext.capabilities,
      ['Capabilities: containers[0].securityContext.capabilities.drop'],
    ],
    [
      'a capability added',
      (s) => (s.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE', 'NET_ADMIN']),
      ['Capabilities: containers[0].securityContext.capabilities.add[1]'],
    ],
    [
      'hostPath volume',
      (s) => s.volumes.push({ name: 'host', hostPath: { path: '/' } }),
      ['HostPath Volumes: volumes[1].hostPath'],
    ],
    [
      'a volume type restricted does not allow',
      (s) => s.volumes.push({ name: 'nfs', nfs: { server: 'x', path: '/' } }),
      ['Volume Types: volumes[1].nfs'],
    ],
    [
      'host port',
      (s) => (s.containers[0].ports = [{ containerPort: 80, hostPort: 80 }]),
      ['Host Ports: containers[0].ports[0].hostPort'],
    ],
    [
      'unsafe sysctl',
      (s) => (s.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]),
      ['Sysctls: securityContext.sysctls[0]'],
    ],
    [
      'SELinux user',
      (s) => (s.containers[0].securityContext.seLinuxOptions = { user: 'system_u' }),
      ['SELinux: containers[0].securityContext.seLinuxOptions.user'],
    ],
    [
      'unmasked /proc',
      (s) => (s.containers[0].securityContext.procMount = 'Unmasked'),
      ['/proc Mount Type: containers[0].securityContext.procMount'],
    ],
    [
      'an init container without a security context',
      (s) => (s.initContainers = [{ name: 'init' }]),
      [
        'Privilege Escalation: initContainers[0].securityContext.allowPrivilegeEscalation',
        'Capabilities: initContainers[0].securityContext.capabilities.drop',
      ],
    ],
  ])('%s', (_, breakIt, expected) => {
    const spec = compliant();
    breakIt(spec);
    expect(controls(spec)).toEqual(expected);
  });

  test('AppArmor annotations other than the runtime default', () => {
    expect(
      controls(compliant(), { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' }),
    ).toEqual(['AppArmor: metadata.annotations.container.apparmor.security.beta.kubernetes.io/app']);
  });
});

describe('podSpecOf', () => {
  test('finds the pod spec of a Pod, a workload and a CronJob', () => {
    const spec = compliant();
    expect(podSpecOf({ kind: 'Pod', spec })?.spec).toBe(spec);
    expect(podSpecOf({ kind: 'StatefulSet', spec: { template: { spec } } })?.spec).toBe(spec);
    expect(
      podSpecOf({ kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec } } } } })?.spec,
    ).toBe(spec);
    expect(podSpecOf({ kind: 'Service', spec: { ports: [] } })).toBeUndefined();
  });
});
