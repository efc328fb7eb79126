import type { EnvironmentConfig } from './schema';

/** dev: cheap and open enough to work in. Public endpoints stay on but behind default-deny firewalls. */
const dev: EnvironmentConfig = {
  name: 'dev',
  location: 'westeurope',
  project: 'lakehouse',
  tags: { 'cost-center': 'data-platform', owner: 'platform-team' },
  protection: { preventDestroy: false, managementLocks: false },
  // Remote state for the pipelines; remove it to keep state in local files (terraform.<stack>.tfstate).
  backend: { resourceGroupName: 'rg-lakehouse-tfstate-dev', storageAccountName: 'stlakehousetfstatedev' },
  network: {
    addressSpace: ['10.10.0.0/16'],
    subnets: {
      aks: '10.10.0.0/22',
      databricksHost: '10.10.4.0/26',
      databricksContainer: '10.10.4.64/26',
      privateEndpoints: '10.10.5.0/24',
    },
    privateEndpoints: false,
    allowedIpRanges: ['203.0.113.0/24'],
  },
  monitoring: { retentionDays: 30, dailyQuotaGb: 5 },
  keyVault: { sku: 'standard', softDeleteRetentionDays: 7 },
  lake: {
    replication: 'LRS',
    softDeleteRetentionDays: 7,
    lifecycle: { landingToCoolAfterDays: 7, bronzeToCoolAfterDays: 30, landingDeleteAfterDays: 30 },
  },
  eventHubs: {
    sku: 'Standard',
    capacity: 1,
    // Each domain's schema, compatibility, owners and SLA are its contract in contracts/<name>/: only sizing here.
    domains: [
      {
        name: 'orders',
        partitions: 2,
        retentionHours: 24,
        capture: { intervalSeconds: 300, sizeLimitBytes: 314572800 },
      },
      {
        name: 'telemetry',
        partitions: 2,
        retentionHours: 24,
        capture: { intervalSeconds: 300, sizeLimitBytes: 314572800 },
      },
    ],
  },
  cosmos: {
    capacityMode: 'serverless',
    consistencyLevel: 'Session',
    backup: 'Continuous7Days',
    zoneRedundant: false,
    databaseName: 'serving',
    containers: [
      { name: 'features', partitionKey: '/entityId', ttlSeconds: 604800 },
      { name: 'predictions', partitionKey: '/entityId', ttlSeconds: 86400, excludedPaths: ['/payload/*'] },
    ],
  },
  synapse: {
    sqlAdminGroup: {
      name: 'sg-lakehouse-synapse-admins-dev',
      objectId: '11111111-1111-4111-8111-111111111111',
    },
    dataExfiltrationProtection: false,
    firewallRules: [{ name: 'office', startIp: '203.0.113.0', endIp: '203.0.113.255' }],
    sparkPool: { nodeSize: 'Small', minNodes: 3, maxNodes: 3, autoPauseMinutes: 15, sparkVersion: '3.4' },
  },
  databricks: { privateLink: false, infrastructureEncryption: false },
  aks: {
    sku: 'Free',
    systemPool: { vmSize: 'Standard_D2s_v5', minCount: 1, maxCount: 2 },
    userPool: { vmSize: 'Standard_D4s_v5', minCount: 1, maxCount: 3 },
    zones: [],
    networkPolicy: 'cilium',
    apiServer: { privateCluster: false, authorizedIpRanges: ['203.0.113.0/24'] },
    adminGroupObjectIds: ['22222222-2222-4222-8222-222222222222'],
    upgradeChannel: 'rapid',
    nodeOsUpgradeChannel: 'NodeImage',
    maintenanceWindow: { dayOfWeek: 'Tuesday', startHour: 2, durationHours: 4 },
  },
  registry: { sku: 'Standard' },
  kubernetes: {
    storageClasses: [{ name: 'lakehouse-ssd', skuName: 'StandardSSD_LRS', reclaimPolicy: 'Delete' }],
  },
  workloads: [
    {
      name: 'contract-validator',
      kind: 'contract-validator',
      namespace: 'streaming',
      serviceAccount: 'contract-validator',
      image: 'contract-validator:1.4.2',
      replicas: 1,
      resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      storage: { size: '10Gi', storageClass: 'lakehouse-ssd', mountPath: '/var/lib/validator' },
      port: 8080,
      access: {
        eventHubs: [
          { hub: 'orders-raw', role: 'receive' },
          { hub: 'orders-validated', role: 'send' },
          { hub: 'orders-deadletter', role: 'send' },
          { hub: 'telemetry-raw', role: 'receive' },
          { hub: 'telemetry-validated', role: 'send' },
          { hub: 'telemetry-deadletter', role: 'send' },
        ],
        schemaGroups: ['orders', 'telemetry'],
        consumerGroup: 'contract-validator',
      },
    },
    {
      name: 'model-serving',
      kind: 'model-serving',
      namespace: 'serving',
      serviceAccount: 'model-serving',
      image: 'model-serving:2.0.1',
      replicas: 1,
      autoscaling: { minReplicas: 1, maxReplicas: 2, targetCpuPercent: 70 },
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
      storage: { size: '20Gi', storageClass: 'lakehouse-ssd', mountPath: '/var/cache/models' },
      port: 8080,
      // The applications that ask for predictions run here; nothing else may reach the model server.
      callers: ['apps'],
      access: {
        cosmosContainers: [
          { container: 'features', role: 'reader' },
          { container: 'predictions', role: 'contributor' },
        ],
      },
    },
  ],
};

export default dev;
