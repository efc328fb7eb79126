/**
 * The promotion rules, read from the pipeline YAML with its job and step templates expanded: the stage
 * order dev → test → prod, approvals through deployment jobs bound to each environment's Azure DevOps
 * Environment, apply consuming this run's reviewed plan, workload identity federation everywhere, no
 * secret in the files, and only main deploying.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoverEnvironmentFiles } from '../../config/load';
import { Naming } from '../../naming/names';
import { environment } from '../helpers/synth';
import { expandPipeline, PIPELINES, readYaml, SCRIPTS, stepsOf, type Yaml } from './support';

const ENVS = ['dev', 'test', 'prod'] as const;
const ENV_LIST: Yaml[] = readYaml(join(PIPELINES, 'templates', 'environments.yml')).parameters.find(
  (p: Yaml) => p.name === 'environments',
).default;
const MAIN_ONLY = "eq(variables['Build.SourceBranch'], 'refs/heads/main')";

const main = expandPipeline(join(PIPELINES, 'azure-pipelines.yml'));
const drift = expandPipeline(join(PIPELINES, 'drift.yml'));
const stage = (name: string): Yaml => main.stages.find((s: Yaml) => s.stage === name);
const job = (stageName: string, name: string): Yaml =>
  stage(stageName).jobs.find((j: Yaml) => (j.job ?? j.deployment) === name);
const allJobs = (pipeline: Yaml): Yaml[] => pipeline.stages.flatMap((s: Yaml) => s.jobs);
const scriptOf = (step: Yaml): string =>
  [step.script, step.bash, step.inputs?.scriptPath, step.inputs?.inlineScript].filter(Boolean).join('\n');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return entry.name.endsWith('.yml') ? [path] : [];
  });
}

describe('main pipeline', () => {
  test('runs for pushes to main only, never for pull requests, without batching', () => {
    // batch: true would hold every later merge out of dev while a run waits for prod's approval.
    expect(main.trigger).toEqual({ batch: false, branches: { include: ['main'] } });
    expect(main.pr).toBe('none');
  });

  test('one environment, one entry: the stages come from the environments list, no environment is named in the pipelines', () => {
    expect(ENV_LIST.map((e: Yaml) => e.name)).toEqual([...ENVS]);
    expect([...discoverEnvironmentFiles().keys()].sort()).toEqual([...ENVS].sort());
    for (const file of ['azure-pipelines.yml', 'drift.yml']) {
      // The YAML without its comments.
      const text = JSON.stringify(readYaml(join(PIPELINES, file)));
      expect(text).not.toMatch(/\b(Plan|Deploy|Drift)_(dev|test|prod)\b|lakehouse-(dev|test|prod)|mdp-/);
    }
    expect(main.stages.slice(1).map((s: Yaml) => s.stage)).toEqual(
      ENV_LIST.flatMap((e: Yaml) => [`Plan_${e.name}`, `Deploy_${e.name}`]),
    );
  });

  test.each(ENVS)(
    "%s's Plan, Apply and Rollout jobs run on its agent pool, named by Naming.agentPool()",
    (env) => {
      const pool = new Naming(environment(env)).agentPool();
      expect(ENV_LIST.find((e: Yaml) => e.name === env).pool).toBe(pool);
      for (const name of [`Plan_${env}`, `Deploy_${env}`]) {
        for (const j of stage(name).jobs) expect(j.pool).toEqual({ name: pool });
      }
      const [driftJob] = drift.stages.find((s: Yaml) => s.stage === `Drift_${env}`).jobs;
      expect(driftJob.pool).toEqual({ name: pool });
    },
  );

  test('Build runs on Microsoft-hosted agents', () => {
    expect(job('Build', 'Build').pool).toEqual({ vmImage: 'ubuntu-24.04' });
  });

  test('stages run Build, then plan and deploy per environment, dev → test → prod', () => {
    expect(main.stages.map((s: Yaml) => [s.stage, s.dependsOn])).toEqual([
      ['Build', undefined],
      ['Plan_dev', 'Build'],
      ['Deploy_dev', 'Plan_dev'],
      ['Plan_test', 'Deploy_dev'],
      ['Deploy_test', 'Plan_test'],
      ['Plan_prod', 'Deploy_test'],
      ['Deploy_prod', 'Plan_prod'],
    ]);
  });

  test.each(ENVS)(
    '%s stages run only on main, one run at a time, after the previous stage succeeded',
    (env) => {
      for (const name of [`Plan_${env}`, `Deploy_${env}`]) {
        expect(stage(name).condition).toBe(`and(succeeded(), ${MAIN_ONLY})`);
        expect(stage(name).lockBehavior).toBe('sequential');
      }
      expect(main.lockBehavior).toBe('sequential');
    },
  );

  test.each(ENVS)(
    'Plan_%s takes the same exclusive lock as Deploy: both use the service connection lakehouse-<env>',
    (env) => {
      // The exclusive-lock check sits on the connection (docs/azure-devops.md): a plan never runs while
      // the same environment is being deployed.
      for (const name of [`Plan_${env}`, `Deploy_${env}`]) {
        const connections = stage(name)
          .jobs.flatMap(stepsOf)
          .filter((st: Yaml) => st.task === 'AzureCLI@2')
          .map((st: Yaml) => st.inputs.azureSubscription);
        expect(connections.length).toBeGreaterThan(0);
        expect(new Set(connections)).toEqual(new Set([`lakehouse-${env}`]));
      }
    },
  );

  test('builds once: only Build installs and synthesizes, every later job downloads its artifact', () => {
    const build = job('Build', 'Build');
    const staging = stepsOf(build).find((s: Yaml) => s.displayName === 'Stage the build artifact').bash;
    for (const path of ['cp -R cdktf.out scripts', 'cp -R dist/k8s', 'cp -R pipelines/scripts']) {
      expect(staging).toContain(path);
    }
    // The lock files are written into cdktf.out/ before it is staged.
    const names = stepsOf(build).map((s: Yaml) => s.displayName);
    expect(names.indexOf('Lock the providers of every stack')).toBeGreaterThan(
      names.indexOf('Synthesize (cdktf.out/, dist/k8s/, policy report)'),
    );
    expect(names.indexOf('Lock the providers of every stack')).toBeLessThan(
      names.indexOf('Stage the build artifact'),
    );
    expect(stepsOf(build).find((s: Yaml) => s.displayName === 'Lock the providers of every stack').bash).toBe(
      'bash pipelines/scripts/lock-providers.sh',
    );
    expect(stepsOf(build).find((s: Yaml) => s.task === 'PublishPipelineArtifact@1').inputs).toEqual({
      targetPath: '$(Build.ArtifactStagingDirectory)/build',
      artifact: 'build',
      publishLocation: 'pipeline',
    });
    expect(stepsOf(build).map((s: Yaml) => s.script)).toEqual(
      expect.arrayContaining([
        'npm ci',
        'npm run typecheck',
        'npm run lint',
        'npm test -- --ci',
        'npm run synth',
      ]),
    );
    for (const s of main.stages.filter((s: Yaml) => s.stage !== 'Build')) {
      for (const j of s.jobs) {
        const steps = stepsOf(j);
        expect(steps.filter((st: Yaml) => /\bnpm\b/.test(scriptOf(st)))).toEqual([]);
        expect(steps).toContainEqual(expect.objectContaining({ download: 'current', artifact: 'build' }));
        expect(steps.filter((st: Yaml) => st.checkout && st.checkout !== 'none')).toEqual([]);
      }
    }
  });

  test.each(ENVS)('Plan_%s plans with plan.sh and publishes the plans as plan-<env>-<attempt>', (env) => {
    const plan = job(`Plan_${env}`, 'Plan');
    expect(stage(`Plan_${env}`).jobs).toHaveLength(1);
    expect(plan.deployment).toBeUndefined();
    const [preflight, azure] = stepsOf(plan).filter((s: Yaml) => s.task === 'AzureCLI@2');
    // The online preflight first: what no apply can create (providers, features, quota) stops the run here.
    expect(preflight.name).toBe('preflight');
    expect(preflight.inputs.azureSubscription).toBe(`lakehouse-${env}`);
    expect(preflight.inputs.inlineScript).toBe(
      `node "$(Pipeline.Workspace)/build/pipelines/scripts/preflight.js" --env ${env} --check --outdir "$(Pipeline.Workspace)/build/cdktf.out"`,
    );
    expect(azure.name).toBe('plan');
    expect(azure.inputs.azureSubscription).toBe(`lakehouse-${env}`);
    expect(azure.inputs.scriptPath).toBe('$(Pipeline.Workspace)/build/pipelines/scripts/plan.sh');
    expect(azure.inputs.arguments).toBe(
      `--env ${env} --root "$(Pipeline.Workspace)/build" --out "$(Build.ArtifactStagingDirectory)/plan" --lock true`,
    );
    // Named per attempt, so rerunning the stage publishes a new artifact; the name travels as an output.
    expect(stepsOf(plan).find((s: Yaml) => s.task === 'PublishPipelineArtifact@1').inputs).toEqual({
      targetPath: '$(Build.ArtifactStagingDirectory)/plan',
      artifact: `plan-${env}-$(System.JobAttempt)`,
      publishLocation: 'pipeline',
    });
    const naming = stepsOf(plan).find((s: Yaml) => s.name === 'artifact');
    expect(naming.bash).toBe(
      `echo "##vso[task.setvariable variable=name;isOutput=true]plan-${env}-$(System.JobAttempt)"`,
    );
  });

  test.each(ENVS)(
    'Deploy_%s has only deployment jobs, bound to the Azure DevOps Environment lakehouse-<env>',
    (env) => {
      const jobs = stage(`Deploy_${env}`).jobs;
      expect(jobs.map((j: Yaml) => [j.deployment, j.environment, j.job])).toEqual([
        ['Apply', `lakehouse-${env}`, undefined],
        ['Rollout', `lakehouse-${env}`, undefined],
      ]);
      for (const j of jobs) expect(Object.keys(j.strategy)).toEqual(['runOnce']);
    },
  );

  test.each(ENVS)(
    'Apply of %s applies the saved plans of this run, only when the plan has changes',
    (env) => {
      const apply = job(`Deploy_${env}`, 'Apply');
      const outputs = `stageDependencies.Plan_${env}.Plan.outputs`;
      expect(apply.condition).toBe(`and(succeeded(), eq(${outputs}['plan.hasChanges'], 'true'))`);
      expect(apply.variables).toEqual({
        planDigest: `$[ ${outputs}['plan.planDigest'] ]`,
        planArtifact: `$[ ${outputs}['artifact.name'] ]`,
      });
      const steps = stepsOf(apply);
      expect(steps.filter((s: Yaml) => s.download)).toEqual([
        { download: 'current', artifact: 'build', displayName: 'Download the build artifact' },
      ]);
      expect(
        steps.find((s: Yaml) => s.displayName === 'Download the reviewed plans of this run').inputs,
      ).toEqual({
        buildType: 'current',
        artifactName: '$(planArtifact)',
        targetPath: `$(Pipeline.Workspace)/plan-${env}`,
      });
      const azure = steps.find((s: Yaml) => s.task === 'AzureCLI@2');
      expect(azure.inputs.scriptPath).toBe('$(Pipeline.Workspace)/build/pipelines/scripts/apply.sh');
      expect(azure.inputs.arguments.split(/\s+/)).toEqual([
        '--env',
        env,
        '--root',
        '"$(Pipeline.Workspace)/build"',
        '--plans',
        `"$(Pipeline.Workspace)/plan-${env}"`,
        '--digest',
        '"$(planDigest)"',
        '--done',
        '"$(Pipeline.Workspace)/apply-progress"',
        '--progress',
        '"$(Build.ArtifactStagingDirectory)/apply-progress"',
      ]);
      // Never a fresh plan in the apply job.
      expect(steps.map(scriptOf).join('\n')).not.toMatch(/plan\.sh|terraform plan/);
    },
  );

  test.each(ENVS)(
    'Rollout of %s runs after Apply, also when Apply was skipped for lack of changes',
    (env) => {
      const rollout = job(`Deploy_${env}`, 'Rollout');
      expect(rollout.dependsOn).toBe('Apply');
      expect(rollout.condition).toBe(
        "and(not(canceled()), in(dependencies.Apply.result, 'Succeeded', 'SucceededWithIssues', 'Skipped'))",
      );
      const steps = stepsOf(rollout);
      expect(steps.map((s: Yaml) => s.name ?? s.task).filter(Boolean)).toEqual([
        'DownloadPipelineArtifact@2',
        'AzureCLI@2', // kubectl of the cluster's version
        'registerSchemas',
        'rollout',
        'AzureCLI@2', // the failure report
      ]);
      const azure = steps.find((s: Yaml) => s.name === 'rollout');
      expect(azure.inputs.scriptPath).toBe('$(Pipeline.Workspace)/build/pipelines/scripts/rollout.sh');
      expect(azure.inputs.arguments).toContain(`--plans "$(Pipeline.Workspace)/plan-${env}"`);
      // Pruning never deletes claims unless a run asks for it.
      expect(azure.env.ROLLOUT_ALLOW_CLAIM_DELETION).toBe(false);
      expect(rollout.timeoutInMinutes).toBe(180);
      // The contracts' schema versions reach the registry before the validator that enforces them.
      const register = steps.find((s: Yaml) => s.name === 'registerSchemas');
      expect(register.inputs.azureSubscription).toBe(`lakehouse-${env}`);
      expect(register.inputs.inlineScript).toBe(
        `node "$(Pipeline.Workspace)/build/pipelines/scripts/register-schemas.js" --manifest "$(Pipeline.Workspace)/build/cdktf.out/contracts/${env}.json"`,
      );
    },
  );

  test('every job that applies or rolls out is a deployment job in a main-only Deploy stage', () => {
    for (const pipeline of [main, drift]) {
      for (const s of pipeline.stages) {
        for (const j of s.jobs) {
          const deploys = stepsOf(j).some((st: Yaml) => /apply\.sh|rollout\.sh/.test(scriptOf(st)));
          if (deploys) {
            expect([s.stage, j.deployment]).toEqual([expect.stringMatching(/^Deploy_/), expect.any(String)]);
            expect(s.condition).toContain(MAIN_ONLY);
          }
        }
      }
    }
    const deployments = allJobs(main).filter((j: Yaml) => j.deployment);
    expect(deployments).toHaveLength(6);
  });
});

describe('authentication', () => {
  const azureCli = [...allJobs(main), ...allJobs(drift)]
    .flatMap(stepsOf)
    .filter((s: Yaml) => s.task === 'AzureCLI@2');
  // The Node steps (preflight, schema registration) use only the Azure CLI's own sign-in; every other step runs
  // Terraform or reads its state.
  const NODE_ONLY =
    /^node "\$\(Pipeline\.Workspace\)\/build\/pipelines\/scripts\/(preflight|register-schemas)\.js"/;
  const azureSteps = azureCli.filter((s: Yaml) => !NODE_ONLY.test(s.inputs.inlineScript ?? ''));

  test('the Node steps get no job token: nothing in them needs one', () => {
    const nodeSteps = azureCli.filter((s: Yaml) => NODE_ONLY.test(s.inputs.inlineScript ?? ''));
    expect(nodeSteps).toHaveLength(3 * 2); // preflight and registration per environment
    for (const step of nodeSteps) expect(step.env).toBeUndefined();
  });

  test('every Terraform step runs in AzureCLI@2 with workload identity federation (OIDC) variables', () => {
    // Plan, Apply, its failure report, kubectl installer, Rollout and its failure report per environment;
    // Drift and its failure report per environment.
    expect(azureSteps).toHaveLength(3 * 6 + 3 * 2);
    for (const step of azureSteps) {
      expect(step.inputs.addSpnToEnvironment).toBe(true);
      expect(step.inputs.scriptType).toBe('bash');
      expect(step.inputs.azureSubscription).toMatch(/^lakehouse-(dev|test|prod)$/);
      expect(step.env).toEqual({
        ARM_USE_OIDC: 'true',
        SYSTEM_ACCESSTOKEN: '$(System.AccessToken)',
        SYSTEM_OIDCREQUESTURI: '$(System.OidcRequestUri)',
        ...(step.name === 'rollout' ? { ROLLOUT_ALLOW_CLAIM_DELETION: false } : {}),
      });
    }
  });

  test('each environment uses its own service connection', () => {
    for (const env of ENVS) {
      for (const s of [`Plan_${env}`, `Deploy_${env}`]) {
        const connections = stage(s)
          .jobs.flatMap(stepsOf)
          .filter((st: Yaml) => st.task === 'AzureCLI@2');
        expect(new Set(connections.map((st: Yaml) => st.inputs.azureSubscription))).toEqual(
          new Set([`lakehouse-${env}`]),
        );
      }
    }
  });
});

describe('no secrets in the pipelines', () => {
  const files = [
    ...yamlFiles(PIPELINES),
    ...readdirSync(SCRIPTS, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(sh|mjs)$/.test(f))
      .map((f) => join(SCRIPTS, f)),
  ];

  test.each(files.map((f) => [f.slice(PIPELINES.length + 1), f]))(
    '%s has no secret literal',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      // Credentials that workload identity federation makes unnecessary, and literal ids or keys.
      expect(text).not.toMatch(/ARM_CLIENT_SECRET|ARM_ACCESS_KEY|ARM_SAS_TOKEN|client_secret|clientSecret/i);
      expect(text).not.toMatch(/AccountKey=|SharedAccessSignature|[?&]sig=|-----BEGIN|password\s*[:=]/i);
      expect(text).not.toMatch(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i);
      // The job token only ever comes from the predefined variable; scripts never trace their commands.
      for (const match of text.matchAll(/^\s*SYSTEM_ACCESSTOKEN:\s*(.*)$/gm))
        expect(match[1]).toBe('$(System.AccessToken)');
      expect(text).not.toMatch(/(echo|printf)[^\n]*\$\{?SYSTEM_ACCESSTOKEN/);
      expect(text).not.toMatch(/^\s*set -[a-z]*x/m);
    },
  );
});

describe('pull-request pipeline', () => {
  const pr = readYaml(join(PIPELINES, 'pull-request.yml'));
  const prText = readFileSync(join(PIPELINES, 'pull-request.yml'), 'utf8');
  const validate = pr.jobs[0];
  const [condition, optional] = Object.entries(pr.jobs[1])[0] as [string, Yaml[]];
  const expandSteps = (steps: Yaml[]): Yaml[] =>
    steps.flatMap((st: Yaml) => {
      if (!st.template) return [st];
      const doc = readYaml(join(PIPELINES, '..', st.template));
      const params = {
        ...Object.fromEntries((doc.parameters ?? []).map((p: Yaml) => [p.name, p.default])),
        ...st.parameters,
      };
      const text = JSON.stringify(doc.steps).replace(
        /\$\{\{\s*parameters\.(\w+)\s*\}\}/g,
        (_m, k) => params[k],
      );
      return expandSteps(JSON.parse(text));
    });
  // Every job the pipeline can run (the optional plan included), with step templates expanded.
  const prJobs = [validate, ...optional].map((j: Yaml) => ({ ...j, steps: expandSteps(j.steps) }));
  const prSteps = prJobs.flatMap((j: Yaml) => j.steps);

  test('is triggered by pull requests only and never deploys', () => {
    expect(pr.trigger).toBe('none');
    expect(pr.pr).toEqual({ branches: { include: ['main'] } });
    const planSteps = readFileSync(join(PIPELINES, 'templates', 'steps', 'pr-plan.yml'), 'utf8');
    for (const text of [prText, planSteps]) {
      expect(text).not.toMatch(/^\s*-?\s*deployment:|apply\.sh|rollout\.sh/m);
    }
  });

  test('never reaches a test or prod identity: the only connection is the dev plan identity', () => {
    const connections = prSteps
      .filter((st: Yaml) => st.inputs?.azureSubscription)
      .map((st: Yaml) => st.inputs.azureSubscription);
    expect(connections).toEqual(['lakehouse-dev-plan']);
    expect(JSON.stringify(pr)).not.toMatch(/lakehouse-(test|prod)|\b(test|prod)\b.*-plan/);
    expect(optional.map((j: Yaml) => j.job)).toEqual(['Plan_dev']);
  });

  test('maps the job token into the comment steps only', () => {
    const mapping = prSteps.filter((st: Yaml) => JSON.stringify(st.env ?? {}).includes('System.AccessToken'));
    expect(mapping.map((st: Yaml) => st.bash)).toEqual([
      'node pipelines/scripts/pr-comment.js --file plan-review.md --file cdktf.out/policy-report.md --key plan-review',
      'node pipelines/scripts/pr-comment.js --file "$(Build.ArtifactStagingDirectory)/plan/summary.md" --key plan-dev',
    ]);
    for (const st of mapping) expect(st.env).toEqual({ SYSTEM_ACCESSTOKEN: '$(System.AccessToken)' });
    // Nothing persists the token in the checkout for later steps either.
    for (const st of prSteps.filter((x: Yaml) => x.checkout)) expect(st.persistCredentials).toBeUndefined();
  });

  test('runs the checks, terraform validate of every stack, reviews against the target branch and posts to one PR thread', () => {
    expect(validate.steps[0]).toEqual({ checkout: 'self', fetchDepth: 0 });
    expect(validate.steps[1]).toEqual({ template: '/pipelines/templates/steps/checks.yml' });
    expect(validate.steps.slice(2, 5).map((st: Yaml) => st.bash)).toEqual([
      'bash pipelines/scripts/install-terraform.sh',
      'bash pipelines/scripts/lock-providers.sh',
      'bash pipelines/scripts/validate.sh',
    ]);
    // The merge commit's first parent is the target branch: no fetch, no token.
    expect(validate.steps[5].bash).toContain('base="HEAD^1"');
    expect(validate.steps[5].bash).toContain('npm run review -- --base "$base" --format md');
    expect(validate.steps[5].env).toBeUndefined();
    expect(validate.steps[6]).toEqual({
      bash: 'node pipelines/scripts/pr-comment.js --file plan-review.md --file cdktf.out/policy-report.md --key plan-review',
      displayName: 'Post the review to the pull request',
      condition: "and(succeeded(), eq(variables['Build.Reason'], 'PullRequest'))",
      env: { SYSTEM_ACCESSTOKEN: '$(System.AccessToken)' },
    });
    expect(pr.pool).toEqual({ vmImage: 'ubuntu-24.04' });
  });

  test('the real plan is opt-in, dev only, read-only: no lock, no refresh, no job token', () => {
    expect(pr.parameters).toEqual([
      expect.objectContaining({ name: 'terraformPlan', type: 'boolean', default: false }),
    ]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an Azure Pipelines template expression.
    expect(condition).toBe('${{ if eq(parameters.terraformPlan, true) }}');
    expect(optional.map((j: Yaml) => [j.job, j.dependsOn, j.steps[0].parameters])).toEqual([
      ['Plan_dev', 'Validate', { environment: 'dev', serviceConnection: 'lakehouse-dev-plan' }],
    ]);
    const plan = prJobs[1].steps.find((st: Yaml) => st.task === 'AzureCLI@2');
    expect(plan.inputs.arguments).toMatch(/--lock false --refresh false$/);
    expect(plan.env).toEqual({ ARM_USE_OIDC: 'true' });
  });
});

describe('drift pipeline', () => {
  test('runs on a schedule for main, even without new commits', () => {
    expect(drift.trigger).toBe('none');
    expect(drift.pr).toBe('none');
    expect(drift.schedules).toEqual([
      {
        cron: '0 5 * * 1-5',
        displayName: 'Weekdays 05:00 UTC',
        branches: { include: ['main'] },
        always: true,
      },
    ]);
  });

  test('checks every environment independently with drift.sh', () => {
    expect(drift.stages.map((s: Yaml) => [s.stage, s.dependsOn])).toEqual([
      ['Build', undefined],
      ['Drift_dev', 'Build'],
      ['Drift_test', 'Build'],
      ['Drift_prod', 'Build'],
    ]);
    for (const env of ENVS) {
      const [j] = drift.stages.find((s: Yaml) => s.stage === `Drift_${env}`).jobs;
      const azure = stepsOf(j).find((s: Yaml) => s.task === 'AzureCLI@2');
      expect(azure.inputs.scriptPath).toBe('$(Pipeline.Workspace)/build/pipelines/scripts/drift.sh');
      expect(azure.inputs.arguments).toMatch(new RegExp(`^--env ${env} `));
    }
    expect(allJobs(drift).filter((j: Yaml) => j.deployment)).toEqual([]);
  });
});

describe('agent-agnostic jobs', () => {
  const runsScripts = (j: Yaml) =>
    stepsOf(j).some((st: Yaml) => /pipelines\/scripts\/\S+\.(sh|js)|\bnpm\b|\bnode\b/.test(scriptOf(st)));
  const jobs = [...allJobs(main), ...allJobs(drift)].filter(runsScripts);
  const named = (j: Yaml) => `${j.job ?? j.deployment} (${j.pool?.name ?? j.pool?.vmImage})`;

  test('finds the jobs that run scripts', () => {
    expect(jobs).toHaveLength(1 + 3 * 3 + 1 + 3);
  });

  test.each(jobs.map((j) => [named(j), j]))(
    '%s installs the pinned Node and Terraform (checksums verified) before its first script',
    (_name, j) => {
      const steps = stepsOf(j);
      const first = steps.findIndex(
        (st: Yaml) =>
          /pipelines\/scripts|\bnpm\b/.test(scriptOf(st)) && !/install-node\.sh/.test(scriptOf(st)),
      );
      const node = steps.findIndex((st: Yaml) => /install-node\.sh/.test(scriptOf(st)));
      expect(node).toBeGreaterThanOrEqual(0);
      expect(node).toBeLessThan(first);
      expect(steps.filter((st: Yaml) => st.task === 'NodeTool@0')).toEqual([]);
      const tf = steps.findIndex((st: Yaml) => /install-terraform\.sh/.test(scriptOf(st)));
      const terraform = steps.findIndex((st: Yaml) =>
        /plan\.sh|apply\.sh|drift\.sh|rollout\.sh|lock-providers\.sh/.test(scriptOf(st)),
      );
      expect(tf).toBeGreaterThanOrEqual(0);
      expect(tf).toBeLessThan(terraform);
    },
  );

  test.each(ENVS)(
    'Rollout of %s installs kubelogin (pinned sha256) and the kubectl of its cluster, no installer tasks',
    (env) => {
      const steps = stepsOf(job(`Deploy_${env}`, 'Rollout'));
      const scripts = steps.map(scriptOf);
      const at = (re: RegExp) => scripts.findIndex((text: string) => re.test(text));
      expect(at(/install-kubelogin\.sh/)).toBeGreaterThanOrEqual(0);
      expect(at(/install-kubectl\.sh/)).toBeGreaterThanOrEqual(0);
      expect(at(/install-kubectl\.sh/)).toBeLessThan(at(/rollout\.sh/));
      expect(at(/install-kubelogin\.sh/)).toBeLessThan(at(/rollout\.sh/));
      const kubectl = steps.find((st: Yaml) => /install-kubectl\.sh/.test(scriptOf(st)));
      expect(kubectl.inputs.arguments).toBe(`--env ${env} --root "$(Pipeline.Workspace)/build"`);
      expect(
        steps.filter((st: Yaml) => /^(KubectlInstaller|KubeloginInstaller)@/.test(st.task ?? '')),
      ).toEqual([]);
    },
  );

  test.each(ENVS)(
    'Apply of %s may run as long as the slowest first apply and stops Terraform gracefully',
    (env) => {
      const apply = job(`Deploy_${env}`, 'Apply');
      expect(apply.timeoutInMinutes).toBeGreaterThanOrEqual(120);
      expect(apply.cancelTimeoutInMinutes).toBeGreaterThanOrEqual(5);
    },
  );

  test.each(ENVS)(
    'Apply of %s publishes its progress even when it fails, and a rerun reads the earlier attempts',
    (env) => {
      const steps = stepsOf(job(`Deploy_${env}`, 'Apply'));
      const publish = steps.find((st: Yaml) => st.displayName === 'Publish what this attempt applied');
      expect(publish.condition).toBe('always()');
      expect(publish.inputs).toEqual({
        targetPath: '$(Build.ArtifactStagingDirectory)/apply-progress',
        artifact: `apply-progress-${env}-$(System.JobAttempt)`,
        publishLocation: 'pipeline',
      });
      const earlier = steps.find((st: Yaml) => st.displayName === 'Download what earlier attempts applied');
      expect(earlier.condition).toBe("and(succeeded(), gt(variables['System.JobAttempt'], 1))");
      expect(earlier.inputs).toEqual({
        buildType: 'current',
        itemPattern: `apply-progress-${env}-*/**`,
        targetPath: '$(Pipeline.Workspace)/apply-progress',
      });
    },
  );
});

describe('failures reach the environment’s action group (issue "Operations": the deploy path)', () => {
  const reportOf = (j: Yaml) => {
    const steps = stepsOf(j);
    return steps[steps.length - 1];
  };
  const cases: [string, Yaml, string, string][] = ENVS.flatMap((env) => [
    [`Apply ${env}`, job(`Deploy_${env}`, 'Apply'), env, 'Deploy --result failed'],
    [`Rollout ${env}`, job(`Deploy_${env}`, 'Rollout'), env, 'Deploy --result failed'],
    [
      `Drift ${env}`,
      allJobs(drift).find((j: Yaml) => j.job === 'Drift' && j.displayName === `Drift ${env}`),
      env,
      'Drift --result drift',
    ],
  ]);

  test.each(cases)(
    '%s ends with the failure report, which never hides the job’s own failure',
    (_n, j, env, what) => {
      const report = reportOf(j);
      expect(report).toMatchObject({ task: 'AzureCLI@2', condition: 'failed()', continueOnError: true });
      expect(report.inputs.azureSubscription).toBe(`lakehouse-${env}`);
      expect(report.inputs.scriptPath).toBe(
        '$(Pipeline.Workspace)/build/pipelines/scripts/report-deploy-event.sh',
      );
      expect(report.inputs.arguments).toContain(`--env ${env} --stage ${what}`);
      // The endpoint and rule come from <env>-operations' state in the build artifact.
      expect(report.inputs.arguments).toContain('--root "$(Pipeline.Workspace)/build"');
    },
  );
});

describe('the build artifact carries what the Node scripts require', () => {
  test('Build stages the schema registration clients next to the scripts (no npm after Build)', () => {
    const build = job('Build', 'Build');
    const stageStep = stepsOf(build).find((s: Yaml) => s.displayName === 'Stage the build artifact');
    expect(stageStep.bash).toContain(
      'node scripts/stage-node-deps.mjs "$staging" @azure/schema-registry @azure/identity',
    );
    const required = readFileSync(join(PIPELINES, 'scripts', 'register-schemas.js'), 'utf8').match(
      /load\('(@azure\/[^']+)'\)/g,
    );
    expect(new Set(required)).toEqual(new Set(["load('@azure/schema-registry')", "load('@azure/identity')"]));
  });
});

describe('pull requests that break a published data contract', () => {
  const pr = readYaml(join(PIPELINES, 'pull-request.yml'));
  const steps: Yaml[] = pr.jobs[0].steps;
  const index = (pattern: RegExp) => steps.findIndex((s: Yaml) => pattern.test(s.displayName ?? ''));

  test('the review runs with --fail-on breaking, the review is still posted, then the check fails', () => {
    const review = steps[index(/^Review the change/)];
    expect(review.bash).toContain(
      'npm run review -- --base "$base" --format md --fail-on breaking || code=$?',
    );
    expect(review.bash).toContain('##vso[task.setvariable variable=breakingContracts]true');
    // Exit code 2 (bad input) still fails the step at once.
    expect(review.bash).toContain('elif ((code != 0)); then\n  exit "$code"');
    const refuse = steps[index(/^Refuse breaking data-contract changes/)];
    expect(refuse.condition).toBe("and(succeeded(), eq(variables['breakingContracts'], 'true'))");
    expect(refuse.bash).toContain('exit 1');
    expect(index(/^Post the review/)).toBeLessThan(index(/^Refuse breaking/));
  });
});
