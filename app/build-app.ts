import { App } from 'cdktf';
import type { EnvironmentConfig } from '../environments/schema';
import { FoundationStack } from '../stacks/foundation/foundation-stack';
import { StateStack } from '../stacks/state/state-stack';

/** The stacks of one environment, by layer. */
export interface EnvironmentStacks {
  readonly foundation: FoundationStack;
}

/**
 * Adds one environment's stacks to the app, in layer order. Each layer takes the stacks it builds on as props,
 * which is also how cdktf learns the order to deploy them in.
 */
export function addEnvironment(app: App, config: EnvironmentConfig): EnvironmentStacks {
  const foundation = new FoundationStack(app, { config });
  return { foundation };
}

export interface BuildAppOptions {
  /** Where `app.synth()` writes. */
  readonly outdir: string;
}

/** The cdktf app with every given (already validated) environment. */
export function buildApp(
  configs: readonly EnvironmentConfig[],
  options: BuildAppOptions,
): { app: App; environments: EnvironmentStacks[] } {
  const app = new App({ outdir: options.outdir });
  const environments = configs.map((config) => addEnvironment(app, config));
  return { app, environments };
}

/**
 * The bootstrap app: only the `<env>-state` stacks that create each environment's state storage (for environments
 * that name a backend). Run once per environment before the first deploy.
 */
export function buildBootstrapApp(configs: readonly EnvironmentConfig[], options: BuildAppOptions): App {
  const app = new App({ outdir: options.outdir });
  for (const config of configs) if (config.backend) new StateStack(app, { config });
  return app;
}
