/**
 * The entry point: `npm run synth` and `cdktf synth|deploy` (through cdktf.json) both run this file.
 *
 *   environments/*.ts + contracts/ → validated config → cdktf stacks → cdktf.out/ (+ contracts/<env>.json)
 *                                        → cdk8s charts → dist/k8s/<env>/*.k8s.yaml
 *
 * Config problems end the run before anything is written, one line each, without a stack trace.
 */
import { join, resolve } from 'node:path';
import { writeAtomically } from './app/atomic-outdir';
import { buildApp, buildBootstrapApp } from './app/build-app';
import { parseArgs, UsageError } from './app/cli';
import { writeContractManifests } from './app/contract-manifests';
import { checkAndSummarizeOperations } from './app/operations-output';
import { withoutTokenTraces } from './app/token-traces';
import { MANIFEST_EXTENSION, renderManifests, writeManifestFiles } from './charts/manifests';
import { readClientIds } from './charts/outputs';
import { loadEnvironments } from './config/load';
import { ConfigError, formatProblem } from './config/problems';
import type { EvaluationResult } from './policies/evaluate';
import { checkCharts } from './policies/kubernetes/check-charts';
import { formatFinding, PolicyError, type PolicyReport } from './policies/report';
import { SuppressionError } from './policies/suppressions';
import { POLICY_REPORT_MD, writePolicyReport } from './policies/write-report';

function main(): number {
  const args = parseArgs(process.argv.slice(2).length > 0 ? process.argv.slice(2) : envArgs());
  const configs = loadEnvironments({ only: args.envs });
  const outdir = resolve(process.env.CDKTF_OUTDIR ?? 'cdktf.out');
  if (args.bootstrap) {
    writeAtomically(outdir, (staging) => {
      const { app, policies } = buildBootstrapApp(configs, { outdir: staging });
      app.synth();
      if (policies.errors.length > 0) throw new PolicyError(policies.errors);
      writePolicyReport(staging, policies);
    });
    console.log(
      `synthesized the state storage of ${configs
        .filter((c) => c.backend)
        .map((c) => `${c.name}-state`)
        .join(', ')} into ${outdir}`,
    );
    return 0;
  }
  // Rendered before anything is written: bad --outputs or a chart error leave both output folders as they were.
  const clientIds = args.outputs ? readClientIds(args.outputs, configs) : undefined;
  const manifestPolicies = new Map<string, EvaluationResult>();
  const manifests = renderManifests(configs, {
    clientIds,
    inspect: (config, charts) =>
      manifestPolicies.set(`${config.name}-k8s`, checkCharts(config, charts, MANIFEST_EXTENSION)),
  });
  const synthesized: { policies?: PolicyReport } = {};
  writeAtomically(outdir, (staging) => {
    const { app, policies } = buildApp(configs, { outdir: staging });
    app.synth();
    for (const [name, result] of manifestPolicies) policies.add(name, result);
    // Across the stacks of each environment: alerting coverage; and the operations summary of each.
    checkAndSummarizeOperations(staging, configs, policies);
    // Policy errors end the synth here, inside the atomic write: the previous cdktf.out/ stays as it was.
    if (policies.errors.length > 0) throw new PolicyError(policies.errors);
    writePolicyReport(staging, policies);
    // The schema registration manifests travel in the build artifact with the stacks they belong to.
    writeContractManifests(staging, configs);
    synthesized.policies = policies;
  });
  console.log(`synthesized ${configs.map((c) => c.name).join(', ')} into ${outdir}`);
  const k8sOutdir = resolve(process.env.K8S_OUTDIR ?? join('dist', 'k8s'));
  writeAtomically(k8sOutdir, (staging) => writeManifestFiles(staging, manifests));
  console.log(
    `wrote the Kubernetes manifests into ${k8sOutdir}${clientIds ? '' : ' (client ids: placeholders)'}`,
  );
  if (synthesized.policies) console.log(policySummary(synthesized.policies, outdir));
  return 0;
}

function policySummary(report: PolicyReport, outdir: string): string {
  const { summary } = report.toJson();
  return `policies: ${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.suppressed} suppressed (${join(outdir, POLICY_REPORT_MD)})`;
}

/** `cdktf deploy` passes no arguments; `LAKEHOUSE_ENV=dev cdktf deploy 'dev-*'` limits the synth. */
function envArgs(): string[] {
  return process.env.LAKEHOUSE_ENV ? ['--env', process.env.LAKEHOUSE_ENV] : [];
}

try {
  process.exitCode = withoutTokenTraces(main);
} catch (error) {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) console.error(formatProblem(problem));
    console.error(`synth stopped: ${error.problems.length} configuration problem(s); nothing was written.`);
    process.exitCode = 1;
  } else if (error instanceof PolicyError) {
    for (const finding of error.errors) console.error(formatFinding(finding));
    console.error(
      `synth stopped: ${error.errors.length} policy error(s); nothing was written. See docs/policy-and-review.md (fix the resource, or suppress with a real reason).`,
    );
    process.exitCode = 1;
  } else if (error instanceof SuppressionError) {
    console.error(error.message);
    console.error('synth stopped: a policy suppression was refused; nothing was written.');
    process.exitCode = 1;
  } else if (error instanceof UsageError) {
    console.error(error.message);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
