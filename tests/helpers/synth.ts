import type { App, TerraformStack } from 'cdktf';
import { Testing } from 'cdktf';
import { invokeAspects } from 'cdktf/lib/synthesize/synthesizer';
import { addEnvironment, type EnvironmentStacks } from '../../app/build-app';
import { loadEnvironments } from '../../config/load';
import type { EnvironmentConfig } from '../../environments/schema';

/** The synthesized Terraform JSON of one stack. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown; sensitive?: boolean }>;
  readonly terraform?: Record<string, unknown>;
  readonly provider?: Record<string, unknown[]>;
}

/** The real environment configs (validated), by name. */
export function environment(name: string): EnvironmentConfig {
  return loadEnvironments({ only: [name] })[0];
}

export const ENVIRONMENT_NAMES = ['dev', 'test', 'prod'] as const;

/** Builds every stack of one environment in a test app (nothing is written). */
export function buildEnvironment(config: EnvironmentConfig): { app: App; stacks: EnvironmentStacks } {
  const app = Testing.app();
  return { app, stacks: addEnvironment(app, config) };
}

/**
 * Synthesizes one stack as `app.synth()` would (aspects and validations included) and keeps the construct
 * path metadata, so tests can find a resource by where it sits in the construct tree.
 */
export function synthStack(stack: TerraformStack): StackJson {
  invokeAspects(stack);
  stack.runAllValidations();
  return JSON.parse(JSON.stringify(stack.toTerraform())) as StackJson;
}

/** All resources of a type, as a list of their synthesized bodies. */
export function resourcesOf(json: StackJson, type: string): Record<string, unknown>[] {
  return Object.values(json.resource?.[type] ?? {});
}

/** The one resource of a type whose construct path ends with `pathSuffix`. */
export function resourceAt(json: StackJson, type: string, pathSuffix: string): Record<string, unknown> {
  const matches = Object.values(json.resource?.[type] ?? {}).filter((r) =>
    constructPath(r).endsWith(pathSuffix),
  );
  if (matches.length !== 1) {
    const paths = Object.values(json.resource?.[type] ?? {}).map(constructPath);
    throw new Error(
      `expected one ${type} at …${pathSuffix}, found ${matches.length} among: ${paths.join(', ')}`,
    );
  }
  return matches[0];
}

export function constructPath(resource: Record<string, unknown>): string {
  const meta = resource['//'] as { metadata?: { path?: string } } | undefined;
  return meta?.metadata?.path ?? '';
}
