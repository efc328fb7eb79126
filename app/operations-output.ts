import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvironmentConfig } from '../environments/schema';
import { checkAlertingCoverage } from '../policies/environment/alerting-coverage';
import type { SynthesizedStack } from '../policies/evaluate';
import type { PolicyReport } from '../policies/report';
import { LAYERS } from '../stacks/layer-stack';
import { renderOperationsSummary } from '../stacks/operations/summary';

/** Where the summaries go inside the synth output folder: `cdktf.out/operations/<env>.md`. */
export const OPERATIONS_SUMMARY_DIR = 'operations';

/** The synthesized stacks of one environment in a synth output folder, by stack name. */
export function readEnvironmentStacks(
  outdir: string,
  config: EnvironmentConfig,
): Record<string, SynthesizedStack> {
  const stacks: Record<string, SynthesizedStack> = {};
  for (const layer of LAYERS) {
    const name = `${config.name}-${layer}`;
    const file = join(outdir, 'stacks', name, 'cdk.tf.json');
    if (existsSync(file)) stacks[name] = JSON.parse(readFileSync(file, 'utf8')) as SynthesizedStack;
  }
  return stacks;
}

/**
 * After the stacks are written: the environment-wide policy (alerting coverage, across stacks) into the report,
 * and each environment's operations summary next to the stacks. Runs inside the atomic write, so a policy error
 * leaves the previous output as it was.
 */
export function checkAndSummarizeOperations(
  outdir: string,
  configs: readonly EnvironmentConfig[],
  report: PolicyReport,
): void {
  const summaries = join(outdir, OPERATIONS_SUMMARY_DIR);
  mkdirSync(summaries, { recursive: true });
  for (const config of configs) {
    report.add(
      `${config.name}-environment`,
      checkAlertingCoverage(config, readEnvironmentStacks(outdir, config)),
    );
    writeFileSync(join(summaries, `${config.name}.md`), renderOperationsSummary(config));
  }
}
