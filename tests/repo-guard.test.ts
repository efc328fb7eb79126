/**
 * The suite's repository guard (tests/helpers/repo-guard.js, run as jest's global setup/teardown) must fail a run
 * that writes into the repository. Proved on a throwaway git repository with the real global hooks and a
 * deliberately misbehaving test, in a child jest process.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const JEST = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');

/** A git repository holding a user's filled manifests and a tracked README, plus one test file. */
function fixtureRepository(testBody: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-guard-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  writeFileSync(join(dir, '.gitignore'), 'dist/\nplan-review.md\n');
  writeFileSync(join(dir, 'README.md'), '# fixture\n');
  mkdirSync(join(dir, 'dist', 'k8s', 'dev'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'k8s', 'dev', 'model-serving.k8s.yaml'), 'clientId: filled-by-the-user\n');
  writeFileSync(
    join(dir, 'jest.config.js'),
    `module.exports = ${JSON.stringify({
      rootDir: dir,
      testMatch: ['**/*.test.js'],
      globalSetup: join(ROOT, 'tests', 'helpers', 'global-setup.js'),
      globalTeardown: join(ROOT, 'tests', 'helpers', 'global-teardown.js'),
    })};\n`,
  );
  writeFileSync(
    join(dir, 'probe.test.js'),
    `const fs = require('node:fs');\nconst path = require('node:path');\ntest('probe', () => {\n${testBody}\n});\n`,
  );
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'fixture');
  return dir;
}

function jest(dir: string): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [JEST, '--config', join(dir, 'jest.config.js'), '--ci', '--no-watchman', '--no-cache'],
      { cwd: dir, encoding: 'utf8' },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code) : 0, output: stdout + stderr }),
    );
  });
}

describe('the repository guard', () => {
  let misbehaving: { status: number; output: string };
  let wellBehaved: { status: number; output: string };

  beforeAll(async () => {
    [misbehaving, wellBehaved] = await Promise.all([
      jest(
        fixtureRepository(`
  fs.writeFileSync(path.join(__dirname, 'dist', 'k8s', 'dev', 'model-serving.k8s.yaml'), 'clientId: placeholder\\n');
  fs.writeFileSync(path.join(__dirname, 'plan-review.md'), '# review\\n');
  fs.appendFileSync(path.join(__dirname, 'README.md'), 'edited\\n');`),
      ),
      jest(
        fixtureRepository(`
  fs.writeFileSync(path.join(require('node:os').tmpdir(), 'scratch.txt'), 'fine');`),
      ),
    ]);
  }, 30_000);

  test('fails a run that writes into the repository, naming each path', () => {
    expect(misbehaving.status).not.toBe(0);
    expect(misbehaving.output).toContain('The test run changed the repository');
    expect(misbehaving.output).toContain('dist/k8s/dev/model-serving.k8s.yaml: changed');
    expect(misbehaving.output).toContain('git status now shows: !! plan-review.md');
    expect(misbehaving.output).toContain('git status now shows:  M README.md');
  });

  test('passes a run that writes only into its temporary folder', () => {
    expect(wellBehaved.output).not.toContain('changed the repository');
    expect(wellBehaved.status).toBe(0);
  });
});
