import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';
import { invokeAspects } from 'cdktf/lib/synthesize/synthesizer';
import type { EnvironmentConfig } from '../../../environments/schema';
import { LockIndex } from '../../../review/locks';
import { type Snapshot, stackSnapshot } from '../../../review/snapshot';
import { buildEnvironment, environment } from '../../helpers/synth';

/** All stacks of an environment as the review reads them, optionally changed after they are built. */
function environmentSnapshot(
  config: EnvironmentConfig,
  change: (stacks: ReturnType<typeof buildEnvironment>['stacks']) => void = () => {},
): Snapshot {
  const { stacks } = buildEnvironment(config);
  change(stacks);
  const all = Object.values(stacks);
  for (const s of all) invokeAspects(s);
  // Preparing a consumer adds the producer's cross-stack outputs (as app.synth() does, before any stack is read).
  for (const s of all) s.prepareStack();
  const entries = all.map(
    (s) => [s.node.id, stackSnapshot(s.node.id, JSON.parse(JSON.stringify(s.toTerraform())))] as const,
  );
  return { label: config.name, stacks: new Map(entries), manifests: new Map() };
}

const prod = new LockIndex(environmentSnapshot(environment('prod')));

describe('lock placement: no lock above anything the kit manages', () => {
  test('prod: the locked resources are those with nothing kit-managed under them', () => {
    expect([...prod.locked.keys()].sort()).toEqual([
      'prod-analytics/databricks/workspace',
      'prod-foundation/key-vault/vault',
      'prod-foundation/log-analytics/workspace',
    ]);
  });

  test('prod: nothing a change can delete sits under a lock (diagnostic settings aside)', () => {
    expect(prod.resourcesUnderLocks()).toEqual([]);
  });

  test('the check sees a lock placed above kit-managed children (a lock on the lake would block its grants)', () => {
    const index = new LockIndex(
      environmentSnapshot(environment('prod'), (stacks) => {
        const account = stacks.data.lake.account;
        new ManagementLock(account, 'lock', { name: 'x', scope: account.id, lockLevel: 'CanNotDelete' });
      }),
    );
    const under = index.resourcesUnderLocks();
    const types = new Set(under.map((u) => u.type));
    expect(types).toContain('azurerm_storage_container'); // the file systems (management plane)
    // Grants in other stacks (compute, analytics) on the lake's file systems, found through cross-stack outputs.
    expect(
      under.filter((u) => u.type === 'azurerm_role_assignment' && !u.path.startsWith('prod-data/')).length,
    ).toBeGreaterThan(0);
    for (const u of under) expect(u.locked).toEqual(['prod-data/lake/account']);
  });
});
