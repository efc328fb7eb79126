import { attributeChanges, MASK } from '../../review/attribute-diff';
import { diffTerraform } from '../../review/terraform-diff';
import { ref, snapshot, stack } from './helpers';

const summary = (changes: ReturnType<typeof diffTerraform>) =>
  changes.map((c) => `${c.action} ${c.address}${c.reasons.length ? `: ${c.reasons.join(' | ')}` : ''}`);

describe('diffTerraform', () => {
  const vault = { name: 'kv-1', location: 'westeurope', sku_name: 'standard' };

  test('same attributes: nothing; a plain attribute: update; a replace-forcing one: replace', () => {
    const base = snapshot('base', stack('dev-foundation', { 'azurerm_key_vault.kv': vault }));
    expect(diffTerraform(base, base)).toEqual([]);
    const premium = snapshot(
      'head',
      stack('dev-foundation', { 'azurerm_key_vault.kv': { ...vault, sku_name: 'premium' } }),
    );
    expect(summary(diffTerraform(base, premium))).toEqual(['update azurerm_key_vault.kv']);
    const moved = snapshot(
      'head',
      stack('dev-foundation', { 'azurerm_key_vault.kv': { ...vault, location: 'northeurope' } }),
    );
    expect(summary(diffTerraform(base, moved))).toEqual([
      'replace azurerm_key_vault.kv: location "westeurope" → "northeurope" forces a new resource: https://registry.terraform.io/providers/hashicorp/azurerm/4.55.0/docs/resources/key_vault',
    ]);
  });

  test('a changed logical id with the same Azure name: destroy + create, paired', () => {
    const base = snapshot('base', stack('dev-foundation', { 'azurerm_key_vault.kv': vault }));
    const head = snapshot('head', stack('dev-foundation', { 'azurerm_key_vault.vault': vault }));
    const changes = diffTerraform(base, head);
    expect(changes.map((c) => `${c.action} ${c.path} ${c.recreatedAs ?? ''}${c.recreates ?? ''}`)).toEqual([
      'delete dev-foundation/kv dev-foundation/vault',
      'create dev-foundation/vault dev-foundation/kv',
    ]);
    expect(changes[0].reasons[0]).toBe(
      'logical id changed: dev-foundation/kv → dev-foundation/vault (azurerm_key_vault.kv → azurerm_key_vault.vault); Terraform destroys kv-1 and creates it again. Keep the construct id, or add a moved block (resource.moveFromId / moveTo)',
    );
  });

  test('a moved block: no destroy, and references to the moved resource are not changes', () => {
    const lock = { name: 'lock', lock_level: 'CanNotDelete', scope: ref('azurerm_key_vault.kv.id') };
    const base = snapshot(
      'base',
      stack('dev-foundation', { 'azurerm_key_vault.kv': vault, 'azurerm_management_lock.lock': lock }),
    );
    const head = snapshot(
      'head',
      stack(
        'dev-foundation',
        {
          'azurerm_key_vault.vault': vault,
          'azurerm_management_lock.lock': { ...lock, scope: ref('azurerm_key_vault.vault.id') },
        },
        { moved: [{ from: 'azurerm_key_vault.kv', to: 'azurerm_key_vault.vault' }] },
      ),
    );
    expect(summary(diffTerraform(base, head))).toEqual([
      'update azurerm_key_vault.vault: moved from dev-foundation/kv (a moved block: Terraform keeps the resource)',
    ]);
  });

  test('a moved block across resource types (azurerm → azapi) is no replacement: the new provider takes the state', () => {
    const hub = {
      name: 'orders-deadletter',
      namespace_id: ref('azurerm_eventhub_namespace.ns.id'),
      partition_count: 2,
    };
    const base = snapshot('base', stack('dev-data', { 'azurerm_eventhub.hub': hub }));
    const head = snapshot(
      'head',
      stack(
        'dev-data',
        {
          'azapi_resource.hub': {
            type: 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01',
            name: 'orders-deadletter',
            parent_id: ref('azurerm_eventhub_namespace.ns.id'),
            body: { properties: { partitionCount: 2 } },
          },
        },
        { moved: [{ from: 'azurerm_eventhub.hub', to: 'azapi_resource.hub' }] },
      ),
    );
    expect(summary(diffTerraform(base, head))).toEqual([
      'update azapi_resource.hub: moved from dev-data/hub (a moved block: Terraform keeps the resource) | azurerm_eventhub → azapi_resource: the new provider takes over the state; its plan shows what, if anything, changes',
    ]);
  });

  test('lifecycle.ignore_changes: the ignored attribute is no change', () => {
    const pool = (count: number, min: number) => ({
      name: 'aks',
      default_node_pool: { node_count: count, min_count: min },
      lifecycle: { ignore_changes: ['default_node_pool[0].node_count'] },
    });
    const base = snapshot('base', stack('dev-compute', { 'azurerm_kubernetes_cluster.aks': pool(1, 1) }));
    expect(
      diffTerraform(
        base,
        snapshot('head', stack('dev-compute', { 'azurerm_kubernetes_cluster.aks': pool(3, 1) })),
      ),
    ).toEqual([]);
    const changes = diffTerraform(
      base,
      snapshot('head', stack('dev-compute', { 'azurerm_kubernetes_cluster.aks': pool(3, 3) })),
    );
    expect(summary(changes)).toEqual(['update azurerm_kubernetes_cluster.aks']);
    expect(attributeChanges(changes[0].before, changes[0].after)).toEqual([
      { path: 'default_node_pool.min_count', before: '1', after: '3' },
    ]);
  });

  test('a replacement spreads through references, across stacks through their outputs', () => {
    const account = (replication: string) => ({ name: 'st1', account_replication_type: replication });
    const container = { name: 'bronze', storage_account_id: ref('azurerm_storage_account.lake.id') };
    const output = {
      'cross-stack-output-azurerm_storage_accountlakeid': ref('azurerm_storage_account.lake.id'),
    };
    const grant = {
      role_definition_name: 'Storage Blob Data Reader',
      scope: ref(
        'data.terraform_remote_state.cross-stack-reference-input-dev-data.outputs.cross-stack-output-azurerm_storage_accountlakeid',
      ),
      principal_id: 'p',
    };
    const side = (replication: string) =>
      snapshot(
        'x',
        stack(
          'dev-data',
          {
            'azurerm_storage_account.lake': account(replication),
            'azurerm_storage_container.bronze': container,
          },
          { outputs: output },
        ),
        stack('dev-analytics', { 'azurerm_role_assignment.grant': grant }),
      );
    expect(summary(diffTerraform(side('LRS'), side('ZRS')))).toEqual([
      'replace azurerm_role_assignment.grant: scope refers to dev-data/lake, which is replaced (a new id, known after apply)',
      'replace azurerm_storage_container.bronze: storage_account_id refers to dev-data/lake, which is replaced (a new id, known after apply)',
      'replace azurerm_storage_account.lake: account_replication_type "LRS" → "ZRS" forces a new resource (between the LRS/GRS/RAGRS and ZRS/GZRS/RAGZRS families): https://registry.terraform.io/providers/hashicorp/azurerm/4.55.0/docs/resources/storage_account',
    ]);
  });

  test('a moved resource renames the output a consumer stack reads; the value it reads is the same: no change', () => {
    const grant = (output: string) => ({
      role_definition_name: 'Azure Event Hubs Data Sender',
      scope: ref(`data.terraform_remote_state.cross-stack-reference-input-dev-data.outputs.${output}`),
      principal_id: 'p',
    });
    const hub = {
      name: 'orders-deadletter',
      parent_id: 'ns',
      type: 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01',
    };
    const base = snapshot(
      'base',
      stack(
        'dev-data',
        { 'azurerm_eventhub.hub': { name: 'orders-deadletter' } },
        { outputs: { 'out-azurerm': ref('azurerm_eventhub.hub.id') } },
      ),
      stack('dev-compute', { 'azurerm_role_assignment.send': grant('out-azurerm') }),
    );
    const head = snapshot(
      'head',
      stack(
        'dev-data',
        { 'azapi_resource.hub': hub },
        {
          outputs: { 'out-azapi': ref('azapi_resource.hub.id') },
          moved: [{ from: 'azurerm_eventhub.hub', to: 'azapi_resource.hub' }],
        },
      ),
      stack('dev-compute', { 'azurerm_role_assignment.send': grant('out-azapi') }),
    );
    expect(summary(diffTerraform(base, head)).filter((line) => line.includes('role_assignment'))).toEqual([]);
    // A consumer that now reads another resource still changes (replace: scope forces a new assignment).
    const other = snapshot(
      'other',
      stack(
        'dev-data',
        { 'azapi_resource.hub': hub, 'azurerm_eventhub.raw': { name: 'orders-raw' } },
        {
          outputs: { 'out-raw': ref('azurerm_eventhub.raw.id') },
          moved: [{ from: 'azurerm_eventhub.hub', to: 'azapi_resource.hub' }],
        },
      ),
      stack('dev-compute', { 'azurerm_role_assignment.send': grant('out-raw') }),
    );
    expect(summary(diffTerraform(base, other)).filter((line) => line.includes('role_assignment'))).toEqual([
      expect.stringMatching(/^replace azurerm_role_assignment\.send: scope /),
    ]);
  });

  test('prevent_destroy on a destroyed resource is called out', () => {
    const base = snapshot(
      'base',
      stack('prod-foundation', {
        'azurerm_key_vault.kv': { ...vault, lifecycle: { prevent_destroy: true } },
      }),
    );
    expect(summary(diffTerraform(base, snapshot('head', stack('prod-foundation', {}))))).toEqual([
      'delete azurerm_key_vault.kv: lifecycle.prevent_destroy is set: terraform plan refuses this until protection is lifted',
    ]);
  });
});

describe('attributeChanges', () => {
  test('masks sensitive attributes, also when they change', () => {
    expect(
      attributeChanges(
        { admin_password: 'a', primary_access_key: 'k' },
        { admin_password: 'b', primary_access_key: 'k', sku: 'x' },
      ),
    ).toEqual([
      { path: 'admin_password', before: MASK, after: `${MASK}, changed` },
      { path: 'sku', before: undefined, after: 'x' },
    ]);
  });

  test('masks what a plan marks sensitive; ignores cdktf metadata', () => {
    expect(
      attributeChanges(
        { '//': { a: 1 }, tags: { t: 'a' } },
        { '//': { a: 2 }, tags: { t: 'b' } },
        new Set(['tags']),
      ),
    ).toEqual([{ path: 'tags.t', before: MASK, after: `${MASK}, changed` }]);
  });

  test('lists of scalars as one value, blocks by index', () => {
    expect(
      attributeChanges(
        { ip_rules: ['a'], enabled_log: [{ category: 'x' }] },
        { ip_rules: ['a', 'b'], enabled_log: [{ category: 'y' }] },
      ),
    ).toEqual([
      { path: 'enabled_log[0].category', before: 'x', after: 'y' },
      { path: 'ip_rules', before: '["a"]', after: '["a","b"]' },
    ]);
  });
});
