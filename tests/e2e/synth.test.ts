import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENVIRONMENTS_DIR } from '../../config/load';

const ROOT = join(__dirname, '..', '..');

/** Where the manifests go in these tests (not the repository's dist/k8s). */
const K8S_OUTDIR = join(mkdtempSync(join(tmpdir(), 'lakehouse-k8s-')), 'k8s');

/** Runs the real entry point, as `npm run synth` does. */
function synth(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['-r', './scripts/register-ts.cjs', 'main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, K8S_OUTDIR, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run synth (the real entry point)', () => {
  const outdir = join(mkdtempSync(join(tmpdir(), 'lakehouse-synth-')), 'cdktf.out');
  let first: ReturnType<typeof synth>;
  beforeAll(() => {
    first = synth([], { CDKTF_OUTDIR: outdir });
  });

  test('synthesizes every environment and layer', () => {
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
    const stacks = Object.keys(manifest.stacks);
    for (const env of ['dev', 'test', 'prod']) expect(stacks).toContain(`${env}-foundation`);
    for (const stack of stacks) expect(existsSync(join(outdir, 'stacks', stack, 'cdk.tf.json'))).toBe(true);
    for (const layer of ['foundation', 'data', 'analytics', 'compute'])
      expect(stacks).toContain(`prod-${layer}`);
    for (const env of ['dev', 'test', 'prod']) {
      expect(readdirSync(join(K8S_OUTDIR, env)).sort()).toEqual([
        '00-storage.k8s.yaml',
        'contract-validator.k8s.yaml',
        'model-serving.k8s.yaml',
      ]);
    }
  });

  test('a config error: one line per problem, no stack trace, exit 1, previous output untouched', () => {
    const before = readFileSync(join(outdir, 'manifest.json'), 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'lakehouse-bad-envs-'));
    const dev = join(ENVIRONMENTS_DIR, 'dev');
    writeFileSync(
      join(dir, 'dev.ts'),
      `import dev from '${dev}';\nexport default { ...dev, location: 'westeurop', keyVault: { sku: 'standard', softDeleteRetentionDays: 3 } };`,
    );
    const failed = synth([], { CDKTF_OUTDIR: outdir, LAKEHOUSE_ENVIRONMENTS_DIR: dir });
    expect(failed.status).toBe(1);
    const lines = failed.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(
        /dev\.ts: location = "westeurop": unknown Azure region\. Fix: use an Azure region name such as 'westeurope'/,
      ),
      expect.stringMatching(
        /dev\.ts: keyVault\.softDeleteRetentionDays = 3: out of range from 7 to 90\. Fix: use a value from 7 to 90$/,
      ),
      'synth stopped: 2 configuration problem(s); nothing was written.',
    ]);
    expect(failed.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readFileSync(join(outdir, 'manifest.json'), 'utf8')).toBe(before);
    expect(readdirSync(join(outdir, '..'))).toEqual(['cdktf.out']); // no staging folder left behind
  });

  test('an unknown environment on the command line', () => {
    const failed = synth(['--env', 'staging'], { CDKTF_OUTDIR: outdir });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain(
      '(command line): --env = "staging": no such environment. Fix: use one of: dev, prod, test, or add environments/staging.ts',
    );
  });

  test('--env limits the synth to one environment', () => {
    const one = join(mkdtempSync(join(tmpdir(), 'lakehouse-one-')), 'out');
    mkdirSync(one);
    expect(synth(['--env', 'dev'], { CDKTF_OUTDIR: one }).status).toBe(0);
    const stacks = Object.keys(JSON.parse(readFileSync(join(one, 'manifest.json'), 'utf8')).stacks);
    expect(stacks.every((s) => s.startsWith('dev-'))).toBe(true);
  });
});
