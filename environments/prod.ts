import dev from './dev';
import type { EnvironmentConfig } from './schema';

/** prod: zone-redundant, private only, protected against deletion, sized for load. */
const prod: EnvironmentConfig = {
  name: 'prod',
  location: 'northeurope',
  project: 'lakehouse',
  tags: { 'cost-center': 'data-platform', owner: 'platform-team', criticality: 'high' },
  protection: { preventDestroy: true, managementLocks: true },
  backend: { containerName: 'tfstate' },
  deployers: {
    apply: { principalId: 'a1a1a1a1-0000-4000-8000-000000009d01' },
    plan: { principalId: 'b2b2b2b2-0000-4000-8000-000000009d02' },
  },
  network: {
    addressSpace: ['10.30.0.0/16'],
    subnets: {
      aks: '10.30.0.0/21',
      databricksHost: '10.30.8.0/24',
      databricksContainer: '10.30.9.0/24',
      privateEndpoints: '10.30.10.0/24',
      agents: '10.30.11.0/26',
    },
    privateEndpoints: true,
  },
  monitoring: { retentionDays: 365 },
  keyVault: { sku: 'premium', softDeleteRetentionDays: 90 },
  lake: {
    replication: 'GZRS',
    softDeleteRetentionDays: 30,
    lifecycle: { landingToCoolAfterDays: 30, bronzeToCoolAfterDays: 90 },
  },
  eventHubs: {
    sku: 'Premium',
    capacity: 1,
    domains: dev.eventHubs.domains.map((domain) => ({
      ...domain,
      partitions: 8,
      retentionHours: 168,
      capture: { intervalSeconds: 300, sizeLimitBytes: 524288000 },
    })),
  },
  cosmos: {
    ...dev.cosmos,
    capacityMode: 'provisioned',
    autoscaleMaxThroughput: 4000,
    backup: 'Continuous30Days',
    zoneRedundant: true,
    secondaryLocation: 'westeurope',
  },
  synapse: {
    sqlAdminGroup: {
      name: 'sg-lakehouse-synapse-admins-prod',
      objectId: '44444444-4444-4444-8444-444444444444',
    },
    dataExfiltrationProtection: true,
    firewallRules: [],
  },
  databricks: { privateLink: true, infrastructureEncryption: true, enhancedSecurity: true },
  lakehouse: {
    groups: {
      dataEngineers: 'sg-lakehouse-data-engineers-prod',
      analysts: 'sg-lakehouse-analysts-prod',
      modelServing: 'sg-lakehouse-model-serving-prod',
    },
    compute: {
      nodeTypes: ['Standard_D8ds_v5', 'Standard_E8ds_v5'],
      runtimeVersions: ['15.4.x-scala2.12'],
      maxWorkers: 16,
      autoTerminationMinutes: 20,
    },
    sqlWarehouse: { size: 'Small', serverless: true, maxClusters: 4, autoStopMinutes: 10 },
  },
  aks: {
    sku: 'Standard',
    systemPool: { vmSize: 'Standard_D4s_v5', minCount: 3, maxCount: 5 },
    // One pool per zone (counts per zone): drains and scale-out stay in the zone the pod needs.
    userPool: { vmSize: 'Standard_D8s_v5', minCount: 1, maxCount: 4, perZone: true },
    hostEncryption: true,
    // The workloads reach Entra ID by name, not every public address on 443 (FQDN filtering).
    containerNetworkSecurity: true,
    zones: ['1', '2', '3'],
    networkPolicy: 'cilium',
    apiServer: { privateCluster: true },
    adminGroupObjectIds: ['55555555-5555-4555-8555-555555555555'],
    upgradeChannel: 'patch',
    nodeOsUpgradeChannel: 'SecurityPatch',
    maintenanceWindow: { dayOfWeek: 'Sunday', startHour: 1, durationHours: 4 },
  },
  registry: { sku: 'Premium', zoneRedundant: true },
  kubernetes: {
    storageClasses: [{ name: 'lakehouse-ssd', skuName: 'Premium_ZRS', reclaimPolicy: 'Retain' }],
  },
  agents: { ...dev.agents, maximumConcurrency: 4 },
  workloads: dev.workloads.map((workload) =>
    workload.kind === 'model-serving'
      ? {
          ...workload,
          replicas: 3,
          autoscaling: { minReplicas: 3, maxReplicas: 10, targetCpuPercent: 60 },
          storage: { ...workload.storage, size: '50Gi' },
        }
      : { ...workload, replicas: 4 },
  ),
  operations: {
    team: {
      emails: ['data-platform@contoso.com'],
      webhooks: ['https://contoso.webhook.office.com/webhookb2/data-platform'],
    },
    // Severity 0–1 page the on-call rotation (an on-call tool's alert webhook, common alert schema).
    onCall: { webhooks: ['https://events.pagerduty.com/integration/lakehouse-prod/enqueue'] },
    budget: { monthlyAmount: 20000 },
    // prod owns the subscription's Defender plans: no other environment in its subscription may (docs/operations.md).
    defender: { enabled: true, ownsSubscriptionPlans: true },
  },
};

export default prod;
