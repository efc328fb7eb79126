import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changesFromPlan, type PlanJson, readPlans } from '../../review/plan';
import { renderMarkdown } from '../../review/render';
import { reviewPlans } from '../../review/review';

/** A `terraform show -json` plan of the data stack: one of each kind of change, plus what the review skips. */
const PLAN: PlanJson = {
  format_version: '1.2',
  resource_changes: [
    {
      address: 'azurerm_storage_account.lake_account_92054329',
      mode: 'managed',
      type: 'azurerm_storage_account',
      change: {
        actions: ['delete', 'create'],
        before: { name: 'stlake', account_replication_type: 'LRS', primary_access_key: 'secret-key' },
        after: { name: 'stlake', account_replication_type: 'ZRS' },
        after_unknown: { id: true, primary_access_key: true },
        before_sensitive: { primary_access_key: true },
        after_sensitive: { primary_access_key: true },
        replace_paths: [['account_replication_type']],
      },
      action_reason: 'replace_because_cannot_update',
    },
    {
      address: 'azurerm_storage_account.scratch',
      mode: 'managed',
      type: 'azurerm_storage_account',
      change: {
        actions: ['update'],
        before: { public_network_access_enabled: false },
        after: { public_network_access_enabled: true },
      },
    },
    {
      address: 'azurerm_role_assignment.new',
      mode: 'managed',
      type: 'azurerm_role_assignment',
      change: {
        actions: ['create'],
        before: null,
        after: {
          role_definition_name: 'AcrPull',
          scope: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr',
          principal_id: 'p',
        },
      },
    },
    {
      address: 'azurerm_monitor_diagnostic_setting.old',
      mode: 'managed',
      type: 'azurerm_monitor_diagnostic_setting',
      change: {
        actions: ['delete'],
        before: {
          target_resource_id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv',
        },
        after: null,
      },
    },
    {
      address: 'azurerm_resource_group.same',
      mode: 'managed',
      type: 'azurerm_resource_group',
      change: { actions: ['no-op'] },
    },
    {
      address: 'data.azurerm_client_config.c',
      mode: 'data',
      type: 'azurerm_client_config',
      change: { actions: ['read'] },
    },
    {
      address: 'azurerm_key_vault.renamed',
      previous_address: 'azurerm_key_vault.kv',
      mode: 'managed',
      type: 'azurerm_key_vault',
      change: { actions: ['no-op'], before: { name: 'kv' }, after: { name: 'kv' } },
    },
  ],
};

describe('terraform show -json plans', () => {
  test('actions become create, update, replace and destroy; no-ops, reads and data sources are skipped; moves shown', () => {
    const changes = changesFromPlan(
      'dev-data',
      PLAN,
      new Map([['azurerm_storage_account.lake_account_92054329', 'dev-data/lake/account']]),
    );
    expect(changes.map((c) => `${c.action} ${c.path}: ${c.reasons.join(' | ')}`)).toEqual([
      'update azurerm_key_vault.renamed: moved from azurerm_key_vault.kv',
      'delete azurerm_monitor_diagnostic_setting.old: ',
      'create azurerm_role_assignment.new: ',
      'update azurerm_storage_account.scratch: ',
      'replace dev-data/lake/account: account_replication_type forces a new resource: https://registry.terraform.io/providers/hashicorp/azurerm/4.55.0/docs/resources/storage_account | terraform: replace_because_cannot_update',
    ]);
  });

  test('the same renderer: data loss first, security changes, masked secrets, unknown values', () => {
    const review = reviewPlans([{ stack: 'dev-data', plan: PLAN }], 'dev-data.json');
    expect(review.dataLoss.map((w) => `${w.action} ${w.path}`)).toEqual([
      'replace azurerm_storage_account.lake_account_92054329',
    ]);
    expect(review.security.map((s) => `${s.category}: ${s.message}`)).toEqual([
      'diagnostics: stops sending the logs and metrics of /subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv to Log Analytics',
      'access: grants AcrPull on /subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr to p',
      'public-access: turns public network access on (public_network_access_enabled)',
    ]);
    const markdown = renderMarkdown(review);
    expect(markdown).not.toContain('secret-key');
    expect(markdown).toContain(
      '| <code>primary_access_key</code> | <code>(sensitive)</code> | <code>(sensitive), changed</code> |',
    );
    expect(markdown).toContain('| <code>id</code> | — | <code>(known after apply)</code> |');
    expect(markdown).toContain('**1 to add, 2 to change, 1 to replace, 1 to destroy** in 1 of 1 stack(s)');
  });

  test('plan files are named after their stack, or given as <stack>=<file>, or found in a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lakehouse-plans-'));
    writeFileSync(join(dir, 'dev-data.json'), JSON.stringify(PLAN));
    writeFileSync(
      join(dir, 'prod-data.plan.json'),
      JSON.stringify({ format_version: '1.2', resource_changes: [] }),
    );
    writeFileSync(join(dir, 'index.json'), '{"not":"a plan"}');
    expect(readPlans([dir]).map((p) => p.stack)).toEqual(['dev-data', 'prod-data']);
    expect(readPlans([`test-data=${join(dir, 'dev-data.json')}`]).map((p) => p.stack)).toEqual(['test-data']);
  });
});
