import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import type { EnvironmentConfig } from '../environments/schema';
import { applyPoliciesToStacks } from '../policies/aspect';
import { ALL_PACKS } from '../policies/packs';
import { PolicyReport } from '../policies/report';
import { AnalyticsStack } from '../stacks/analytics/analytics-stack';
import { ComputeStack } from '../stacks/compute/compute-stack';
import { DataStack } from '../stacks/data/data-stack';
import { FoundationStack } from '../stacks/foundation/foundation-stack';
import { LakehouseStack } from '../stacks/lakehouse/lakehouse-stack';
import { OperationsStack } from '../stacks/operations/operations-stack';
import { type AssignedRole, assignedRoles } from '../stacks/state/assigned-roles';
import { StateStack } from '../stacks/state/state-stack';

/** The stacks of one environment, by layer. */
export interface EnvironmentStacks {
  readonly foundation: FoundationStack;
  readonly data: DataStack;
  readonly analytics: AnalyticsStack;
  readonly lakehouse: LakehouseStack;
  readonly compute: ComputeStack;
  readonly operations: OperationsStack;
}

/**
 * Adds one environment's stacks to the app, in layer order. Each layer takes the stacks it builds on as props,
 * which is also how cdktf learns the order to deploy them in.
 */
export function addEnvironment(app: App, config: EnvironmentConfig): EnvironmentStacks {
  const foundation = new FoundationStack(app, { config });
  const data = new DataStack(app, { config, foundation });
  const analytics = new AnalyticsStack(app, { config, foundation, data });
  const lakehouse = new LakehouseStack(app, { config, analytics });
  const compute = new ComputeStack(app, { config, foundation, data, analytics });
  const operations = new OperationsStack(app, { config, foundation, data, analytics, compute });
  return { foundation, data, analytics, lakehouse, compute, operations };
}

export interface BuildAppOptions {
  /** Where `app.synth()` writes. */
  readonly outdir: string;
}

/**
 * The cdktf app with every given (already validated) environment. The policy packs are applied to each stack as
 * its last aspect; their findings collect in `policies`, which `main.ts` checks and writes after the synth.
 */
export function buildApp(
  configs: readonly EnvironmentConfig[],
  options: BuildAppOptions,
): { app: App; environments: EnvironmentStacks[]; policies: PolicyReport } {
  const app = new App({ outdir: options.outdir });
  const policies = new PolicyReport(ALL_PACKS);
  const environments = configs.map((config) => {
    const stacks = addEnvironment(app, config);
    applyPoliciesToStacks(stacks, { config, report: policies });
    return stacks;
  });
  return { app, environments, policies };
}

/**
 * The bootstrap app: only the `<env>-state` stacks that create each environment's state storage (for environments
 * that name a backend). Run once per environment before the first deploy.
 */
export function buildBootstrapApp(
  configs: readonly EnvironmentConfig[],
  options: BuildAppOptions,
): { app: App; policies: PolicyReport } {
  const app = new App({ outdir: options.outdir });
  const policies = new PolicyReport(ALL_PACKS);
  for (const config of configs) {
    if (!config.backend) continue;
    const assignableRoles = config.deployers ? environmentRoles(config) : undefined;
    const state = new StateStack(app, { config, assignableRoles });
    applyPoliciesToStacks({ state }, { config, report: policies });
  }
  return { app, policies };
}

/**
 * The role definitions an environment's stacks assign, read from the stacks themselves (built in a scratch app
 * that is never synthesized): what the apply identity's role-assignment condition must allow.
 */
export function environmentRoles(config: EnvironmentConfig): AssignedRole[] {
  // A throwaway outdir: App creates it (and a stacks/ folder in it) even though this app never synthesizes.
  const outdir = mkdtempSync(join(tmpdir(), 'lakehouse-roles-'));
  try {
    const stacks = addEnvironment(new App({ outdir, skipValidation: true }), config);
    return assignedRoles(Object.values(stacks));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
