import { MonitorDataCollectionRule } from '@cdktf/provider-azurerm/lib/monitor-data-collection-rule';
import { MonitorDataCollectionRuleAssociation } from '@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association';
import { Construct } from 'constructs';

export interface ContainerInsightsProps {
  /** Name of the data collection rule (from the naming module). */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** The AKS cluster whose monitoring add-on (`oms_agent` with managed identity auth) reads this rule. */
  readonly clusterId: string;
  readonly logAnalyticsWorkspaceId: string;
}

/** The stream group of Container Insights: ContainerLogV2, KubeEvents, KubePodInventory, Perf, InsightsMetrics, ... */
export const CONTAINER_INSIGHTS_STREAM = 'Microsoft-ContainerInsights-Group-Default';

/**
 * What Container Insights collects and where it sends it. With managed identity auth (the workspace accepts no
 * shared keys) the monitoring add-on reads its configuration from a data collection rule associated with the
 * cluster; without this rule and association the agent runs but sends nothing.
 */
export class ContainerInsights extends Construct {
  readonly rule: MonitorDataCollectionRule;

  constructor(scope: Construct, id: string, props: ContainerInsightsProps) {
    super(scope, id);
    const destination = 'log-analytics';
    this.rule = new MonitorDataCollectionRule(this, 'rule', {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      kind: 'Linux',
      description: 'Container Insights for the AKS cluster (azure-lakehouse-kit)',
      destinations: {
        logAnalytics: [{ name: destination, workspaceResourceId: props.logAnalyticsWorkspaceId }],
      },
      dataFlow: [{ streams: [CONTAINER_INSIGHTS_STREAM], destinations: [destination] }],
      dataSources: {
        extension: [
          {
            name: 'ContainerInsightsExtension',
            extensionName: 'ContainerInsights',
            streams: [CONTAINER_INSIGHTS_STREAM],
            extensionJson: JSON.stringify({
              dataCollectionSettings: {
                interval: '1m',
                namespaceFilteringMode: 'Off',
                enableContainerLogV2: true,
              },
            }),
          },
        ],
      },
    });
    new MonitorDataCollectionRuleAssociation(this, 'association', {
      name: 'ContainerInsightsExtension',
      targetResourceId: props.clusterId,
      dataCollectionRuleId: this.rule.id,
      description: 'Container Insights data collection for this cluster',
    });
  }
}
