import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Output folders of one run of the kit's commands, inside the suite's temporary folder. */
export interface TestOutputs {
  readonly dir: string;
  readonly cdktfOut: string;
  readonly k8sOut: string;
  /** The variables that point `main.ts` (and what it spawns) there: pass them to every run. */
  readonly env: { readonly CDKTF_OUTDIR: string; readonly K8S_OUTDIR: string };
}

/**
 * The one place tests get output folders from. Every test that runs the entry point, the review or a pipeline
 * script takes its folders here, so no run can fall back to the repository's cdktf.out/ or dist/k8s/
 * (tests/helpers/repo-guard.js fails the suite if one does).
 */
export function testOutputs(label: string): TestOutputs {
  const dir = mkdtempSync(join(tmpdir(), `lakehouse-${label}-`));
  const cdktfOut = join(dir, 'cdktf.out');
  const k8sOut = join(dir, 'k8s');
  return { dir, cdktfOut, k8sOut, env: { CDKTF_OUTDIR: cdktfOut, K8S_OUTDIR: k8sOut } };
}

export interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real entry point as `npm run synth` does, with both output folders set: `outputs` when given, else
 * fresh ones. Variables in `env` (other environments, a broken CDKTF_OUTDIR on purpose) come on top.
 */
export function runEntryPoint(
  args: readonly string[],
  env: Record<string, string> = {},
  outputs: TestOutputs = testOutputs('synth'),
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', './scripts/register-ts.cjs', 'main.ts', ...args],
      { cwd: ROOT, env: { ...process.env, ...outputs.env, ...env }, encoding: 'utf8' },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}
