import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../environments/schema';
import type { Naming } from '../../naming/names';
import { protect } from '../constructs/protection';

export interface LogAnalyticsProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  readonly resourceGroupName: string;
}

/** The workspace every diagnostic setting of the environment writes to. Entra ID auth only (no shared keys). */
export class LogAnalytics extends Construct {
  readonly workspace: LogAnalyticsWorkspace;

  constructor(scope: Construct, id: string, props: LogAnalyticsProps) {
    super(scope, id);
    const { config } = props;
    this.workspace = new LogAnalyticsWorkspace(this, 'workspace', {
      name: props.naming.logAnalyticsWorkspace(),
      location: config.location,
      resourceGroupName: props.resourceGroupName,
      sku: 'PerGB2018',
      retentionInDays: config.monitoring.retentionDays,
      dailyQuotaGb: config.monitoring.dailyQuotaGb ?? -1,
      localAuthenticationEnabled: false,
    });
    protect(this.workspace, config.protection);
  }
}
