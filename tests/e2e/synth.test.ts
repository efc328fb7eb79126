import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTRACTS_DIR } from '../../config/contracts/load';
import { ENVIRONMENTS_DIR } from '../../config/load';

const ROOT = join(__dirname, '..', '..');

/** Where the manifests go in these tests (not the repository's dist/k8s). */
const K8S_OUTDIR = join(mkdtempSync(join(tmpdir(), 'lakehouse-k8s-')), 'k8s');

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real entry point, as `npm run synth` does. */
function synth(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', './scripts/register-ts.cjs', 'main.ts', ...args],
      { cwd: ROOT, env: { ...process.env, K8S_OUTDIR, ...env }, encoding: 'utf8' },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe('npm run synth (the real entry point)', () => {
  const outdir = join(mkdtempSync(join(tmpdir(), 'lakehouse-synth-')), 'cdktf.out');
  const oneEnvironment = join(mkdtempSync(join(tmpdir(), 'lakehouse-one-')), 'out');
  const badEnvironments = mkdtempSync(join(tmpdir(), 'lakehouse-bad-envs-'));
  let first: Run;
  let manifestAfterFirst: string;
  let badConfig: Run;
  let unknownEnvironment: Run;
  let devOnly: Run;
  const badContracts = join(mkdtempSync(join(tmpdir(), 'lakehouse-bad-contracts-')), 'contracts');
  let badContract: Run;

  beforeAll(async () => {
    first = await synth([], { CDKTF_OUTDIR: outdir });
    manifestAfterFirst = readFileSync(join(outdir, 'manifest.json'), 'utf8');
    writeFileSync(
      join(badEnvironments, 'dev.ts'),
      `import dev from '${join(ENVIRONMENTS_DIR, 'dev')}';\nexport default { ...dev, location: 'westeurop', keyVault: { sku: 'standard', softDeleteRetentionDays: 3 } };`,
    );
    mkdirSync(oneEnvironment);
    // A published schema edited in place, as a person would in an editor.
    cpSync(CONTRACTS_DIR, badContracts, { recursive: true });
    const v1 = join(badContracts, 'orders', 'v1.avsc');
    writeFileSync(v1, readFileSync(v1, 'utf8').replace('An order changed state.', 'An order changed.'));
    // Independent runs, at the same time: the two failing ones must leave `outdir` as the first run wrote it.
    [badConfig, unknownEnvironment, devOnly, badContract] = await Promise.all([
      synth([], { CDKTF_OUTDIR: outdir, LAKEHOUSE_ENVIRONMENTS_DIR: badEnvironments }),
      synth(['--env', 'staging'], { CDKTF_OUTDIR: outdir }),
      synth(['--env', 'dev'], {
        CDKTF_OUTDIR: oneEnvironment,
        K8S_OUTDIR: join(oneEnvironment, '..', 'k8s'),
      }),
      synth([], { CDKTF_OUTDIR: outdir, LAKEHOUSE_CONTRACTS_DIR: badContracts }),
    ]);
  }, 60_000);

  test('synthesizes every environment and layer', () => {
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const stacks = Object.keys(JSON.parse(manifestAfterFirst).stacks);
    for (const env of ['dev', 'test', 'prod']) {
      for (const layer of ['foundation', 'data', 'analytics', 'compute'])
        expect(stacks).toContain(`${env}-${layer}`);
    }
    for (const stack of stacks) expect(existsSync(join(outdir, 'stacks', stack, 'cdk.tf.json'))).toBe(true);
    for (const env of ['dev', 'test', 'prod']) {
      expect(readdirSync(join(K8S_OUTDIR, env)).sort()).toEqual([
        '00-storage.k8s.yaml',
        'contract-validator.k8s.yaml',
        'model-serving.k8s.yaml',
      ]);
    }
  });

  test('a config error: one line per problem, no stack trace, exit 1, previous output untouched', () => {
    expect(badConfig.status).toBe(1);
    expect(badConfig.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /dev\.ts: location = "westeurop": unknown Azure region\. Fix: use an Azure region name such as 'westeurope'/,
      ),
      expect.stringMatching(
        /dev\.ts: keyVault\.softDeleteRetentionDays = 3: out of range from 7 to 90\. Fix: use a value from 7 to 90$/,
      ),
      'synth stopped: 2 configuration problem(s); nothing was written.',
    ]);
    expect(badConfig.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readFileSync(join(outdir, 'manifest.json'), 'utf8')).toBe(manifestAfterFirst);
    expect(readdirSync(join(outdir, '..'))).toEqual(['cdktf.out']); // no staging folder left behind
  });

  test('a contract error stops the synth the same way', () => {
    expect(badContract.status).toBe(1);
    expect(badContract.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/contracts\/orders\/v1\.avsc = "v1": published version edited in place/),
      'synth stopped: 1 configuration problem(s); nothing was written.',
    ]);
    expect(readFileSync(join(outdir, 'manifest.json'), 'utf8')).toBe(manifestAfterFirst);
  });

  test('the registration manifests of every environment travel with the stacks', () => {
    for (const env of ['dev', 'test', 'prod']) {
      const manifest = JSON.parse(readFileSync(join(outdir, 'contracts', `${env}.json`), 'utf8'));
      expect(manifest.schemas.map((s: { domain: string }) => s.domain)).toEqual(['orders', 'telemetry']);
    }
  });

  test('an unknown environment on the command line', () => {
    expect(unknownEnvironment.status).toBe(1);
    expect(unknownEnvironment.stderr).toContain(
      '(command line): --env = "staging": no such environment. Fix: use one of: dev, prod, test, or add environments/staging.ts',
    );
  });

  test('--env limits the synth to one environment', () => {
    expect(devOnly.status).toBe(0);
    const stacks = Object.keys(
      JSON.parse(readFileSync(join(oneEnvironment, 'manifest.json'), 'utf8')).stacks,
    );
    expect(stacks.sort()).toEqual(['dev-analytics', 'dev-compute', 'dev-data', 'dev-foundation']);
  });
});
