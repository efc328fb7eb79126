import { k8sDropAllCapabilities } from '../rules/k8s-drop-all-capabilities';
import { k8sNamespaceRestricted } from '../rules/k8s-namespace-restricted';
import { k8sNoHostAccess } from '../rules/k8s-no-host-access';
import { k8sNoLatestImage } from '../rules/k8s-no-latest-image';
import { k8sNoPrivilegeEscalation } from '../rules/k8s-no-privilege-escalation';
import { k8sReadOnlyRootFilesystem } from '../rules/k8s-read-only-root-filesystem';
import { k8sRunAsNonRoot } from '../rules/k8s-run-as-non-root';
import { k8sSeccompRuntimeDefault } from '../rules/k8s-seccomp-runtime-default';
import type { ManifestPack } from './pack';

/** The charts' manifests (`dist/k8s/<env>/*.yaml`): Pod Security Standards `restricted`, read-only, pinned. */
export const kubernetesPack: ManifestPack = {
  name: 'kubernetes',
  description: 'Pod security for the Kubernetes manifests',
  rules: [
    k8sNamespaceRestricted,
    k8sRunAsNonRoot,
    k8sSeccompRuntimeDefault,
    k8sDropAllCapabilities,
    k8sNoPrivilegeEscalation,
    k8sReadOnlyRootFilesystem,
    k8sNoHostAccess,
    k8sNoLatestImage,
  ],
};
