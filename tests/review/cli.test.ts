import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseReviewArgs, ReviewUsageError } from '../../review/args';
import { main } from '../../review/cli';
import { ROOT } from './fixture';

/** A minimal cdktf.out folder with one stack. */
function synthOutput(resources: Record<string, Record<string, unknown>>): string {
  const out = join(mkdtempSync(join(tmpdir(), 'lakehouse-cli-')), 'cdktf.out');
  mkdirSync(join(out, 'stacks', 'dev-data'), { recursive: true });
  writeFileSync(
    join(out, 'manifest.json'),
    JSON.stringify({ stacks: { 'dev-data': { synthesizedStackPath: 'stacks/dev-data/cdk.tf.json' } } }),
  );
  writeFileSync(join(out, 'stacks', 'dev-data', 'cdk.tf.json'), JSON.stringify({ resource: resources }));
  return out;
}

describe('npm run review (review/cli.ts)', () => {
  const base = synthOutput({
    azurerm_storage_account: { lake: { name: 'st1', public_network_access_enabled: false } },
  });
  const head = synthOutput({ azurerm_storage_account: { lake: { name: 'st1' } } });
  const gone = synthOutput({});
  const out = join(mkdtempSync(join(tmpdir(), 'lakehouse-cli-out-')), 'plan-review.md');
  let stdout: jest.SpyInstance;
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => jest.restoreAllMocks());

  test('writes plan-review.md, prints it, exits 0 without --fail-on', async () => {
    expect(await main(['--base', base, '--head', head, '--out', out])).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(
      '| dev-data | <code>azurerm_storage_account.lake</code> | public-access | turns public network access on (public_network_access_enabled) |',
    );
    expect(stdout).toHaveBeenCalledWith(text);
  });

  test('--fail-on: exit 1 when a listed kind is present, 0 when none is', async () => {
    expect(await main(['--base', base, '--head', head, '--out', out, '--fail-on', 'security'])).toBe(1);
    expect(stderr).toHaveBeenCalledWith(`review: security present (--fail-on security); see ${out}\n`);
    expect(await main(['--base', base, '--head', head, '--out', out, '--fail-on', 'destroy,replace'])).toBe(
      0,
    );
    expect(await main(['--base', base, '--head', gone, '--out', out, '--fail-on', 'destroy,data-loss'])).toBe(
      1,
    );
  });

  test('--format json prints JSON and still writes the Markdown', async () => {
    expect(await main(['--base', base, '--head', head, '--out', out, '--format', 'json'])).toBe(0);
    const printed = JSON.parse(String(stdout.mock.calls[0][0]));
    expect(printed.security).toEqual([
      expect.objectContaining({ category: 'public-access', path: 'azurerm_storage_account.lake' }),
    ]);
    expect(readFileSync(out, 'utf8').startsWith('# Plan review\n')).toBe(true);
  });

  test('bad options are usage errors', () => {
    expect(() => parseReviewArgs([])).toThrow(ReviewUsageError);
    expect(() => parseReviewArgs(['--base', 'main', '--envs', 'dev,prod'])).toThrow(
      /give one of --base, --plan or --envs/,
    );
    expect(() => parseReviewArgs(['--base', 'main', '--fail-on', 'everything'])).toThrow(
      /--fail-on everything: use one or more of destroy, replace, security, data-loss/,
    );
    expect(() => parseReviewArgs(['--envs', 'dev'])).toThrow(/--envs needs at least two environments/);
    expect(parseReviewArgs(['--base=main', '--fail-on', 'destroy,security', '--env', 'dev'])).toEqual({
      base: 'main',
      plans: [],
      envs: [],
      only: ['dev'],
      format: 'md',
      failOn: ['destroy', 'security'],
    });
  });

  test('through npm: a usage error exits 2; --envs prints the environment differences', async () => {
    const run = async (args: string[]) => {
      try {
        const r = await promisify(execFile)('npm', ['run', '--silent', 'review', '--', ...args], {
          cwd: ROOT,
          encoding: 'utf8',
        });
        return { code: 0, stdout: r.stdout, stderr: r.stderr };
      } catch (error) {
        const e = error as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      }
    };
    const dir = mkdtempSync(join(tmpdir(), 'lakehouse-cli-envs-'));
    const [usage, envs, unknown] = await Promise.all([
      run(['--bogus']),
      run(['--envs', 'dev,prod', '--out', join(dir, 'differences.md')]),
      run(['--base', 'no-such-ref-anywhere', '--head', head]),
    ]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^unknown option "--bogus"\.\nusage: npm run review/);
    expect(envs.code).toBe(0);
    expect(envs.stdout).toMatch(/^# Environment differences: dev vs prod\n/);
    expect(readFileSync(join(dir, 'differences.md'), 'utf8')).toBe(envs.stdout);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'no-such-ref-anywhere is neither a folder nor a git ref. Fix: pass a branch, tag, commit or cdktf.out folder\n',
    );
  }, 30_000);
});
