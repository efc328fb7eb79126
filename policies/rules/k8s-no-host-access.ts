import { containers, podSpec, WORKLOAD_KINDS } from '../kubernetes/pod-spec';
import type { Finding, ManifestRule } from '../rule';

/** Pods share nothing with the node: no host network, PID or IPC namespace, no hostPath volume, no host port. */
export const k8sNoHostAccess: ManifestRule = {
  id: 'k8s-no-host-access',
  title: 'Pods use no host namespaces, hostPath volumes or host ports (Pod Security Standards: restricted)',
  level: 'error',
  resourceTypes: WORKLOAD_KINDS,
  check(manifest) {
    const pod = podSpec(manifest);
    if (!pod) return 'compliant';
    const findings: Finding[] = [];
    for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) {
      if (pod[key] === true) findings.push({ message: `the pod sets ${key}: true`, fix: `remove ${key}` });
    }
    for (const volume of Array.isArray(pod.volumes) ? pod.volumes : []) {
      const v = volume as { name?: unknown; hostPath?: unknown };
      if (v.hostPath !== undefined) {
        findings.push({
          message: `volume ${String(v.name)} mounts a path of the node`,
          fix: 'use an emptyDir or a PersistentVolumeClaim',
        });
      }
    }
    for (const container of containers(pod)) {
      const ports = Array.isArray(container.spec.ports) ? container.spec.ports : [];
      if (ports.some((p) => (p as { hostPort?: unknown }).hostPort !== undefined)) {
        findings.push({
          message: `container ${container.name} binds a host port`,
          fix: 'remove hostPort; expose it through a Service',
        });
      }
    }
    return findings.length > 0 ? findings : 'compliant';
  },
};
