import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readContractFiles } from '../../config/contracts/load';
import { fingerprint } from '../../config/contracts/lock';
import { main } from '../../review/cli';
import { contractFilesAtRef, contractFilesInTree, reviewContracts } from '../../review/contracts';
import { contractsSection } from '../../review/render';
import { ROOT } from './fixture';

/** The repository's contract files; each scenario changes a copy (the head) and reviews it against them. */
const BASE = readContractFiles(join(ROOT, 'contracts'));
const v2 = () => JSON.parse(BASE.get('orders/v2.avsc') as string);

function head(change: (files: Map<string, string>) => void): Map<string, string> {
  const files = new Map(BASE);
  change(files);
  return files;
}
function publish(files: Map<string, string>, key: string, schema: unknown): void {
  files.set(key, JSON.stringify(schema));
  const lock = JSON.parse(files.get('versions.lock.json') as string);
  files.set('versions.lock.json', JSON.stringify({ ...lock, [key]: fingerprint(schema) }));
}
const compatibleV3 = () => {
  const schema = v2();
  schema.fields.push({ name: 'coupon', type: ['null', 'string'], default: null });
  return schema;
};
const incompatibleV3 = () => {
  const schema = v2();
  schema.fields.push({ name: 'warehouse', type: 'string' });
  return schema;
};

describe('review: the Contracts section', () => {
  test('a compatible new version: its verdict, nobody hit', () => {
    const review = reviewContracts(
      BASE,
      head((f) => publish(f, 'orders/v3.avsc', compatibleV3())),
    );
    expect(review).toEqual({
      changes: [
        {
          domain: 'orders',
          verdict: 'compatible',
          summary: 'v3 added: Backward-compatible with v1, v2',
          details: [],
          consumers: [],
        },
      ],
      problems: [],
    });
  });

  test('an incompatible new version: what breaks and for which consumers', () => {
    const review = reviewContracts(
      BASE,
      head((f) => publish(f, 'orders/v3.avsc', incompatibleV3())),
    );
    expect(review.changes).toEqual([
      {
        domain: 'orders',
        verdict: 'breaking',
        summary: 'v3 added: not Backward-compatible',
        details: [
          expect.stringMatching(
            /^v3 cannot read data written with v1 \(no matching field for default-less .*warehouse\)$/,
          ),
          expect.stringMatching(/^v3 cannot read data written with v2 /),
        ],
        consumers: ['fraud-scoring', 'revenue-reporting'],
      },
    ]);
    expect(review.problems).toHaveLength(2); // the synth refuses it too
    expect(contractsSection(review).join('\n')).toContain(
      '| orders | v3 added: not Backward-compatible | **breaking** | v3 cannot read data written with v1',
    );
  });

  test('a published version edited in place (lock updated too) or deleted; a weaker mode; a removed domain', () => {
    const review = reviewContracts(
      BASE,
      head((f) => {
        publish(f, 'orders/v1.avsc', { ...JSON.parse(BASE.get('orders/v1.avsc') as string), doc: 'edited' });
        f.set(
          'orders/contract.yaml',
          (f.get('orders/contract.yaml') as string).replace('value: Backward', 'value: None'),
        );
        f.delete('telemetry/contract.yaml');
        f.delete('telemetry/v1.avsc');
      }),
    );
    expect(review.changes.map((c) => [c.domain, c.verdict, c.summary, c.consumers])).toEqual([
      ['orders', 'breaking', 'v1 edited in place', ['fraud-scoring', 'revenue-reporting']],
      ['orders', 'breaking', 'compatibility Backward → None', ['fraud-scoring', 'revenue-reporting']],
      ['telemetry', 'breaking', 'domain removed', ['predictive-maintenance']],
    ]);
  });

  test('a new domain is information; no change says so', () => {
    const added = head((f) => {
      f.set(
        'payments/contract.yaml',
        (f.get('orders/contract.yaml') as string).replace(/orders/g, 'payments'),
      );
      f.set('payments/v1.avsc', f.get('orders/v1.avsc') as string);
    });
    expect(reviewContracts(BASE, added).changes.map((c) => [c.domain, c.verdict])).toEqual([
      ['payments', 'info'],
    ]);
    expect(contractsSection(reviewContracts(BASE, BASE))).toEqual([
      '## Contracts',
      '',
      'No contract changes.',
      '',
    ]);
  });
});

describe('review: contracts from a git revision (scenario repository)', () => {
  test('the base from git, the head from the working tree: an in-place edit shows as breaking', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'lakehouse-contracts-repo-'));
    cpSync(join(ROOT, 'contracts'), join(repo, 'contracts'), { recursive: true });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'contracts');
    const file = join(repo, 'contracts', 'orders', 'v2.avsc');
    writeFileSync(file, readFileSync(file, 'utf8').replace('added in v2', 'added in version 2'));
    const base = await contractFilesAtRef(repo, 'main');
    expect(base).toEqual(BASE);
    const review = reviewContracts(base, contractFilesInTree(repo) as Map<string, string>);
    expect(review.changes.map((c) => c.summary)).toEqual(['v2 edited in place']);
  });
});

/** A minimal cdktf.out folder (no resources) whose synth copied these contract files. */
function synthOutput(files: ReadonlyMap<string, string>): string {
  const out = join(mkdtempSync(join(tmpdir(), 'lakehouse-contracts-cli-')), 'cdktf.out');
  mkdirSync(join(out, 'stacks', 'dev-data'), { recursive: true });
  mkdirSync(join(out, 'contracts'));
  writeFileSync(
    join(out, 'manifest.json'),
    JSON.stringify({ stacks: { 'dev-data': { synthesizedStackPath: 'stacks/dev-data/cdk.tf.json' } } }),
  );
  writeFileSync(join(out, 'stacks', 'dev-data', 'cdk.tf.json'), JSON.stringify({ resource: {} }));
  writeFileSync(join(out, 'contracts', 'files.json'), JSON.stringify(Object.fromEntries(files)));
  return out;
}

describe('npm run review -- --fail-on breaking', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'lakehouse-contracts-out-')), 'plan-review.md');
  const base = synthOutput(BASE);
  beforeEach(() => {
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => jest.restoreAllMocks());

  test('exit 1 on a breaking contract change, with the section in plan-review.md', async () => {
    const broken = synthOutput(head((f) => publish(f, 'orders/v3.avsc', incompatibleV3())));
    expect(await main(['--base', base, '--head', broken, '--out', out, '--fail-on', 'breaking'])).toBe(1);
    expect(readFileSync(out, 'utf8')).toContain('## Contracts');
    expect(process.stderr.write).toHaveBeenCalledWith(
      `review: breaking present (--fail-on breaking); see ${out}\n`,
    );
    // Without --fail-on breaking the review reports it and exits 0.
    expect(await main(['--base', base, '--head', broken, '--out', out])).toBe(0);
  });

  test('exit 0 on a compatible new version and on no change', async () => {
    const compatible = synthOutput(head((f) => publish(f, 'orders/v3.avsc', compatibleV3())));
    expect(await main(['--base', base, '--head', compatible, '--out', out, '--fail-on', 'breaking'])).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(
      '| orders | v3 added: Backward-compatible with v1, v2 | compatible |',
    );
    expect(await main(['--base', base, '--head', base, '--out', out, '--fail-on', 'breaking'])).toBe(0);
  });
});
