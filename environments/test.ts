import dev from './dev';
import type { EnvironmentConfig } from './schema';

/** test: prod's network shape (private endpoints, private API server) at dev's sizes, not locked. */
const test: EnvironmentConfig = {
  ...dev,
  name: 'test',
  backend: { resourceGroupName: 'rg-lakehouse-tfstate-test', storageAccountName: 'stlakehousetfstatetest' },
  network: {
    addressSpace: ['10.20.0.0/16'],
    subnets: {
      aks: '10.20.0.0/22',
      databricksHost: '10.20.4.0/26',
      databricksContainer: '10.20.4.64/26',
      privateEndpoints: '10.20.5.0/24',
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
  aks: {
    ...dev.aks,
    sku: 'Standard',
    apiServer: { privateCluster: true },
    upgradeChannel: 'patch',
    nodeOsUpgradeChannel: 'SecurityPatch',
  },
  registry: { sku: 'Premium' },
  operations: {
    team: { emails: ['data-platform@contoso.com'] },
    budget: { monthlyAmount: 2500 },
    defender: { enabled: false },
  },
};

export default test;
