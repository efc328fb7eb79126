import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { Aspects, AzurermBackend, LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../environments/schema';
import { Naming } from '../naming/names';
import { stateBackend } from '../naming/state-backend';
import { TagResources } from './constructs/tags';

export type Layer = 'foundation' | 'data' | 'analytics' | 'lakehouse' | 'compute' | 'operations';

/** The layers in deployment order: each may use what the ones before it created. */
export const LAYERS: readonly Layer[] = [
  'foundation',
  'data',
  'analytics',
  'lakehouse',
  'compute',
  'operations',
];

export interface LayerStackProps {
  readonly config: EnvironmentConfig;
}

/** The stack that creates the state storage itself; it keeps its own state locally (see stacks/state). */
export type BootstrapLayer = 'state';

/**
 * One environment's layer as its own Terraform stack, `<env>-<layer>`, with its own state file.
 *
 * Sets up what every layer needs the same way: the azurerm provider with Entra ID data-plane auth, the state
 * backend (local, or azurerm `<env>/<stack>.tfstate` when the environment names one) and tags on everything.
 */
export abstract class LayerStack extends TerraformStack {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  /** The tags every resource of the stack gets. */
  readonly tags: Readonly<Record<string, string>>;

  protected constructor(scope: Construct, layer: Layer | BootstrapLayer, props: LayerStackProps) {
    const { config } = props;
    super(scope, `${config.name}-${layer}`);
    this.config = config;
    this.naming = new Naming(config);
    this.tags = {
      ...config.tags,
      project: config.project,
      environment: config.name,
      'managed-by': 'azure-lakehouse-kit',
      // Cost analysis splits the bill per layer by this tag (per workload on AKS: its cost analysis add-on).
      layer,
    };

    new AzurermProvider(this, 'azurerm', {
      features: [
        {
          // Never purge a soft-deleted vault on destroy (purge protection forbids it anyway) and recover one
          // that a previous destroy left behind instead of failing on the name.
          keyVault: [{ purgeSoftDeleteOnDestroy: false, recoverSoftDeletedKeyVaults: true }],
          resourceGroup: [{ preventDeletionIfContainsResources: true }],
          // Storage accounts through the management plane only: a private lake (public network access off) stays
          // manageable from a pipeline agent outside the VNet (no blob/queue endpoint reads on refresh).
          storage: [{ dataPlaneAvailable: false }],
        },
      ],
      // Storage data plane (file systems, lifecycle, containers) through Entra ID: shared keys stay off.
      storageUseAzuread: true,
      subscriptionId: config.subscriptionId,
      tenantId: config.tenantId,
    });

    const stackName = `${config.name}-${layer}`;
    const backend = stateBackend(config);
    if (backend && layer !== 'state') {
      // Authenticates with Entra ID; in pipelines ARM_USE_OIDC=true makes it use workload identity federation.
      new AzurermBackend(this, {
        resourceGroupName: backend.resourceGroupName,
        storageAccountName: backend.storageAccountName,
        containerName: backend.containerName,
        key: `${config.name}/${stackName}.tfstate`,
        subscriptionId: backend.subscriptionId,
        tenantId: backend.tenantId,
        useAzureadAuth: true,
      });
    } else {
      new LocalBackend(this, { path: `terraform.${stackName}.tfstate` });
    }

    Aspects.of(this).add(new TagResources(this.tags));
  }
}
