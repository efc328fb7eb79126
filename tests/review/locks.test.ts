import { renderMarkdown } from '../../review/render';
import { reviewSnapshots } from '../../review/review';
import { ref, snapshot, stack } from './helpers';

const lake = { name: 'stlake', resource_group_name: 'rg' };
const lock = {
  name: 'do-not-delete',
  lock_level: 'CanNotDelete',
  scope: ref('azurerm_storage_account.lake.id'),
};
const fileSystem = { name: 'bronze', storage_account_id: ref('azurerm_storage_account.lake.id') };
const remote = ref(
  'data.terraform_remote_state.cross-stack-reference-input-prod-data.outputs.cross-stack-output-fs',
);
const grant = (role: string, principal = '00000000-0000-4000-8000-000000000001') => ({
  scope: remote,
  role_definition_name: role,
  principal_id: principal,
});

/** prod-data holds a locked account with a file system; prod-compute grants on the file system (cross-stack). */
const data = (locked: boolean) =>
  stack(
    'prod-data',
    {
      'azurerm_storage_account.lake': lake,
      ...(locked ? { 'azurerm_management_lock.lock': lock } : {}),
      'azurerm_storage_data_lake_gen2_filesystem.fs': fileSystem,
    },
    { outputs: { 'cross-stack-output-fs': ref('azurerm_storage_data_lake_gen2_filesystem.fs.id') } },
  );

describe('review: changes a lock would refuse', () => {
  test('removing a grant under a locked resource (across stacks) is flagged, with the lock and the fix', () => {
    const base = snapshot(
      'base',
      data(true),
      stack('prod-compute', { 'azurerm_role_assignment.g': grant('Storage Blob Data Reader') }),
    );
    const head = snapshot('head', data(true), stack('prod-compute', {}));
    const review = reviewSnapshots(base, head);
    expect(review.dataLoss).toEqual([
      expect.objectContaining({
        stack: 'prod-compute',
        path: 'prod-compute/g',
        action: 'delete',
        message: expect.stringMatching(
          /refused by Azure \(409 ScopeLocked\), the CanNotDelete lock on prod-data\/lake covers everything under it/,
        ),
      }),
    ]);
    expect(renderMarkdown(review)).toContain('409 ScopeLocked');
  });

  test('the same change without the lock, or with the lock removed in the same change, is not flagged', () => {
    const compute = stack('prod-compute', { 'azurerm_role_assignment.g': grant('Storage Blob Data Reader') });
    const unlocked = reviewSnapshots(
      snapshot('b', data(false), compute),
      snapshot('h', data(false), stack('prod-compute', {})),
    );
    expect(unlocked.dataLoss).toEqual([]);
    const lifted = reviewSnapshots(
      snapshot('b', data(true), compute),
      snapshot('h', data(false), stack('prod-compute', {})),
    );
    expect(lifted.dataLoss.filter((w) => w.message.includes('ScopeLocked'))).toEqual([]);
  });
});

describe("review: roles the deployer's condition does not allow yet", () => {
  const base = snapshot(
    'base',
    data(false),
    stack('prod-compute', { 'azurerm_role_assignment.g': grant('Storage Blob Data Reader') }),
  );

  test('a grant of a role no stack of the environment assigned before: re-run the bootstrap first', () => {
    const head = snapshot(
      'head',
      data(false),
      stack('prod-compute', {
        'azurerm_role_assignment.g': grant('Storage Blob Data Reader'),
        'azurerm_role_assignment.pull': grant('AcrPull', '00000000-0000-4000-8000-000000000002'),
      }),
    );
    const warnings = reviewSnapshots(base, head).dataLoss;
    expect(warnings).toEqual([
      expect.objectContaining({
        path: 'prod-compute/pull',
        action: 'create',
        message: expect.stringContaining(
          "assigns AcrPull, which the apply identity's role-assignment condition does not allow yet",
        ),
      }),
    ]);
    expect(warnings[0].message).toContain('npm run bootstrap -- --env prod');
  });

  test('another grant of a role already assigned, or a new environment: nothing to say', () => {
    const more = snapshot(
      'head',
      data(false),
      stack('prod-compute', {
        'azurerm_role_assignment.g': grant('Storage Blob Data Reader'),
        'azurerm_role_assignment.h': grant(
          'Storage Blob Data Reader',
          '00000000-0000-4000-8000-000000000003',
        ),
      }),
    );
    expect(reviewSnapshots(base, more).dataLoss).toEqual([]);
    const fresh = snapshot('head', stack('qa-compute', { 'azurerm_role_assignment.g': grant('AcrPull') }));
    expect(reviewSnapshots(snapshot('base'), fresh).dataLoss).toEqual([]);
  });
});

test('the first lock of an environment: the apply identity has no lock role until the bootstrap runs again', () => {
  const base = snapshot('base', data(false));
  const warnings = reviewSnapshots(base, snapshot('head', data(true))).dataLoss;
  expect(warnings).toEqual([
    expect.objectContaining({
      path: 'prod-data/lock',
      message: expect.stringContaining(
        'the first management lock of prod: the apply identity holds no lock role yet',
      ),
    }),
  ]);
  // An environment that already has locks: its apply identity has the lock role.
  const locked = snapshot('base', data(true));
  const more = stack('prod-data', {
    'azurerm_storage_account.lake': lake,
    'azurerm_management_lock.lock': lock,
    'azurerm_key_vault.kv': { name: 'kv' },
    'azurerm_management_lock.kvlock': { lock_level: 'CanNotDelete', scope: ref('azurerm_key_vault.kv.id') },
    'azurerm_storage_data_lake_gen2_filesystem.fs': fileSystem,
  });
  expect(reviewSnapshots(locked, snapshot('head', more)).dataLoss).toEqual([]);
});
