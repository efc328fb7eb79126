import type { EnvironmentConfig } from './schema';

/** dev: cheap and open enough to work in. Public endpoints stay on but behind default-deny firewalls. */
const dev: EnvironmentConfig = {
  name: 'dev',
  location: 'westeurope',
  project: 'lakehouse',
  tags: { 'cost-center': 'data-platform', owner: 'platform-team' },
  protection: { preventDestroy: false, managementLocks: false },
  // Remote state for the pipelines, names derived with the naming suffix (naming/state-backend.ts: resource group
  // rg-<project>-<env>-<region>-tfstate, account st<project><env>tf<suffix>). Set resourceGroupName and
  // storageAccountName only to use an existing account; remove backend to keep state in local files.
  backend: {},
  // The service connections' identities (object ids); `npm run bootstrap` gives them their roles (docs/deployers.md).
  deployers: {
    apply: { principalId: 'a1a1a1a1-0000-4000-8000-00000000de01' },
    plan: { principalId: 'b2b2b2b2-0000-4000-8000-00000000de02' },
  },
  network: {
    addressSpace: ['10.10.0.0/16'],
    subnets: {
      aks: '10.10.0.0/22',
      databricksHost: '10.10.4.0/26',
      databricksContainer: '10.10.4.64/26',
      privateEndpoints: '10.10.5.0/24',
      agents: '10.10.6.0/27',
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
  lakehouse: {
    // No metastoreId: the workspace uses westeurope's automatically provisioned Unity Catalog metastore.
    groups: {
      dataEngineers: 'sg-lakehouse-data-engineers-dev',
      analysts: 'sg-lakehouse-analysts-dev',
      modelServing: 'sg-lakehouse-model-serving-dev',
    },
    compute: {
      nodeTypes: ['Standard_D4ds_v5', 'Standard_E4ds_v5'],
      runtimeVersions: ['15.4.x-scala2.12'],
      maxWorkers: 4,
      autoTerminationMinutes: 30,
    },
    sqlWarehouse: { size: '2X-Small', serverless: true, maxClusters: 1, autoStopMinutes: 10 },
  },
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
  // The pool that runs dev's Plan, Apply, Rollout and drift jobs (docs/agents.md); its NAT address is added to
  // every dev allow-list by the stacks, never typed here.
  agents: {
    organizationUrl: 'https://dev.azure.com/contoso',
    projects: ['lakehouse'],
    maximumConcurrency: 2,
    devOpsInfrastructurePrincipalId: '66666666-6666-4666-8666-666666666666',
  },
  workloads: [
    {
      name: 'contract-validator',
      kind: 'contract-validator',
      namespace: 'streaming',
      serviceAccount: 'contract-validator',
      image: 'contract-validator:1.4.2',
      replicas: 1,
      resources: {
        requests: { cpu: '250m', memory: '512Mi', ephemeralStorage: '1Gi' },
        limits: { cpu: '1', memory: '1Gi', ephemeralStorage: '2Gi' },
      },
      // Replaying the offsets spill can take minutes after a crash.
      timing: { startupSeconds: 300, preStopDelaySeconds: 5, shutdownSeconds: 60, livenessTimeoutSeconds: 3 },
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
      resources: {
        requests: { cpu: '500m', memory: '1Gi', ephemeralStorage: '1Gi' },
        limits: { cpu: '2', memory: '2Gi', ephemeralStorage: '2Gi' },
      },
      // Behind a Service: wait for the endpoints to drop the pod before SIGTERM, so no request is cut off.
      timing: {
        startupSeconds: 300,
        preStopDelaySeconds: 10,
        shutdownSeconds: 60,
        livenessTimeoutSeconds: 3,
      },
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
  // Quiet: alerts fire and show in the portal, nobody is mailed. No Defender (its cost is per resource).
  operations: {
    team: { emails: ['data-platform@contoso.com'] },
    notify: false,
    budget: { monthlyAmount: 1500 },
    defender: { enabled: false },
  },
};

export default dev;
