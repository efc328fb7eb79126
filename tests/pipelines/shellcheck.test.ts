/**
 * Every bash script (and every fake the tests put on PATH) passes shellcheck. shellcheck is a required
 * tool here (apt-get install -y shellcheck): when it is missing the test fails, it does not skip.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FAKES, REPO, SCRIPTS } from './support';

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

test('every bash script passes shellcheck (sourced libraries followed)', () => {
  const result = spawnSync('shellcheck', ['--shell=bash', '--external-sources', ...files], {
    cwd: SCRIPTS,
    encoding: 'utf8',
  });
  if (result.error) {
    throw new Error(`shellcheck could not run (${result.error.message}): apt-get install -y shellcheck`);
  }
  expect(result.stdout).toBe('');
  expect(result.status).toBe(0);
});
