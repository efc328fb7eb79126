import { get, isExpression } from '../policies/attrs';
import type { Attributes } from '../policies/rule';
import { canonical, forcedReplacements, forceNewEntry } from './force-new';
import { type Action, byStackAndPath, type Describe, type ResourceChange, splitStackName } from './model';
import type { Snapshot, SnapshotResource, StackSnapshot } from './snapshot';

/**
 * What Terraform would do to go from the base synth to the head synth, per stack, without Terraform:
 * - same address, different attributes: update, or replace when a replace-forcing attribute changed
 *   (`force-new.ts`) or refers to something that is replaced (its value is only known after apply);
 * - an address only in the base: destroy; only in the head: create; a destroy and a create of the same type and
 *   Azure name is a changed logical id (a renamed construct), unless a `moved` block maps one onto the other.
 */

interface Pair {
  readonly stack: string;
  readonly address: string;
  readonly before?: SnapshotResource;
  readonly after?: SnapshotResource;
  action: Action | 'unchanged';
  readonly reasons: string[];
  /** The attributes Terraform compares (moves followed, ignore_changes left out), once both sides exist. */
  compared?: { readonly before: Attributes; readonly after: Attributes };
  recreatedAs?: string;
  recreates?: string;
}

const EMPTY: StackSnapshot = { name: '', resources: new Map(), moved: [], outputs: {} };

/** Rewrites references to moved resources so that a move alone does not look like a change. */
function followMoves(attrs: Attributes, moves: ReadonlyMap<string, string>): Attributes {
  if (moves.size === 0) return attrs;
  let text = JSON.stringify(attrs);
  for (const [from, to] of moves) text = text.split(`\${${from}.`).join(`\${${to}.`);
  return JSON.parse(text) as Attributes;
}

/** What makes a resource the same Azure resource: its name (or its replace-forcing attributes when it has none). */
function identity(resource: SnapshotResource): string | undefined {
  const name = get(resource.attrs, 'name');
  if (typeof name === 'string') {
    if (isExpression(name)) return undefined;
    return `${resource.type}|${name}|${canonical(get(resource.attrs, 'resource_group_name') ?? null)}`;
  }
  const keys = forceNewEntry(resource.type).attributes.map((a) =>
    canonical(get(resource.attrs, a.path) ?? null),
  );
  return `${resource.type}|${keys.join('|')}`;
}

const REMOTE_REFERENCE =
  /\$\{data\.terraform_remote_state\.cross-stack-reference-input-([A-Za-z0-9-]+)\.outputs\.([A-Za-z0-9_.-]+)\}/g;

/**
 * Cross-stack references as what the producing stack outputs (`${<producer>::<expression>}`), with the producer's
 * moves applied to the base side: cdktf names an output after the resource it reads, so a moved resource renames the
 * output while the value a consumer reads stays the same.
 */
function crossStackCanonical(
  snapshot: Snapshot,
  movesOf: (producer: string) => ReadonlyMap<string, string>,
): (attrs: Attributes) => Attributes {
  return (attrs) => {
    const text = JSON.stringify(attrs);
    if (!text.includes('cross-stack-reference-input-')) return attrs;
    const canonical = text.replace(REMOTE_REFERENCE, (whole, producer: string, output: string) => {
      const value = snapshot.stacks.get(producer)?.outputs[output];
      const inner = typeof value === 'string' ? /^\$\{([^}]+)\}$/.exec(value)?.[1] : undefined;
      if (!inner) return whole;
      let expression = inner;
      for (const [from, to] of movesOf(producer)) {
        if (expression.startsWith(`${from}.`)) expression = `${to}.${expression.slice(from.length + 1)}`;
      }
      return `\${${producer}::${expression}}`;
    });
    return JSON.parse(canonical) as Attributes;
  };
}

interface CrossStack {
  readonly base: (attrs: Attributes) => Attributes;
  readonly head: (attrs: Attributes) => Attributes;
}
const AS_IS: CrossStack = { base: (a) => a, head: (a) => a };

function diffStack(
  name: string,
  base: StackSnapshot,
  head: StackSnapshot,
  crossStack: CrossStack = AS_IS,
): Pair[] {
  const moves = new Map(head.moved.map((m) => [m.from, m.to] as const));
  const movedTo = new Set(moves.values());
  const pairs: Pair[] = [];
  for (const [address, before] of base.resources) {
    const target = moves.get(address);
    if (target && head.resources.has(target) && !head.resources.has(address)) continue; // handled from the head side
    const after = head.resources.get(address);
    pairs.push({ stack: name, address, before, after, action: after ? 'unchanged' : 'delete', reasons: [] });
  }
  for (const [address, after] of head.resources) {
    if (base.resources.has(address) && !movedTo.has(address)) continue;
    const from = [...moves.entries()].find(([, to]) => to === address)?.[0];
    const before = from ? base.resources.get(from) : undefined;
    if (base.resources.has(address) && !before) continue;
    pairs.push({
      stack: name,
      address,
      before,
      after,
      action: before ? 'unchanged' : 'create',
      reasons: before ? [`moved from ${before.path} (a moved block: Terraform keeps the resource)`] : [],
    });
  }
  for (const pair of pairs) {
    if (!pair.before || !pair.after) continue;
    const ignore = ignoreOf(pair.after.attrs);
    const before = compared(followMoves(crossStack.base(pair.before.attrs), moves), ignore);
    const after = compared(crossStack.head(pair.after.attrs), ignore);
    pair.compared = { before, after };
    if (pair.before.type !== pair.after.type) {
      // A move across resource types (e.g. azurerm_eventhub → azapi_resource): the new provider takes the state over
      // (MoveResourceState) and compares its own attributes; the two schemas cannot be compared offline.
      pair.action = 'update';
      pair.reasons.push(
        `${pair.before.type} → ${pair.after.type}: the new provider takes over the state; its plan shows what, if anything, changes`,
      );
      continue;
    }
    const forced = forcedReplacements(pair.after.type, before, after);
    if (forced.length > 0) {
      pair.action = 'replace';
      for (const f of forced) {
        pair.reasons.push(
          `${f.attribute} ${canonical(f.before ?? null)} → ${canonical(f.after ?? null)} forces a new resource${f.note ? ` (${f.note})` : ''}: ${f.docs}`,
        );
      }
    } else if (canonical(before) !== canonical(after) || pair.reasons.length > 0) {
      pair.action = 'update';
    }
  }
  pairRenames(pairs);
  return pairs;
}

function withoutMetadata(attrs: Attributes): Attributes {
  const { '//': _, ...rest } = attrs as Record<string, unknown>;
  return rest;
}

/**
 * The attributes Terraform compares: without cdktf's metadata and without what `lifecycle.ignore_changes`
 * excludes (`default_node_pool[0].node_count`, or `all`).
 */
function compared(attrs: Attributes, ignore: unknown): Attributes {
  const rest = withoutMetadata(attrs);
  if (ignore === 'all') return {};
  const paths = Array.isArray(ignore)
    ? ignore.map((p) =>
        String(p)
          .replace(/\[\d+\]/g, '')
          .split('.'),
      )
    : [];
  if (paths.length === 0) return rest;
  const copy = JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
  for (const path of paths) drop(copy, path);
  return copy;
}

function drop(value: unknown, path: readonly string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) drop(item, path);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const object = value as Record<string, unknown>;
  if (path.length === 1) delete object[path[0]];
  else drop(object[path[0]], path.slice(1));
}

function ignoreOf(attrs: Attributes): unknown {
  return get(attrs, 'lifecycle.ignore_changes');
}

/** A destroy and a create of the same Azure resource under another logical id. */
function pairRenames(pairs: Pair[]): void {
  const created = new Map<string, Pair>();
  for (const p of pairs) {
    if (p.action !== 'create' || !p.after) continue;
    const id = identity(p.after);
    if (id) created.set(id, p);
  }
  for (const p of pairs) {
    if (p.action !== 'delete' || !p.before) continue;
    const id = identity(p.before);
    const twin = id ? created.get(id) : undefined;
    if (!twin?.after) continue;
    const name = get(p.before.attrs, 'name');
    const what = typeof name === 'string' ? `${name} ` : '';
    p.reasons.push(
      `logical id changed: ${p.before.path} → ${twin.after.path} (${p.address} → ${twin.address}); Terraform destroys ${what}and creates it again. Keep the construct id, or add a moved block (resource.moveFromId / moveTo)`,
    );
    twin.reasons.push(`re-creates ${p.before.path} under a new logical id (${p.address} → ${twin.address})`);
    p.recreatedAs = twin.after.path;
    twin.recreates = p.before.path;
  }
}

/** Tokens whose value is only known after apply because what they refer to is replaced. */
function unstableTokens(
  pairs: readonly Pair[],
  stacks: ReadonlyMap<string, StackSnapshot>,
): Map<string, string> {
  const tokens = new Map<string, string>(); // token → path of the replaced resource
  for (const p of pairs) {
    if (p.action !== 'replace' || !p.after) continue;
    tokens.set(`${p.stack}\0\${${p.address}.`, p.after.path);
    for (const [output, value] of Object.entries(stacks.get(p.stack)?.outputs ?? {})) {
      if (JSON.stringify(value ?? '').includes(`\${${p.address}.`)) {
        tokens.set(`*\0cross-stack-reference-input-${p.stack}.outputs.${output}}`, p.after.path);
      }
    }
  }
  return tokens;
}

function mentionsToken(
  stack: string,
  value: unknown,
  tokens: ReadonlyMap<string, string>,
): string | undefined {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  for (const [token, path] of tokens) {
    const [scope, needle] = token.split('\0');
    if ((scope === '*' || scope === stack) && text.includes(needle)) return path;
  }
  return undefined;
}

/** Replacement spreads: a replace-forcing attribute that refers to a replaced resource replaces its owner too. */
function propagate(pairs: Pair[], stacks: ReadonlyMap<string, StackSnapshot>): void {
  for (let round = 0; round < 20; round++) {
    const tokens = unstableTokens(pairs, stacks);
    let changed = false;
    for (const p of pairs) {
      if ((p.action !== 'unchanged' && p.action !== 'update') || !p.after) continue;
      for (const attribute of forceNewEntry(p.after.type).attributes) {
        const source = mentionsToken(p.stack, get(p.after.attrs, attribute.path), tokens);
        if (!source) continue;
        p.action = 'replace';
        p.reasons.push(
          `${attribute.path} refers to ${source}, which is replaced (a new id, known after apply)`,
        );
        changed = true;
        break;
      }
      if (p.action === 'unchanged') {
        const source = mentionsToken(p.stack, withoutMetadata(p.after.attrs), tokens);
        if (source) {
          p.action = 'update';
          p.reasons.push(`refers to ${source}, which is replaced (values known after apply)`);
          changed = true;
        }
      }
    }
    if (!changed) return;
  }
}

function protectionNote(p: Pair): void {
  if (
    (p.action === 'delete' || p.action === 'replace') &&
    get(p.before?.attrs, 'lifecycle.prevent_destroy') === true
  ) {
    p.reasons.push(
      'lifecycle.prevent_destroy is set: terraform plan refuses this until protection is lifted',
    );
  }
}

/** Every resource change between two synth outputs, sorted by stack and construct path. */
export function diffTerraform(
  base: Snapshot,
  head: Snapshot,
  describe: Describe = (_, value) => value,
): ResourceChange[] {
  const readable = (stack: string, text: string) => (text.includes('${') ? describe(stack, text) : text);
  const names = [...new Set([...base.stacks.keys(), ...head.stacks.keys()])].sort();
  const headMoves = (producer: string) =>
    new Map((head.stacks.get(producer)?.moved ?? []).map((m) => [m.from, m.to] as const));
  const crossStack: CrossStack = {
    base: crossStackCanonical(base, headMoves),
    head: crossStackCanonical(head, () => new Map()),
  };
  const pairs = names.flatMap((name) =>
    diffStack(name, base.stacks.get(name) ?? EMPTY, head.stacks.get(name) ?? EMPTY, crossStack),
  );
  propagate(pairs, head.stacks);
  const changes: ResourceChange[] = [];
  for (const p of pairs) {
    if (p.action === 'unchanged') continue;
    protectionNote(p);
    const resource = (p.after ?? p.before) as SnapshotResource;
    changes.push({
      stack: p.stack,
      ...splitStackName(p.stack),
      address: p.address,
      type: resource.type,
      path: resource.path,
      action: p.action,
      before: p.compared?.before ?? p.before?.attrs,
      after: p.compared?.after ?? p.after?.attrs,
      reasons: p.reasons.map((r) => readable(p.stack, r)),
      recreatedAs: p.recreatedAs,
      recreates: p.recreates,
    });
  }
  return changes.sort(byStackAndPath);
}
