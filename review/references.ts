import type { Snapshot } from './snapshot';

/**
 * Readable names for Terraform references in the review. `${azurerm_eventhub.streams_hub-orders-raw_1A2B.id}`
 * becomes the construct path `dev-data/streams/hub-orders-raw`, a cross-stack reference
 * (`${data.terraform_remote_state.cross-stack-reference-input-dev-data.outputs.cross-stack-output-...}`) the
 * path of the resource the producing stack outputs, and the Cosmos DB built-in data role ids their names.
 */

const INTERPOLATION = /\$\{([^}]+)\}/g;
const LOCAL = /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_.[\]]+)$/;
const REMOTE =
  /^data\.terraform_remote_state\.cross-stack-reference-input-([A-Za-z0-9-]+)\.outputs\.([A-Za-z0-9_.-]+)$/;

/** Built-in Cosmos DB data-plane role definitions (learn.microsoft.com: Cosmos DB RBAC built-in roles). */
const COSMOS_ROLES: Readonly<Record<string, string>> = {
  '00000000-0000-0000-0000-000000000001': 'Cosmos DB Built-in Data Reader',
  '00000000-0000-0000-0000-000000000002': 'Cosmos DB Built-in Data Contributor',
};

export class ReferenceNames {
  constructor(private readonly snapshot?: Snapshot) {}

  /** A value as a reviewer reads it; references resolved to construct paths where the snapshot knows them. */
  describe(stack: string, value: unknown): string {
    if (typeof value !== 'string') return JSON.stringify(value ?? null);
    const cosmosRole = /\/sqlRoleDefinitions\/([0-9a-f-]{36})$/.exec(value);
    if (cosmosRole && COSMOS_ROLES[cosmosRole[1]]) return COSMOS_ROLES[cosmosRole[1]];
    return value.replace(
      INTERPOLATION,
      (whole, expression: string) => this.expression(stack, expression) ?? whole,
    );
  }

  private expression(stack: string, expression: string, depth = 0): string | undefined {
    const local = LOCAL.exec(expression);
    if (local && local[1] !== 'data') {
      const [, type, name, attribute] = local;
      const path =
        this.snapshot?.stacks.get(stack)?.resources.get(`${type}.${name}`)?.path ?? `${type}.${name}`;
      return attribute === 'id' ? path : `${path}.${attribute}`;
    }
    const remote = REMOTE.exec(expression);
    if (remote && depth < 3) {
      const [, producer, output] = remote;
      const value = this.snapshot?.stacks.get(producer)?.outputs[output];
      const inner = typeof value === 'string' ? /^\$\{([^}]+)\}$/.exec(value)?.[1] : undefined;
      return (inner && this.expression(producer, inner, depth + 1)) ?? `${output} (from ${producer})`;
    }
    return undefined;
  }

  /** The Terraform type a reference points at (for judging how broad a scope is), when it is a reference. */
  referencedType(_stack: string, value: unknown): string | undefined {
    if (typeof value !== 'string') return undefined;
    const whole = /^\$\{([^}]+)\}$/.exec(value)?.[1];
    if (!whole) return undefined;
    const local = LOCAL.exec(whole);
    if (local && local[1] !== 'data') return local[1];
    const remote = REMOTE.exec(whole);
    if (!remote) return undefined;
    const produced = this.snapshot?.stacks.get(remote[1])?.outputs[remote[2]];
    return typeof produced === 'string' ? this.referencedType(remote[1], produced) : undefined;
  }
}
