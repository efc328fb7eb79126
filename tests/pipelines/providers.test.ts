/**
 * lock-providers.sh (Build: one lock file per stack, one `providers lock` per distinct provider set) and
 * validate.sh (pull requests: terraform validate of every stack, no backend), against the fake terraform.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AZAPI } from '../../stacks/data/azapi';
import { run, type Sandbox, sandbox, stackJson, writeFixture } from './support';

const STACKS = [{ name: 'dev-data' }, { name: 'dev-foundation' }, { name: 'test-data' }];

/** A sandbox as right after synth: no lock files yet; dev-data also needs azapi. */
function synthesized(): Sandbox {
  const sb = sandbox(STACKS);
  for (const { name } of STACKS) rmSync(join(sb.root, 'cdktf.out', 'stacks', name, '.terraform.lock.hcl'));
  const data = stackJson('dev-data');
  data.terraform.required_providers.azapi = { source: 'azure/azapi', version: '2.12.0' };
  writeFileSync(join(sb.root, 'cdktf.out', 'stacks', 'dev-data', 'cdk.tf.json'), JSON.stringify(data));
  return sb;
}

const lockOf = (sb: Sandbox, stack: string) =>
  readFileSync(join(sb.root, 'cdktf.out', 'stacks', stack, '.terraform.lock.hcl'), 'utf8');

describe('lock-providers.sh', () => {
  test('locks every stack for the agents platforms, each provider once, a stack getting the blocks it needs', () => {
    const sb = synthesized();
    const result = run('lock-providers.sh', ['--root', sb.root], sb.env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const locks = sb.calls().filter((c) => c.includes(' providers lock '));
    expect(locks).toHaveLength(2);
    for (const call of locks)
      expect(call).toMatch(/providers lock -platform=linux_amd64 -platform=linux_arm64$/);
    const header =
      '# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n';
    const block = (provider: string) =>
      `\nprovider {"terraform":{"required_providers":${provider}}} {\n  platforms = "linux_amd64 linux_arm64"\n}\n`;
    const azurerm = block('{"azurerm":{"source":"hashicorp/azurerm","version":"4.55.0"}}');
    const azapi = block('{"azapi":{"source":"azure/azapi","version":"2.12.0"}}');
    expect(lockOf(sb, 'dev-foundation')).toBe(header + azurerm);
    expect(lockOf(sb, 'test-data')).toBe(header + azurerm);
    expect(lockOf(sb, 'dev-data')).toBe(header + azapi + azurerm);
    expect(result.stdout).toContain(
      'Locked the providers of 3 stacks (2 providers, each downloaded once per platform: linux_amd64 linux_arm64).',
    );
  });

  test('--env limits it to one environment', () => {
    const sb = synthesized();
    expect(run('lock-providers.sh', ['--root', sb.root, '--env', 'test'], sb.env).status).toBe(0);
    expect(lockOf(sb, 'test-data')).toContain('platforms = "linux_amd64 linux_arm64"');
    expect(() => lockOf(sb, 'dev-data')).toThrow();
  });
});

describe('validate.sh', () => {
  test('validates every stack without a backend and fails naming the invalid ones', () => {
    const sb = sandbox(STACKS);
    writeFixture(sb, 'dev-foundation.invalid', 'Error: Unsupported argument "enable_rbac"\n');
    const result = run('validate.sh', ['--root', sb.root], { ...sb.env, TF_BUILD: 'True' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Error: Unsupported argument "enable_rbac"');
    expect(result.stderr).toContain('terraform validate failed for: dev-foundation (errors above).');
    expect(sb.calls().filter((c) => c.startsWith('terraform '))).toEqual(
      ['dev-data', 'dev-foundation', 'test-data'].flatMap((s) => [
        `terraform ${s} init -input=false -lockfile=readonly -backend=false`,
        `terraform ${s} validate -no-color`,
      ]),
    );
  });

  test('passes when every stack is valid', () => {
    const sb = sandbox(STACKS);
    const result = run('validate.sh', ['--root', sb.root], sb.env);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('terraform validate: all 3 stacks are valid.');
  });
});

test('azapi is pinned to one exact version, like azurerm (a range would let prod plan with a build dev never ran)', () => {
  expect(AZAPI.version).toMatch(/^\d+\.\d+\.\d+$/);
});
