import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTRACTS_DIR } from '../../config/contracts/load';
import { ENVIRONMENTS_DIR } from '../../config/load';
import { LAYERS } from '../../stacks/layer-stack';
import { type Run, runEntryPoint, testOutputs } from '../helpers/outputs';

describe('npm run synth (the real entry point)', () => {
  const all = testOutputs('synth');
  const outdir = all.cdktfOut;
  const K8S_OUTDIR = all.k8sOut;
  const one = testOutputs('one');
  const oneEnvironment = one.cdktfOut;
  const badEnvironments = mkdtempSync(join(tmpdir(), 'lakehouse-bad-envs-'));
  let first: Run;
  let manifestAfterFirst: string;
  let badConfig: Run;
  let unknownEnvironment: Run;
  let devOnly: Run;
  const badContracts = join(mkdtempSync(join(tmpdir(), 'lakehouse-bad-contracts-')), 'contracts');
  let badContract: Run;

  beforeAll(async () => {
    first = await runEntryPoint([], {}, all);
    manifestAfterFirst = readFileSync(join(outdir, 'manifest.json'), 'utf8');
    writeFileSync(
      join(badEnvironments, 'dev.ts'),
      `import dev from '${join(ENVIRONMENTS_DIR, 'dev')}';\nexport default { ...dev, location: 'westeurop', keyVault: { sku: 'standard', softDeleteRetentionDays: 3 }, operations: { ...dev.operations, team: { emails: ['team.contoso.com'], webhooks: ['http://hooks.contoso.com/x'] }, thresholds: { pvcUsagePercent: 100 } } };`,
    );
    // A published schema edited in place, as a person would in an editor.
    cpSync(CONTRACTS_DIR, badContracts, { recursive: true });
    const v1 = join(badContracts, 'orders', 'v1.avsc');
    writeFileSync(v1, readFileSync(v1, 'utf8').replace('An order changed state.', 'An order changed.'));
    // Independent runs, at the same time: the two failing ones must leave `outdir` as the first run wrote it.
    [badConfig, unknownEnvironment, devOnly, badContract] = await Promise.all([
      runEntryPoint([], { LAKEHOUSE_ENVIRONMENTS_DIR: badEnvironments }, all),
      runEntryPoint(['--env', 'staging'], {}, all),
      runEntryPoint(['--env', 'dev'], {}, one),
      runEntryPoint([], { LAKEHOUSE_CONTRACTS_DIR: badContracts }, all),
    ]);
  }, 60_000);

  test('synthesizes every environment and layer', () => {
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const stacks = Object.keys(JSON.parse(manifestAfterFirst).stacks);
    for (const env of ['dev', 'test', 'prod']) {
      for (const layer of LAYERS) expect(stacks).toContain(`${env}-${layer}`);
    }
    // The operations summary of each environment, next to the stacks; the environment-wide policy ran.
    for (const env of ['dev', 'test', 'prod']) {
      const summary = readFileSync(join(outdir, 'operations', `${env}.md`), 'utf8');
      expect(summary.startsWith(`# Operations: ${env}\n`)).toBe(true);
      expect(summary).toContain('```mermaid\nflowchart LR\n');
    }
    const report = JSON.parse(readFileSync(join(outdir, 'policy-report.json'), 'utf8'));
    expect(report.checked).toEqual(
      expect.arrayContaining(['dev-environment', 'test-environment', 'prod-environment']),
    );
    expect(report.summary.errors).toBe(0);
    for (const stack of stacks) expect(existsSync(join(outdir, 'stacks', stack, 'cdk.tf.json'))).toBe(true);
    for (const env of ['dev', 'test', 'prod']) {
      expect(readdirSync(join(K8S_OUTDIR, env)).sort()).toEqual([
        '00-storage.k8s.yaml',
        'contract-validator.k8s.yaml',
        'model-serving.k8s.yaml',
      ]);
    }
  });

  test('every provider of every stack is pinned to one exact version (Build locks what dev, test and prod use)', () => {
    const manifest = JSON.parse(manifestAfterFirst) as {
      stacks: Record<string, { synthesizedStackPath: string }>;
    };
    const versions = new Map<string, Set<string>>();
    for (const stack of Object.values(manifest.stacks)) {
      const json = JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), 'utf8'));
      for (const [name, { version }] of Object.entries(
        (json.terraform?.required_providers ?? {}) as Record<string, { version: string }>,
      )) {
        expect(`${name} ${version}`).toMatch(/^[a-z]+ \d+\.\d+\.\d+$/);
        versions.set(name, new Set([...(versions.get(name) ?? []), version]));
      }
    }
    for (const [name, set] of versions) expect([name, set.size]).toEqual([name, 1]);
    expect([...versions.keys()].sort()).toEqual(['azapi', 'azurerm', 'databricks', 'random', 'time']);
  });

  test('the lakehouse layer: after analytics in the manifest, which it depends on; signs in through remote state', () => {
    expect(LAYERS).toEqual(['foundation', 'data', 'analytics', 'lakehouse', 'compute', 'operations']);
    const manifest = JSON.parse(manifestAfterFirst) as {
      stacks: Record<string, { dependencies: string[]; synthesizedStackPath: string }>;
    };
    for (const env of ['dev', 'test', 'prod']) {
      // The manifest lists stacks by name; the deploy order is its dependencies: each one before its layer.
      for (const [index, layer] of LAYERS.entries()) {
        for (const dependency of manifest.stacks[`${env}-${layer}`].dependencies) {
          expect(LAYERS.indexOf(dependency.slice(env.length + 1) as (typeof LAYERS)[number])).toBeLessThan(
            index,
          );
        }
      }
      expect(manifest.stacks[`${env}-lakehouse`].dependencies).toEqual([`${env}-analytics`]);
      const json = JSON.parse(
        readFileSync(join(outdir, manifest.stacks[`${env}-lakehouse`].synthesizedStackPath), 'utf8'),
      ) as { provider: { databricks: Record<string, string>[] } };
      const remote = `\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-${env}-analytics\\.outputs\\.`;
      expect(json.provider.databricks).toEqual([
        {
          auth_type: 'azure-cli',
          azure_workspace_resource_id: expect.stringMatching(new RegExp(`^${remote}[^}]+\\}$`)),
          host: expect.stringMatching(new RegExp(`^https://${remote}[^}]+workspace_url\\}$`)),
        },
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
      expect.stringMatching(
        /dev\.ts: operations\.team\.emails\[0\] = "team\.contoso\.com": .* Fix: write an email address/,
      ),
      expect.stringMatching(
        /dev\.ts: operations\.team\.webhooks\[0\] = "http:\/\/hooks\.contoso\.com\/x": not an absolute https URL\. Fix: use the https:\/\/ address/,
      ),
      expect.stringMatching(
        /dev\.ts: operations\.thresholds\.pvcUsagePercent = 100: out of range from 50 to 99\. Fix: use a value from 50 to 99$/,
      ),
      'synth stopped: 5 configuration problem(s); nothing was written.',
    ]);
    expect(badConfig.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readFileSync(join(outdir, 'manifest.json'), 'utf8')).toBe(manifestAfterFirst);
    expect(readdirSync(all.dir).sort()).toEqual(['cdktf.out', 'k8s']); // no staging folder left behind
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

  test('a clean synth writes policy-report.json and policy-report.md into cdktf.out/', () => {
    expect(devOnly.stderr).toBe('');
    expect(devOnly.status).toBe(0);
    const out = oneEnvironment;
    const report = JSON.parse(readFileSync(join(out, 'policy-report.json'), 'utf8'));
    expect(report.summary).toEqual({ errors: 0, warnings: 0, suppressed: 0 });
    expect(report.checked).toEqual(expect.arrayContaining(['dev-foundation']));
    expect(report.checked.every((s: string) => s.startsWith('dev-'))).toBe(true);
    expect(readFileSync(join(out, 'policy-report.md'), 'utf8')).toMatch(
      /^# Policy report\n\n0 error\(s\), 0 warning\(s\)/,
    );
    expect(devOnly.stdout).toContain(
      `policies: 0 error(s), 0 warning(s), 0 suppressed (${join(out, 'policy-report.md')})`,
    );
  });

  test('--env limits the synth to one environment', () => {
    expect(devOnly.status).toBe(0);
    const stacks = Object.keys(
      JSON.parse(readFileSync(join(oneEnvironment, 'manifest.json'), 'utf8')).stacks,
    );
    expect(stacks.sort()).toEqual([
      'dev-analytics',
      'dev-compute',
      'dev-data',
      'dev-foundation',
      'dev-lakehouse',
      'dev-operations',
    ]);
  });
});
