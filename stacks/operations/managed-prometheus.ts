import { MonitorAlertPrometheusRuleGroup } from '@cdktf/provider-azurerm/lib/monitor-alert-prometheus-rule-group';
import { MonitorDataCollectionRule } from '@cdktf/provider-azurerm/lib/monitor-data-collection-rule';
import { MonitorDataCollectionRuleAssociation } from '@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association';
import { MonitorWorkspace } from '@cdktf/provider-azurerm/lib/monitor-workspace';
import { Construct } from 'constructs';
import type { Naming } from '../../naming/names';
import type { PlatformActionGroups } from './action-groups';
import type { PrometheusRuleGroupSpec } from './prometheus-rules';

export interface ManagedPrometheusProps {
  readonly naming: Naming;
  readonly resourceGroupName: string;
  readonly location: string;
  /** The AKS cluster (with `monitor_metrics {}`, which runs the metrics add-on). */
  readonly clusterId: string;
  readonly clusterName: string;
  /** The data collection endpoint the add-on fetches its configuration from and sends metrics through. */
  readonly dataCollectionEndpointId: string;
  readonly ruleGroups: readonly PrometheusRuleGroupSpec[];
  readonly actionGroups: PlatformActionGroups;
}

/** The Prometheus stream of the AKS metrics add-on. */
export const PROMETHEUS_STREAM = 'Microsoft-PrometheusMetrics';

/**
 * Azure Monitor managed Prometheus for the cluster: an Azure Monitor workspace stores the metrics, a data collection
 * rule (with its endpoint) routes the add-on's Prometheus stream there, two associations tie rule and endpoint to
 * the cluster, and Prometheus rule groups alert on them. Container Insights keeps the logs (compute layer).
 *
 * Order: the cluster (compute layer) runs the add-on from its first apply; it starts sending once these
 * associations exist (this layer, right after). Reach: the add-on on the nodes sends to the endpoint's public
 * ingestion address through the cluster's outbound path; the endpoint accepts Entra ID tokens of the add-on only.
 * Permissions: Monitoring Contributor on the resource group and write on the cluster's data collection rule
 * associations (Contributor on the compute resource group covers both); no role for the add-on itself, the
 * association authorizes it. Second apply: empty (rule groups list every argument Azure stores).
 */
export class ManagedPrometheus extends Construct {
  readonly workspace: MonitorWorkspace;
  readonly rule: MonitorDataCollectionRule;
  readonly ruleGroups: Readonly<Record<string, MonitorAlertPrometheusRuleGroup>>;

  constructor(scope: Construct, id: string, props: ManagedPrometheusProps) {
    super(scope, id);
    const { naming } = props;
    this.workspace = new MonitorWorkspace(this, 'workspace', {
      name: naming.monitorWorkspace(),
      resourceGroupName: props.resourceGroupName,
      location: props.location,
    });
    const destination = 'monitor-workspace';
    this.rule = new MonitorDataCollectionRule(this, 'rule', {
      name: naming.dataCollectionRule('prometheus'),
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      kind: 'Linux',
      description: 'Managed Prometheus for the AKS cluster (azure-lakehouse-kit)',
      dataCollectionEndpointId: props.dataCollectionEndpointId,
      destinations: { monitorAccount: [{ name: destination, monitorAccountId: this.workspace.id }] },
      dataFlow: [{ streams: [PROMETHEUS_STREAM], destinations: [destination] }],
      dataSources: { prometheusForwarder: [{ name: 'PrometheusDataSource', streams: [PROMETHEUS_STREAM] }] },
    });
    new MonitorDataCollectionRuleAssociation(this, 'rule-association', {
      name: 'managed-prometheus',
      targetResourceId: props.clusterId,
      dataCollectionRuleId: this.rule.id,
      description: 'Managed Prometheus data collection for this cluster',
    });
    // Azure requires exactly this name for a resource's endpoint association.
    new MonitorDataCollectionRuleAssociation(this, 'endpoint-association', {
      name: 'configurationAccessEndpoint',
      targetResourceId: props.clusterId,
      dataCollectionEndpointId: props.dataCollectionEndpointId,
      description: 'Where the metrics add-on fetches its configuration',
    });

    const groups: Record<string, MonitorAlertPrometheusRuleGroup> = {};
    for (const group of props.ruleGroups) {
      groups[group.id] = new MonitorAlertPrometheusRuleGroup(this, `rules-${group.id}`, {
        name: naming.prometheusRuleGroup(group.id),
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        clusterName: props.clusterName,
        description: `Kubernetes ${group.id}-level alerts (aks-baseline recommended alerts)`,
        ruleGroupEnabled: true,
        interval: 'PT1M',
        scopes: [this.workspace.id, props.clusterId],
        rule: group.rules.map((rule) => ({
          alert: rule.alert,
          enabled: true,
          expression: rule.expression,
          for: rule.for,
          severity: rule.severity,
          annotations: { description: rule.description },
          labels: { severity: rule.severity <= 1 ? 'critical' : 'warning' },
          alertResolution: { autoResolved: true, timeToResolve: 'PT10M' },
          action: [{ actionGroupId: props.actionGroups.idFor(rule.severity) }],
        })),
      });
    }
    this.ruleGroups = groups;
  }
}
