import type { Review } from '../../review/model';
import { renderMarkdown } from '../../review/render';
import { onlyEnvironments, reviewSnapshots } from '../../review/review';
import type { Snapshot } from '../../review/snapshot';
import { synthesizeFolder, synthesizeRef } from '../../review/sources';
import { edit, projectCopy, removeCopies, workingTreeOf } from './fixture';

/**
 * Review scenarios on a throwaway copy of the project: the base is the copy's commit, synthesized by the review
 * tool in a git worktree; each head is a changed working tree of the copy, synthesized into a temporary folder.
 * Every synth runs once (in parallel) and is shared by the tests below.
 */
type Change = (dir: string) => void;

/** The changes; independent ones share a synth (the suite's time budget), each test reads its own resources. */
const SCENARIOS: Record<string, { envs: string[]; change: Change }> = {
  unchanged: { envs: ['dev'], change: () => {} },
  'renamed lake construct': {
    envs: ['dev'],
    change: (dir) =>
      edit(dir, 'stacks/data/data-stack.ts', "new DataLake(this, 'lake',", "new DataLake(this, 'data-lake',"),
  },
  combined: {
    envs: ['dev', 'test'],
    change: (dir) => {
      // dev: a replace-forcing attribute, a node count, a new role assignment
      edit(dir, 'environments/dev.ts', "replication: 'LRS'", "replication: 'ZRS'");
      edit(dir, 'environments/dev.ts', 'minCount: 1, maxCount: 2', 'minCount: 2, maxCount: 2');
      edit(
        dir,
        'environments/dev.ts',
        'cosmosContainers: [',
        "eventHubs: [{ hub: 'orders-deadletter', role: 'send' }],\n        cosmosContainers: [",
      );
      // lakehouse (dev and test): the catalog's managed storage moves (a replace); gold broadened for analysts
      // (MODIFY) and opened to everyone in the account (SELECT, allowed on gold only by the policy pack).
      edit(
        dir,
        'stacks/lakehouse/unity-catalog.ts',
        'storageRoot: lakeUrl(naming, CATALOG_FILE_SYSTEM, catalogName),',
        "storageRoot: lakeUrl(naming, CATALOG_FILE_SYSTEM, 'catalogs/' + catalogName),",
      );
      edit(
        dir,
        'stacks/lakehouse/medallion.ts',
        'gold: { [dataEngineers]: WRITE, [analysts]: READ },',
        "gold: { [dataEngineers]: WRITE, [analysts]: [...READ, 'MODIFY'], 'account users': ['SELECT'] },",
      );
      // test (private endpoints): the Key Vault's public endpoint on, with the suppression the policy pack asks for
      const vault = 'stacks/foundation/key-vault.ts';
      edit(
        dir,
        vault,
        'publicNetworkAccessEnabled: !props.privateEndpoint,',
        'publicNetworkAccessEnabled: true,',
      );
      edit(
        dir,
        vault,
        'protect(this.vault, config.protection);',
        "protect(this.vault, config.protection);\n    if (props.privateEndpoint) suppress(this.vault, 'public-network-access', 'load test from the office network this week');",
      );
      edit(
        dir,
        vault,
        "import { protect } from '../constructs/protection';",
        "import { protect } from '../constructs/protection';\nimport { suppress } from '../../policies/suppressions';",
      );
    },
  },
};

const reviews: Record<string, Review> = {};
let base: Snapshot;

/** Runs jobs two at a time: the machine has two cores, and more synths at once only slow each other down. */
async function twoAtATime(jobs: readonly (() => Promise<void>)[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]();
  };
  await Promise.all([worker(), worker()]);
}

beforeAll(async () => {
  const copy = projectCopy();
  const heads = new Map<string, Snapshot>();
  await twoAtATime([
    async () => {
      base = await synthesizeRef(copy, 'HEAD', ['dev', 'test']);
    },
    ...Object.entries(SCENARIOS).map(([name, { envs, change }]) => async () => {
      const tree = workingTreeOf(copy);
      change(tree);
      heads.set(name, await synthesizeFolder(tree, envs));
    }),
  ]);
  for (const [name, { envs }] of Object.entries(SCENARIOS)) {
    reviews[name] = reviewSnapshots(onlyEnvironments(base, envs), heads.get(name) as Snapshot);
  }
}, 120_000);

afterAll(removeCopies);

const lines = (review: Review) => ({
  dataLoss: review.dataLoss.map((w) => `${w.action} ${w.path}`),
  security: review.security.map((s) => `${s.category} ${s.path}: ${s.message}`),
});

test('the base is synthesized from the git ref in a temporary worktree', () => {
  expect(base.label).toMatch(/^HEAD \([0-9a-f]{7}\)$/);
  expect([...base.stacks.keys()]).toEqual(expect.arrayContaining(['dev-data', 'test-data', 'dev-compute']));
  // test-data's lake: public endpoint for trusted services only (Event Hubs capture), a reviewed suppression.
  expect(base.policy?.summary).toEqual({ errors: 0, warnings: 0, suppressed: 1 });
});

test('no change: "no changes"', () => {
  const review = reviews.unchanged;
  expect(review.changes).toEqual([]);
  expect(renderMarkdown(review)).toBe(
    `# Plan review\n\nBase: <code>${base.label}</code> · Head: <code>working tree</code>\n\n**No changes.** ${review.stacks.length} stack(s) compared.\n`,
  );
  expect(review.stacks.map((s) => s.stack)).toEqual([
    'dev-analytics',
    'dev-compute',
    'dev-data',
    'dev-foundation',
    'dev-k8s',
    'dev-lakehouse',
    'dev-operations',
  ]);
});

test('renaming a construct id of the lake: destroy + create of a stateful resource, data loss first', () => {
  const review = reviews['renamed lake construct'];
  const account = review.changes.filter((c) => c.type === 'azurerm_storage_account');
  expect(account.map((c) => `${c.action} ${c.path}`)).toEqual([
    'create dev-data/data-lake/account',
    'delete dev-data/lake/account',
  ]);
  expect(account[1].reasons[0]).toMatch(
    /^logical id changed: dev-data\/lake\/account → dev-data\/data-lake\/account \(azurerm_storage_account\.lake_account_[0-9A-F]{8} → azurerm_storage_account\.data-lake_account_[0-9A-F]{8}\); Terraform destroys stlakehousedev\w+ and creates it again\./,
  );
  expect(lines(review).dataLoss).toEqual(
    expect.arrayContaining(['delete dev-data/lake/account', 'delete dev-data/lake/file-system-bronze']),
  );
  expect(review.dataLoss[0].message).toMatch(/^azurerm_storage_account stlakehousedev\w+ is destroyed: /);
  const markdown = renderMarkdown(review);
  expect(markdown.indexOf('## Data-loss warnings')).toBeGreaterThan(0);
  expect(markdown.indexOf('## Data-loss warnings')).toBeLessThan(
    markdown.indexOf('## Changes per environment'),
  );
  // What reads the lake's ids in other stacks follows: a role assignment's scope forces a new assignment.
  expect(review.changes.some((c) => c.stack === 'dev-analytics' && c.action === 'replace')).toBe(true);
});

test('changing a replace-forcing attribute: replace, with the provider docs, and its dependents', () => {
  const review = reviews.combined;
  const account = review.changes.find((c) => c.path === 'dev-data/lake/account');
  expect(account?.action).toBe('replace');
  expect(account?.reasons).toEqual([
    'account_replication_type "LRS" → "ZRS" forces a new resource (between the LRS/GRS/RAGRS and ZRS/GZRS/RAGZRS families): https://registry.terraform.io/providers/hashicorp/azurerm/4.55.0/docs/resources/storage_account',
  ]);
  expect(lines(review).dataLoss).toContain('replace dev-data/lake/account');
  const bronze = review.changes.find((c) => c.path === 'dev-data/lake/file-system-bronze');
  expect(bronze?.action).toBe('replace');
  expect(bronze?.reasons).toEqual([
    'storage_account_id refers to dev-data/lake/account, which is replaced (a new id, known after apply)',
  ]);
});

test('changing a node count: a plain update, no warning; adding a role assignment: a security change', () => {
  const review = reviews.combined;
  const cluster = review.changes.find((c) => c.path === 'dev-compute/aks/cluster');
  expect(cluster?.action).toBe('update');
  expect(cluster?.reasons).toEqual([]);
  expect(review.dataLoss.filter((w) => w.stack === 'dev-compute')).toEqual([]);
  expect(review.security.filter((s) => s.path === 'dev-compute/aks/cluster')).toEqual([]);
  expect(lines(review).security).toContainEqual(
    expect.stringMatching(
      /^access dev-compute\/workload-model-serving\/.+\/assignment: grants Azure Event Hubs Data Sender on dev-data\/streams\/hub-orders-deadletter to dev-compute\/workload-model-serving\/identity\.principal_id$/,
    ),
  );
  expect(renderMarkdown(review)).toContain(
    '| <code>default_node_pool.min_count</code> | <code>1</code> | <code>2</code> |',
  );
});

test('turning public network access on: a security change, and the new suppression too', () => {
  const review = reviews.combined;
  // (test.ts spreads dev's workloads, so the new role assignment shows in test-compute too.)
  const inTest = review.security.filter((x) => x.stack === 'test-foundation');
  expect(inTest.map((x) => `${x.category} ${x.path}: ${x.message}`)).toEqual([
    'policy test-foundation/key-vault/vault: new suppression of public-network-access: load test from the office network this week',
    'public-access test-foundation/key-vault/vault: turns public network access on (public_network_access_enabled)',
  ]);
  const changed = review.changes.filter((c) => c.stack === 'test-foundation');
  expect(changed.map((c) => `${c.action} ${c.path}`)).toEqual(['update test-foundation/key-vault/vault']);
});

test('moving the catalog storage root: a replace with the provider docs, and a data-loss warning', () => {
  const review = reviews.combined;
  const catalog = review.changes.find((c) => c.path === 'dev-lakehouse/unity-catalog/catalog');
  expect(catalog?.action).toBe('replace');
  expect(catalog?.reasons).toEqual([
    expect.stringMatching(
      /^storage_root "abfss:\/\/unity-catalog@stlakehousedev\w+\.dfs\.core\.windows\.net\/lakehouse_dev" → "abfss:\/\/unity-catalog@stlakehousedev\w+\.dfs\.core\.windows\.net\/catalogs\/lakehouse_dev" forces a new resource: https:\/\/registry\.terraform\.io\/providers\/databricks\/databricks\/1\.99\.0\/docs\/resources\/catalog$/,
    ),
  ]);
  expect(lines(review).dataLoss).toContain('replace dev-lakehouse/unity-catalog/catalog');
  expect(review.dataLoss.find((w) => w.path === 'dev-lakehouse/unity-catalog/catalog')?.message).toMatch(
    /^databricks_catalog lakehouse_dev is replaced \(destroyed, then created\): /,
  );
});

test('broadening a Unity Catalog grant: security changes, loudest for everyone', () => {
  const security = lines(reviews.combined).security.filter((l) =>
    l.includes('dev-lakehouse/unity-catalog/grants-schema-gold'),
  );
  expect(security).toEqual([
    expect.stringMatching(
      /^access dev-lakehouse\/unity-catalog\/grants-schema-gold: broadens the grants of 'sg-lakehouse-analysts-dev': adds MODIFY on schema /,
    ),
    expect.stringMatching(
      /^access dev-lakehouse\/unity-catalog\/grants-schema-gold: grants SELECT to 'account users' \(everyone in the account or workspace\) on schema /,
    ),
  ]);
});

test('the output is deterministic', () => {
  for (const review of Object.values(reviews))
    expect(renderMarkdown(review)).toBe(renderMarkdown({ ...review }));
});
