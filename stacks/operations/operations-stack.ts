import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { DataAzurermSubscription } from '@cdktf/provider-azurerm/lib/data-azurerm-subscription';
import { MonitorDataCollectionEndpoint } from '@cdktf/provider-azurerm/lib/monitor-data-collection-endpoint';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import type { FoundationStack } from '../foundation/foundation-stack';
import { LayerStack, type LayerStackProps } from '../layer-stack';
import { PlatformActionGroups } from './action-groups';
import { EnvironmentBudget } from './budget';
import { type AlertTarget, platformAlerts } from './catalog';
import { EnvironmentDefender } from './defender';
import { DEPLOY_EVENTS_STREAM, DeployEvents } from './deploy-events';
import { ManagedPrometheus } from './managed-prometheus';
import { PlatformAlerts } from './platform-alerts';
import { prometheusRuleGroups } from './prometheus-rules';
import { serviceHealthLocations } from './service-health-regions';

/** A resource this layer only needs the ARM id of. */
interface HasId {
  readonly id: string;
}

/** What operations reads from the data layer (`DataStack` has these fields). */
export interface OperationsDataInputs {
  readonly lake: { readonly account: HasId };
  readonly streams: { readonly namespace: HasId };
}

/** What operations reads from the analytics layer (`AnalyticsStack`). */
export interface OperationsAnalyticsInputs {
  readonly cosmos: { readonly account: HasId };
  readonly synapse: { readonly workspace: HasId };
  readonly databricks: { readonly workspace: HasId };
}

/** What operations reads from the compute layer (`ComputeStack`). */
export interface OperationsComputeInputs {
  readonly aks: { readonly cluster: HasId & { readonly name: string } };
  readonly registry: { readonly registry: HasId };
}

export interface OperationsStackProps extends LayerStackProps {
  readonly foundation: FoundationStack;
  readonly data: OperationsDataInputs;
  readonly analytics: OperationsAnalyticsInputs;
  readonly compute: OperationsComputeInputs;
}

/**
 * `<env>-operations`, the last layer: the platform tells its owners when something is wrong, and what it costs.
 * Action groups from config (severity routing), the alert catalogue (`catalog.ts`) as metric, log-search and
 * activity-log alerts, managed Prometheus for AKS with its rule groups, the monthly budget, Microsoft Defender and
 * the table the pipelines report deploy failures to. Everything lives in the platform resource group and watches
 * the other layers' resources by cross-stack reference, so it deploys after them and can be destroyed alone.
 *
 * Outputs: `deploy_events_endpoint`, `deploy_events_rule_id`, `deploy_events_stream` for the pipelines' report
 * step (`pipelines/scripts/report-deploy-event.sh`); no secrets.
 */
export class OperationsStack extends LayerStack {
  readonly actionGroups: PlatformActionGroups;
  readonly alerts: PlatformAlerts;
  readonly prometheus: ManagedPrometheus;
  readonly budget: EnvironmentBudget;
  readonly defender?: EnvironmentDefender;

  constructor(scope: Construct, props: OperationsStackProps) {
    super(scope, 'operations', props);
    const { config, naming } = this;
    const { foundation, data, analytics, compute } = props;
    const resourceGroupName = foundation.resourceGroups.platform.name;
    const location = config.location;
    const subscriptionId = new DataAzurermSubscription(this, 'subscription', {}).id;

    this.actionGroups = new PlatformActionGroups(this, 'action-groups', {
      config,
      naming,
      resourceGroupName,
    });

    const targets: Partial<Record<AlertTarget, string>> = {
      eventHubs: data.streams.namespace.id,
      lake: data.lake.account.id,
      cosmos: analytics.cosmos.account.id,
      keyVault: foundation.keyVault.vault.id,
      synapse: analytics.synapse.workspace.id,
      databricks: analytics.databricks.workspace.id,
      aks: compute.aks.cluster.id,
      registry: compute.registry.registry.id,
      logAnalytics: foundation.logAnalyticsWorkspaceId,
    };

    // One endpoint for both ingestion paths: the Prometheus add-on and the pipelines' deploy events.
    const endpoint = new MonitorDataCollectionEndpoint(this, 'ingestion-endpoint', {
      name: naming.dataCollectionEndpoint('ingestion'),
      resourceGroupName,
      location,
      kind: 'Linux',
      description: 'Ingestion for managed Prometheus and the deploy events (azure-lakehouse-kit)',
    });

    const deployEvents = new DeployEvents(this, 'deploy-events', {
      naming,
      resourceGroupName,
      location,
      logAnalyticsWorkspaceId: foundation.logAnalyticsWorkspaceId,
      dataCollectionEndpointId: endpoint.id,
      // The pipeline's apply identity posts the events (every Deploy and Drift job runs as it); without
      // `deployers` in the config, whoever applies this stack (a second apply by someone else would move it).
      deployerObjectId:
        config.deployers?.apply.principalId ?? new DataAzurermClientConfig(this, 'deployer').objectId,
    });
    targets.deployEvents = deployEvents.rule.id;

    this.alerts = new PlatformAlerts(this, 'alerts', {
      naming,
      alerts: platformAlerts(config),
      actionGroups: this.actionGroups,
      resourceGroupName,
      location,
      logAnalyticsWorkspaceId: foundation.logAnalyticsWorkspaceId,
      targets,
      subscriptionId,
      resourceGroupIds: Object.values(foundation.resourceGroups).map((group) => group.id),
      serviceHealthLocations: serviceHealthLocations(
        config.cosmos.secondaryLocation ? [location, config.cosmos.secondaryLocation] : [location],
      ),
    });

    this.prometheus = new ManagedPrometheus(this, 'prometheus', {
      naming,
      resourceGroupName,
      location,
      clusterId: compute.aks.cluster.id,
      clusterName: compute.aks.cluster.name,
      dataCollectionEndpointId: endpoint.id,
      ruleGroups: prometheusRuleGroups(config),
      actionGroups: this.actionGroups,
    });

    this.budget = new EnvironmentBudget(this, 'budget', {
      config,
      naming,
      subscriptionId,
      resourceGroupNames: [
        ...(['network', 'platform', 'data', 'compute'] as const).map((key) => naming.resourceGroup(key)),
        naming.kubernetesNodeResourceGroup(),
        naming.databricksManagedResourceGroup(),
        naming.synapseManagedResourceGroup(),
      ],
      actionGroupId: this.actionGroups.team.id,
    });

    if (config.operations.defender.enabled) {
      this.defender = new EnvironmentDefender(this, 'defender', {
        config,
        lakeAccountId: data.lake.account.id,
      });
    }

    new TerraformOutput(this, 'deploy_events_endpoint', {
      value: endpoint.logsIngestionEndpoint,
      description: 'Logs Ingestion endpoint the pipelines post deploy and drift results to.',
      staticId: true,
    });
    new TerraformOutput(this, 'deploy_events_rule_id', {
      value: deployEvents.rule.immutableId,
      description: 'Immutable id of the data collection rule of the deploy events.',
      staticId: true,
    });
    new TerraformOutput(this, 'deploy_events_stream', {
      value: DEPLOY_EVENTS_STREAM,
      description: 'Stream name of the deploy events.',
      staticId: true,
    });
  }
}
