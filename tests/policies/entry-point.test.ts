import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENVIRONMENTS_DIR } from '../../config/load';
import { type Run, runEntryPoint } from '../helpers/outputs';

const FINDING = /^policy error \[[a-z0-9-]+\] \S+ \([A-Za-z_]+\): .+\. Fix: .+$/;

describe('policy errors through the real entry point (main.ts)', () => {
  // prod without protection: valid config, but the prod pack refuses unprotected stateful resources.
  const envs = mkdtempSync(join(tmpdir(), 'lakehouse-policy-envs-'));
  writeFileSync(
    join(envs, 'prod.ts'),
    `import prod from '${join(ENVIRONMENTS_DIR, 'prod')}';\nexport default { ...prod, protection: { preventDestroy: false, managementLocks: false } };\n`,
  );
  const failedDir = mkdtempSync(join(tmpdir(), 'lakehouse-policy-failed-'));
  const previous = join(failedDir, 'cdktf.out');
  let failed: Run;

  beforeAll(async () => {
    mkdirSync(previous);
    writeFileSync(join(previous, 'manifest.json'), '{"previous":true}\n');
    failed = await runEntryPoint([], { CDKTF_OUTDIR: previous, LAKEHOUSE_ENVIRONMENTS_DIR: envs });
  }, 30_000);

  test('an error finding ends the synth: one line per finding (rule, path, fix), exit 1', () => {
    expect(failed.status).toBe(1);
    const lines = failed.stderr.trim().split('\n');
    expect(lines).toContain(
      'policy error [stateful-protection] prod-foundation/key-vault/vault (azurerm_key_vault): Terraform would destroy or replace it without asking. Fix: call protect(resource, config.protection) and keep protection.preventDestroy: true in the environment',
    );
    expect(lines).toContain(
      'policy error [stateful-protection] prod-foundation/log-analytics/workspace (azurerm_log_analytics_workspace): no management lock stops a delete from the portal, the CLI or another tool. Fix: call protect(resource, config.protection) and keep protection.managementLocks: true in the environment',
    );
    const findings = lines.slice(0, -1);
    for (const line of findings) expect(line).toMatch(FINDING);
    expect(lines[lines.length - 1]).toBe(
      `synth stopped: ${findings.length} policy error(s); nothing was written. See docs/policy-and-review.md (fix the resource, or suppress with a real reason).`,
    );
    expect(failed.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('the previous cdktf.out/ is untouched and no staging folder is left', () => {
    expect(readFileSync(join(previous, 'manifest.json'), 'utf8')).toBe('{"previous":true}\n');
    expect(readdirSync(previous)).toEqual(['manifest.json']);
    expect(readdirSync(failedDir)).toEqual(['cdktf.out']);
  });
  // A clean synth's report: tests/e2e/synth.test.ts (its run of dev alone).
});
