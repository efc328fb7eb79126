/**
 * The suite runs as on a fresh machine with Node 20 after `npm ci` (tests/helpers/fresh-machine.js): PATH holds
 * the project's node_modules/.bin and links to node, npm and the base tools only, and a skipped test fails the
 * run (tests/helpers/summary-reporter.js). These tests prove both are in force, and that nothing reads from
 * outside the repository.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';

const ROOT = join(__dirname, '..');
const { BASE_TOOLS } = require('./helpers/fresh-machine') as { BASE_TOOLS: string[] };
const SummaryReporter = require('./helpers/summary-reporter');
const config = require('../jest.config');

test('jest narrows PATH and reports skipped tests through the fresh-machine helpers', () => {
  expect(config.globalSetup).toBe('<rootDir>/tests/helpers/global-setup.js');
  expect(readFileSync(join(__dirname, 'helpers', 'global-setup.js'), 'utf8')).toContain(
    "require('./global-temp')",
  );
  expect(config.reporters).toContain('<rootDir>/tests/helpers/summary-reporter.js');
});

test('PATH holds node_modules/.bin and the links to node, npm, npx and the base tools, nothing else', () => {
  const [modules, links, ...rest] = (process.env.PATH ?? '').split(delimiter);
  expect(modules).toBe(join(ROOT, 'node_modules', '.bin'));
  expect(rest).toEqual([]);
  const names = readdirSync(links);
  expect(names).toEqual(expect.arrayContaining(['node', 'npm', 'bash']));
  expect(names.filter((name) => !['node', 'npm', 'npx', ...BASE_TOOLS].includes(name))).toEqual([]);
  expect(readlinkSync(join(links, 'node'))).toBe(process.execPath);
});

test('a system tool npm ci does not bring cannot be run', () => {
  // `command -v` answers for anything on PATH; apt-get and shellcheck (the system package the tests once needed)
  // are outside it even where the host has them.
  for (const tool of ['shellcheck', 'apt-get', 'python3', 'jq']) {
    const found = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
    expect({ tool, status: found.status, stdout: found.stdout }).toEqual({ tool, status: 1, stdout: '' });
  }
  expect(spawnSync('npm', ['--version'], { encoding: 'utf8' }).status).toBe(0);
});

describe('a skipped or todo test fails the run', () => {
  const results = (pending: number, todo = 0) => ({
    numPassedTests: 3,
    numFailedTests: 0,
    numPendingTests: pending,
    numTodoTests: todo,
  });
  const quiet = () => jest.spyOn(process.stdout, 'write').mockImplementation(() => true);

  test.each([
    [1, 0],
    [0, 2],
  ])('%i skipped, %i todo', (pending, todo) => {
    const write = quiet();
    const reporter = new SummaryReporter({});
    reporter.onRunComplete(new Set(), results(pending, todo));
    const printed = write.mock.calls.map((call) => call[0]);
    write.mockRestore();
    expect(reporter.getLastError()?.message).toMatch(/^\d test\(s\) skipped or todo: every test must run/);
    expect(printed[0]).toBe(`jest: 3 passed, 0 failed, ${pending + todo} skipped\n`);
  });

  test('a full run without skips passes, and a run filtered by name (jest -t) may skip the rest', () => {
    const write = quiet();
    const full = new SummaryReporter({});
    full.onRunComplete(new Set(), results(0));
    const filtered = new SummaryReporter({ testNamePattern: 'naming' });
    filtered.onRunComplete(new Set(), results(40));
    write.mockRestore();
    expect(full.getLastError()).toBeUndefined();
    expect(filtered.getLastError()).toBeUndefined();
  });
});

test('next to the repository, nothing exists for the tests, as on a fresh clone', async () => {
  const parent = dirname(ROOT);
  // The parent folder exists (the repository is in it), yet the tests cannot see it or anything in it.
  expect(existsSync(parent)).toBe(false);
  expect(existsSync(join(parent, 'shared', 'data'))).toBe(false);
  expect(() => readdirSync(parent)).toThrow(
    /ENOENT: .* \(outside the repository: a fresh clone does not have it\)/,
  );
  expect(() => readFileSync(join(parent, 'shared', 'x.json'))).toThrow(/ENOENT/);
  expect(statSync(parent, { throwIfNoEntry: false })).toBeUndefined();
  await expect(readFile(join(parent, 'x'))).rejects.toThrow(/ENOENT/);
  // The repository itself, and what is outside the parent folder (node, the temporary folder), stay readable.
  expect(existsSync(join(ROOT, 'package.json'))).toBe(true);
  expect(readdirSync(ROOT)).toContain('package.json');
  expect(existsSync(process.execPath)).toBe(true);
  expect(config.setupFiles).toContain('<rootDir>/tests/helpers/repository-only.js');
});

test('no source file reads from outside the repository (such as a shared folder beside it)', () => {
  const SOURCES = /\.(ts|js|mjs|cjs|json|ya?ml|sh)$/;
  const SKIP = new Set(['node_modules', '.git', 'cdktf.out', 'dist', 'coverage']);
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : walk(path);
      return SOURCES.test(entry.name) && entry.name !== 'package-lock.json' ? [path] : [];
    });
  const files = walk('');
  expect(files.length).toBeGreaterThan(100);
  // A parent-relative path to a sibling "shared" folder (as a string or as path segments), or its absolute path,
  // spelled so that this file does not match itself.
  const dot2 = '\\.\\.';
  const outside = new RegExp(`${dot2}/shared\\b|['"]${dot2}['"],\\s*['"]shared['"]|/work/shared`);
  const offenders = files.filter((file) => {
    if (file === 'tests/fresh-machine.test.ts') return false; // the pattern above
    return outside.test(readFileSync(join(ROOT, file), 'utf8'));
  });
  expect(offenders).toEqual([]);
});
