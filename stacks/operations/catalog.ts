import { resolveThresholds } from '../../config/rules/operations';
import type { EnvironmentConfig } from '../../environments/schema';

/**
 * The alert catalogue: every platform alert as plain data (what is watched, how, at which threshold, how urgent,
 * what to do). The operations stack turns it into Azure Monitor resources and the operations summary into a page,
 * so the page always says what is deployed.
 *
 * Metric names, namespaces, aggregations and dimensions: Azure Monitor "Supported metrics" reference of each
 * resource type (learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/...).
 */

/** Azure Monitor severity: 0 critical … 4 verbose. 0–1 page the on-call group where there is one. */
export type Severity = 0 | 1 | 2 | 3 | 4;

/** What an alert watches; the stack maps each target to a resource id. */
export type AlertTarget =
  | 'eventHubs'
  | 'lake'
  | 'cosmos'
  | 'keyVault'
  | 'synapse'
  | 'databricks'
  | 'aks'
  | 'registry'
  | 'logAnalytics'
  | 'resourceGroups'
  | 'subscription'
  | 'deployEvents';

interface AlertBase {
  /** Stable id: the construct id and the end of the Azure name (`alert-<env>-<id>`). Never rename. */
  readonly id: string;
  readonly target: AlertTarget;
  readonly severity: Severity;
  /** What it means and what to do: the alert's description, shown in every notification. */
  readonly description: string;
}

export interface MetricAlertSpec extends AlertBase {
  readonly kind: 'metric';
  readonly namespace: string;
  readonly metric: string;
  readonly aggregation: 'Average' | 'Count' | 'Maximum' | 'Minimum' | 'Total';
  readonly operator: 'GreaterThan' | 'LessThan';
  readonly threshold: number;
  /** ISO 8601 window the aggregation covers. */
  readonly window: string;
  /** How often it is evaluated (≤ window). */
  readonly frequency: string;
  readonly dimension?: { readonly name: string; readonly values: readonly string[] };
}

export interface LogAlertSpec extends AlertBase {
  readonly kind: 'log';
  /** KQL over the environment's Log Analytics workspace; `{resourceId}` stands for the target's id. */
  readonly query: string;
  /** Alerts when the number of rows in the window is greater than this. */
  readonly threshold: number;
  readonly window: string;
  readonly frequency: string;
}

export interface ActivityAlertSpec extends AlertBase {
  readonly kind: 'activity';
  readonly category: 'ServiceHealth' | 'ResourceHealth';
  /** Service health event types, or resource health states. */
  readonly events: readonly string[];
}

export type AlertSpec = MetricAlertSpec | LogAlertSpec | ActivityAlertSpec;

const EVENT_HUBS = 'Microsoft.EventHub/namespaces';
const STORAGE = 'Microsoft.Storage/storageAccounts';
const COSMOS = 'Microsoft.DocumentDB/databaseAccounts';
const KEY_VAULT = 'Microsoft.KeyVault/vaults';
const SYNAPSE = 'Microsoft.Synapse/workspaces';
const AKS = 'Microsoft.ContainerService/managedClusters';
const REGISTRY = 'Microsoft.ContainerRegistry/registries';

/** Storage included in each registry SKU (GiB): beyond it the registry bills per GiB. */
const REGISTRY_INCLUDED_GIB = { Basic: 10, Standard: 100, Premium: 500 } as const;

/** The custom table the pipeline writes deploy and drift results to (see `deploy-events.ts`). */
export const DEPLOY_EVENTS_TABLE = 'LakehouseDeployEvents_CL';

/** Every platform alert of an environment, with its thresholds resolved. */
export function platformAlerts(config: EnvironmentConfig): AlertSpec[] {
  const t = resolveThresholds(config);
  const metric = (spec: Omit<MetricAlertSpec, 'kind'>): MetricAlertSpec => ({ kind: 'metric', ...spec });
  const alerts: AlertSpec[] = [
    // --- Event Hubs -----------------------------------------------------------------------------------------
    metric({
      id: 'eventhubs-server-errors',
      target: 'eventHubs',
      severity: 1,
      namespace: EVENT_HUBS,
      metric: 'ServerErrors',
      aggregation: 'Total',
      operator: 'GreaterThan',
      threshold: t.eventHubsServerErrors,
      window: 'PT5M',
      frequency: 'PT1M',
      description:
        'Event Hubs answers with server errors: producers retry and contract validation falls behind. Check Azure service health for Event Hubs in the region; if it is healthy, open a support case with the namespace and the time window.',
    }),
    metric({
      id: 'eventhubs-throttled',
      target: 'eventHubs',
      severity: 2,
      namespace: EVENT_HUBS,
      metric: 'ThrottledRequests',
      aggregation: 'Total',
      operator: 'GreaterThan',
      threshold: t.eventHubsThrottledRequests,
      window: 'PT5M',
      frequency: 'PT1M',
      description:
        'Event Hubs throttles requests: the namespace is out of throughput (or processing) units. Raise eventHubs.capacity or eventHubs.autoInflateMaxThroughputUnits in the environment file, or find the producer that bursts.',
    }),
    metric({
      id: 'eventhubs-quota-exceeded',
      target: 'eventHubs',
      severity: 2,
      namespace: EVENT_HUBS,
      metric: 'QuotaExceededErrors',
      aggregation: 'Total',
      operator: 'GreaterThan',
      threshold: 0,
      window: 'PT5M',
      frequency: 'PT1M',
      description:
        'An Event Hubs quota is exceeded (connections, consumer groups, receivers per partition or size). The EntityName dimension names the hub; compare with the tier quotas and scale the namespace or fix the client that leaks connections.',
    }),
    metric({
      id: 'eventhubs-capture-backlog',
      target: 'eventHubs',
      severity: 2,
      namespace: EVENT_HUBS,
      metric: 'CaptureBacklog',
      aggregation: 'Total',
      operator: 'GreaterThan',
      threshold: t.eventHubsCaptureBacklog,
      window: 'PT15M',
      frequency: 'PT5M',
      description:
        'Capture into the lake is behind: validated events are not reaching bronze. Check the capture-failures alert and the lake alerts, then the namespace identity role on the bronze file system.',
    }),
    {
      kind: 'log',
      id: 'eventhubs-capture-failures',
      target: 'eventHubs',
      severity: 2,
      // Event Hubs writes ArchiveLogs only for capture errors; its diagnostic setting uses the AzureDiagnostics table.
      query: `AzureDiagnostics\n| where ResourceProvider == "MICROSOFT.EVENTHUB" and Category == "ArchiveLogs"\n| where _ResourceId =~ "{resourceId}"`,
      threshold: 0,
      window: 'PT15M',
      frequency: 'PT5M',
      description:
        'Event Hubs capture failed to write to the lake (ArchiveLogs). Read the failure in the log rows: usually the lake firewall, the bronze file system or the namespace identity role on it.',
    },
    // --- lake (ADLS Gen2) -------------------------------------------------------------------------------------
    metric({
      id: 'lake-availability',
      target: 'lake',
      severity: 1,
      namespace: STORAGE,
      metric: 'Availability',
      aggregation: 'Average',
      operator: 'LessThan',
      threshold: t.lakeAvailabilityPercent,
      window: 'PT15M',
      frequency: 'PT5M',
      description:
        'The lake answers below its availability objective. Check Azure service health for Storage in the region, then the ResponseType of the failing transactions (server errors or throttling).',
    }),
    metric({
      id: 'lake-latency',
      target: 'lake',
      severity: 2,
      namespace: STORAGE,
      metric: 'SuccessServerLatency',
      aggregation: 'Average',
      operator: 'GreaterThan',
      threshold: t.lakeServerLatencyMs,
      window: 'PT15M',
      frequency: 'PT5M',
      description:
        'The lake is slow to serve requests (server latency). Look for a job listing or rewriting many small files (ApiName dimension) and for account throttling.',
    }),
    metric({
      id: 'lake-authorization-failures',
      target: 'lake',
      severity: 2,
      namespace: STORAGE,
      metric: 'Transactions',
      aggregation: 'Total',
      operator: 'GreaterThan',
      threshold: t.lakeAuthorizationFailures,
      window: 'PT15M',
      frequency: 'PT5M',
      dimension: { name: 'ResponseType', values: ['AuthorizationError', 'AuthenticationError'] },
      description:
        'A spike of requests refused for authorization on the lake: a workload lost its role, or something probes the account. The blob logs in Log Analytics (StorageBlobLogs) name the caller; fix its role or block it.',
    }),
    // --- Cosmos DB --------------------------------------------------------------------------------------------
    metric({
      id: 'cosmos-throttled',
      target: 'cosmos',
      severity: 2,
      namespace: COSMOS,
      metric: 'TotalRequests',
      aggregation: 'Count',
      operator: 'GreaterThan',
      threshold: t.cosmosThrottledRequests,
      window: 'PT5M',
      frequency: 'PT1M',
      dimension: { name: 'StatusCode', values: ['429'] },
      description:
        'Cosmos DB throttles requests (429): the workload needs more RU/s than it has. Check normalized RU consumption per partition (a hot partition key) and raise cosmos.autoscaleMaxThroughput if the load is real.',
    }),
    metric({
      id: 'cosmos-latency',
      target: 'cosmos',
      severity: 2,
      namespace: COSMOS,
      metric: 'ServerSideLatencyDirect',
      aggregation: 'Average',
      operator: 'GreaterThan',
      threshold: t.cosmosServerLatencyMs,
      window: 'PT15M',
      frequency: 'PT5M',
      description:
        'Cosmos DB server-side latency is high (direct mode). Look for cross-partition queries and large documents in the CDBDataPlaneRequests logs; check Azure service health for Cosmos DB.',
    }),
  ];
  if (config.cosmos.capacityMode === 'provisioned') {
    alerts.push(
      metric({
        id: 'cosmos-normalized-ru',
        target: 'cosmos',
        severity: 2,
        namespace: COSMOS,
        metric: 'NormalizedRUConsumption',
        aggregation: 'Maximum',
        operator: 'GreaterThan',
        threshold: t.cosmosNormalizedRuPercent,
        window: 'PT15M',
        frequency: 'PT5M',
        description:
          'Cosmos DB runs near its autoscale maximum (normalized RU consumption). Throttling follows: raise cosmos.autoscaleMaxThroughput, or spread a hot partition key (PartitionKeyRangeId dimension).',
      }),
    );
  }
  if (config.cosmos.secondaryLocation) {
    alerts.push(
      metric({
        id: 'cosmos-region-failover',
        target: 'cosmos',
        severity: 1,
        namespace: COSMOS,
        metric: 'RegionFailover',
        aggregation: 'Count',
        operator: 'GreaterThan',
        threshold: 0,
        window: 'PT15M',
        frequency: 'PT5M',
        description:
          'Cosmos DB failed over to its secondary region: writes now go to another region, with more latency for the platform. Check Azure service health for the primary region; fail back once it is healthy.',
      }),
    );
  }
  alerts.push(
    // --- Key Vault --------------------------------------------------------------------------------------------
    metric({
      id: 'keyvault-availability',
      target: 'keyVault',
      severity: 1,
      namespace: KEY_VAULT,
      metric: 'Availability',
      aggregation: 'Average',
      operator: 'LessThan',
      threshold: t.keyVaultAvailabilityPercent,
      window: 'PT15M',
      frequency: 'PT5M',
      description:
        'Key Vault answers below its availability objective: secret rotation on AKS and every service reading keys may fail. Check Azure service health for Key Vault in the region and the vault throttling (ServiceApiResult with 429).',
    }),
    metric({
      id: 'keyvault-access-denied',
      target: 'keyVault',
      severity: 2,
      namespace: KEY_VAULT,
      metric: 'ServiceApiResult',
      aggregation: 'Count',
      operator: 'GreaterThan',
      threshold: t.keyVaultAccessDenied,
      window: 'PT15M',
      frequency: 'PT5M',
      // 403 only: 401 is the normal first answer of the Entra ID challenge every client goes through.
      dimension: { name: 'StatusCode', values: ['403'] },
      description:
        'A spike of requests denied by Key Vault (403). The AzureDiagnostics AuditEvent rows name the caller: a missing role after a change, or someone probing the vault.',
    }),
    // --- Synapse and Databricks -------------------------------------------------------------------------------
    metric({
      id: 'synapse-pipeline-failures',
      target: 'synapse',
      severity: 3,
      namespace: SYNAPSE,
      metric: 'IntegrationPipelineRunsEnded',
      aggregation: 'Total',
      operator: 'GreaterThan',
      threshold: 0,
      window: 'PT15M',
      frequency: 'PT5M',
      dimension: { name: 'Result', values: ['Failed'] },
      description:
        'A Synapse pipeline run failed. Open Synapse Studio > Monitor > Pipeline runs (the Pipeline dimension names it) and rerun once fixed.',
    }),
    {
      kind: 'log',
      id: 'databricks-job-failures',
      target: 'databricks',
      severity: 3,
      // The workspace sends its audit logs (category `jobs`) to the AzureDiagnostics table.
      query: `AzureDiagnostics\n| where ResourceProvider == "MICROSOFT.DATABRICKS" and Category == "jobs"\n| where OperationName == "Microsoft.Databricks/jobs/runFailed"\n| where _ResourceId =~ "{resourceId}"`,
      threshold: 0,
      window: 'PT15M',
      frequency: 'PT5M',
      description:
        'A Databricks job run failed. The log row names the job and run; open it in the workspace (Workflows > Job runs) and repair the run.',
    },
    // --- AKS (platform metric; node, pod and volume health come from the Prometheus rule groups) --------------
    metric({
      id: 'aks-autoscaler-at-max',
      target: 'aks',
      severity: 2,
      namespace: AKS,
      metric: 'cluster_autoscaler_unschedulable_pods_count',
      aggregation: 'Average',
      operator: 'GreaterThan',
      threshold: 0,
      window: 'PT15M',
      frequency: 'PT5M',
      description:
        'Pods stay unschedulable although the cluster autoscaler runs: the node pools are at aks.*Pool.maxCount (or the VM quota is exhausted). Raise maxCount in the environment file or lower the requests.',
    }),
    // --- registry and logs -------------------------------------------------------------------------------------
    metric({
      id: 'registry-storage',
      target: 'registry',
      severity: 3,
      namespace: REGISTRY,
      metric: 'StorageUsed',
      aggregation: 'Average',
      operator: 'GreaterThan',
      // 80 % of the storage the SKU includes, in bytes (the metric is sampled hourly).
      threshold: Math.round(REGISTRY_INCLUDED_GIB[config.registry.sku] * 0.8 * 1024 ** 3),
      window: 'PT1H',
      frequency: 'PT1H',
      description:
        'The container registry uses more than 80 % of the storage its SKU includes; beyond it every GiB is billed. Delete old image tags (acr purge) or raise the SKU.',
    }),
    {
      kind: 'log',
      id: 'log-analytics-ingestion-stopped',
      target: 'logAnalytics',
      severity: 2,
      // The workspace records its own ingestion problems in _LogOperation; OverQuota is the daily cap.
      query: '_LogOperation\n| where Category =~ "Ingestion"\n| where Detail has "OverQuota"',
      threshold: 0,
      window: 'PT1H',
      frequency: 'PT15M',
      description:
        'Log Analytics stopped ingesting for the day: the daily cap (monitoring.dailyQuotaGb) is reached, so every log-search alert is blind until midnight UTC. Raise the cap or find the resource that floods the workspace (Usage table).',
    },
    // --- Azure itself ----------------------------------------------------------------------------------------
    {
      kind: 'activity',
      id: 'service-health-incidents',
      target: 'subscription',
      severity: 1,
      category: 'ServiceHealth',
      events: ['Incident', 'Security'],
      description:
        'Azure reports a service incident or security advisory in the environment regions. Read it in Service Health; follow its mitigation and tell the platform users.',
    },
    {
      kind: 'activity',
      id: 'service-health-advisories',
      target: 'subscription',
      severity: 3,
      category: 'ServiceHealth',
      events: ['Maintenance', 'ActionRequired', 'Informational'],
      description:
        'Azure plans maintenance or needs an action (retirement, upgrade) in the environment regions. Read it in Service Health and plan the change.',
    },
    {
      kind: 'activity',
      id: 'resource-health',
      target: 'resourceGroups',
      severity: 1,
      category: 'ResourceHealth',
      events: ['Unavailable', 'Degraded'],
      description:
        'Azure reports a resource of the environment unavailable or degraded, for a platform reason (this includes the AKS API server). Resource Health on the resource says why and when it is expected back.',
    },
    // --- the deploy path -------------------------------------------------------------------------------------
    {
      kind: 'log',
      id: 'deploy-failures',
      target: 'deployEvents',
      severity: 2,
      query: `${DEPLOY_EVENTS_TABLE}\n| where Result != "succeeded"`,
      threshold: 0,
      window: 'PT15M',
      frequency: 'PT5M',
      description:
        'A Deploy stage failed or a drift run found drift (or failed). The row links the pipeline run: read its log; drift means someone changed Azure by hand or a plan was not applied.',
    },
  );
  return alerts;
}

/** Who gets an alert of a severity: 0–1 page the on-call group when there is one, the rest mail the team. */
export function routeOf(severity: Severity, hasOnCall: boolean): 'oncall' | 'team' {
  return severity <= 1 && hasOnCall ? 'oncall' : 'team';
}
