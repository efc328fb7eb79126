import type { ManifestRule } from '../rule';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

/**
 * Every namespace the charts create enforces the Pod Security Standards `restricted` profile at admission, so
 * the cluster refuses what the other `k8s-*` rules check even for objects applied by hand.
 */
export const k8sNamespaceRestricted: ManifestRule = {
  id: 'k8s-namespace-restricted',
  title: 'Namespaces enforce the restricted Pod Security Standard',
  level: 'error',
  resourceTypes: ['Namespace'],
  check(manifest) {
    const labels = ((manifest.metadata as { labels?: Record<string, unknown> } | undefined)?.labels ??
      {}) as Record<string, unknown>;
    return labels[ENFORCE] === 'restricted'
      ? 'compliant'
      : [
          {
            message: `the namespace does not enforce the restricted profile (${ENFORCE} = ${JSON.stringify(labels[ENFORCE] ?? null)})`,
            fix: `label the namespace ${ENFORCE}: restricted`,
          },
        ];
  },
};
