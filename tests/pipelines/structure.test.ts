/**
 * The promotion rules, read from the pipeline YAML with its job and step templates expanded: the stage
 * order dev → test → prod, approvals through deployment jobs bound to each environment's Azure DevOps
 * Environment, apply consuming this run's reviewed plan, workload identity federation everywhere, no
 * secret in the files, and only main deploying.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandPipeline, PIPELINES, readYaml, SCRIPTS, stepsOf, type Yaml } from './support';

const ENVS = ['dev', 'test', 'prod'] as const;
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
  test('runs for pushes to main only, never for pull requests', () => {
    expect(main.trigger).toEqual({ batch: true, branches: { include: ['main'] } });
    expect(main.pr).toBe('none');
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
    },
  );

  test('builds once: only Build installs and synthesizes, every later job downloads its artifact', () => {
    const build = job('Build', 'Build');
    const staging = stepsOf(build).find((s: Yaml) => s.displayName === 'Stage the build artifact').bash;
    for (const path of ['cp -R cdktf.out scripts', 'cp -R dist/k8s', 'cp -R pipelines/scripts']) {
      expect(staging).toContain(path);
    }
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

  test.each(ENVS)('Plan_%s plans with plan.sh and publishes the plans as plan-<env>', (env) => {
    const plan = job(`Plan_${env}`, 'Plan');
    expect(stage(`Plan_${env}`).jobs).toHaveLength(1);
    expect(plan.deployment).toBeUndefined();
    const azure = stepsOf(plan).find((s: Yaml) => s.task === 'AzureCLI@2');
    expect(azure.name).toBe('plan');
    expect(azure.inputs.azureSubscription).toBe(`lakehouse-${env}`);
    expect(azure.inputs.scriptPath).toBe('$(Pipeline.Workspace)/build/pipelines/scripts/plan.sh');
    expect(azure.inputs.arguments).toBe(
      `--env ${env} --root "$(Pipeline.Workspace)/build" --out "$(Build.ArtifactStagingDirectory)/plan" --lock true`,
    );
    expect(stepsOf(plan).find((s: Yaml) => s.task === 'PublishPipelineArtifact@1').inputs).toEqual({
      targetPath: '$(Build.ArtifactStagingDirectory)/plan',
      artifact: `plan-${env}`,
      publishLocation: 'pipeline',
    });
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
      expect(apply.variables).toEqual({ planDigest: `$[ ${outputs}['plan.planDigest'] ]` });
      const steps = stepsOf(apply);
      expect(steps.filter((s: Yaml) => s.download)).toEqual([
        { download: 'current', artifact: 'build', displayName: 'Download the build artifact' },
        {
          download: 'current',
          artifact: `plan-${env}`,
          displayName: 'Download the reviewed plans of this run',
        },
      ]);
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
      expect(steps.map((s: Yaml) => s.task).filter(Boolean)).toEqual([
        'KubectlInstaller@0',
        'KubeloginInstaller@0',
        'AzureCLI@2',
      ]);
      const azure = steps.find((s: Yaml) => s.task === 'AzureCLI@2');
      expect(azure.inputs.scriptPath).toBe('$(Pipeline.Workspace)/build/pipelines/scripts/rollout.sh');
      expect(azure.inputs.arguments).toContain(`--plans "$(Pipeline.Workspace)/plan-${env}"`);
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
  const azureSteps = [...allJobs(main), ...allJobs(drift)]
    .flatMap(stepsOf)
    .filter((s: Yaml) => s.task === 'AzureCLI@2');

  test('every Terraform step runs in AzureCLI@2 with workload identity federation (OIDC) variables', () => {
    expect(azureSteps).toHaveLength(3 + 6 + 3);
    for (const step of azureSteps) {
      expect(step.inputs.addSpnToEnvironment).toBe(true);
      expect(step.inputs.scriptType).toBe('bash');
      expect(step.inputs.azureSubscription).toMatch(/^lakehouse-(dev|test|prod)$/);
      expect(step.env).toEqual({
        ARM_USE_OIDC: 'true',
        SYSTEM_ACCESSTOKEN: '$(System.AccessToken)',
        SYSTEM_OIDCREQUESTURI: '$(System.OidcRequestUri)',
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

  test('is triggered by pull requests only and never deploys', () => {
    expect(pr.trigger).toBe('none');
    expect(pr.pr).toEqual({ branches: { include: ['main'] } });
    const planSteps = readFileSync(join(PIPELINES, 'templates', 'steps', 'pr-plan.yml'), 'utf8');
    for (const text of [prText, planSteps]) {
      expect(text).not.toMatch(/^\s*-?\s*deployment:|apply\.sh|rollout\.sh/m);
    }
  });

  test('runs the checks, reviews against the target branch and posts to one PR thread', () => {
    expect(validate.steps[0]).toEqual({ checkout: 'self', fetchDepth: 0 });
    // The job token is used before any code of the pull request runs, and not by the steps that run it.
    expect(validate.steps[1].bash).toContain(
      'fetch --no-tags origin "+refs/heads/$target:refs/remotes/origin/$target"',
    );
    expect(validate.steps[2]).toEqual({ template: '/pipelines/templates/steps/checks.yml' });
    expect(validate.steps[3].bash).toContain(
      'npm run review -- --base "origin/$' + '{target#refs/heads/}" --format md',
    );
    expect(validate.steps[3].env).toBeUndefined();
    expect(validate.steps[4]).toEqual({
      bash: 'node pipelines/scripts/pr-comment.js --file plan-review.md --file cdktf.out/policy-report.md --key plan-review',
      displayName: 'Post the review to the pull request',
      condition: "and(succeeded(), eq(variables['Build.Reason'], 'PullRequest'))",
      env: { SYSTEM_ACCESSTOKEN: '$(System.AccessToken)' },
    });
  });

  test('real plans are opt-in, per environment, with the read-only plan identities', () => {
    expect(pr.parameters).toEqual([
      expect.objectContaining({ name: 'terraformPlan', type: 'boolean', default: false }),
    ]);
    const [condition, optional] = Object.entries(pr.jobs[1])[0] as [string, Yaml[]];
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an Azure Pipelines template expression.
    expect(condition).toBe('${{ if eq(parameters.terraformPlan, true) }}');
    expect(optional.map((j: Yaml) => [j.job, j.dependsOn, j.steps[0].parameters])).toEqual(
      ENVS.map((env) => [
        `Plan_${env}`,
        'Validate',
        { environment: env, serviceConnection: `lakehouse-${env}-plan` },
      ]),
    );
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
