/**
 * Container image references (`registry/repository:tag@digest`), parsed as the Docker distribution grammar
 * does. Plain code without cdk8s: the config rules (config/rules/workloads.ts) and the charts both use it, so it
 * lives in the lower layer, config/.
 */

export interface ImageReference {
  /** Registry host (with port), e.g. `myacr.azurecr.io`; undefined for `repository:tag`. */
  readonly registry?: string;
  /** e.g. `contract-validator` or `team/contract-validator`. */
  readonly repository: string;
  readonly tag?: string;
  /** e.g. `sha256:0123…` (64 hex digits). */
  readonly digest?: string;
}

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const HOST =
  '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?';
const REFERENCE = new RegExp(
  `^(?:(${HOST})/)?(${COMPONENT}(?:/${COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`,
);

/** The parts of an image reference, or undefined when it is not one. */
export function parseImageReference(text: string): ImageReference | undefined {
  const match = REFERENCE.exec(text);
  if (!match) return undefined;
  const [, host, path, tag, digest] = match;
  // `team/app:1` has no registry: the first part is a registry only when it looks like a host.
  if (host === undefined || /[.:]/.test(host) || host === 'localhost')
    return { registry: host, repository: path, tag, digest };
  if (!new RegExp(`^${COMPONENT}$`).test(host)) return undefined;
  return { repository: `${host}/${path}`, tag, digest };
}

/** Why an image reference is not pinned (no tag or digest, or `latest`), or undefined when it is. */
export function unpinnedReason(image: ImageReference): string | undefined {
  if (image.tag === 'latest') return '":latest" moves with every push, so it pins nothing';
  if (image.tag === undefined && image.digest === undefined)
    return 'it has no tag or digest, so Kubernetes pulls ":latest"';
  return undefined;
}

/**
 * The image to run: a reference without a registry (`contract-validator:1.4.2`) is pulled from the
 * environment's own container registry, the one the cluster's kubelet identity may pull from.
 */
export function resolveImage(text: string, registryLoginServer: string): string {
  const image = parseImageReference(text);
  return image && image.registry === undefined ? `${registryLoginServer}/${text}` : text;
}
