import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { contractOf } from '../../../config/contracts/load';
import { Naming } from '../../../naming/names';
import { ContractAlerts, windowSize } from '../../../stacks/data/contract-alerts';
import { environment, resourceAt, resourcesOf, synthStack } from '../../helpers/synth';

/** The SLA alerts of the repository's `orders` contract, on their own (no other stack is built). */
const contract = contractOf('orders');
const naming = new Naming(environment('prod'));
const stack = new TerraformStack(Testing.app(), 'alerts');
new AzurermProvider(stack, 'azurerm', { features: [{}] });
new ContractAlerts(stack, 'orders', {
  contract,
  naming,
  resourceGroupName: 'rg-data',
  namespaceId: '/subscriptions/s/resourceGroups/rg-data/providers/Microsoft.EventHub/namespaces/evhns',
  severity: 1,
});
const json = synthStack(stack);
const criteriaOf = (kind: string) =>
  (
    resourceAt(json, 'azurerm_monitor_metric_alert', `orders/${kind}`).criteria as Record<string, unknown>[]
  )[0];

describe('contract SLA alerts', () => {
  test('one action group per domain: the owners and consumers by email, the notification webhooks', () => {
    const group = resourceAt(json, 'azurerm_monitor_action_group', 'orders/action-group/group');
    expect(group).toMatchObject({
      name: naming.actionGroup('contract-orders'),
      short_name: 'dc-orders',
      location: 'global',
      email_receiver: [
        { email_address: 'orders-team@contoso.com' },
        { email_address: 'fraud-analytics@contoso.com' },
        { email_address: 'finance-bi@contoso.com' },
      ],
      webhook_receiver: [
        { service_uri: 'https://oncall.contoso.com/hooks/orders', use_common_alert_schema: true },
      ],
    });
  });

  test('dead letters above the errorRate in its window, on the -deadletter hub only', () => {
    const alert = resourceAt(json, 'azurerm_monitor_metric_alert', 'orders/deadletter');
    expect(alert).toMatchObject({
      window_size: 'PT15M',
      frequency: 'PT5M',
      severity: 1,
      auto_mitigate: true,
    });
    expect(criteriaOf('deadletter')).toEqual({
      metric_namespace: 'Microsoft.EventHub/namespaces',
      metric_name: 'IncomingMessages',
      aggregation: 'Total',
      operator: 'GreaterThan',
      threshold: contract.sla.deadLetter.maxEvents,
      dimension: [{ name: 'EntityName', operator: 'Include', values: ['orders-deadletter'] }],
    });
  });

  test('no event on -raw for the freshness window; capture behind for the whole latency window', () => {
    expect(resourceAt(json, 'azurerm_monitor_metric_alert', 'orders/freshness').window_size).toBe(
      windowSize(contract.sla.freshnessMinutes),
    );
    expect(criteriaOf('freshness')).toMatchObject({
      metric_name: 'IncomingMessages',
      operator: 'LessThan',
      threshold: 1,
      dimension: [{ name: 'EntityName', operator: 'Include', values: ['orders-raw'] }],
    });
    expect(resourceAt(json, 'azurerm_monitor_metric_alert', 'orders/capture-backlog').window_size).toBe(
      'PT30M',
    );
    expect(criteriaOf('capture-backlog')).toMatchObject({
      metric_name: 'CaptureBacklog',
      aggregation: 'Minimum',
      operator: 'GreaterThan',
      threshold: 0,
      dimension: [{ name: 'EntityName', operator: 'Include', values: ['orders-validated'] }],
    });
  });

  test('every alert goes to the domain action group and watches the namespace', () => {
    const alerts = resourcesOf(json, 'azurerm_monitor_metric_alert');
    expect(alerts).toHaveLength(3);
    for (const alert of alerts) {
      expect(alert.scopes).toEqual([expect.stringContaining('/namespaces/evhns')]);
      expect(alert.action).toEqual([
        { action_group_id: expect.stringMatching(/azurerm_monitor_action_group\..*\.id/) },
      ]);
    }
  });

  test('windows Azure Monitor does not have are refused', () => {
    expect(windowSize(60)).toBe('PT1H');
    expect(() => windowSize(7)).toThrow('no Azure Monitor alert window of 7 minutes');
  });
});
