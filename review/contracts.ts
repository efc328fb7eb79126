import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import {
  describeIncompatibility,
  directionsOf,
  incompatibilities,
  parseAvro,
} from '../config/contracts/compatibility';
import { type ContractFiles, readContractFiles, readContracts } from '../config/contracts/load';
import { fingerprint } from '../config/contracts/lock';
import { COMPATIBILITIES, type Compatibility } from '../config/contracts/model';
import { formatProblem } from '../config/problems';

/**
 * The review's **Contracts** section: what changed in `contracts/` between base and head, per domain — new schema
 * versions with their compatibility verdict (avsc, under the head's mode, against every older version), published
 * versions edited or deleted, modes weakened, domains removed — and which consumers a breaking change hits.
 *
 * Read leniently from the files (not through the validating loader): an edited published version is exactly what
 * must show here, even though the synth refuses it.
 */

export type ContractVerdict = 'compatible' | 'breaking' | 'info';

export interface ContractChange {
  readonly domain: string;
  readonly verdict: ContractVerdict;
  /** One line, e.g. `v3 added (Backward): compatible with v1, v2`. */
  readonly summary: string;
  /** Why it breaks, one line each. */
  readonly details: readonly string[];
  /** The consumers (contract `team.members` with role consumer) that a breaking change hits. */
  readonly consumers: readonly string[];
}

export interface ContractsReview {
  readonly changes: readonly ContractChange[];
  /** The head's contract problems (the synth stops on them). */
  readonly problems: readonly string[];
  /** Set when one side has no contracts to compare (e.g. a base synthesized before contracts existed). */
  readonly note?: string;
}

interface DomainView {
  readonly mode?: Compatibility;
  readonly consumers: readonly string[];
  /** version → file text. */
  readonly versions: ReadonlyMap<number, string>;
}

function view(files: ContractFiles): Map<string, DomainView> {
  const domains = new Map<string, DomainView>();
  for (const [path, text] of files) {
    const [domain, name] = path.split('/');
    if (!name) continue;
    const entry = domains.get(domain) ?? { consumers: [], versions: new Map<number, string>() };
    const match = /^v([1-9]\d*)\.avsc$/.exec(name);
    if (match) (entry.versions as Map<number, string>).set(Number(match[1]), text);
    if (name === 'contract.yaml') {
      try {
        const doc = parseYaml(text) as {
          customProperties?: { property?: string; value?: unknown }[];
          team?: { members?: { role?: string; name?: string; username?: string }[] };
        };
        const mode = (doc.customProperties ?? []).find((c) => c.property === 'schemaCompatibility')?.value;
        const consumers = (doc.team?.members ?? [])
          .filter((m) => m.role === 'consumer')
          .map((m) => m.name ?? m.username ?? '?');
        domains.set(domain, { ...entry, mode: COMPATIBILITIES.find((c) => c === mode), consumers });
        continue;
      } catch {
        // an unreadable contract shows in the head's problems
      }
    }
    domains.set(domain, entry);
  }
  return domains;
}

const same = (a: string, b: string) => {
  try {
    return fingerprint(JSON.parse(a)) === fingerprint(JSON.parse(b));
  } catch {
    return a === b;
  }
};

/** Compares the contract files of two revisions. */
export function reviewContracts(base: ContractFiles | undefined, head: ContractFiles): ContractsReview {
  const problems = readContracts(head).problems.map(formatProblem);
  if (!base)
    return { changes: [], problems, note: 'the base has no contracts to compare with (no contracts/ there)' };
  const before = view(base);
  const after = view(head);
  const changes: ContractChange[] = [];
  for (const [domain, old] of before) {
    if (!after.has(domain)) {
      changes.push({
        domain,
        verdict: 'breaking',
        summary: 'domain removed',
        details: ['producers and consumers lose the contract; retire a domain in steps (docs/contracts.md)'],
        consumers: old.consumers,
      });
    }
  }
  for (const [domain, now] of after) {
    const old = before.get(domain);
    const versions = [...now.versions.keys()].sort((a, b) => a - b);
    if (!old) {
      changes.push({
        domain,
        verdict: 'info',
        summary: `new domain (${now.mode ?? 'no mode'}), versions ${versions.map((v) => `v${v}`).join(', ')}`,
        details: [],
        consumers: [],
      });
      continue;
    }
    // Published versions: never edited, never deleted.
    for (const [version, text] of old.versions) {
      const current = now.versions.get(version);
      if (current === undefined)
        changes.push({
          domain,
          verdict: 'breaking',
          summary: `v${version} deleted`,
          details: ['a published version is immutable: consumers and registries still hold it'],
          consumers: now.consumers,
        });
      else if (!same(text, current))
        changes.push({
          domain,
          verdict: 'breaking',
          summary: `v${version} edited in place`,
          details: ['a published version is immutable: put the change in a new version'],
          consumers: now.consumers,
        });
    }
    if (old.mode && now.mode && old.mode !== now.mode) {
      const dropped = directionsOf(old.mode).filter(
        (d) => !directionsOf(now.mode as Compatibility).includes(d),
      );
      changes.push({
        domain,
        verdict: dropped.length > 0 ? 'breaking' : 'info',
        summary: `compatibility ${old.mode} → ${now.mode}`,
        details: dropped.map((d) => `no longer checked: ${d} compatibility`),
        consumers: dropped.length > 0 ? now.consumers : [],
      });
    }
    const added = versions.filter((v) => !old.versions.has(v));
    if (added.length === 0 || !now.mode) continue;
    const parsed = versions.map((version) => ({ version, text: now.versions.get(version) as string }));
    let list: { version: number; schema: unknown }[];
    try {
      list = parsed.map((p) => ({ version: p.version, schema: JSON.parse(p.text) }));
      for (const item of list) parseAvro(item.schema);
    } catch (error) {
      changes.push({
        domain,
        verdict: 'breaking',
        summary: `${added.map((v) => `v${v}`).join(', ')} added: not valid Avro`,
        details: [(error as Error).message.split('\n')[0]],
        consumers: now.consumers,
      });
      continue;
    }
    const from = versions.indexOf(added[0]);
    const broken = incompatibilities(list, now.mode, from);
    const older = versions.filter((v) => v < added[added.length - 1]);
    changes.push({
      domain,
      verdict: broken.length > 0 ? 'breaking' : 'compatible',
      summary:
        broken.length > 0
          ? `${added.map((v) => `v${v}`).join(', ')} added: not ${now.mode}-compatible`
          : `${added.map((v) => `v${v}`).join(', ')} added: ${now.mode}-compatible with ${older.map((v) => `v${v}`).join(', ') || '(no older version)'}`,
      details: broken.map(describeIncompatibility),
      consumers: broken.length > 0 ? now.consumers : [],
    });
  }
  const order: Record<ContractVerdict, number> = { breaking: 0, compatible: 1, info: 2 };
  changes.sort((a, b) => order[a.verdict] - order[b.verdict] || a.domain.localeCompare(b.domain));
  return { changes, problems };
}

export function hasBreakingContractChange(review: ContractsReview | undefined): boolean {
  return !!review && (review.changes.some((c) => c.verdict === 'breaking') || review.problems.length > 0);
}

const run = promisify(execFile);

/** The contract files of a git revision (`git ls-tree` + `git show`), or undefined when it has none. */
export async function contractFilesAtRef(root: string, ref: string): Promise<ContractFiles | undefined> {
  let stdout: string;
  try {
    ({ stdout } = await run('git', ['ls-tree', '-r', '--name-only', ref, '--', 'contracts/'], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    }));
  } catch {
    return undefined; // an unknown ref: the snapshot of the same ref reports it, with the fix (review/sources.ts)
  }
  const paths = stdout.split('\n').filter((p) => /^contracts\/([^/]+\/[^/]+|versions\.lock\.json)$/.test(p));
  if (paths.length === 0) return undefined;
  const files = new Map<string, string>();
  for (const path of paths) {
    const { stdout: text } = await run('git', ['show', `${ref}:${path}`], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
    files.set(path.slice('contracts/'.length), text);
  }
  return files;
}

/** The contract files a synth wrote into a `cdktf.out` folder (`contracts/files.json`), if it did. */
export function contractFilesInOutput(folder: string): ContractFiles | undefined {
  const file = join(folder, 'contracts', 'files.json');
  if (!existsSync(file)) return undefined;
  return new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>));
}

/** The working tree's contract files. */
export function contractFilesInTree(root: string): ContractFiles | undefined {
  const dir = join(root, 'contracts');
  return existsSync(dir) ? readContractFiles(dir) : undefined;
}
