import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { Construct } from 'constructs';

export interface DiagnosticsProps {
  /** The resource whose logs and metrics are collected. */
  readonly targetResourceId: string;
  /** The Log Analytics workspace that receives them. */
  readonly logAnalyticsWorkspaceId: string;
  /**
   * Log category groups to send.
   * @default ['allLogs']
   */
  readonly logCategoryGroups?: readonly string[];
  /**
   * Individual log categories, for resources that have no category groups (then set `logCategoryGroups: []`).
   * @default []
   */
  readonly logCategories?: readonly string[];
  /**
   * Send the `AllMetrics` metric category. Turn off for resources that have no metrics.
   * @default true
   */
  readonly metrics?: boolean;
  /**
   * The metric categories to send when `metrics` is on, for resources that refuse `AllMetrics` (storage accounts
   * accept only `Capacity` and `Transaction`).
   * @default ['AllMetrics']
   */
  readonly metricCategories?: readonly string[];
  /**
   * `Dedicated` writes to resource-specific tables; only for resources that support them (otherwise Azure
   * ignores it and Terraform shows a diff on every plan).
   * @default - the AzureDiagnostics table
   */
  readonly destinationType?: 'Dedicated' | 'AzureDiagnostics';
}

/**
 * Sends a resource's logs and metrics to the platform's Log Analytics workspace.
 * One per monitored resource; every stateful or network-facing resource of the kit gets one.
 */
export class Diagnostics extends Construct {
  readonly setting: MonitorDiagnosticSetting;

  constructor(scope: Construct, id: string, props: DiagnosticsProps) {
    super(scope, id);
    const groups = props.logCategoryGroups ?? ['allLogs'];
    const categories = props.logCategories ?? [];
    if (groups.length === 0 && categories.length === 0 && props.metrics === false) {
      throw new Error(
        `Diagnostics ${this.node.path}: nothing to collect. Fix: keep metrics on or name log categories.`,
      );
    }
    this.setting = new MonitorDiagnosticSetting(this, 'setting', {
      name: 'to-log-analytics',
      targetResourceId: props.targetResourceId,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      logAnalyticsDestinationType: props.destinationType,
      enabledLog: [
        ...groups.map((categoryGroup) => ({ categoryGroup })),
        ...categories.map((category) => ({ category })),
      ],
      enabledMetric:
        props.metrics === false
          ? undefined
          : (props.metricCategories ?? ['AllMetrics']).map((category) => ({ category })),
    });
  }
}
