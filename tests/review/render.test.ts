import type { Review } from '../../review/model';
import { renderJson, renderMarkdown } from '../../review/render';
import { reviewSnapshots } from '../../review/review';
import { ref, snapshot, stack } from './helpers';

/** A small, fixed review: the renderer's output for it is pinned (snapshot), so format changes are deliberate. */
function sampleReview(): Review {
  const account = (replication: string, open: boolean) => ({
    name: 'stlakehousedev12345',
    account_replication_type: replication,
    public_network_access_enabled: open,
    primary_access_key: `key-${replication}`,
  });
  const base = snapshot(
    'main (abc1234)',
    stack('dev-data', {
      'azurerm_storage_account.lake': account('LRS', false),
      'azurerm_storage_container.bronze': {
        name: 'bronze',
        storage_account_id: ref('azurerm_storage_account.lake.id'),
      },
      'azurerm_role_assignment.old': {
        role_definition_name: 'Storage Blob Data Reader',
        scope: ref('azurerm_storage_container.bronze.id'),
        principal_id: 'p1',
      },
    }),
    stack('dev-foundation', { 'azurerm_key_vault.kv': { name: 'kv' } }),
  );
  const head = snapshot(
    'working tree',
    stack('dev-data', {
      'azurerm_storage_account.lake': account('ZRS', true),
      'azurerm_storage_container.bronze': {
        name: 'bronze',
        storage_account_id: ref('azurerm_storage_account.lake.id'),
      },
      'azurerm_role_assignment.new': {
        role_definition_name: 'Storage Blob Data Contributor',
        scope: ref('azurerm_storage_account.lake.id'),
        principal_id: 'p2',
      },
    }),
    stack('dev-foundation', { 'azurerm_key_vault.kv': { name: 'kv' } }),
  );
  return reviewSnapshots(base, head);
}

test('Markdown: summary, data loss first, security, table per stack, unchanged folded, details folded', () => {
  expect(renderMarkdown(sampleReview())).toMatchSnapshot();
});

test('JSON: the same review, attribute diffs with secrets masked', () => {
  const json = renderJson(sampleReview());
  expect(json).not.toContain('key-LRS');
  expect(JSON.parse(json).totals).toEqual({ add: 1, change: 0, replace: 2, destroy: 1 });
  expect(json).toMatchSnapshot();
});

test('the same input renders the same bytes', () => {
  expect(renderMarkdown(sampleReview())).toBe(renderMarkdown(sampleReview()));
  expect(renderJson(sampleReview())).toBe(renderJson(sampleReview()));
});
