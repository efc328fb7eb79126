import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'stage-node-deps.mjs');

// One of the two clients Build stages (the other pulls 40 packages, 47 MB: the same mechanism, four times the copying).
test('stages a client with its whole dependency closure: plain node loads it from the artifact', () => {
  const artifact = mkdtempSync(join(tmpdir(), 'lakehouse-artifact-'));
  const staged = spawnSync(process.execPath, [SCRIPT, artifact, '@azure/schema-registry'], {
    encoding: 'utf8',
  });
  expect(staged.stderr).toBe('');
  expect(staged.status).toBe(0);
  // Loaded from the artifact, not from the repository (the artifact folder is outside it).
  const load = spawnSync(
    process.execPath,
    [
      '-e',
      "for (const p of ['@azure/schema-registry', '@azure/core-rest-pipeline', 'tslib']) { require(p); console.log(require.resolve(p)); }",
    ],
    { cwd: artifact, encoding: 'utf8' },
  );
  expect(load.stderr).toBe('');
  const paths = load.stdout.trim().split('\n');
  expect(paths).toHaveLength(3);
  for (const path of paths) expect(path.startsWith(join(artifact, 'node_modules'))).toBe(true);
});

test('a package that is not installed is a clear error', () => {
  const result = spawnSync(
    process.execPath,
    [SCRIPT, mkdtempSync(join(tmpdir(), 'x-')), 'no-such-package-xyz'],
    {
      encoding: 'utf8',
    },
  );
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('no-such-package-xyz (needed from .) is not installed. Fix: npm ci');
});
