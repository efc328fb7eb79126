import { checkContainers, WORKLOAD_KINDS } from '../kubernetes/pod-spec';
import type { ManifestRule } from '../rule';

/** Containers cannot write to their image: writable paths are volumes (emptyDir, PVC) the chart mounts. */
export const k8sReadOnlyRootFilesystem: ManifestRule = {
  id: 'k8s-read-only-root-filesystem',
  title: 'Containers have a read-only root file system',
  level: 'error',
  resourceTypes: WORKLOAD_KINDS,
  check(manifest) {
    return checkContainers(manifest, (container) =>
      container.securityContext.readOnlyRootFilesystem === true
        ? undefined
        : {
            message: `container ${container.name} can write to its root file system`,
            fix: 'set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where it must write',
          },
    );
  },
};
