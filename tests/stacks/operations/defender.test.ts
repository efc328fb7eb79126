import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import type { EnvironmentConfig } from '../../../environments/schema';
import { EnvironmentDefender } from '../../../stacks/operations/defender';
import { environment, resourcesOf, synthStack } from '../../helpers/synth';

/** The Defender construct alone, for a config whose Defender section is replaced. */
function synthDefender(defender: EnvironmentConfig['operations']['defender']) {
  const base = environment('prod');
  const config = { ...base, operations: { ...base.operations, defender } };
  const stack = new TerraformStack(Testing.app(), 'test');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  new EnvironmentDefender(stack, 'defender', { config, lakeAccountId: '/subscriptions/x/lake' });
  return synthStack(stack);
}

test('an environment that uses the plans but does not own them: its lake settings only, no plan', () => {
  const json = synthDefender({ enabled: true });
  expect(resourcesOf(json, 'azurerm_security_center_subscription_pricing')).toEqual([]);
  expect(resourcesOf(json, 'azurerm_security_center_storage_defender')).toEqual([
    expect.objectContaining({
      storage_account_id: '/subscriptions/x/lake',
      malware_scanning_on_upload_enabled: true,
    }),
  ]);
});

test('the owner declares the four plans with exactly the extensions it wants on', () => {
  const plans = resourcesOf(
    synthDefender({ enabled: true, ownsSubscriptionPlans: true }),
    'azurerm_security_center_subscription_pricing',
  );
  expect(plans.map((p) => [p.resource_type, p.extension])).toEqual([
    [
      'Containers',
      [{ name: 'ContainerRegistriesVulnerabilityAssessments' }, { name: 'AgentlessDiscoveryForKubernetes' }],
    ],
    [
      'StorageAccounts',
      [
        {
          name: 'OnUploadMalwareScanning',
          additional_extension_properties: { CapGBPerMonthPerStorageAccount: '5000' },
        },
        { name: 'SensitiveDataDiscovery' },
      ],
    ],
    ['KeyVaults', []],
    ['CosmosDbs', []],
  ]);
});
