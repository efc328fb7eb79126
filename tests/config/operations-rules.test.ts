import { formatProblem } from '../../config/problems';
import { checkDefenderPlanOwners, resolveThresholds } from '../../config/rules/operations';
import type { EnvironmentConfig } from '../../environments/schema';
import { problemsAfter } from '../helpers/config';
import { environment } from '../helpers/synth';

test('the real environments pass', () => {
  for (const name of ['dev', 'test', 'prod']) expect(problemsAfter(name, () => {})).toEqual([]);
});

test('a bad email and a webhook without https: one line each, naming file, field, value and fix', () => {
  expect(
    problemsAfter('prod', (c) => {
      c.operations.team = { emails: ['oncall@contoso'] };
      c.operations.onCall = { webhooks: ['http://events.pagerduty.com/x'] };
    }),
  ).toEqual([
    expect.stringMatching(
      /^environments\/prod\.ts: operations\.team\.emails\[0\] = "oncall@contoso": .* Fix: write an email address such as "team@contoso\.com"$/,
    ),
    expect.stringMatching(
      /^environments\/prod\.ts: operations\.onCall\.webhooks\[0\] = "http:\/\/events\.pagerduty\.com\/x": not an absolute https URL\. Fix: use the https:\/\/ address/,
    ),
  ]);
});

test('thresholds out of range or of the wrong kind, unknown threshold names', () => {
  expect(
    problemsAfter('dev', (c) => {
      c.operations.thresholds = {
        lakeAvailabilityPercent: 80,
        cosmosNormalizedRuPercent: 101,
        eventHubsServerErrors: 0,
        keyVaultAccessDenied: 2.5,
        // @ts-expect-error: a misspelt threshold
        pvcUsage: 90,
      };
    }),
  ).toEqual([
    'environments/dev.ts: operations.thresholds.pvcUsage = 90: unknown field. Fix: remove it or use one of: eventHubsServerErrors, eventHubsThrottledRequests, eventHubsCaptureBacklog, lakeAvailabilityPercent, lakeServerLatencyMs, lakeAuthorizationFailures, cosmosThrottledRequests, cosmosServerLatencyMs, cosmosNormalizedRuPercent, keyVaultAvailabilityPercent, keyVaultAccessDenied, pvcUsagePercent',
    'environments/dev.ts: operations.thresholds.eventHubsServerErrors = 0: out of range from 1 to 1000000. Fix: use a value from 1 to 1000000',
    'environments/dev.ts: operations.thresholds.lakeAvailabilityPercent = 80: out of range from 90 to 100. Fix: use a value from 90 to 100',
    'environments/dev.ts: operations.thresholds.cosmosNormalizedRuPercent = 101: out of range from 50 to 100. Fix: use a value from 50 to 100',
    'environments/dev.ts: operations.thresholds.keyVaultAccessDenied = 2.5: expected a whole number. Fix: use a whole number from 1 to 1000000',
  ]);
});

test('budget: a positive amount, a start on the first of a month', () => {
  expect(
    problemsAfter('dev', (c) => {
      c.operations.budget = { monthlyAmount: 0, startDate: '2026-01-15' };
    }),
  ).toEqual([
    'environments/dev.ts: operations.budget.monthlyAmount = 0: out of range from 1 to 100000000. Fix: use a value from 1 to 100000000',
    expect.stringMatching(
      /^environments\/dev\.ts: operations\.budget\.startDate = "2026-01-15": .* Fix: write the first day of a month, e\.g\. "2026-01-01"$/,
    ),
  ]);
});

test('Defender: prod keeps it on; only an environment with Defender on may own the subscription plans', () => {
  expect(
    problemsAfter('prod', (c) => {
      c.operations.defender = { enabled: false };
    }),
  ).toEqual([
    'environments/prod.ts: operations.defender.enabled = false: production runs with Microsoft Defender. Fix: set operations.defender.enabled: true',
  ]);
  expect(
    problemsAfter('dev', (c) => {
      c.operations.defender = { enabled: false, ownsSubscriptionPlans: true };
    }),
  ).toEqual([
    'environments/dev.ts: operations.defender.ownsSubscriptionPlans = true: an environment with Defender off cannot own the subscription plans (it would set them to Free). Fix: set operations.defender.enabled: true, or leave the plans to another environment',
  ]);
});

test('a missing operations section is reported once', () => {
  expect(problemsAfter('test', (c) => void delete (c as Record<string, unknown>).operations)).toEqual([
    'environments/test.ts: operations = (missing): required field is missing. Fix: add operations',
  ]);
});

describe('shared subscription: one owner of the Defender plans', () => {
  const withPlans = (name: string, subscriptionId?: string): EnvironmentConfig => {
    const config = structuredClone(environment(name));
    return {
      ...config,
      subscriptionId,
      operations: { ...config.operations, defender: { enabled: true, ownsSubscriptionPlans: true } },
    };
  };
  const entries = (...configs: EnvironmentConfig[]) =>
    new Map(configs.map((config) => [config.name, { file: `environments/${config.name}.ts`, config }]));

  test('two owners in one subscription: the second is refused, naming the first', () => {
    const sub = '11111111-1111-4111-8111-111111111111';
    expect(
      checkDefenderPlanOwners(entries(withPlans('prod', sub), withPlans('test', sub))).map(formatProblem),
    ).toEqual([
      `environments/test.ts: operations.defender.ownsSubscriptionPlans = true: subscription ${sub} already has its Defender plans owned by environments/prod.ts. Fix: set ownsSubscriptionPlans: false here (the plans cover this environment too), or deploy it to another subscription`,
    ]);
  });

  test('environments without a subscription id share the pipeline subscription', () => {
    expect(checkDefenderPlanOwners(entries(withPlans('prod'), withPlans('dev')))).toHaveLength(1);
  });

  test('owners in different subscriptions, or one owner and users, are fine', () => {
    const a = '11111111-1111-4111-8111-111111111111';
    const b = '22222222-2222-4222-8222-222222222222';
    expect(checkDefenderPlanOwners(entries(withPlans('prod', a), withPlans('test', b)))).toEqual([]);
    expect(
      checkDefenderPlanOwners(entries(withPlans('prod'), environment('dev'), environment('test'))),
    ).toEqual([]);
  });
});

test('thresholds: configured values win, defaults fill the rest', () => {
  const config = structuredClone(environment('dev'));
  const resolved = resolveThresholds({
    ...config,
    operations: { ...config.operations, thresholds: { pvcUsagePercent: 70 } },
  });
  expect(resolved.pvcUsagePercent).toBe(70);
  expect(resolved.lakeAvailabilityPercent).toBe(99.9);
  expect(resolved.cosmosNormalizedRuPercent).toBe(90);
});
