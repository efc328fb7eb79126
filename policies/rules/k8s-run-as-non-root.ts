import { checkContainers, podSecurityContext, WORKLOAD_KINDS } from '../kubernetes/pod-spec';
import type { ManifestRule } from '../rule';

/** Containers run as a non-root user: `runAsNonRoot: true` (pod or container) and never `runAsUser: 0`. */
export const k8sRunAsNonRoot: ManifestRule = {
  id: 'k8s-run-as-non-root',
  title: 'Containers run as non-root (Pod Security Standards: restricted)',
  level: 'error',
  resourceTypes: WORKLOAD_KINDS,
  check(manifest) {
    return checkContainers(manifest, (container, pod) => {
      const podContext = podSecurityContext(pod);
      const nonRoot = container.securityContext.runAsNonRoot ?? podContext.runAsNonRoot;
      const user = container.securityContext.runAsUser ?? podContext.runAsUser;
      if (user === 0) {
        return {
          message: `container ${container.name} runs as user 0 (root)`,
          fix: 'set runAsUser to a non-zero uid',
        };
      }
      return nonRoot === true
        ? undefined
        : {
            message: `container ${container.name} may run as root`,
            fix: 'set securityContext.runAsNonRoot: true on the pod or the container',
          };
    });
  },
};
