import { Testing } from 'cdktf';
import type { EnvironmentConfig } from '../../../environments/schema';
import { DataStack } from '../../../stacks/data/data-stack';
import { FoundationStack } from '../../../stacks/foundation/foundation-stack';
import {
  constructPath,
  ENVIRONMENT_NAMES,
  environment,
  type StackJson,
  synthStack,
} from '../../helpers/synth';

/** One environment's data stack, built and synthesized once per test file. */
export interface DataUnderTest {
  readonly config: EnvironmentConfig;
  readonly stacks: { readonly foundation: FoundationStack; readonly data: DataStack };
  readonly json: StackJson;
}

/** The foundation and data stacks of every environment (the layers after them are not needed here). */
export function synthDataStacks(): Record<string, DataUnderTest> {
  const all: Record<string, DataUnderTest> = {};
  for (const name of ENVIRONMENT_NAMES) {
    const config = environment(name);
    const app = Testing.app();
    const foundation = new FoundationStack(app, { config });
    const data = new DataStack(app, { config, foundation });
    all[name] = { config, stacks: { foundation, data }, json: synthStack(data) };
  }
  return all;
}

/**
 * The Terraform expression that refers to an attribute of the one resource of `type` whose construct path ends
 * with `pathSuffix` (in this stack's JSON), e.g. `${azurerm_storage_account.lake_account_1A2B3C4D.id}`.
 */
export function refTo(json: StackJson, type: string, pathSuffix: string, attribute: string): string {
  const keys = Object.entries(json.resource?.[type] ?? {})
    .filter(([, body]) => constructPath(body).endsWith(pathSuffix))
    .map(([key]) => key);
  if (keys.length !== 1) throw new Error(`expected one ${type} at …${pathSuffix}, found ${keys.length}`);
  return `\${${type}.${keys[0]}.${attribute}}`;
}

/**
 * A reference to a resource of another stack (the foundation), as it appears in a stack synthesized on its own:
 * `${<type>.<construct path>_<hash>.<attribute>}` (no hash for a resource directly in the stack).
 */
export function foreignRef(type: string, constructId: string, attribute: string): RegExp {
  const quote = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\$\\{${quote(type)}\\.${quote(constructId)}(_[0-9A-F]{8})?\\.${quote(attribute)}\\}$`);
}

/** The resources of a type, keyed by construct path inside the stack, e.g. `lake/private-endpoint-dfs/endpoint`. */
export function byPath(json: StackJson, type: string): Record<string, Record<string, unknown>> {
  const found: Record<string, Record<string, unknown>> = {};
  for (const body of Object.values(json.resource?.[type] ?? {})) {
    found[constructPath(body).split('/').slice(1).join('/')] = body;
  }
  return found;
}
