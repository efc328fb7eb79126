import { createHash } from 'node:crypto';

/**
 * Published schema versions are immutable. `contracts/versions.lock.json` records the fingerprint of every
 * `v<N>.avsc` when it is first published (`npm run contracts:lock` adds new versions, never changes one): a file
 * whose fingerprint differs was edited in place, which the load reports as a breaking change.
 */
export const LOCK_FILE = 'versions.lock.json';

/** `<domain>/v<N>.avsc` → `sha256:<hex>`. */
export type VersionLock = Readonly<Record<string, string>>;

/**
 * The fingerprint of an `.avsc` file: sha256 of its JSON with whitespace normalized away. Any other change, even
 * of a `doc` or a default, counts: the registry stores the text as registered, and consumers resolve with it.
 */
export function fingerprint(schema: unknown): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(schema)).digest('hex')}`;
}

export function lockKey(domain: string, version: number): string {
  return `${domain}/v${version}.avsc`;
}

/** The lock with entries for versions it lacks; existing entries are kept as they are (they are the record). */
export function extendLock(
  lock: VersionLock,
  versions: readonly { readonly key: string; readonly fingerprint: string }[],
): { lock: VersionLock; added: string[] } {
  const next: Record<string, string> = { ...lock };
  const added: string[] = [];
  for (const { key, fingerprint } of versions) {
    if (next[key] === undefined) {
      next[key] = fingerprint;
      added.push(key);
    }
  }
  const sorted = Object.fromEntries(Object.entries(next).sort(([a], [b]) => a.localeCompare(b, 'en')));
  return { lock: sorted, added };
}
