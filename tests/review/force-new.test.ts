import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../app/build-app';
import { PROTECTED_TYPES, PUBLIC_ACCESS_TYPES, STATEFUL_TYPES } from '../../policies/resource-kinds';
import { FORCE_NEW, forcedReplacements } from '../../review/force-new';
import { environment } from '../helpers/synth';

const DOCS =
  /^https:\/\/registry\.terraform\.io\/providers\/(hashicorp\/azurerm\/4\.55\.0|Azure\/azapi\/latest|databricks\/databricks\/1\.99\.0|hashicorp\/(random|time)\/latest)\/docs\/resources\/[a-z0-9_]+$/;

describe('the force-new table', () => {
  test('cites a provider docs page per type, the page of that type', () => {
    for (const [type, entry] of Object.entries(FORCE_NEW)) {
      expect({ type, docs: entry.docs }).toEqual({ type, docs: expect.stringMatching(DOCS) });
      if (type.startsWith('azurerm_'))
        expect(entry.docs.endsWith(`/resources/${type.slice('azurerm_'.length)}`)).toBe(true);
      if (type.startsWith('databricks_'))
        expect(entry.docs.endsWith(`/resources/${type.slice('databricks_'.length)}`)).toBe(true);
    }
  });

  test('covers every stateful, protected and public-endpoint type', () => {
    for (const type of [...STATEFUL_TYPES, ...PROTECTED_TYPES, ...PUBLIC_ACCESS_TYPES])
      expect(Object.keys(FORCE_NEW)).toContain(type);
  });

  test('covers every resource type the kit synthesizes (no fallback guesses)', () => {
    // dev (public endpoints, firewall rules, Spark pool) and prod (private endpoints, locks) hold every type.
    const { app, environments } = buildApp(
      ['dev', 'prod'].map((name) => environment(name)),
      { outdir: mkdtempSync(join(tmpdir(), 'lakehouse-force-new-')) },
    );
    const types = new Set<string>();
    for (const stacks of environments) {
      for (const stack of Object.values(stacks)) {
        for (const type of Object.keys(stack.toTerraform().resource ?? {})) types.add(type);
      }
    }
    void app;
    expect([...types].filter((t) => !FORCE_NEW[t]).sort()).toEqual([]);
  });
});

describe('forcedReplacements', () => {
  const account = { name: 'st', account_replication_type: 'LRS', account_kind: 'StorageV2' };
  test('replication: within a family is in place, across families replaces', () => {
    expect(
      forcedReplacements('azurerm_storage_account', account, { ...account, account_replication_type: 'GRS' }),
    ).toEqual([]);
    expect(
      forcedReplacements('azurerm_storage_account', account, {
        ...account,
        account_replication_type: 'GZRS',
      }),
    ).toEqual([
      {
        attribute: 'account_replication_type',
        before: 'LRS',
        after: 'GZRS',
        docs: 'https://registry.terraform.io/providers/hashicorp/azurerm/4.55.0/docs/resources/storage_account',
        note: 'between the LRS/GRS/RAGRS and ZRS/GZRS/RAGZRS families',
      },
    ]);
  });

  test('Storage → StorageV2 is an upgrade in place; the other way replaces', () => {
    const v1 = { ...account, account_kind: 'Storage' };
    expect(forcedReplacements('azurerm_storage_account', v1, account)).toEqual([]);
    expect(forcedReplacements('azurerm_storage_account', account, v1).map((f) => f.attribute)).toEqual([
      'account_kind',
    ]);
  });

  test('event hub partitions: only a decrease replaces', () => {
    expect(forcedReplacements('azurerm_eventhub', { partition_count: 2 }, { partition_count: 8 })).toEqual(
      [],
    );
    expect(
      forcedReplacements('azurerm_eventhub', { partition_count: 8 }, { partition_count: 2 }).map(
        (f) => f.attribute,
      ),
    ).toEqual(['partition_count']);
  });

  test('nested blocks as cdktf writes them and as plans write them', () => {
    const before = { network_profile: { pod_cidr: '10.244.0.0/16' } };
    expect(
      forcedReplacements('azurerm_kubernetes_cluster', before, {
        network_profile: [{ pod_cidr: '10.245.0.0/16' }],
      }),
    ).toHaveLength(1);
    expect(
      forcedReplacements(
        'azurerm_kubernetes_cluster',
        { default_node_pool: { min_count: 1 } },
        { default_node_pool: { min_count: 3 } },
      ),
    ).toEqual([]);
  });

  test('azapi: an API version change is in place, a new resource type replaces', () => {
    const hub = { type: 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01', name: 'orders' };
    expect(
      forcedReplacements('azapi_resource', hub, {
        ...hub,
        type: 'Microsoft.EventHub/namespaces/eventhubs@2024-05-01-preview',
      }),
    ).toEqual([]);
    expect(
      forcedReplacements('azapi_resource', hub, { ...hub, name: 'orders-2' }).map((f) => f.attribute),
    ).toEqual(['name']);
  });

  test('a type the table does not list falls back to name, resource group and location', () => {
    expect(forcedReplacements('azurerm_something_new', { name: 'a' }, { name: 'b' })).toEqual([
      {
        attribute: 'name',
        before: 'a',
        after: 'b',
        docs: 'https://registry.terraform.io/providers/hashicorp/azurerm/4.55.0/docs',
        note: undefined,
      },
    ]);
  });
});
