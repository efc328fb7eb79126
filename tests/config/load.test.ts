import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverEnvironmentFiles, ENVIRONMENTS_DIR, loadEnvironments } from '../../config/load';
import { ConfigError, formatProblem } from '../../config/problems';

const DEV = join(ENVIRONMENTS_DIR, 'dev');

/** A temporary environments folder with the given files (`name.ts` → source). */
function environmentsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-envs-'));
  for (const [file, source] of Object.entries(files)) writeFileSync(join(dir, file), source);
  return dir;
}

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

test('every file in environments/ but the schema is an environment', () => {
  expect([...discoverEnvironmentFiles().keys()]).toEqual(['dev', 'prod', 'test']);
});

test('adding a file adds an environment, with no registration', () => {
  const dir = environmentsDir({
    'qa.ts': `import dev from '${DEV}';\nexport default { ...dev, name: 'qa' };`,
  });
  expect(loadEnvironments({ dir }).map((c) => c.name)).toEqual(['qa']);
});

test('duplicate environment names', () => {
  const dir = environmentsDir({
    'dev.ts': `import dev from '${DEV}';\nexport default dev;`,
    'qa.ts': `import dev from '${DEV}';\nexport default { ...dev };`,
  });
  expect(problems(() => loadEnvironments({ dir }))).toEqual([
    expect.stringMatching(
      /qa\.ts: name = "dev": duplicate environment name, also used by .*dev\.ts\. Fix: set name: 'qa'/,
    ),
  ]);
});

test('unknown environment asked for on the command line', () => {
  expect(problems(() => loadEnvironments({ only: ['staging'] }))).toEqual([
    '(command line): --env = "staging": no such environment. Fix: use one of: dev, prod, test, or add environments/staging.ts',
  ]);
});

test('a file that does not load is one problem, not a stack trace', () => {
  const dir = environmentsDir({ 'qa.ts': 'export const nothing = 1;' });
  expect(problems(() => loadEnvironments({ dir }))).toEqual([
    expect.stringMatching(/qa\.ts = \(missing\): cannot be loaded \(it has no default export\)/),
  ]);
});

test('problems of all files are reported together', () => {
  const dir = environmentsDir({
    'qa.ts': `import dev from '${DEV}';\nexport default { ...dev, name: 'qa', location: 'mars' };`,
    'uat.ts': `import dev from '${DEV}';\nexport default { ...dev, name: 'uat', keyVault: { sku: 'gold', softDeleteRetentionDays: 7 } };`,
  });
  const lines = problems(() => loadEnvironments({ dir }));
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/qa\.ts: location = "mars": unknown Azure region/);
  expect(lines[1]).toMatch(/uat\.ts: keyVault\.sku = "gold": not an allowed value/);
});
