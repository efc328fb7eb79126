import { ConsumptionBudgetSubscription } from '@cdktf/provider-azurerm/lib/consumption-budget-subscription';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../environments/schema';
import type { Naming } from '../../naming/names';

/** Budget notifications: percent of the monthly amount, actual cost or forecast for the month. */
export const BUDGET_THRESHOLDS: readonly {
  readonly percent: number;
  readonly type: 'Actual' | 'Forecasted';
}[] = [
  { percent: 80, type: 'Actual' },
  { percent: 100, type: 'Actual' },
  { percent: 100, type: 'Forecasted' },
];

export const DEFAULT_BUDGET_START = '2026-01-01';

export interface EnvironmentBudgetProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  /** `/subscriptions/<id>`. */
  readonly subscriptionId: string;
  /** Every resource group whose cost is the environment's, the ones Azure services manage included. */
  readonly resourceGroupNames: readonly string[];
  /** The action group told at each threshold (the team). */
  readonly actionGroupId: string;
}

/**
 * The environment's monthly consumption budget: a subscription budget filtered to the environment's resource
 * groups (its own and the managed ones: AKS nodes, Databricks, Synapse), so that environments sharing a
 * subscription each have their own budget and nothing else counts against it.
 *
 * Permissions: `Microsoft.Consumption/budgets/write` on the subscription (Cost Management Contributor). Second
 * apply: the start date is written as Azure returns it (RFC 3339, midnight UTC); changing it replaces the budget.
 */
export class EnvironmentBudget extends Construct {
  readonly budget: ConsumptionBudgetSubscription;

  constructor(scope: Construct, id: string, props: EnvironmentBudgetProps) {
    super(scope, id);
    const budget = props.config.operations.budget;
    this.budget = new ConsumptionBudgetSubscription(this, 'budget', {
      name: props.naming.budget(),
      subscriptionId: props.subscriptionId,
      amount: budget.monthlyAmount,
      timeGrain: 'Monthly',
      timePeriod: { startDate: `${budget.startDate ?? DEFAULT_BUDGET_START}T00:00:00Z` },
      filter: {
        dimension: [{ name: 'ResourceGroupName', operator: 'In', values: [...props.resourceGroupNames] }],
      },
      notification: BUDGET_THRESHOLDS.map(({ percent, type }) => ({
        enabled: true,
        operator: 'GreaterThanOrEqualTo',
        threshold: percent,
        thresholdType: type,
        contactGroups: [props.actionGroupId],
      })),
    });
  }
}
