import { checkAlertingCoverage } from '../../policies/environment/alerting-coverage';
import type { SynthesizedStack } from '../../policies/evaluate';
import { environment } from '../helpers/synth';

/** A Terraform interpolation `${expression}`. */
const tf = (expression: string) => `$\{${expression}}`;

/**
 * Two stacks as the app writes them: `dev-data` exports its lake and namespace ids, `dev-operations` reads them
 * through remote state. Small on purpose: the real environments pass this rule in tests/e2e/synth.test.ts.
 */
function stacks(alertScopes: string[], withActionGroup = true): Record<string, SynthesizedStack> {
  const out = (name: string) =>
    `\${data.terraform_remote_state.cross-stack-reference-input-dev-data.outputs.${name}}`;
  return {
    'dev-data': {
      resource: {
        azurerm_storage_account: {
          lake_account_1: { '//': { metadata: { path: 'dev-data/lake/account' } } },
        },
        azurerm_eventhub_namespace: {
          streams_namespace_2: { '//': { metadata: { path: 'dev-data/streams/namespace' } } },
        },
        azurerm_storage_container: { landing: {} }, // stateful but not a service: not required to have an alert
      },
      output: {
        'cross-stack-output-azurerm_storage_accountlake_account_1id': {
          value: tf('azurerm_storage_account.lake_account_1.id'),
        },
        'cross-stack-output-azurerm_eventhub_namespacestreams_namespace_2id': {
          value: tf('azurerm_eventhub_namespace.streams_namespace_2.id'),
        },
      },
    },
    'dev-operations': {
      resource: {
        ...(withActionGroup ? { azurerm_monitor_action_group: { team: { name: 'ag' } } } : {}),
        azurerm_monitor_metric_alert: Object.fromEntries(
          alertScopes.map((name, i) => [`alert_${i}`, { scopes: [out(name)] }]),
        ),
      },
    },
  };
}

const LAKE = 'cross-stack-output-azurerm_storage_accountlake_account_1id';
const NAMESPACE = 'cross-stack-output-azurerm_eventhub_namespacestreams_namespace_2id';
const config = environment('dev');

test('every stateful service watched and an action group: compliant', () => {
  expect(checkAlertingCoverage(config, stacks([LAKE, NAMESPACE])).findings).toEqual([]);
});

test('a service no alert names is an error at its construct path', () => {
  expect(checkAlertingCoverage(config, stacks([LAKE])).findings).toEqual([
    expect.objectContaining({
      rule: 'alerting-coverage',
      level: 'error',
      stack: 'dev-data',
      path: 'dev-data/streams/namespace',
      resourceType: 'azurerm_eventhub_namespace',
      message: 'no alert watches this stateful service',
    }),
  ]);
});

test('a log-search alert whose query names the resource counts; a query naming another does not', () => {
  const json = stacks([LAKE]);
  const operations = json['dev-operations'].resource as Record<string, unknown>;
  operations.azurerm_monitor_scheduled_query_rules_alert_v2 = {
    capture: {
      criteria: [{ query: `AzureDiagnostics | where _ResourceId =~ "\${data.x.outputs.${NAMESPACE}}"` }],
    },
  };
  expect(checkAlertingCoverage(config, json).findings).toEqual([]);
});

test('no action group anywhere: one error for the environment', () => {
  const findings = checkAlertingCoverage(config, stacks([LAKE, NAMESPACE], false)).findings;
  expect(findings.map((f) => [f.resourceType, f.message])).toEqual([
    ['azurerm_monitor_action_group', 'the environment has no action group: its alerts reach nobody'],
  ]);
});

test('an alert in the same stack refers to the resource directly', () => {
  const json = stacks([]);
  (json['dev-data'].resource as Record<string, unknown>).azurerm_monitor_metric_alert = {
    a: { scopes: [tf('azurerm_storage_account.lake_account_1.id')] },
    b: { scopes: [tf('azurerm_eventhub_namespace.streams_namespace_2.id')] },
  };
  expect(checkAlertingCoverage(config, json).findings).toEqual([]);
});
