import { LogAnalyticsWorkspaceTableCustomLog } from '@cdktf/provider-azurerm/lib/log-analytics-workspace-table-custom-log';
import { MonitorDataCollectionRule } from '@cdktf/provider-azurerm/lib/monitor-data-collection-rule';
import { Construct } from 'constructs';
import type { Naming } from '../../naming/names';
import { RoleGrant } from '../constructs/role-assignment';
import { DEPLOY_EVENTS_TABLE } from './catalog';

/** The stream the pipeline posts to (Logs Ingestion API); the table is `LakehouseDeployEvents_CL`. */
export const DEPLOY_EVENTS_STREAM = 'Custom-LakehouseDeployEvents';

/** The columns of a deploy event, as `pipelines/scripts/report-deploy-event.sh` posts them. */
export const DEPLOY_EVENT_COLUMNS: readonly {
  readonly name: string;
  readonly type: 'datetime' | 'string';
}[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Environment', type: 'string' },
  { name: 'Stage', type: 'string' },
  { name: 'Result', type: 'string' },
  { name: 'RunUrl', type: 'string' },
  { name: 'Detail', type: 'string' },
];

export interface DeployEventsProps {
  readonly naming: Naming;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly logAnalyticsWorkspaceId: string;
  readonly dataCollectionEndpointId: string;
  /** The identity that deploys (and so runs the pipeline's report step): it may post events. */
  readonly deployerObjectId: string;
}

/**
 * Where the deploy path reports failures: a custom Log Analytics table fed through the Logs Ingestion API. A
 * failed Deploy stage or drift run posts one row (`pipelines/scripts/report-deploy-event.sh`); the
 * `deploy-failures` log-search alert sends it to the environment's action group.
 *
 * Why a table and not a webhook from the pipeline straight to the receivers: the pipeline would need the
 * receivers' addresses (secrets), could not mail, and would bypass routing, quiet environments and the alert
 * history. With a table, the pipeline holds no notification secret, the same action group and severity routing
 * apply, and every deploy failure is queryable next to the platform's logs.
 *
 * Reach: the agent posts to the endpoint's public ingestion address over HTTPS with an Entra ID token
 * (`https://monitor.azure.com`). Permissions: Monitoring Metrics Publisher on this rule only, granted to the
 * deploying identity (a role assignment takes a few minutes to apply: the first failure after the very first
 * deploy may not be recorded). The grant names a service principal: apply the operations layer from the pipeline
 * (its service connection), not from a person's session. Order: table before rule (the rule's output stream is
 * the table).
 */
export class DeployEvents extends Construct {
  readonly rule: MonitorDataCollectionRule;

  constructor(scope: Construct, id: string, props: DeployEventsProps) {
    super(scope, id);
    const table = new LogAnalyticsWorkspaceTableCustomLog(this, 'table', {
      name: DEPLOY_EVENTS_TABLE,
      workspaceId: props.logAnalyticsWorkspaceId,
      description: 'Deploy and drift results of the azure-lakehouse-kit pipelines',
      // The table API spells the type `dateTime`; the collection rule's stream declaration `datetime`.
      column: DEPLOY_EVENT_COLUMNS.map((column) => ({
        name: column.name,
        type: column.type === 'datetime' ? 'dateTime' : column.type,
      })),
    });
    const destination = 'log-analytics';
    this.rule = new MonitorDataCollectionRule(this, 'rule', {
      name: props.naming.dataCollectionRule('deploy-events'),
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      description: 'Deploy and drift results posted by the pipelines (Logs Ingestion API)',
      dataCollectionEndpointId: props.dataCollectionEndpointId,
      streamDeclaration: [
        {
          streamName: DEPLOY_EVENTS_STREAM,
          column: DEPLOY_EVENT_COLUMNS.map((column) => ({ name: column.name, type: column.type })),
        },
      ],
      destinations: {
        logAnalytics: [{ name: destination, workspaceResourceId: props.logAnalyticsWorkspaceId }],
      },
      dataFlow: [
        {
          streams: [DEPLOY_EVENTS_STREAM],
          destinations: [destination],
          outputStream: `Custom-${DEPLOY_EVENTS_TABLE}`,
          transformKql: 'source',
        },
      ],
      dependsOn: [table],
    });
    new RoleGrant(this, 'deployer-posts-events', {
      scope: this.rule.id,
      role: 'Monitoring Metrics Publisher',
      principalId: props.deployerObjectId,
      description: 'The deploying pipeline identity posts deploy and drift results (Logs Ingestion API)',
    });
  }
}
