import { TERRAFORM_PACKS } from '../../policies/packs';
import { evaluatePlan } from '../../policies/plan';
import { environment } from '../helpers/synth';

/** The same rules on `terraform show -json`: planned values as attributes, references from the configuration. */
test('rules run on a plan: values from planned_values, references from configuration', () => {
  const plan = {
    planned_values: {
      root_module: {
        resources: [
          {
            address: 'azurerm_key_vault.kv',
            type: 'azurerm_key_vault',
            name: 'kv',
            values: {
              public_network_access_enabled: true,
              purge_protection_enabled: true,
              rbac_authorization_enabled: true,
              network_acls: [{ default_action: 'Deny', ip_rules: [] }],
            },
          },
          {
            address: 'azurerm_monitor_diagnostic_setting.kv',
            type: 'azurerm_monitor_diagnostic_setting',
            name: 'kv',
            // resolved at plan time: no `${...}` left to match
            values: { target_resource_id: null, enabled_log: [{ category_group: 'allLogs' }] },
          },
        ],
      },
    },
    configuration: {
      root_module: {
        resources: [
          {
            address: 'azurerm_monitor_diagnostic_setting.kv',
            expressions: {
              target_resource_id: { references: ['azurerm_key_vault.kv.id', 'azurerm_key_vault.kv'] },
            },
          },
        ],
      },
    },
  };
  const result = evaluatePlan(plan, {
    stack: 'test-foundation',
    config: environment('test'),
    packs: TERRAFORM_PACKS,
  });
  expect(result.findings.map((f) => `${f.rule} ${f.path}: ${f.message}`)).toEqual([
    'public-network-access azurerm_key_vault.kv: public network access is on in test, which reaches services through private endpoints only',
    'private-endpoints-present azurerm_key_vault.kv: no private endpoint for sub-resource(s) vault',
  ]);
});
