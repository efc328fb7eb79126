import {
  DefaultTokenResolver,
  StringConcat,
  type TerraformResource,
  type TerraformStack,
  Tokenization,
} from 'cdktf';
import type { EnvironmentStacks } from '../../../app/build-app';
import type { EnvironmentConfig } from '../../../environments/schema';
import { buildEnvironment, environment, type StackJson, synthStack } from '../../helpers/synth';

/** One environment's stacks and its synthesized `<env>-analytics` stack. */
export interface SynthedAnalytics {
  readonly config: EnvironmentConfig;
  readonly stacks: EnvironmentStacks;
  readonly json: StackJson;
}

/** Builds an environment (a real one by name, or a changed copy) and synthesizes its analytics stack. */
export function synthAnalytics(config: string | EnvironmentConfig): SynthedAnalytics {
  const resolved = typeof config === 'string' ? environment(config) : config;
  const { stacks } = buildEnvironment(resolved);
  return { config: resolved, stacks, json: synthStack(stacks.analytics) };
}

/**
 * How the synthesized JSON refers to an attribute of a resource, e.g. `${azurerm_subnet.network_subnet-aks_1A2B.id}`,
 * so tests can check that a scope or id points at exactly that resource.
 */
export function ref(resource: TerraformResource, attribute = 'id'): string {
  return `\${${resource.terraformResourceType}.${resource.friendlyUniqueId}.${attribute}}`;
}

/** How the synthesized JSON of `stack` refers to a value of any stack (e.g. a hub's id), unresolved tokens resolved. */
export function rendered(stack: TerraformStack, value: string): string {
  return Tokenization.resolve(value, {
    scope: stack,
    preparing: false, // a plain read: registers no cross-stack reference
    resolver: new DefaultTokenResolver(new StringConcat()),
  }) as string;
}
