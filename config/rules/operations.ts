import type { AlertThresholds, EnvironmentConfig } from '../../environments/schema';
import type { ConfigProblem } from '../problems';
import { joinPath, Problems } from '../problems';
import { checkNotificationTargets } from './notification-targets';
import type { ConfigRule } from './rule';

/** One alert threshold: its default and the range that still makes a useful alert. */
interface ThresholdRule {
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

const count = (fallback: number): ThresholdRule => ({
  default: fallback,
  min: 1,
  max: 1_000_000,
  integer: true,
});

/**
 * Every alert threshold with its default and allowed range. Availability below 90 % or usage alerts at 100 % would
 * fire when it is already too late; a count of 0 would fire on every evaluation.
 */
export const THRESHOLD_RULES: Readonly<Record<keyof AlertThresholds, ThresholdRule>> = {
  eventHubsServerErrors: count(10),
  eventHubsThrottledRequests: count(10),
  eventHubsCaptureBacklog: count(1000),
  lakeAvailabilityPercent: { default: 99.9, min: 90, max: 100, integer: false },
  lakeServerLatencyMs: { default: 1000, min: 10, max: 60_000, integer: true },
  lakeAuthorizationFailures: count(50),
  cosmosThrottledRequests: count(100),
  cosmosServerLatencyMs: { default: 50, min: 5, max: 10_000, integer: true },
  cosmosNormalizedRuPercent: { default: 90, min: 50, max: 100, integer: true },
  keyVaultAvailabilityPercent: { default: 99.9, min: 90, max: 100, integer: false },
  keyVaultAccessDenied: count(10),
  pvcUsagePercent: { default: 80, min: 50, max: 99, integer: true },
};

/** The thresholds of an environment with the defaults filled in (the config has been validated). */
export function resolveThresholds(config: EnvironmentConfig): Required<AlertThresholds> {
  const given = config.operations.thresholds ?? {};
  const resolved = {} as Record<keyof AlertThresholds, number>;
  for (const [key, rule] of Object.entries(THRESHOLD_RULES) as [keyof AlertThresholds, ThresholdRule][]) {
    resolved[key] = given[key] ?? rule.default;
  }
  return resolved;
}

/** `YYYY-MM-01`: Azure budgets start on the first day of a month. */
const BUDGET_START = /^20\d\d-(0[1-9]|1[0-2])-01$/;

/** Operations: who is told, thresholds, the budget and Defender. */
export const operationsRule: ConfigRule = (config, p) => {
  const ops = config.operations;
  if (!p.object('operations', ops, ['team', 'budget', 'defender'], ['onCall', 'notify', 'thresholds']))
    return;
  checkNotificationTargets(p, 'operations.team', ops.team);
  if (ops.onCall !== undefined) checkNotificationTargets(p, 'operations.onCall', ops.onCall);
  if (ops.notify !== undefined) p.boolean('operations.notify', ops.notify);

  const thresholds = ops.thresholds;
  if (
    thresholds !== undefined &&
    p.object('operations.thresholds', thresholds, [], Object.keys(THRESHOLD_RULES))
  ) {
    for (const [key, rule] of Object.entries(THRESHOLD_RULES)) {
      const value = (thresholds as Record<string, unknown>)[key];
      if (value !== undefined) p.number(joinPath('operations.thresholds', key), value, rule);
    }
  }

  if (p.object('operations.budget', ops.budget, ['monthlyAmount'], ['startDate'])) {
    p.number('operations.budget.monthlyAmount', ops.budget.monthlyAmount, { min: 1, max: 100_000_000 });
    if (ops.budget.startDate !== undefined)
      p.string(
        'operations.budget.startDate',
        ops.budget.startDate,
        BUDGET_START,
        'write the first day of a month, e.g. "2026-01-01"',
      );
  }

  const defender = ops.defender;
  if (p.object('operations.defender', defender, ['enabled'], ['ownsSubscriptionPlans'])) {
    const enabledOk = p.boolean('operations.defender.enabled', defender.enabled);
    if (defender.ownsSubscriptionPlans !== undefined) {
      const owns = p.boolean('operations.defender.ownsSubscriptionPlans', defender.ownsSubscriptionPlans);
      if (owns && enabledOk && defender.ownsSubscriptionPlans && !defender.enabled)
        p.add(
          'operations.defender.ownsSubscriptionPlans',
          true,
          'an environment with Defender off cannot own the subscription plans (it would set them to Free)',
          'set operations.defender.enabled: true, or leave the plans to another environment',
        );
    }
    if (isProductionName(config.name) && defender.enabled === false)
      p.add(
        'operations.defender.enabled',
        false,
        'production runs with Microsoft Defender',
        'set operations.defender.enabled: true',
      );
  }
};

/** `prod` or `prod-<anything>`, as the policy packs see production. */
function isProductionName(name: unknown): boolean {
  return typeof name === 'string' && (name === 'prod' || name.startsWith('prod-'));
}

/** The subscription an environment deploys to; environments without one share the pipeline's. */
export function subscriptionOf(config: EnvironmentConfig): string {
  return config.subscriptionId ?? '(ARM_SUBSCRIPTION_ID)';
}

/**
 * Across environments: the Defender plans of a subscription have one owner. Two owners would each create the plans
 * (the second create fails: azurerm refuses a plan that is not Free) and a destroy of either sets them to Free
 * under the other. Environments without `subscriptionId` count as one subscription (the pipeline's).
 */
export function checkDefenderPlanOwners(
  configs: ReadonlyMap<string, { readonly file: string; readonly config: EnvironmentConfig }>,
): ConfigProblem[] {
  const owners = new Map<string, string[]>();
  for (const { file, config } of configs.values()) {
    if (config?.operations?.defender?.ownsSubscriptionPlans !== true) continue;
    const subscription = subscriptionOf(config);
    owners.set(subscription, [...(owners.get(subscription) ?? []), file]);
  }
  const problems: ConfigProblem[] = [];
  for (const [subscription, files] of owners) {
    for (const file of files.slice(1)) {
      const p = new Problems(file);
      p.add(
        'operations.defender.ownsSubscriptionPlans',
        true,
        `subscription ${subscription} already has its Defender plans owned by ${files[0]}`,
        'set ownsSubscriptionPlans: false here (the plans cover this environment too), or deploy it to another subscription',
      );
      problems.push(...p.list);
    }
  }
  return problems;
}
