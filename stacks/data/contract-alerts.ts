import { MonitorMetricAlert } from '@cdktf/provider-azurerm/lib/monitor-metric-alert';
import { Construct } from 'constructs';
import { ALERT_WINDOWS, alertTargets, type DataContract } from '../../config/contracts/model';
import type { Naming } from '../../naming/names';
import { ActionGroup } from '../constructs/action-group';

/**
 * A domain's SLA as Azure Monitor metric alerts on the Event Hubs namespace, sent to an action group of the
 * contract's owners and consumers (and its notification webhooks).
 *
 * Metrics (learn.microsoft.com, "Supported metrics - Microsoft.EventHub/Namespaces"; split by the `EntityName`
 * dimension, the hub):
 * - dead letters: `IncomingMessages` Total on `<domain>-deadletter` above the contract's errorRate in its window;
 * - freshness: `IncomingMessages` Total on `<domain>-raw` below 1 over the contract's frequency window. Azure
 *   evaluates a metric with no data points as no data, not 0, and does not fire: for a hub that never received
 *   anything the alert stays quiet until the first event (docs/contracts.md);
 * - capture backlog: `CaptureBacklog` Minimum on `<domain>-validated` above 0 for the whole latency window, i.e.
 *   capture has not caught up once in the time the contract allows an event to reach the lake.
 *
 * Deployability: management plane only (ARM `Microsoft.Insights/metricAlerts` and `actionGroups`, in the data
 * resource group, which the deploying identity already writes to); the alerts need only the namespace (their scope)
 * to exist, and refer to hubs by name; every argument is set, so a second apply shows no diff.
 */
export const EVENT_HUBS_METRIC_NAMESPACE = 'Microsoft.EventHub/namespaces';
/** How often Azure evaluates the SLA alerts (at most the smallest window, 5 minutes). */
export const SLA_EVALUATION_FREQUENCY = 'PT5M';

export interface ContractAlertsProps {
  readonly contract: DataContract;
  readonly naming: Naming;
  readonly resourceGroupName: string;
  /** The Event Hubs namespace's ARM id. */
  readonly namespaceId: string;
  /** Severity of the three alerts (0 critical … 4 verbose). @default 2 */
  readonly severity?: number;
  readonly tags?: Readonly<Record<string, string>>;
}

export class ContractAlerts extends Construct {
  readonly actionGroup: ActionGroup;
  /** By SLA: `deadletter`, `freshness`, `capture-backlog`. */
  readonly alerts: Readonly<Record<'deadletter' | 'freshness' | 'capture-backlog', MonitorMetricAlert>>;

  constructor(scope: Construct, id: string, props: ContractAlertsProps) {
    super(scope, id);
    const { contract, naming } = props;
    const domain = contract.domain;
    this.actionGroup = new ActionGroup(this, 'action-group', {
      name: naming.actionGroup(`contract-${domain}`),
      // Azure allows 12 characters; the domain is what a reader needs in the subject.
      shortName: `dc-${domain}`.slice(0, 12),
      resourceGroupName: props.resourceGroupName,
      targets: alertTargets(contract),
      tags: props.tags,
    });
    const alert = (
      kind: keyof ContractAlerts['alerts'],
      hub: string,
      criteria: { metricName: string; aggregation: string; operator: string; threshold: number },
      windowMinutes: number,
      description: string,
    ) =>
      new MonitorMetricAlert(this, kind, {
        name: `sla-${naming.eventHubsNamespace()}-${domain}-${kind}`,
        resourceGroupName: props.resourceGroupName,
        scopes: [props.namespaceId],
        description: `${description} (data contract ${contract.file})`,
        severity: props.severity ?? 2,
        frequency: SLA_EVALUATION_FREQUENCY,
        windowSize: windowSize(windowMinutes),
        autoMitigate: true,
        enabled: true,
        criteria: [
          {
            metricNamespace: EVENT_HUBS_METRIC_NAMESPACE,
            ...criteria,
            dimension: [{ name: 'EntityName', operator: 'Include', values: [hub] }],
          },
        ],
        action: [{ actionGroupId: this.actionGroup.id }],
        tags: props.tags ? { ...props.tags } : undefined,
      });
    const { sla } = contract;
    this.alerts = {
      deadletter: alert(
        'deadletter',
        naming.eventHub(domain, 'deadletter'),
        {
          metricName: 'IncomingMessages',
          aggregation: 'Total',
          operator: 'GreaterThan',
          threshold: sla.deadLetter.maxEvents,
        },
        sla.deadLetter.windowMinutes,
        `More than ${sla.deadLetter.maxEvents} ${domain} events failed the contract in ${sla.deadLetter.windowMinutes} minutes`,
      ),
      freshness: alert(
        'freshness',
        naming.eventHub(domain, 'raw'),
        { metricName: 'IncomingMessages', aggregation: 'Total', operator: 'LessThan', threshold: 1 },
        sla.freshnessMinutes,
        `No ${domain} event arrived for ${sla.freshnessMinutes} minutes`,
      ),
      'capture-backlog': alert(
        'capture-backlog',
        naming.eventHub(domain, 'validated'),
        { metricName: 'CaptureBacklog', aggregation: 'Minimum', operator: 'GreaterThan', threshold: 0 },
        sla.latencyMinutes,
        `Capture of ${domain} into the lake has been behind for ${sla.latencyMinutes} minutes`,
      ),
    };
  }
}

/** Minutes → the ISO window Azure Monitor takes (the contract load allows only these). */
export function windowSize(minutes: number): string {
  const entry = Object.entries(ALERT_WINDOWS).find(([, m]) => m === minutes);
  if (!entry)
    throw new Error(
      `no Azure Monitor alert window of ${minutes} minutes. Fix: use one of ${Object.values(ALERT_WINDOWS).join(', ')}`,
    );
  return entry[0];
}
