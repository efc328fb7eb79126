import { checkContainers, WORKLOAD_KINDS } from '../kubernetes/pod-spec';
import type { ManifestRule } from '../rule';

/** The tag of an image reference, if any (`registry:5000/repo:tag@sha256:...`). */
function tagOf(image: string): { tag?: string; digest: boolean } {
  const [name, digest] = image.split('@');
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  return { tag: colon === -1 ? undefined : name.slice(colon + 1), digest: digest !== undefined };
}

/** Images are pinned by a version tag or a digest: what runs is what was reviewed, and rollbacks work. */
export const k8sNoLatestImage: ManifestRule = {
  id: 'k8s-no-latest-image',
  title: 'Images are pinned by version tag or digest, never latest',
  level: 'error',
  resourceTypes: WORKLOAD_KINDS,
  check(manifest) {
    return checkContainers(manifest, (container) => {
      const image = String(container.spec.image ?? '');
      const { tag, digest } = tagOf(image);
      if (digest || (tag !== undefined && tag !== 'latest')) return undefined;
      return {
        message: `container ${container.name} runs ${JSON.stringify(image)}, which is not pinned`,
        fix: 'pin the image by version tag or digest in the workload config (workloads[].image)',
      };
    });
  },
};
