import { checkContainers, WORKLOAD_KINDS } from '../kubernetes/pod-spec';
import type { ManifestRule } from '../rule';

/** Containers drop every Linux capability and add back at most NET_BIND_SERVICE. */
export const k8sDropAllCapabilities: ManifestRule = {
  id: 'k8s-drop-all-capabilities',
  title: 'Containers drop ALL capabilities (Pod Security Standards: restricted)',
  level: 'error',
  resourceTypes: WORKLOAD_KINDS,
  check(manifest) {
    return checkContainers(manifest, (container) => {
      const capabilities = (container.securityContext.capabilities ?? {}) as {
        drop?: unknown;
        add?: unknown;
      };
      const drop = Array.isArray(capabilities.drop) ? capabilities.drop : [];
      const added = (Array.isArray(capabilities.add) ? capabilities.add : []).filter(
        (c) => c !== 'NET_BIND_SERVICE',
      );
      if (!drop.includes('ALL')) {
        return {
          message: `container ${container.name} keeps the runtime's default capabilities`,
          fix: "set securityContext.capabilities.drop: ['ALL']",
        };
      }
      return added.length > 0
        ? {
            message: `container ${container.name} adds ${added.join(', ')}`,
            fix: 'add back NET_BIND_SERVICE at most',
          }
        : undefined;
    });
  },
};
