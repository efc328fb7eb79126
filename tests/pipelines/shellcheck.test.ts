/**
 * Every bash script (and every fake the tests put on PATH) passes shellcheck. shellcheck is a required
 * tool here (apt-get install -y shellcheck): when it is missing the test fails, it does not skip.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { FAKES, REPO, SCRIPTS } from './support';

const run = promisify(execFile);

const files = [
  ...readdirSync(SCRIPTS, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.sh'))
    .map((f) => join(SCRIPTS, f)),
  ...['terraform', 'kubectl', 'az', 'kubelogin', 'curl', 'unzip'].map((f) => join(FAKES, f)),
];

test('finds the pipeline scripts, their libraries and the fakes', () => {
  expect(files.map((f) => relative(REPO, f)).sort()).toEqual([
    'pipelines/scripts/apply.sh',
    'pipelines/scripts/drift.sh',
    'pipelines/scripts/install-terraform.sh',
    'pipelines/scripts/lib/azure-auth.sh',
    'pipelines/scripts/lib/common.sh',
    'pipelines/scripts/plan.sh',
    'pipelines/scripts/rollout.sh',
    'tests/pipelines/fakes/az',
    'tests/pipelines/fakes/curl',
    'tests/pipelines/fakes/kubectl',
    'tests/pipelines/fakes/kubelogin',
    'tests/pipelines/fakes/terraform',
    'tests/pipelines/fakes/unzip',
  ]);
});

test('every bash script passes shellcheck (sourced libraries followed)', async () => {
  // One process per file, in parallel: shellcheck is the slowest thing in this folder.
  const results = await Promise.all(
    files.map((file) =>
      run('shellcheck', ['--shell=bash', '--external-sources', file], { cwd: SCRIPTS }).then(
        () => '',
        (error: NodeJS.ErrnoException & { stdout?: string }) => {
          if (error.code === 'ENOENT') {
            throw new Error('shellcheck is not installed: apt-get install -y shellcheck');
          }
          return `${relative(REPO, file)}:\n${error.stdout}`;
        },
      ),
    ),
  );
  expect(results.filter(Boolean)).toEqual([]);
});
