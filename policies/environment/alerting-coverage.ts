import type { EnvironmentConfig } from '../../environments/schema';
import {
  type EvaluationResult,
  findingOf,
  type PolicyFinding,
  type SynthesizedStack,
  stackResources,
} from '../evaluate';
import { PROTECTED_TYPES } from '../resource-kinds';

/** Alert rule types and where they name what they watch. */
const ALERT_TYPES = [
  'azurerm_monitor_metric_alert',
  'azurerm_monitor_scheduled_query_rules_alert_v2',
  'azurerm_monitor_activity_log_alert',
  'azurerm_monitor_alert_prometheus_rule_group',
] as const;

export const ALERTING_COVERAGE_RULE = {
  id: 'alerting-coverage',
  title: 'Every environment has an action group, and every stateful service at least one alert of its own',
  level: 'error',
} as const;

/**
 * A rule over a whole environment rather than one stack: alerts live in `<env>-operations` and watch the other
 * layers' resources through cross-stack references (remote-state outputs), which no single stack shows.
 *
 * A stateful service (`PROTECTED_TYPES`) counts as watched when an alert rule's scopes or query name it: its id
 * directly in the same stack, or the output its stack exports its id through. Resource Health on a whole resource
 * group does not count: every service needs a signal of its own.
 */
export function checkAlertingCoverage(
  config: EnvironmentConfig,
  stacks: Readonly<Record<string, SynthesizedStack>>,
): EvaluationResult {
  const findings: PolicyFinding[] = [];
  const perStack = Object.entries(stacks).map(([name, json]) => ({
    name,
    json,
    resources: stackResources(json, name),
  }));
  const alerts = perStack.flatMap(({ resources }) =>
    resources.filter((r) => (ALERT_TYPES as readonly string[]).includes(r.type)),
  );
  const alertText = alerts.map((alert) => JSON.stringify(alert.attrs));
  const place = (stack: string, path: string, resourceType: string) => ({
    stack,
    environment: config.name,
    path,
    resourceType,
  });

  const hasActionGroup = perStack.some(({ resources }) =>
    resources.some((r) => r.type === 'azurerm_monitor_action_group'),
  );
  if (!hasActionGroup) {
    findings.push(
      findingOf(
        ALERTING_COVERAGE_RULE,
        place(`${config.name}-operations`, config.name, 'azurerm_monitor_action_group'),
        {
          message: 'the environment has no action group: its alerts reach nobody',
          fix: 'build the operations layer (stacks/operations) with operations.team in the environment file',
        },
      ),
    );
  }

  for (const { name, json, resources } of perStack) {
    for (const resource of resources) {
      if (!PROTECTED_TYPES.includes(resource.type)) continue;
      const idRef = `\${${resource.address}.id}`;
      // The outputs through which later stacks read this resource's id.
      const exported = Object.entries(json.output ?? {})
        .filter(([, output]) => output.value === idRef)
        .map(([outputName]) => `.outputs.${outputName}}`);
      const watched = alertText.some(
        (text) => text.includes(idRef) || exported.some((o) => text.includes(o)),
      );
      if (!watched) {
        findings.push(
          findingOf(ALERTING_COVERAGE_RULE, place(name, resource.path, resource.type), {
            message: 'no alert watches this stateful service',
            fix: 'add an alert for it to the catalogue (stacks/operations/catalog.ts) and its id to the operations targets',
          }),
        );
      }
    }
  }
  return { findings, suppressed: [], suppressions: [] };
}
