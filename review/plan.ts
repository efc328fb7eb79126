import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Attributes } from '../policies/rule';
import { ReviewInputError } from './errors';
import { forcedReplacements } from './force-new';
import { type Action, byStackAndPath, type ResourceChange, splitStackName } from './model';

/**
 * `terraform show -json <plan>` as review changes, so the pipeline's real plan renders like the offline review.
 * https://developer.hashicorp.com/terraform/internals/json-format (resource_changes, change.actions).
 */
interface PlanResourceChange {
  readonly address: string;
  readonly previous_address?: string;
  readonly mode?: 'managed' | 'data';
  readonly type: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before?: Attributes | null;
    readonly after?: Attributes | null;
    readonly after_unknown?: unknown;
    readonly before_sensitive?: unknown;
    readonly after_sensitive?: unknown;
    readonly replace_paths?: readonly (readonly (string | number)[])[];
  };
  readonly action_reason?: string;
}

export interface PlanJson {
  readonly format_version?: string;
  readonly resource_changes?: readonly PlanResourceChange[];
}

/** One plan file per stack: `<stack>.json`, `<stack>.plan.json`, or `<stack>=<file>` on the command line. */
export interface StackPlan {
  readonly stack: string;
  readonly plan: PlanJson;
}

export const KNOWN_AFTER_APPLY = '(known after apply)';

function action(actions: readonly string[]): Action | undefined {
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  if (actions.includes('delete')) return 'delete';
  if (actions.includes('create')) return 'create';
  if (actions.includes('update')) return 'update';
  return undefined; // no-op, read
}

/** Dot paths (`a.b`, `list[0].c`) of the `true` leaves of a sensitivity or unknown-ness tree. */
export function truePaths(tree: unknown, path = ''): string[] {
  if (tree === true) return [path];
  if (Array.isArray(tree)) return tree.flatMap((v, i) => truePaths(v, `${path}[${i}]`));
  if (tree !== null && typeof tree === 'object') {
    return Object.entries(tree).flatMap(([k, v]) => truePaths(v, path ? `${path}.${k}` : k));
  }
  return [];
}

/** The planned values with `(known after apply)` where Terraform does not know them yet. */
function withUnknowns(after: unknown, unknown: unknown): unknown {
  if (unknown === true) return KNOWN_AFTER_APPLY;
  if (Array.isArray(unknown)) {
    const list = Array.isArray(after) ? [...after] : [];
    unknown.forEach((u, i) => {
      list[i] = withUnknowns(list[i], u);
    });
    return list;
  }
  if (unknown !== null && typeof unknown === 'object') {
    const object = { ...((after ?? {}) as Record<string, unknown>) };
    for (const [k, u] of Object.entries(unknown)) object[k] = withUnknowns(object[k], u);
    return object;
  }
  return after;
}

/** The changes of one stack's plan. `paths` maps addresses to construct paths when a synth output is at hand. */
export function changesFromPlan(
  stack: string,
  plan: PlanJson,
  paths: ReadonlyMap<string, string> = new Map(),
): ResourceChange[] {
  const changes: ResourceChange[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === 'data') continue;
    const moved = rc.previous_address !== undefined && rc.previous_address !== rc.address;
    const kind = action(rc.change.actions) ?? (moved ? 'update' : undefined);
    if (!kind) continue;
    const before = rc.change.before ?? undefined;
    const after =
      rc.change.after === null
        ? undefined
        : (withUnknowns(rc.change.after, rc.change.after_unknown) as Attributes);
    const reasons: string[] = [];
    if (moved) reasons.push(`moved from ${rc.previous_address}`);
    if (kind === 'replace') {
      const documented = new Map(
        forcedReplacements(rc.type, before, rc.change.after ?? undefined).map((f) => [f.attribute, f]),
      );
      for (const path of rc.change.replace_paths ?? []) {
        const attribute = path.filter((p) => typeof p === 'string').join('.');
        const doc = documented.get(attribute);
        reasons.push(`${attribute} forces a new resource${doc ? `: ${doc.docs}` : ''}`);
      }
      if (rc.action_reason) reasons.push(`terraform: ${rc.action_reason}`);
    }
    changes.push({
      stack,
      ...splitStackName(stack),
      address: rc.address,
      type: rc.type,
      path: paths.get(rc.address) ?? rc.address,
      action: kind,
      before,
      after,
      reasons,
      sensitivePaths: [...truePaths(rc.change.before_sensitive), ...truePaths(rc.change.after_sensitive)],
    });
  }
  return changes.sort(byStackAndPath);
}

/** Reads `--plan` arguments: files named after their stack, `<stack>=<file>`, or folders of such files. */
export function readPlans(specs: readonly string[]): StackPlan[] {
  const plans: StackPlan[] = [];
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq > 0 && !spec.slice(0, eq).includes('/')) {
      plans.push({ stack: spec.slice(0, eq), plan: readPlan(spec.slice(eq + 1)) });
    } else if (statSync(spec).isDirectory()) {
      for (const file of readdirSync(spec)
        .filter((f) => f.endsWith('.json'))
        .sort()) {
        const plan = readPlan(join(spec, file));
        if (plan.resource_changes !== undefined || plan.format_version !== undefined) {
          plans.push({ stack: stackOfFile(file), plan });
        }
      }
    } else {
      plans.push({ stack: stackOfFile(spec), plan: readPlan(spec) });
    }
  }
  return plans.sort((a, b) => a.stack.localeCompare(b.stack));
}

function stackOfFile(file: string): string {
  return basename(file).replace(/(\.plan)?\.json$/, '');
}

function readPlan(file: string): PlanJson {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PlanJson;
  } catch (error) {
    throw new ReviewInputError(
      `cannot read the plan ${file}: ${(error as Error).message}. Fix: pass the output of terraform show -json <planfile>`,
    );
  }
}
