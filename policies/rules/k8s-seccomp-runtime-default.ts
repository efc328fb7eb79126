import { checkContainers, podSecurityContext, WORKLOAD_KINDS } from '../kubernetes/pod-spec';
import type { ManifestRule } from '../rule';

function profile(context: Record<string, unknown>): unknown {
  const seccomp = context.seccompProfile as { type?: unknown } | undefined;
  return seccomp?.type;
}

/** Every container runs under the runtime's default seccomp profile (or a local one), set on pod or container. */
export const k8sSeccompRuntimeDefault: ManifestRule = {
  id: 'k8s-seccomp-runtime-default',
  title: 'Containers use the RuntimeDefault seccomp profile (Pod Security Standards: restricted)',
  level: 'error',
  resourceTypes: WORKLOAD_KINDS,
  check(manifest) {
    return checkContainers(manifest, (container, pod) => {
      const type = profile(container.securityContext) ?? profile(podSecurityContext(pod));
      return type === 'RuntimeDefault' || type === 'Localhost'
        ? undefined
        : {
            message: `container ${container.name} has seccomp profile ${JSON.stringify(type ?? 'Unconfined')}`,
            fix: "set securityContext.seccompProfile: { type: 'RuntimeDefault' } on the pod",
          };
    });
  },
};
