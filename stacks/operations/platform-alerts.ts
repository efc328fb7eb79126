import { MonitorActivityLogAlert } from '@cdktf/provider-azurerm/lib/monitor-activity-log-alert';
import { MonitorMetricAlert } from '@cdktf/provider-azurerm/lib/monitor-metric-alert';
import { MonitorScheduledQueryRulesAlertV2 } from '@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2';
import { Construct } from 'constructs';
import type { Naming } from '../../naming/names';
import type { PlatformActionGroups } from './action-groups';
import type { ActivityAlertSpec, AlertSpec, AlertTarget, LogAlertSpec, MetricAlertSpec } from './catalog';

export interface PlatformAlertsProps {
  readonly naming: Naming;
  readonly alerts: readonly AlertSpec[];
  readonly actionGroups: PlatformActionGroups;
  /** Where the alert rules live (the platform resource group). */
  readonly resourceGroupName: string;
  readonly location: string;
  /** The Log Analytics workspace that log-search alerts query. */
  readonly logAnalyticsWorkspaceId: string;
  /** The resource id each metric or log alert watches, by target. */
  readonly targets: Readonly<Partial<Record<AlertTarget, string>>>;
  /** `/subscriptions/<id>`: the scope of Service Health alerts. */
  readonly subscriptionId: string;
  /** The environment's resource groups (ids): the scope of Resource Health alerts. */
  readonly resourceGroupIds: readonly string[];
  /** Service Health locations (display names and `Global`). */
  readonly serviceHealthLocations: readonly string[];
}

/**
 * The Azure Monitor alert rules of the catalogue: metric alerts on the resource, log-search alerts on the Log
 * Analytics workspace, activity-log alerts on the subscription (Service Health) or the resource groups (Resource
 * Health). Each one routes to the team or the on-call group by its severity.
 *
 * Plane and permissions: all of them are management-plane resources (Monitoring Contributor on the platform
 * resource group and read on the scopes); the pipeline agent reaches them through ARM. Second apply: every
 * argument Azure would default is set (frequency, window, failing periods), so a plan after apply is empty.
 */
export class PlatformAlerts extends Construct {
  /** The created alert rules by catalogue id. */
  readonly rules: Readonly<
    Record<string, MonitorMetricAlert | MonitorScheduledQueryRulesAlertV2 | MonitorActivityLogAlert>
  >;

  constructor(scope: Construct, id: string, props: PlatformAlertsProps) {
    super(scope, id);
    const rules: Record<
      string,
      MonitorMetricAlert | MonitorScheduledQueryRulesAlertV2 | MonitorActivityLogAlert
    > = {};
    for (const alert of props.alerts) {
      switch (alert.kind) {
        case 'metric':
          rules[alert.id] = this.metricAlert(alert, props);
          break;
        case 'log':
          rules[alert.id] = this.logAlert(alert, props);
          break;
        case 'activity':
          rules[alert.id] = this.activityAlert(alert, props);
          break;
      }
    }
    this.rules = rules;
  }

  private targetId(alert: AlertSpec, props: PlatformAlertsProps): string {
    const id = props.targets[alert.target];
    if (!id)
      throw new Error(
        `PlatformAlerts: alert '${alert.id}' watches '${alert.target}', which has no resource id.`,
      );
    return id;
  }

  private metricAlert(alert: MetricAlertSpec, props: PlatformAlertsProps): MonitorMetricAlert {
    return new MonitorMetricAlert(this, alert.id, {
      name: props.naming.alert(alert.id),
      resourceGroupName: props.resourceGroupName,
      scopes: [this.targetId(alert, props)],
      description: alert.description,
      severity: alert.severity,
      frequency: alert.frequency,
      windowSize: alert.window,
      autoMitigate: true,
      criteria: [
        {
          metricNamespace: alert.namespace,
          metricName: alert.metric,
          aggregation: alert.aggregation,
          operator: alert.operator,
          threshold: alert.threshold,
          dimension: alert.dimension
            ? [{ name: alert.dimension.name, operator: 'Include', values: [...alert.dimension.values] }]
            : undefined,
        },
      ],
      action: [{ actionGroupId: props.actionGroups.idFor(alert.severity) }],
    });
  }

  private logAlert(alert: LogAlertSpec, props: PlatformAlertsProps): MonitorScheduledQueryRulesAlertV2 {
    return new MonitorScheduledQueryRulesAlertV2(this, alert.id, {
      name: props.naming.alert(alert.id),
      // Set, so that a display name Azure fills in never shows as a change on the next plan.
      displayName: props.naming.alert(alert.id),
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      scopes: [props.logAnalyticsWorkspaceId],
      description: alert.description,
      severity: alert.severity,
      evaluationFrequency: alert.frequency,
      windowDuration: alert.window,
      criteria: [
        {
          query: alert.query.replaceAll('{resourceId}', this.targetId(alert, props)),
          timeAggregationMethod: 'Count',
          operator: 'GreaterThan',
          threshold: alert.threshold,
          failingPeriods: { numberOfEvaluationPeriods: 1, minimumFailingPeriodsToTriggerAlert: 1 },
        },
      ],
      // A new workspace has no AzureDiagnostics (or custom) table until the first row arrives: Azure would refuse
      // the query at create time. The queries are tested here (tests/stacks/operations) instead.
      skipQueryValidation: true,
      autoMitigationEnabled: false,
      workspaceAlertsStorageEnabled: false,
      action: { actionGroups: [props.actionGroups.idFor(alert.severity)] },
    });
  }

  private activityAlert(alert: ActivityAlertSpec, props: PlatformAlertsProps): MonitorActivityLogAlert {
    const serviceHealth = alert.category === 'ServiceHealth';
    return new MonitorActivityLogAlert(this, alert.id, {
      name: props.naming.alert(alert.id),
      resourceGroupName: props.resourceGroupName,
      // Activity log alerts are global: they keep working when the environment's region is down.
      location: 'global',
      scopes: serviceHealth ? [props.subscriptionId] : [...props.resourceGroupIds],
      description: alert.description,
      criteria: serviceHealth
        ? {
            category: 'ServiceHealth',
            serviceHealth: { events: [...alert.events], locations: [...props.serviceHealthLocations] },
          }
        : {
            category: 'ResourceHealth',
            // Platform-initiated only: a restart the pipeline or an operator makes is not an incident.
            resourceHealth: { current: [...alert.events], reason: ['PlatformInitiated', 'Unknown'] },
          },
      action: [{ actionGroupId: props.actionGroups.idFor(alert.severity) }],
    });
  }
}
