import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm ci` refuses a lockfile that lacks an entry for any optional dependency, and npm leaves out the platform
 * binaries its registry does not serve: `node scripts/complete-lockfile.mjs` fills them in after an install.
 */
test('package-lock.json has an entry for every optional dependency (else npm ci fails on a clean clone)', () => {
  const lock = JSON.parse(readFileSync(join(__dirname, '..', 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { optionalDependencies?: Record<string, string> }>;
  };
  const missing: string[] = [];
  for (const [location, entry] of Object.entries(lock.packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
      if (!lock.packages[`node_modules/${name}`] && !lock.packages[nested])
        missing.push(`${location} → ${name}`);
    }
  }
  expect(missing).toEqual([]);
});
