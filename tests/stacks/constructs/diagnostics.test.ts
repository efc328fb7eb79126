import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { Diagnostics } from '../../../stacks/constructs/diagnostics';
import { resourcesOf, synthStack } from '../../helpers/synth';

const stackWith = (build: (stack: TerraformStack) => void) => {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  build(stack);
  return synthStack(stack);
};

test('defaults: all logs and all metrics to the workspace', () => {
  const json = stackWith(
    (stack) =>
      new Diagnostics(stack, 'diag', {
        targetResourceId: '/subscriptions/x/resource',
        logAnalyticsWorkspaceId: '/subscriptions/x/workspace',
      }),
  );
  expect(resourcesOf(json, 'azurerm_monitor_diagnostic_setting')).toEqual([
    expect.objectContaining({
      name: 'to-log-analytics',
      target_resource_id: '/subscriptions/x/resource',
      log_analytics_workspace_id: '/subscriptions/x/workspace',
      enabled_log: [{ category_group: 'allLogs' }],
      enabled_metric: [{ category: 'AllMetrics' }],
    }),
  ]);
});

test('named categories for resources without category groups, metrics off', () => {
  const json = stackWith(
    (stack) =>
      new Diagnostics(stack, 'diag', {
        targetResourceId: 'r',
        logAnalyticsWorkspaceId: 'w',
        logCategoryGroups: [],
        logCategories: ['kube-audit-admin', 'guard'],
        metrics: false,
        destinationType: 'Dedicated',
      }),
  );
  const [setting] = resourcesOf(json, 'azurerm_monitor_diagnostic_setting');
  expect(setting.enabled_log).toEqual([{ category: 'kube-audit-admin' }, { category: 'guard' }]);
  expect(setting.enabled_metric).toBeUndefined();
  expect(setting.log_analytics_destination_type).toBe('Dedicated');
});

test('a setting that collects nothing is refused with the fix', () => {
  expect(() =>
    stackWith(
      (stack) =>
        new Diagnostics(stack, 'diag', {
          targetResourceId: 'r',
          logAnalyticsWorkspaceId: 'w',
          logCategoryGroups: [],
          metrics: false,
        }),
    ),
  ).toThrow('Diagnostics test/diag: nothing to collect. Fix: keep metrics on or name log categories.');
});
