import { DevCenter } from '@cdktf/provider-azurerm/lib/dev-center';
import { DevCenterProject } from '@cdktf/provider-azurerm/lib/dev-center-project';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../environments/schema';
import type { Naming } from '../../naming/names';
import { AzapiTrackedResource } from '../constructs/azapi-extras';
import { RoleGrant } from '../constructs/role-assignment';
import type { AzapiProvider } from '../data/azapi';

/** The Managed DevOps Pools API version: the newest GA one the azapi provider's embedded schemas know. */
export const DEVOPS_POOL_TYPE = 'Microsoft.DevOpsInfrastructure/pools@2025-01-21';
/** Azure Pipelines' own Ubuntu image, with the hosted agents' tools (az, node, kubectl come from the jobs). */
export const AGENT_IMAGE = 'ubuntu-24.04/latest';
export const DEFAULT_AGENT_VM_SIZE = 'Standard_D2ads_v5';

/**
 * The order that creates the pool before it is needed (docs/agents.md): `<env>-state` and `<env>-foundation` run
 * from Microsoft-hosted agents once (the foundation creates the pool), every later job runs on the pool. So the
 * foundation must stay deployable from outside the VNet: management plane only, none of these data-plane types
 * (a test checks every environment's foundation against this list).
 */
export const HOSTED_BOOTSTRAP_LAYER = 'foundation';
export const DATA_PLANE_TYPES: readonly string[] = [
  'azurerm_key_vault_secret',
  'azurerm_key_vault_key',
  'azurerm_key_vault_certificate',
  'azurerm_storage_data_lake_gen2_filesystem',
  'azurerm_storage_blob',
  'azurerm_storage_share',
  'azurerm_storage_queue',
  'azurerm_storage_table',
  'azurerm_synapse_managed_private_endpoint',
  'azurerm_synapse_role_assignment',
  'azurerm_synapse_linked_service',
  'azurerm_synapse_sql_pool',
];

export interface DeploymentAgentsProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  readonly azapi: AzapiProvider;
  /** The `platform` resource group (id and name). */
  readonly resourceGroup: { readonly id: string; readonly name: string };
  readonly virtualNetworkId: string;
  /** The `agents` subnet, delegated to Microsoft.DevOpsInfrastructure/pools, leaving through the NAT gateway. */
  readonly subnetId: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The environment's deployment agents: a Managed DevOps Pool (`Naming.agentPool()`, also its Azure DevOps agent
 * pool name) of stateless Ubuntu VMs on the `agents` subnet, inside the VNet, so that Plan, Apply, Rollout and
 * drift reach private endpoints, the private AKS API server and (in dev) every firewall that allows the NAT
 * address. Why Managed DevOps Pools rather than a VM scale set pool, and the order that creates the pool before
 * it is needed: docs/agents.md.
 *
 * - plane: all management plane (ARM); the pool registers itself in Azure DevOps with the deploying identity,
 *   which must be allowed to create agent pools in the organization (docs/agents.md).
 * - reach: ARM only, so the first apply runs from Microsoft-hosted agents (bootstrap), later ones on the pool.
 * - permissions: the `DevOpsInfrastructure` service principal joins VMs to the subnet: Network Contributor on the
 *   VNet (Microsoft's documented requirement); the pool retries while that assignment propagates.
 * - second apply: azapi compares only the properties in `body`; every one is set from config, nothing computed.
 */
export class DeploymentAgents extends Construct {
  readonly devCenter: DevCenter;
  readonly project: DevCenterProject;
  readonly pool: AzapiTrackedResource;

  constructor(scope: Construct, id: string, props: DeploymentAgentsProps) {
    super(scope, id);
    const { config, naming } = props;
    const agents = config.agents;

    // Managed DevOps Pools belong to a dev center project; the dev center holds nothing else (no catalogs,
    // no dev boxes), so it needs no identity.
    this.devCenter = new DevCenter(this, 'dev-center', {
      name: naming.devCenter(),
      resourceGroupName: props.resourceGroup.name,
      location: config.location,
    });
    this.project = new DevCenterProject(this, 'project', {
      name: naming.devCenterProject(),
      resourceGroupName: props.resourceGroup.name,
      location: config.location,
      devCenterId: this.devCenter.id,
      description: `Deployment agents of ${config.name}`,
    });

    const networkGrant = new RoleGrant(this, 'devops-infrastructure-network', {
      scope: props.virtualNetworkId,
      role: 'Network Contributor',
      principalId: agents.devOpsInfrastructurePrincipalId,
      description: `Managed DevOps Pools: join ${naming.agentPool()} agents to the agents subnet`,
    });

    this.pool = new AzapiTrackedResource(this, 'pool', {
      provider: props.azapi,
      type: DEVOPS_POOL_TYPE,
      name: naming.agentPool(),
      parentId: props.resourceGroup.id,
      location: config.location,
      tags: props.tags,
      body: {
        properties: {
          devCenterProjectResourceId: this.project.id,
          maximumConcurrency: agents.maximumConcurrency,
          organizationProfile: {
            kind: 'AzureDevOps',
            organizations: [
              {
                url: agents.organizationUrl,
                projects: [...agents.projects],
                parallelism: agents.maximumConcurrency,
              },
            ],
            // Pool permissions follow the organization's agent pool security, not only the creating identity.
            permissionProfile: { kind: 'Inherit' },
          },
          // A fresh VM per job: nothing (plan files, tokens, kubeconfigs) outlives the job that made it.
          agentProfile: { kind: 'Stateless' },
          fabricProfile: {
            kind: 'Vmss',
            sku: { name: agents.vmSize ?? DEFAULT_AGENT_VM_SIZE },
            images: [{ wellKnownImageName: AGENT_IMAGE }],
            osProfile: { logonType: 'Service' },
            storageProfile: { osDiskStorageAccountType: 'StandardSSD' },
            networkProfile: { subnetId: props.subnetId },
          },
        },
      },
      dependsOn: [networkGrant.assignment],
      // Role assignments take minutes to reach the service: retry the create while it is refused for that.
      retry: {
        errorMessageRegex: ['(?i)(authoriz|permission|forbidden|does not have)'],
        intervalSeconds: 20,
        maxIntervalSeconds: 120,
      },
    });
  }

  /** The pool's Azure DevOps name (the pipelines' `pool: name:` of this environment's deploy jobs). */
  get poolName(): string {
    return this.pool.name;
  }
}
