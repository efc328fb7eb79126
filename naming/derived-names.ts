import type { EnvironmentConfig } from '../environments/schema';
import { type DerivedName, Naming } from './names';

/**
 * Every Azure name an environment will use, with its kind, so the validator can check them all against Azure's
 * rules before anything is synthesized. Each field says which config field the name comes from.
 * When a layer names something new, list it here too (the naming test checks every name of every environment).
 */
export interface BlamedName extends DerivedName {
  /** The config field(s) to change to fix the name. */
  readonly field: string;
}

export function derivedNames(config: EnvironmentConfig): BlamedName[] {
  const naming = new Naming(config);
  const env = 'project/name/location';
  const names: BlamedName[] = [
    ...['network', 'platform', 'data', 'compute'].map(
      (purpose): BlamedName => ({ kind: 'resourceGroup', name: naming.resourceGroup(purpose), field: env }),
    ),
    { kind: 'generic', name: naming.natGateway(), field: env },
    { kind: 'generic', name: naming.natGatewayPublicIp(), field: env },
    { kind: 'devCenter', name: naming.devCenter(), field: env },
    { kind: 'devCenter', name: naming.devCenterProject(), field: env },
    { kind: 'devOpsPool', name: naming.agentPool(), field: env },
    { kind: 'virtualNetwork', name: naming.virtualNetwork(), field: env },
    { kind: 'logAnalyticsWorkspace', name: naming.logAnalyticsWorkspace(), field: env },
    { kind: 'keyVault', name: naming.keyVault(), field: 'project/name' },
    { kind: 'storageAccount', name: naming.storageAccount(), field: 'project/name' },
    { kind: 'eventHubsNamespace', name: naming.eventHubsNamespace(), field: 'project/name' },
    { kind: 'cosmosAccount', name: naming.cosmosAccount(), field: 'project/name' },
    { kind: 'synapseWorkspace', name: naming.synapseWorkspace(), field: 'project/name' },
    { kind: 'databricksWorkspace', name: naming.databricksWorkspace(), field: env },
    { kind: 'resourceGroup', name: naming.databricksManagedResourceGroup(), field: env },
    { kind: 'databricksWorkspace', name: naming.databricksAccessConnector(), field: env },
    { kind: 'resourceGroup', name: naming.synapseManagedResourceGroup(), field: env },
    { kind: 'synapseSparkPool', name: naming.synapseSparkPool(), field: env },
    ...analyticsEndpointNames(naming).map(
      (name): BlamedName => ({ kind: 'privateEndpoint', name, field: env }),
    ),
    { kind: 'containerRegistry', name: naming.containerRegistry(), field: 'project/name' },
    { kind: 'kubernetesCluster', name: naming.kubernetesCluster(), field: env },
    { kind: 'resourceGroup', name: naming.kubernetesNodeResourceGroup(), field: env },
    { kind: 'kubernetesCluster', name: naming.kubernetesDnsPrefix(), field: env },
    { kind: 'generic', name: naming.dataCollectionRule('container-insights'), field: env },
  ];
  if (config.backend && typeof config.backend === 'object') {
    // Only the derived ones: explicit names are checked by the environment rule, against the field that sets them.
    if (config.backend.resourceGroupName === undefined)
      names.push({ kind: 'resourceGroup', name: naming.stateResourceGroup(), field: env });
    if (config.backend.storageAccountName === undefined)
      names.push({ kind: 'storageAccount', name: naming.stateStorageAccount(), field: 'project/name' });
  }
  for (const purpose of ['system', 'workloads']) {
    names.push({ kind: 'nodePool', name: naming.nodePool(purpose), field: env });
    names.push({ kind: 'nodePool', name: naming.nodePoolRotation(purpose), field: env });
  }
  for (const purpose of ['aks', 'databricks-host', 'databricks-container', 'private-endpoints', 'agents']) {
    names.push({ kind: 'networkSecurityGroup', name: naming.networkSecurityGroup(purpose), field: env });
  }
  for (const purpose of ['aks-control-plane', 'aks-kubelet']) {
    names.push({ kind: 'managedIdentity', name: naming.managedIdentity(purpose), field: env });
  }
  const domains = Array.isArray(config.eventHubs?.domains) ? config.eventHubs.domains : [];
  domains.forEach((domain, i) => {
    if (typeof domain?.name !== 'string') return;
    for (const stage of ['raw', 'validated', 'deadletter'] as const) {
      names.push({
        kind: 'eventHub',
        name: naming.eventHub(domain.name, stage),
        field: `eventHubs.domains[${i}].name`,
      });
    }
    names.push({
      kind: 'schemaGroup',
      name: naming.schemaGroup(domain.name, config.eventHubs.sku),
      field: `eventHubs.domains[${i}].name`,
    });
  });
  for (const [target, sub] of [
    [naming.storageAccount(), 'dfs'],
    [naming.storageAccount(), 'blob'],
    [naming.eventHubsNamespace(), 'namespace'],
  ]) {
    names.push({ kind: 'privateEndpoint', name: naming.privateEndpoint(target, sub), field: 'project/name' });
  }
  const workloads = Array.isArray(config.workloads) ? config.workloads : [];
  workloads.forEach((workload, i) => {
    if (typeof workload?.name !== 'string') return;
    names.push({
      kind: 'managedIdentity',
      name: naming.managedIdentity(workload.name),
      field: `workloads[${i}].name`,
    });
    const consumerGroup = workload.access?.consumerGroup;
    if (typeof consumerGroup === 'string') {
      names.push({
        kind: 'consumerGroup',
        name: consumerGroup,
        field: `workloads[${i}].access.consumerGroup`,
      });
    }
    // Federated credential names follow the managed identity rules (Entra ID: 3–120 characters).
    names.push({
      kind: 'managedIdentity',
      name: naming.federatedCredential(workload.name),
      field: `workloads[${i}].name`,
    });
  });
  return names;
}

/** The private endpoints (and Synapse managed private endpoints) of the analytics layer. */
function analyticsEndpointNames(naming: Naming): string[] {
  return [
    naming.privateEndpoint(naming.cosmosAccount(), 'Sql'),
    ...['Sql', 'SqlOnDemand', 'Dev'].map((sub) => naming.privateEndpoint(naming.synapseWorkspace(), sub)),
    naming.privateEndpoint(naming.databricksWorkspace(), 'databricks_ui_api'),
    naming.privateEndpoint(naming.databricksWorkspace(), 'browser_authentication'),
    ...['dfs', 'blob'].map((sub) => naming.managedPrivateEndpoint(naming.storageAccount(), sub)),
  ];
}
