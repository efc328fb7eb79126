import { checkContainers, WORKLOAD_KINDS } from '../kubernetes/pod-spec';
import type { ManifestRule } from '../rule';

/** No container is privileged or can gain privileges (setuid binaries): `allowPrivilegeEscalation: false`. */
export const k8sNoPrivilegeEscalation: ManifestRule = {
  id: 'k8s-no-privilege-escalation',
  title: 'Containers are not privileged and cannot escalate privileges (Pod Security Standards: restricted)',
  level: 'error',
  resourceTypes: WORKLOAD_KINDS,
  check(manifest) {
    return checkContainers(manifest, (container) => {
      if (container.securityContext.privileged === true) {
        return {
          message: `container ${container.name} is privileged`,
          fix: 'remove securityContext.privileged',
        };
      }
      return container.securityContext.allowPrivilegeEscalation === false
        ? undefined
        : {
            message: `container ${container.name} may escalate privileges`,
            fix: 'set securityContext.allowPrivilegeEscalation: false',
          };
    });
  },
};
