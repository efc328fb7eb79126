/**
 * plan.sh and apply.sh against a fake terraform that records its calls: stacks in dependency order
 * (from a cdktf manifest whose file order and name order both differ from it), apply given exactly the
 * saved plan files, checksums that stop a changed plan, failures that stop the script.
 */

import type { SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloneSandbox, planJson, run, type Sandbox, sandbox, stateKey, writeFixture } from './support';

// Alphabetical and manifest order are both wrong on purpose; the dependency order is
// dev-foundation → dev-data → dev-analytics, dev-compute (ties broken by name).
const STACKS = [
  { name: 'dev-compute', deps: ['dev-foundation', 'dev-data'] },
  { name: 'dev-analytics', deps: ['dev-data'] },
  { name: 'dev-data', deps: ['dev-foundation'] },
  { name: 'dev-foundation' },
  { name: 'test-foundation' },
];
const ORDER = ['dev-foundation', 'dev-data', 'dev-analytics', 'dev-compute'];

/** The terraform subcommands run, as `<stack> <subcommand>`. */
function terraformCalls(sb: Sandbox, subcommand?: string): string[] {
  return sb
    .calls()
    .filter((line) => line.startsWith('terraform '))
    .map((line) => line.split(' ').slice(1, 3).join(' '))
    .filter((line) => !subcommand || line.endsWith(` ${subcommand}`));
}

function plan(sb: Sandbox, env: NodeJS.ProcessEnv = {}) {
  return run('plan.sh', ['--env', 'dev', '--root', sb.root, '--out', join(sb.dir, 'plans')], {
    ...sb.env,
    ...env,
  });
}

function digestOf(stdout: string): string {
  const match = /^planDigest=([0-9a-f]{64})$/m.exec(stdout);
  if (!match) throw new Error(`no planDigest in:\n${stdout}`);
  return match[1];
}

function apply(sb: Sandbox, digest: string) {
  return run(
    'apply.sh',
    ['--env', 'dev', '--root', sb.root, '--plans', join(sb.dir, 'plans'), '--digest', digest],
    sb.env,
  );
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

const OIDC_ENV = {
  TF_BUILD: 'True',
  SYSTEM_ACCESSTOKEN: 'job-token',
  SYSTEM_OIDCREQUESTURI: 'https://oidc.example/request',
  AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: 'sc-id',
  AZURESUBSCRIPTION_CLIENT_ID: 'client-id',
  AZURESUBSCRIPTION_TENANT_ID: 'tenant-id',
};

/**
 * foundation creates a resource, data changes a plain output, compute replaces a resource, analytics has
 * no changes. Planned once, on a (simulated) agent; the apply tests work on copies.
 */
function withChanges(): Sandbox {
  const sb = sandbox(STACKS);
  writeFixture(sb, 'dev-foundation.plan.json', planJson({ 'azurerm_resource_group.core': ['create'] }));
  writeFixture(sb, 'dev-data.plan.json', planJson({}, { aks_cluster_name: ['update'] }));
  writeFixture(
    sb,
    'dev-compute.plan.json',
    planJson({ 'azurerm_kubernetes_cluster.aks': ['delete', 'create'] }),
  );
  return sb;
}

/** foundation changes a cross-stack output: everything that reads it, directly or not, waits. */
function withCrossStackChange(): Sandbox {
  const sb = sandbox(STACKS);
  writeFixture(
    sb,
    'dev-foundation.plan.json',
    planJson({ 'azurerm_virtual_network.core': ['create'] }, { 'cross-stack-output-vnet-id': ['create'] }),
  );
  return sb;
}

let planned: Sandbox;
let plannedResult: SpawnSyncReturns<string>;
let deferring: Sandbox;
let deferringResult: SpawnSyncReturns<string>;

beforeAll(() => {
  planned = withChanges();
  plannedResult = plan(planned, OIDC_ENV);
  deferring = withCrossStackChange();
  deferringResult = plan(deferring);
});

describe('plan.sh', () => {
  test('plans the stacks of the environment in dependency order: init, plan -out, show -json', () => {
    expect(plannedResult.stderr).toBe('');
    expect(plannedResult.status).toBe(0);
    expect(terraformCalls(planned)).toEqual(ORDER.flatMap((s) => [`${s} init`, `${s} plan`, `${s} show`]));
    const plans = join(planned.dir, 'plans');
    expect(planned.calls()).toContain(
      `terraform dev-data plan -input=false -lock-timeout=10m -detailed-exitcode -out=${plans}/dev-data.tfplan`,
    );
    expect(planned.calls()).toContain(`terraform dev-data show -json ${plans}/dev-data.tfplan`);
  });

  test('records each plan with its status and checksum, and reports the digest of that index', () => {
    const plans = join(planned.dir, 'plans');
    const sum = (stack: string) => sha256(readFileSync(join(plans, `${stack}.tfplan`)));
    const index = readFileSync(join(plans, 'index.tsv'), 'utf8');
    expect(index).toBe(
      [
        `dev-foundation\tchanges\t${sum('dev-foundation')}\t`,
        `dev-data\tchanges\t${sum('dev-data')}\t`,
        `dev-analytics\tno-changes\t${sum('dev-analytics')}\t`,
        `dev-compute\tchanges\t${sum('dev-compute')}\t`,
        '',
      ].join('\n'),
    );
    expect(digestOf(plannedResult.stdout)).toBe(sha256(index));
    expect(readFileSync(join(plans, 'dev-compute.terraform.lock.hcl'), 'utf8')).toBe(
      '# providers locked by Build for dev-compute\n',
    );
  });

  test('on an agent: attaches the summary and sets the job outputs the Apply job reads', () => {
    const plans = join(planned.dir, 'plans');
    const out = plannedResult.stdout;
    expect(out).toContain(`##vso[task.uploadsummary]${plans}/summary.md\n`);
    expect(out).toContain('##vso[task.setvariable variable=hasChanges;isOutput=true]true\n');
    expect(out).toContain(`##vso[task.setvariable variable=planDigest;isOutput=true]${digestOf(out)}\n`);
    expect(out).toContain('##vso[task.setvariable variable=deferredStacks;isOutput=true]\n');
    const summary = readFileSync(join(plans, 'summary.md'), 'utf8');
    expect(summary).toContain('## Terraform plan: dev\n');
    expect(summary).toContain('| `dev-foundation` | changes | 1 | 0 | 0 | 0 |  |');
    expect(summary).toContain('| `dev-analytics` | no changes | 0 | 0 | 0 | 0 |  |');
    expect(summary).toContain(
      '| `dev-compute` | changes | 0 | 0 | 1 | 0 | **1 resource(s) destroyed or replaced** |',
    );
    expect(summary).toContain('- replace `azurerm_kubernetes_cluster.aks`');
    expect(summary).toContain('- outputs changed: `aks_cluster_name`');
  });

  test('on an agent: terraform authenticates with OIDC through the service connection of the step', () => {
    expect(planned.calls().filter((line) => line.startsWith('env dev-foundation'))).toEqual([
      'env dev-foundation ARM_USE_OIDC=true ARM_USE_AZUREAD=true ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID=sc-id ' +
        'ARM_CLIENT_ID=client-id ARM_TENANT_ID=tenant-id ARM_SUBSCRIPTION_ID=00000000-0000-0000-0000-00000000a001',
    ]);
    expect(planned.calls()).toContain('az account show --query id --output tsv');
  });

  test('without the job token (pull requests), terraform uses the ID token of the step, not the service connection id', () => {
    const sb = withChanges();
    const { SYSTEM_ACCESSTOKEN: _token, SYSTEM_OIDCREQUESTURI: _uri, ...noToken } = OIDC_ENV;
    const out = join(sb.dir, 'plans');
    const result = run(
      'plan.sh',
      ['--env', 'dev', '--root', sb.root, '--out', out, '--lock', 'false', '--refresh', 'false'],
      {
        ...sb.env,
        ...noToken,
        idToken: 'step-id-token',
        // Enough to see what the first init gets.
        FAKE_FAIL: 'plan:dev-foundation',
      },
    );
    expect(result.stderr).toContain('terraform plan failed for dev-foundation');
    expect(sb.calls().filter((line) => line.startsWith('env dev-foundation'))).toEqual([
      'env dev-foundation ARM_USE_OIDC=true ARM_USE_AZUREAD=true ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID= ' +
        'ARM_CLIENT_ID=client-id ARM_TENANT_ID=tenant-id ARM_SUBSCRIPTION_ID=00000000-0000-0000-0000-00000000a001 ARM_OIDC_TOKEN=step-id-token',
    ]);
  });

  test('on an agent without the OIDC variables it stops before running terraform', () => {
    const sb = withChanges();
    const result = plan(sb, { TF_BUILD: 'True', AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: 'sc-id' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'workload identity federation is not set up: ARM_CLIENT_ID ARM_TENANT_ID SYSTEM_ACCESSTOKEN SYSTEM_OIDCREQUESTURI empty.',
    );
    expect(terraformCalls(sb)).toEqual([]);
  });

  test('defers the stacks that read a cross-stack output this plan changes, and their dependents', () => {
    expect(deferringResult.status).toBe(0);
    expect(terraformCalls(deferring, 'plan')).toEqual(['dev-foundation plan']);
    const index = readFileSync(join(deferring.dir, 'plans', 'index.tsv'), 'utf8').split('\n');
    expect(index.slice(1)).toEqual([
      'dev-data\tdeferred\t\twaits for dev-foundation',
      'dev-analytics\tdeferred\t\twaits for dev-data',
      'dev-compute\tdeferred\t\twaits for dev-data dev-foundation',
      '',
    ]);
    expect(deferringResult.stdout).toContain('deferredStacks=dev-data dev-analytics dev-compute\n');
    expect(deferringResult.stderr).toContain(
      'warning: dev-data deferred: it reads outputs of dev-foundation that this run changes; the next run plans it.',
    );
  });

  test('a failing terraform plan fails the script and plans nothing after it', () => {
    const sb = withChanges();
    const out = join(sb.dir, 'plans');
    const result = run('plan.sh', ['--env', 'dev', '--root', sb.root, '--out', out, '--lock', 'false'], {
      ...sb.env,
      FAKE_FAIL: 'plan:dev-data',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('error: terraform plan failed for dev-data (see the log above).');
    expect(sb.calls().filter((c) => c.includes(' plan '))).toEqual([
      `terraform dev-foundation plan -input=false -lock=false -detailed-exitcode -out=${out}/dev-foundation.tfplan`,
      `terraform dev-data plan -input=false -lock=false -detailed-exitcode -out=${out}/dev-data.tfplan`,
    ]);
  });

  test('a failing terraform init fails the script', () => {
    const sb = withChanges();
    const result = plan(sb, { FAKE_FAIL: 'init:dev-foundation' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('terraform init failed for dev-foundation');
    expect(terraformCalls(sb)).toEqual(['dev-foundation init']);
  });

  test('an unknown environment is an error that names the environments found', () => {
    const result = run(
      'plan.sh',
      ['--env', 'qa', '--root', planned.root, '--out', join(planned.dir, 'qa')],
      planned.env,
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "manifest.json: no stack for environment 'qa' (stacks are named <env>-<layer>); found: dev, test.",
    );
  });
});

describe('apply.sh', () => {
  test('applies exactly the saved plans with changes, in dependency order, and skips the others', () => {
    const sb = cloneSandbox(planned);
    const result = apply(sb, digestOf(plannedResult.stdout));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const plans = join(sb.dir, 'plans');
    expect(sb.calls().filter((line) => line.startsWith('terraform ') || line.startsWith('applied'))).toEqual(
      ['dev-foundation', 'dev-data', 'dev-compute'].flatMap((stack) => [
        `terraform ${stack} init -input=false -lockfile=readonly`,
        `terraform ${stack} apply -input=false -lock-timeout=10m ${plans}/${stack}.tfplan`,
        `applied ${stack}: saved plan of ${stack}`,
      ]),
    );
    expect(result.stdout).toContain('dev-analytics: no changes, skipped.');
    expect(result.stdout).toContain(
      'Applied: dev-foundation dev-data dev-compute. Unchanged: dev-analytics. Deferred: none.',
    );
  });

  test('restores the dependency lock file of the plan run before init', () => {
    const sb = cloneSandbox(planned);
    const lock = join(sb.root, 'cdktf.out', 'stacks', 'dev-compute', '.terraform.lock.hcl');
    writeFileSync(lock, '# something else\n');
    expect(apply(sb, digestOf(plannedResult.stdout)).status).toBe(0);
    expect(readFileSync(lock, 'utf8')).toBe('# providers locked by Build for dev-compute\n');
  });

  test('a saved plan changed after review aborts before anything is applied', () => {
    const sb = cloneSandbox(planned);
    writeFileSync(join(sb.dir, 'plans', 'dev-compute.tfplan'), 'a different plan\n');
    const result = apply(sb, digestOf(plannedResult.stdout));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /error: checksum mismatch for .*\/dev-compute\.tfplan: expected [0-9a-f]{64}, found [0-9a-f]{64}\. The saved plan changed after review; nothing was applied\./,
    );
    expect(terraformCalls(sb)).toEqual([]);
  });

  test('an index that does not match the digest aborts before anything is applied', () => {
    const sb = cloneSandbox(planned);
    const result = apply(sb, 'f'.repeat(64));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`plan index checksum mismatch for dev: expected ${'f'.repeat(64)}`);
    expect(terraformCalls(sb)).toEqual([]);
  });

  test('an index edited to skip a stack no longer matches the digest', () => {
    const sb = cloneSandbox(planned);
    const index = join(sb.dir, 'plans', 'index.tsv');
    writeFileSync(
      index,
      readFileSync(index, 'utf8').replace('dev-compute\tchanges', 'dev-compute\tno-changes'),
    );
    expect(apply(sb, digestOf(plannedResult.stdout)).status).toBe(1);
    expect(terraformCalls(sb)).toEqual([]);
  });

  test('refuses to run without a digest', () => {
    const result = run(
      'apply.sh',
      ['--env', 'dev', '--root', planned.root, '--plans', join(planned.dir, 'plans')],
      planned.env,
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no --digest');
  });

  test('a failing apply fails the script and applies nothing after it', () => {
    const sb = cloneSandbox(planned);
    const result = run(
      'apply.sh',
      [
        '--env',
        'dev',
        '--root',
        sb.root,
        '--plans',
        join(sb.dir, 'plans'),
        '--digest',
        digestOf(plannedResult.stdout),
      ],
      { ...sb.env, FAKE_FAIL: 'apply:dev-foundation' },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'terraform apply failed for dev-foundation; stacks before it are applied, the rest are not.',
    );
    expect(terraformCalls(sb)).toEqual(['dev-foundation init', 'dev-foundation apply']);
  });

  test('deferred stacks are reported, not applied', () => {
    const sb = cloneSandbox(deferring);
    const result = apply(sb, digestOf(deferringResult.stdout));
    expect(result.status).toBe(0);
    expect(terraformCalls(sb)).toEqual(['dev-foundation init', 'dev-foundation apply']);
    expect(result.stderr).toContain('warning: dev-data was deferred by the plan');
  });
});

describe('locked providers', () => {
  test('plan and apply init with -lockfile=readonly and the lock file shipped in the build artifact', () => {
    // (apply: see 'applies exactly the saved plans ...' above)
    expect(planned.calls()).toContain('terraform dev-data init -input=false -lockfile=readonly');
    expect(planned.calls().filter((c) => / init /.test(c) && !c.includes('-lockfile=readonly'))).toEqual([]);
  });

  test('on an agent, a stack without its lock file is an error before terraform runs', () => {
    const sb = withChanges();
    rmSync(join(sb.root, 'cdktf.out', 'stacks', 'dev-data', '.terraform.lock.hcl'));
    const result = plan(sb, OIDC_ENV);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'dev-data/.terraform.lock.hcl is missing: the build artifact must ship the dependency lock file of dev-data (Build runs pipelines/scripts/lock-providers.sh).',
    );
    expect(terraformCalls(sb, 'init')).toEqual(['dev-foundation init']);
  });
});

describe('interrupted applies', () => {
  const progressOf = (sb: Sandbox, name: string) =>
    readFileSync(join(sb.dir, name, 'applied.tsv'), 'utf8')
      .split('\n')
      .filter(Boolean);

  function applyAttempt(sb: Sandbox, attempt: number, env: NodeJS.ProcessEnv = {}) {
    return run(
      'apply.sh',
      [
        ...['--env', 'dev', '--root', sb.root, '--plans', join(sb.dir, 'plans')],
        ...['--digest', digestOf(plannedResult.stdout)],
        ...[
          '--done',
          join(sb.dir, 'downloaded'),
          '--progress',
          join(sb.dir, 'downloaded', `attempt-${attempt}`),
        ],
      ],
      { ...sb.env, ...env },
    );
  }

  test('a rerun skips the stacks an earlier attempt applied and applies the rest', () => {
    const sb = cloneSandbox(planned);
    const first = applyAttempt(sb, 1, { FAKE_FAIL: 'apply:dev-compute' });
    expect(first.status).toBe(1);
    const sum = (stack: string) => sha256(readFileSync(join(sb.dir, 'plans', `${stack}.tfplan`)));
    expect(progressOf(sb, 'downloaded/attempt-1')).toEqual([
      `dev-foundation\t${sum('dev-foundation')}`,
      `dev-data\t${sum('dev-data')}`,
    ]);

    writeFileSync(sb.log, '');
    const second = applyAttempt(sb, 2);
    expect(second.stderr).toBe('');
    expect(second.status).toBe(0);
    expect(terraformCalls(sb, 'apply')).toEqual(['dev-compute apply']);
    expect(second.stdout).toContain(
      'dev-foundation: applied by an earlier attempt of this job (same saved plan), skipped.',
    );
    expect(second.stdout).toContain('Applied by an earlier attempt: dev-foundation dev-data.');
    // The marker of this attempt is complete on its own, for a third attempt.
    expect(progressOf(sb, 'downloaded/attempt-2')).toHaveLength(3);
  });

  test('a marker of another plan (a re-planned stage) does not skip the stack', () => {
    const sb = cloneSandbox(planned);
    mkdirSync(join(sb.dir, 'downloaded', 'old'), { recursive: true });
    writeFileSync(join(sb.dir, 'downloaded', 'old', 'applied.tsv'), `dev-foundation\t${'0'.repeat(64)}\n`);
    expect(applyAttempt(sb, 2).status).toBe(0);
    expect(terraformCalls(sb, 'apply')).toEqual([
      'dev-foundation apply',
      'dev-data apply',
      'dev-compute apply',
    ]);
  });

  test('a state lock that is not released names the lock and the force-unlock command', () => {
    const sb = cloneSandbox(planned);
    const result = run(
      'apply.sh',
      [
        '--env',
        'dev',
        '--root',
        sb.root,
        '--plans',
        join(sb.dir, 'plans'),
        '--digest',
        digestOf(plannedResult.stdout),
      ],
      { ...sb.env, FAKE_LOCKED: 'dev-data' },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'error: the state of dev-data is locked (lock ID 6f0c5d1e-0000-4000-8000-00000000beef, held by vsts@agent-1 since 2026-12-01 14:02:11 +0000 UTC) and was not released within the lock timeout.',
    );
    expect(result.stderr).toContain(
      '`terraform -chdir=cdktf.out/stacks/dev-data force-unlock -force 6f0c5d1e-0000-4000-8000-00000000beef`',
    );
    expect(terraformCalls(sb, 'apply')).toEqual(['dev-foundation apply', 'dev-data apply']);
  });
});

describe('stacks never applied', () => {
  /** A read-only plan (as pull requests run it) where dev-data has no state blob yet. */
  function readOnlyPlan() {
    const sb = withChanges();
    const out = join(sb.dir, 'plans');
    const result = run(
      'plan.sh',
      ['--env', 'dev', '--root', sb.root, '--out', out, '--lock', 'false', '--refresh', 'false'],
      {
        ...sb.env,
        FAKE_MISSING_STATE: stateKey('dev-data'),
      },
    );
    return { sb, out, result };
  }

  test('a read-only plan reports a stack without state as not yet applied, and the stacks reading it', () => {
    const { sb, out, result } = readOnlyPlan();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // Neither init nor plan touches a missing state (the backend would take a lease and write one).
    expect(terraformCalls(sb).filter((c) => !c.startsWith('dev-foundation'))).toEqual([]);
    expect(sb.calls()).toContain(
      'az storage blob exists --auth-mode login --account-name stlakehousetfstatedev --container-name tfstate --name dev/dev-data.tfstate --query exists --output tsv --only-show-errors',
    );
    expect(sb.calls()).toContain(
      `terraform dev-foundation plan -input=false -lock=false -refresh=false -detailed-exitcode -out=${out}/dev-foundation.tfplan`,
    );
    const index = readFileSync(join(out, 'index.tsv'), 'utf8').split('\n');
    expect(index.slice(1)).toEqual([
      'dev-data\tnot-applied\t\tno state yet: would create 3 resources (azurerm_subnet ×2, azurerm_resource_group)',
      'dev-analytics\tnot-applied\t\twaits for dev-data',
      'dev-compute\tnot-applied\t\twaits for dev-data',
      '',
    ]);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toContain(
      '| `dev-data` | not yet applied |  |  |  |  | no state yet: would create 3 resources (azurerm_subnet ×2, azurerm_resource_group) |',
    );
  });

  test('a plan with the apply identity (lock taken) never asks for the state: it plans a new stack, to create it', () => {
    expect(plannedResult.status).toBe(0);
    expect(terraformCalls(planned, 'plan')).toEqual(ORDER.map((s) => `${s} plan`));
    expect(planned.calls().filter((c) => c.startsWith('az storage'))).toEqual([]);
  });

  test('drift.sh reports a stack without state as not yet applied without failing', () => {
    const sb = sandbox(STACKS);
    const result = run('drift.sh', ['--env', 'dev', '--root', sb.root, '--out', join(sb.dir, 'drift')], {
      ...sb.env,
      TF_BUILD: '',
      FAKE_MISSING_STATE: `${stateKey('dev-compute')} ${stateKey('dev-analytics')}`,
    });
    expect(result.status).toBe(0);
    expect(terraformCalls(sb, 'plan')).toEqual(['dev-foundation plan', 'dev-data plan']);
    expect(result.stdout).toContain(
      'dev matches main, except the stacks not yet applied: dev-analytics dev-compute.',
    );
    expect(readFileSync(join(sb.dir, 'drift', 'summary.md'), 'utf8')).toContain(
      '| `dev-compute` | not yet applied |',
    );
  });
});
