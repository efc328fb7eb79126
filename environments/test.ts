import dev from './dev';
import type { EnvironmentConfig } from './schema';

/** test: prod's network shape (private endpoints, private API server) at dev's sizes, not locked. */
const test: EnvironmentConfig = {
  ...dev,
  name: 'test',
  // Remote state, names derived (naming/state-backend.ts); remove it to keep state in local files.
  backend: {},
  deployers: {
    apply: { principalId: 'a1a1a1a1-0000-4000-8000-000000007e01' },
    plan: { principalId: 'b2b2b2b2-0000-4000-8000-000000007e02' },
  },
  network: {
    addressSpace: ['10.20.0.0/16'],
    subnets: {
      aks: '10.20.0.0/22',
      databricksHost: '10.20.4.0/26',
      databricksContainer: '10.20.4.64/26',
      privateEndpoints: '10.20.5.0/24',
      agents: '10.20.6.0/27',
    },
    privateEndpoints: true,
  },
  monitoring: { retentionDays: 60 },
  lake: { ...dev.lake, replication: 'ZRS', softDeleteRetentionDays: 14 },
  synapse: {
    ...dev.synapse,
    sqlAdminGroup: {
      name: 'sg-lakehouse-synapse-admins-test',
      objectId: '33333333-3333-4333-8333-333333333333',
    },
    dataExfiltrationProtection: true,
    firewallRules: [],
  },
  databricks: { privateLink: true, infrastructureEncryption: false },
  lakehouse: {
    ...dev.lakehouse,
    groups: {
      dataEngineers: 'sg-lakehouse-data-engineers-test',
      analysts: 'sg-lakehouse-analysts-test',
      modelServing: 'sg-lakehouse-model-serving-test',
    },
  },
  aks: {
    ...dev.aks,
    sku: 'Standard',
    apiServer: { privateCluster: true },
    upgradeChannel: 'patch',
    nodeOsUpgradeChannel: 'SecurityPatch',
    // As prod: the Entra ID FQDN policy is exercised here before it reaches prod.
    containerNetworkSecurity: true,
  },
  registry: { sku: 'Premium' },
  operations: {
    team: { emails: ['data-platform@contoso.com'] },
    budget: { monthlyAmount: 2500 },
    defender: { enabled: false },
  },
};

export default test;
