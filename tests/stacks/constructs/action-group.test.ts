import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { ActionGroup, type ActionGroupProps } from '../../../stacks/constructs/action-group';
import { resourcesOf, synthStack } from '../../helpers/synth';

const synthGroup = (props: Partial<ActionGroupProps>) => {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  new ActionGroup(stack, 'team', {
    name: 'ag-lakehouse-dev-weu-team',
    shortName: 'lh-dev-team',
    resourceGroupName: 'rg',
    targets: {},
    ...props,
  });
  return resourcesOf(synthStack(stack), 'azurerm_monitor_action_group');
};

test('emails and webhooks become receivers with the common alert schema, global location', () => {
  const [group] = synthGroup({
    targets: { emails: ['a@contoso.com', 'b@contoso.com'], webhooks: ['https://hooks.contoso.com/x'] },
  });
  expect(group).toMatchObject({
    name: 'ag-lakehouse-dev-weu-team',
    short_name: 'lh-dev-team',
    location: 'global',
    enabled: true,
    email_receiver: [
      { name: 'email-1', email_address: 'a@contoso.com', use_common_alert_schema: true },
      { name: 'email-2', email_address: 'b@contoso.com', use_common_alert_schema: true },
    ],
    webhook_receiver: [
      { name: 'webhook-1', service_uri: 'https://hooks.contoso.com/x', use_common_alert_schema: true },
    ],
  });
});

test('a quiet group: no receivers, or disabled', () => {
  const [group] = synthGroup({ enabled: false });
  expect(group.enabled).toBe(false);
  expect(group.email_receiver ?? []).toEqual([]);
  expect(group.webhook_receiver ?? []).toEqual([]);
});

test('a short name over 12 characters is refused with the value and the fix', () => {
  expect(() => synthGroup({ shortName: 'lakehouse-prod-x' })).toThrow(
    /shortName "lakehouse-prod-x" is 16 characters; Azure allows 1–12/,
  );
});
