import type { TerraformStack } from 'cdktf';
import { evaluateStack } from '../../../policies/evaluate';
import { baselinePack } from '../../../policies/packs/baseline';
import { prodPack } from '../../../policies/packs/prod';
import {
  buildEnvironment,
  ENVIRONMENT_NAMES,
  environment,
  resourceAt,
  resourcesOf,
  type StackJson,
  synthStack,
} from '../../helpers/synth';

/** Each environment built once; its operations stack synthesized once, its compute stack only when a test asks. */
const built = new Map<string, { operations: StackJson; computeStack: TerraformStack; compute?: StackJson }>();
function stacksOf(name: string): { operations: StackJson; readonly compute: StackJson } {
  let found = built.get(name);
  if (!found) {
    const { stacks } = buildEnvironment(environment(name));
    found = { operations: synthStack(stacks.operations), computeStack: stacks.compute };
    built.set(name, found);
  }
  const entry = found;
  return {
    operations: entry.operations,
    get compute() {
      entry.compute ??= synthStack(entry.computeStack);
      return entry.compute;
    },
  };
}

/** Terraform references as they appear in the synthesized JSON. */
const SUBSCRIPTION = ['$', '{data.azurerm_subscription.subscription.id}'].join('');
const TEAM = /^\$\{azurerm_monitor_action_group\.action-groups_team_group_[0-9A-F]{8}\.id\}$/;
const ONCALL = /^\$\{azurerm_monitor_action_group\.action-groups_oncall_group_[0-9A-F]{8}\.id\}$/;
/** Another stack's resource id as a stack synthesized alone shows it (the app makes it a remote-state output). */
const idOf = (type: string, path: string) => new RegExp(`^\\$\\{${type}\\.${path}(_[0-9A-F]{8})?\\.id\\}$`);

/** [id, namespace, metric, aggregation, operator, threshold, window, frequency, severity, dimension?] */
type MetricRow = [
  string,
  string,
  string,
  string,
  string,
  number,
  string,
  string,
  number,
  [string, string[]]?,
];

/** Every metric alert each environment must have, written out (not derived from the catalogue). */
function expectedMetricAlerts(name: string): MetricRow[] {
  const rows: MetricRow[] = [
    [
      'eventhubs-server-errors',
      'Microsoft.EventHub/namespaces',
      'ServerErrors',
      'Total',
      'GreaterThan',
      10,
      'PT5M',
      'PT1M',
      1,
    ],
    [
      'eventhubs-throttled',
      'Microsoft.EventHub/namespaces',
      'ThrottledRequests',
      'Total',
      'GreaterThan',
      10,
      'PT5M',
      'PT1M',
      2,
    ],
    [
      'eventhubs-quota-exceeded',
      'Microsoft.EventHub/namespaces',
      'QuotaExceededErrors',
      'Total',
      'GreaterThan',
      0,
      'PT5M',
      'PT1M',
      2,
    ],
    [
      'eventhubs-capture-backlog',
      'Microsoft.EventHub/namespaces',
      'CaptureBacklog',
      'Total',
      'GreaterThan',
      1000,
      'PT15M',
      'PT5M',
      2,
    ],
    [
      'lake-availability',
      'Microsoft.Storage/storageAccounts',
      'Availability',
      'Average',
      'LessThan',
      99.9,
      'PT15M',
      'PT5M',
      1,
    ],
    [
      'lake-latency',
      'Microsoft.Storage/storageAccounts',
      'SuccessServerLatency',
      'Average',
      'GreaterThan',
      1000,
      'PT15M',
      'PT5M',
      2,
    ],
    [
      'lake-authorization-failures',
      'Microsoft.Storage/storageAccounts',
      'Transactions',
      'Total',
      'GreaterThan',
      50,
      'PT15M',
      'PT5M',
      2,
      ['ResponseType', ['AuthorizationError', 'AuthenticationError']],
    ],
    [
      'cosmos-throttled',
      'Microsoft.DocumentDB/databaseAccounts',
      'TotalRequests',
      'Count',
      'GreaterThan',
      100,
      'PT5M',
      'PT1M',
      2,
      ['StatusCode', ['429']],
    ],
    [
      'cosmos-latency',
      'Microsoft.DocumentDB/databaseAccounts',
      'ServerSideLatencyDirect',
      'Average',
      'GreaterThan',
      50,
      'PT15M',
      'PT5M',
      2,
    ],
    [
      'keyvault-availability',
      'Microsoft.KeyVault/vaults',
      'Availability',
      'Average',
      'LessThan',
      99.9,
      'PT15M',
      'PT5M',
      1,
    ],
    [
      'keyvault-access-denied',
      'Microsoft.KeyVault/vaults',
      'ServiceApiResult',
      'Count',
      'GreaterThan',
      10,
      'PT15M',
      'PT5M',
      2,
      ['StatusCode', ['403']],
    ],
    [
      'synapse-pipeline-failures',
      'Microsoft.Synapse/workspaces',
      'IntegrationPipelineRunsEnded',
      'Total',
      'GreaterThan',
      0,
      'PT15M',
      'PT5M',
      3,
      ['Result', ['Failed']],
    ],
    [
      'aks-autoscaler-at-max',
      'Microsoft.ContainerService/managedClusters',
      'cluster_autoscaler_unschedulable_pods_count',
      'Average',
      'GreaterThan',
      0,
      'PT15M',
      'PT5M',
      2,
    ],
    // 80 % of the storage the registry SKU includes: Standard 100 GiB (dev), Premium 500 GiB.
    [
      'registry-storage',
      'Microsoft.ContainerRegistry/registries',
      'StorageUsed',
      'Average',
      'GreaterThan',
      name === 'dev' ? 85899345920 : 429496729600,
      'PT1H',
      'PT1H',
      3,
    ],
  ];
  if (name === 'prod') {
    rows.push(
      [
        'cosmos-normalized-ru',
        'Microsoft.DocumentDB/databaseAccounts',
        'NormalizedRUConsumption',
        'Maximum',
        'GreaterThan',
        90,
        'PT15M',
        'PT5M',
        2,
      ],
      [
        'cosmos-region-failover',
        'Microsoft.DocumentDB/databaseAccounts',
        'RegionFailover',
        'Count',
        'GreaterThan',
        0,
        'PT15M',
        'PT5M',
        1,
      ],
    );
  }
  return rows;
}

/** Which stack and output each metric alert's scope comes from. */
const SCOPES: Readonly<Record<string, RegExp>> = {
  eventhubs: idOf('azurerm_eventhub_namespace', 'streams_namespace'),
  lake: idOf('azurerm_storage_account', 'lake_account'),
  cosmos: idOf('azurerm_cosmosdb_account', 'cosmos_account'),
  keyvault: idOf('azurerm_key_vault', 'key-vault'),
  synapse: idOf('azurerm_synapse_workspace', 'synapse_workspace'),
  aks: idOf('azurerm_kubernetes_cluster', 'aks_cluster'),
  registry: idOf('azurerm_container_registry', 'registry'),
};

describe.each(ENVIRONMENT_NAMES)('%s-operations', (name) => {
  const region = { dev: 'weu', test: 'weu', prod: 'neu' }[name];
  const routeOf = (severity: number) => (name === 'prod' && severity <= 1 ? ONCALL : TEAM);

  test('every metric alert: exact metric, aggregation, threshold, window, scope and action group', () => {
    const { operations } = stacksOf(name);
    const expected = expectedMetricAlerts(name);
    expect(
      resourcesOf(operations, 'azurerm_monitor_metric_alert')
        .map((a) => a.name)
        .sort(),
    ).toEqual(expected.map(([id]) => `alert-lakehouse-${name}-${region}-${id}`).sort());
    for (const [
      id,
      namespace,
      metric,
      aggregation,
      operator,
      threshold,
      window,
      frequency,
      severity,
      dimension,
    ] of expected) {
      const alert = resourceAt(operations, 'azurerm_monitor_metric_alert', `/alerts/${id}`);
      expect(alert).toMatchObject({
        severity,
        window_size: window,
        frequency,
        auto_mitigate: true,
        criteria: [
          {
            metric_namespace: namespace,
            metric_name: metric,
            aggregation,
            operator,
            threshold,
            ...(dimension
              ? { dimension: [{ name: dimension[0], operator: 'Include', values: dimension[1] }] }
              : {}),
          },
        ],
        action: [{ action_group_id: expect.stringMatching(routeOf(severity)) }],
      });
      if (!dimension) expect((alert.criteria as Record<string, unknown>[])[0].dimension).toBeUndefined();
      const scope = SCOPES[id.split('-')[0]];
      expect(alert.scopes).toEqual([expect.stringMatching(scope)]);
      expect(String(alert.description).length).toBeGreaterThan(40);
    }
  });

  test('log-search alerts: exact query, count above threshold, window, workspace scope, action group', () => {
    const { operations } = stacksOf(name);
    const logAlerts = resourcesOf(operations, 'azurerm_monitor_scheduled_query_rules_alert_v2');
    expect(logAlerts.map((a) => a.name).sort()).toEqual(
      [
        'databricks-job-failures',
        'deploy-failures',
        'eventhubs-capture-failures',
        'log-analytics-ingestion-stopped',
      ].map((id) => `alert-lakehouse-${name}-${region}-${id}`),
    );
    const workspace = idOf('azurerm_log_analytics_workspace', 'log-analytics_workspace');
    const query = (id: string) => {
      const alert = resourceAt(operations, 'azurerm_monitor_scheduled_query_rules_alert_v2', `/alerts/${id}`);
      expect(alert.scopes).toEqual([expect.stringMatching(workspace)]);
      expect(alert).toMatchObject({ skip_query_validation: true, location: environment(name).location });
      const [criteria] = alert.criteria as Record<string, unknown>[];
      expect(criteria).toMatchObject({
        time_aggregation_method: 'Count',
        operator: 'GreaterThan',
        threshold: 0,
        failing_periods: { number_of_evaluation_periods: 1, minimum_failing_periods_to_trigger_alert: 1 },
      });
      return { alert, query: String(criteria.query) };
    };
    const capture = query('eventhubs-capture-failures');
    expect(capture.query).toMatch(
      /^AzureDiagnostics\n\| where ResourceProvider == "MICROSOFT\.EVENTHUB" and Category == "ArchiveLogs"\n\| where _ResourceId =~ "\$\{azurerm_eventhub_namespace\.streams_namespace_[0-9A-F]{8}\.id\}"$/,
    );
    expect(capture.alert).toMatchObject({
      window_duration: 'PT15M',
      evaluation_frequency: 'PT5M',
      severity: 2,
    });
    const databricks = query('databricks-job-failures');
    expect(databricks.query).toContain('| where OperationName == "Microsoft.Databricks/jobs/runFailed"');
    expect(databricks.query).toMatch(
      /_ResourceId =~ "\$\{azurerm_databricks_workspace\.databricks_workspace_[0-9A-F]{8}\.id\}"$/,
    );
    const deploy = query('deploy-failures');
    expect(deploy.query).toBe('LakehouseDeployEvents_CL\n| where Result != "succeeded"');
    const ingestion = query('log-analytics-ingestion-stopped');
    expect(ingestion.query).toBe(
      '_LogOperation\n| where Category =~ "Ingestion"\n| where Detail has "OverQuota"',
    );
    expect(ingestion.alert).toMatchObject({ window_duration: 'PT1H', evaluation_frequency: 'PT15M' });
    for (const { action, severity } of logAlerts as {
      action: { action_groups: string[] };
      severity: number;
    }[])
      expect(action.action_groups).toEqual([expect.stringMatching(routeOf(severity))]);
  });

  test('Service Health on the subscription and regions, Resource Health on the resource groups', () => {
    const { operations } = stacksOf(name);
    const incidents = resourceAt(
      operations,
      'azurerm_monitor_activity_log_alert',
      '/alerts/service-health-incidents',
    );
    const regions = name === 'prod' ? ['North Europe', 'West Europe', 'Global'] : ['West Europe', 'Global'];
    expect(incidents).toMatchObject({
      location: 'global',
      scopes: [SUBSCRIPTION],
      criteria: {
        category: 'ServiceHealth',
        service_health: { events: ['Incident', 'Security'], locations: regions },
      },
      action: [{ action_group_id: expect.stringMatching(routeOf(1)) }],
    });
    const advisories = resourceAt(
      operations,
      'azurerm_monitor_activity_log_alert',
      '/alerts/service-health-advisories',
    );
    expect(advisories).toMatchObject({
      criteria: { service_health: { events: ['Maintenance', 'ActionRequired', 'Informational'] } },
      action: [{ action_group_id: expect.stringMatching(TEAM) }],
    });
    const health = resourceAt(operations, 'azurerm_monitor_activity_log_alert', '/alerts/resource-health');
    expect(health.criteria).toEqual({
      category: 'ResourceHealth',
      resource_health: { current: ['Unavailable', 'Degraded'], reason: ['PlatformInitiated', 'Unknown'] },
    });
    expect(health.scopes).toEqual(
      ['network', 'platform', 'data', 'compute'].map((rg) =>
        expect.stringMatching(idOf('azurerm_resource_group', `rg-${rg}`)),
      ),
    );
  });

  test('action groups: the team always, on-call in prod; dev is quiet', () => {
    const groups = resourcesOf(stacksOf(name).operations, 'azurerm_monitor_action_group');
    const team = groups.find((g) => g.name === `ag-lakehouse-${name}-${region}-team`);
    expect(team).toMatchObject({
      short_name: `team-${name}`,
      location: 'global',
      enabled: name !== 'dev',
      email_receiver: [{ email_address: 'data-platform@contoso.com', use_common_alert_schema: true }],
    });
    const oncall = groups.find((g) => g.name === `ag-lakehouse-${name}-${region}-oncall`);
    if (name === 'prod')
      expect(oncall).toMatchObject({
        enabled: true,
        webhook_receiver: [
          { service_uri: 'https://events.pagerduty.com/integration/lakehouse-prod/enqueue' },
        ],
      });
    else expect(oncall).toBeUndefined();
  });

  test('budget: monthly amount, actual 80 % and 100 %, forecast 100 %, to the team, over every resource group', () => {
    const [budget] = resourcesOf(stacksOf(name).operations, 'azurerm_consumption_budget_subscription');
    const amount = { dev: 1500, test: 2500, prod: 20000 }[name];
    const notification = (threshold: number, type: string) => ({
      enabled: true,
      operator: 'GreaterThanOrEqualTo',
      threshold,
      threshold_type: type,
      contact_groups: [expect.stringMatching(TEAM)],
    });
    expect(budget).toMatchObject({
      name: `budget-lakehouse-${name}-${region}`,
      amount,
      time_grain: 'Monthly',
      time_period: { start_date: '2026-01-01T00:00:00Z' },
      subscription_id: SUBSCRIPTION,
      notification: [
        notification(80, 'Actual'),
        notification(100, 'Actual'),
        notification(100, 'Forecasted'),
      ],
    });
    const [filter] = (budget.filter as { dimension: { name: string; values: string[] }[] }).dimension;
    expect(filter.name).toBe('ResourceGroupName');
    expect(filter.values).toEqual(
      ['network', 'platform', 'data', 'compute', 'aks-nodes', 'databricks-managed', 'synapse-managed'].map(
        (rg) => `rg-lakehouse-${name}-${region}-${rg}`,
      ),
    );
  });

  test('managed Prometheus: workspace, rule and endpoint associated with the cluster; metrics add-on on', () => {
    const { operations } = stacksOf(name);
    const cluster = idOf('azurerm_kubernetes_cluster', 'aks_cluster');
    const [rule] = resourcesOf(operations, 'azurerm_monitor_data_collection_rule').filter((r) =>
      String(r.name).endsWith('-prometheus'),
    );
    expect(rule).toMatchObject({
      kind: 'Linux',
      data_flow: [{ streams: ['Microsoft-PrometheusMetrics'], destinations: ['monitor-workspace'] }],
      data_sources: {
        prometheus_forwarder: [{ name: 'PrometheusDataSource', streams: ['Microsoft-PrometheusMetrics'] }],
      },
      destinations: {
        monitor_account: [
          {
            name: 'monitor-workspace',
            monitor_account_id: expect.stringMatching(
              /azurerm_monitor_workspace\.prometheus_workspace_[0-9A-F]{8}\.id/,
            ),
          },
        ],
      },
    });
    const associations = resourcesOf(operations, 'azurerm_monitor_data_collection_rule_association');
    expect(associations.map((a) => a.name).sort()).toEqual([
      'configurationAccessEndpoint',
      'managed-prometheus',
    ]);
    for (const association of associations) expect(association.target_resource_id).toMatch(cluster);
  });

  // The compute stack of dev and prod only (test has dev's AKS settings): synthesizing it is the slow part.
  const clusterOf = (env: string) => resourcesOf(stacksOf(env).compute, 'azurerm_kubernetes_cluster')[0];
  if (name !== 'test')
    test('AKS runs the metrics add-on and keeps Container Insights for the logs', () => {
      const aks = clusterOf(name);
      expect(aks.monitor_metrics).toEqual({});
      expect(aks.oms_agent).toMatchObject({ msi_auth_for_monitoring_enabled: true });
    });

  test('Defender: on in prod (AKS profile, lake malware scanning, subscription plans it owns), off elsewhere', () => {
    const { operations } = stacksOf(name);
    const aks = name === 'test' ? { microsoft_defender: undefined } : clusterOf(name);
    const storage = resourcesOf(operations, 'azurerm_security_center_storage_defender');
    const plans = resourcesOf(operations, 'azurerm_security_center_subscription_pricing');
    if (name !== 'prod') {
      expect(aks.microsoft_defender).toBeUndefined();
      expect(storage).toEqual([]);
      expect(plans).toEqual([]);
      return;
    }
    expect(aks.microsoft_defender).toEqual({
      log_analytics_workspace_id: expect.stringMatching(
        idOf('azurerm_log_analytics_workspace', 'log-analytics_workspace'),
      ),
    });
    expect(storage).toEqual([
      expect.objectContaining({
        storage_account_id: expect.stringMatching(SCOPES.lake),
        override_subscription_settings_enabled: true,
        malware_scanning_on_upload_enabled: true,
        malware_scanning_on_upload_cap_gb_per_month: 5000,
      }),
    ]);
    expect(plans.map((p) => [p.resource_type, p.tier, p.subplan])).toEqual([
      ['Containers', 'Standard', undefined],
      ['StorageAccounts', 'Standard', 'DefenderForStorageV2'],
      ['KeyVaults', 'Standard', 'PerKeyVault'],
      ['CosmosDbs', 'Standard', undefined],
    ]);
    // The sensor comes from each cluster's own profile, never from the plan (it would touch other environments).
    const containers = plans.find((p) => p.resource_type === 'Containers') as {
      extension: { name: string }[];
    };
    expect(containers.extension.map((e) => e.name)).not.toContain('ContainerSensor');
  });

  test('deploy events: table, collection rule on the shared endpoint, the deployer may post, outputs', () => {
    const { operations } = stacksOf(name);
    const [table] = resourcesOf(operations, 'azurerm_log_analytics_workspace_table_custom_log');
    expect(table).toMatchObject({ name: 'LakehouseDeployEvents_CL' });
    expect((table.column as { name: string; type: string }[])[0]).toEqual({
      name: 'TimeGenerated',
      type: 'dateTime',
    });
    const rule = resourceAt(operations, 'azurerm_monitor_data_collection_rule', '/deploy-events/rule');
    expect(rule).toMatchObject({
      data_collection_endpoint_id: expect.stringMatching(
        /azurerm_monitor_data_collection_endpoint\.ingestion-endpoint\.id/,
      ),
      data_flow: [
        {
          streams: ['Custom-LakehouseDeployEvents'],
          output_stream: 'Custom-LakehouseDeployEvents_CL',
          transform_kql: 'source',
        },
      ],
    });
    const [grant] = resourcesOf(operations, 'azurerm_role_assignment');
    expect(grant).toMatchObject({
      role_definition_name: 'Monitoring Metrics Publisher',
      // The configured apply identity: every Deploy and Drift job posts as it.
      principal_id: environment(name).deployers?.apply.principalId,
      scope: expect.stringMatching(/deploy-events_rule_[0-9A-F]{8}\.id/),
    });
    expect(Object.keys(operations.output ?? {}).sort()).toEqual([
      'deploy_events_endpoint',
      'deploy_events_rule_id',
      'deploy_events_stream',
    ]);
  });

  test('the policy packs pass on the operations stack (no finding of any rule)', () => {
    const config = environment(name);
    const result = evaluateStack(stacksOf(name).operations as never, {
      stack: `${name}-operations`,
      config,
      packs: [baselinePack, prodPack],
    });
    expect(result.findings).toEqual([]);
  });
});

test('prod Prometheus rule groups as synthesized: scopes, cluster, interval, each rule with severity, resolution and routed action', () => {
  const json = stacksOf('prod').operations;
  const groups = resourcesOf(json, 'azurerm_monitor_alert_prometheus_rule_group');
  expect(groups.map((g) => g.name)).toEqual(
    ['node', 'pod', 'cluster'].map((g) => `prg-lakehouse-prod-neu-${g}`),
  );
  for (const group of groups) {
    expect(group).toMatchObject({
      location: 'northeurope',
      interval: 'PT1M',
      rule_group_enabled: true,
      cluster_name: expect.stringMatching(
        /^\$\{azurerm_kubernetes_cluster\.aks_cluster_[0-9A-F]{8}\.name\}$/,
      ),
      scopes: [
        expect.stringMatching(/^\$\{azurerm_monitor_workspace\.prometheus_workspace_[0-9A-F]{8}\.id\}$/),
        expect.stringMatching(/^\$\{azurerm_kubernetes_cluster\.aks_cluster_[0-9A-F]{8}\.id\}$/),
      ],
    });
    for (const rule of group.rule as Record<string, unknown>[]) {
      const severity = rule.severity as number;
      expect(rule).toMatchObject({
        enabled: true,
        alert_resolution: { auto_resolved: true, time_to_resolve: 'PT10M' },
        annotations: { description: expect.any(String) },
        action: [
          {
            action_group_id: expect.stringMatching(
              severity <= 1 ? /action-groups_oncall_group_/ : /action-groups_team_group_/,
            ),
          },
        ],
      });
    }
  }
  const notReady = (groups[0].rule as Record<string, unknown>[])[0];
  expect(notReady).toMatchObject({
    alert: 'KubeNodeNotReady',
    expression: 'kube_node_status_condition{job="kube-state-metrics",condition="Ready",status="true"} == 0',
    for: 'PT15M',
    severity: 1,
  });
});
