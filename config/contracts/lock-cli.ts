/**
 * `npm run contracts:lock`: records the fingerprint of every schema version not yet in
 * `contracts/versions.lock.json` (publishing it). Existing entries are never changed: an edited published version
 * stays an error until the file is restored.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACTS_DIR } from './load';
import { extendLock, fingerprint, LOCK_FILE, lockKey, type VersionLock } from './lock';

export function lockContracts(dir: string = CONTRACTS_DIR): string[] {
  const lockPath = join(dir, LOCK_FILE);
  const lock = existsSync(lockPath) ? (JSON.parse(readFileSync(lockPath, 'utf8')) as VersionLock) : {};
  const versions: { key: string; fingerprint: string }[] = [];
  for (const domain of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    for (const file of readdirSync(join(dir, domain.name))) {
      const match = /^v([1-9]\d*)\.avsc$/.exec(file);
      if (!match) continue;
      const schema = JSON.parse(readFileSync(join(dir, domain.name, file), 'utf8')) as unknown;
      versions.push({ key: lockKey(domain.name, Number(match[1])), fingerprint: fingerprint(schema) });
    }
  }
  const { lock: next, added } = extendLock(lock, versions);
  writeFileSync(lockPath, `${JSON.stringify(next, null, 2)}\n`);
  return added;
}

if (require.main === module) {
  const added = lockContracts();
  console.log(added.length > 0 ? `published: ${added.join(', ')}` : 'nothing new to publish');
}
