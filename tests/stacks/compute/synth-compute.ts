import type { EnvironmentConfig } from '../../../environments/schema';
import type { ComputeStack } from '../../../stacks/compute/compute-stack';
import { buildEnvironment, environment, type StackJson, synthStack } from '../../helpers/synth';

/** The synthesized `<env>-compute` stack of a real environment, optionally changed first (bypassing validation). */
export function synthCompute(
  name: string,
  change?: (config: EnvironmentConfig) => EnvironmentConfig,
): StackJson {
  const config = change ? change(structuredClone(environment(name))) : environment(name);
  return synthStack(buildEnvironment(config).stacks.compute as ComputeStack);
}

/**
 * A Terraform reference `${<type>.<logical id>.<attribute>}` to a resource of this or another stack, by its
 * construct path under the stack with `_` for `/` (nested resources get an 8-character hash suffix).
 */
export function ref(type: string, path: string, attribute: string): RegExp {
  return new RegExp(`^\\$\\{${type}\\.${path}(_[0-9A-F]{8})?\\.${attribute}\\}$`);
}
