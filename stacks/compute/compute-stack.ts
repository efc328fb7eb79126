import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { RoleGrant } from '../constructs/role-assignment';
import type { FoundationStack } from '../foundation/foundation-stack';
import { LayerStack, type LayerStackProps } from '../layer-stack';
import { AksCluster } from './aks';
import { PlatformRegistry } from './registry';
import { WorkloadIdentity, type WorkloadTargets } from './workload-identity';

/** What the compute layer reads from the data layer (`DataStack` has it). */
export interface ComputeDataInputs {
  readonly streams: Pick<WorkloadTargets, 'hubs' | 'schemaGroups'>;
}

/** What the compute layer reads from the analytics layer (`AnalyticsStack` has it). */
export interface ComputeAnalyticsInputs {
  readonly cosmos: WorkloadTargets['cosmos'];
}

export interface ComputeStackProps extends LayerStackProps {
  readonly foundation: FoundationStack;
  /** The event hubs and schema groups that workloads are granted access to. */
  readonly data: ComputeDataInputs;
  /** The Cosmos DB containers that workloads are granted access to. */
  readonly analytics: ComputeAnalyticsInputs;
}

/**
 * `<env>-compute`: the AKS cluster, the container registry it pulls from, and one Entra ID workload identity per
 * configured workload.
 *
 * Outputs (no secrets; there is no kubeconfig output, access goes through Entra ID):
 * `aks_cluster_name`, `aks_resource_group_name`, `acr_login_server` and `workload_client_ids`
 * (workload name → client id), which the Kubernetes manifests take through `npm run synth -- --outputs`.
 */
export class ComputeStack extends LayerStack {
  readonly aks: AksCluster;
  readonly registry: PlatformRegistry;
  /** One Entra ID workload identity per configured workload, by workload name. */
  readonly workloadIdentities: Readonly<Record<string, WorkloadIdentity>>;

  constructor(scope: Construct, props: ComputeStackProps) {
    super(scope, 'compute', props);
    const { config, naming } = this;
    const { foundation } = props;
    const resourceGroupName = foundation.resourceGroups.compute.name;
    const zones = foundation.privateDnsZoneIds;

    this.registry = new PlatformRegistry(this, 'registry', {
      config,
      naming,
      resourceGroupName,
      logAnalyticsWorkspaceId: foundation.logAnalyticsWorkspaceId,
      agentEgressIp: foundation.agentEgressIp,
      privateEndpoint: zones
        ? { subnetId: foundation.network.subnets.privateEndpoints.id, dnsZoneId: zones.acr }
        : undefined,
    });

    this.aks = new AksCluster(this, 'aks', {
      config,
      naming,
      resourceGroupName,
      subnetId: foundation.network.subnets.aks.id,
      logAnalyticsWorkspaceId: foundation.logAnalyticsWorkspaceId,
      tenantId: foundation.tenantId,
      controlPlaneIdentity: foundation.identities.aksControlPlane,
      kubeletIdentity: foundation.identities.aksKubelet,
      privateDnsZoneId: zones?.aks,
      agentEgressIp: foundation.agentEgressIp,
    });

    // The Rollout job (the apply identity, Entra ID through kubelogin) fetches the kubeconfig and applies the
    // manifests as an ApplySet, whose parent's CustomResourceDefinition and the namespaces are cluster-scoped:
    // Cluster User for the credentials, RBAC Cluster Admin for the apply (Azure RBAC for Kubernetes). Granted with
    // the cluster; the rollout runs minutes later, and a first rollout refused while they propagate succeeds on a
    // rerun of the job. The cluster carries no lock, so removing `deployers` removes them.
    const deployer = config.deployers?.apply.principalId;
    if (deployer) {
      for (const [id, role] of [
        ['deployer-cluster-user', 'Azure Kubernetes Service Cluster User Role'],
        ['deployer-cluster-admin', 'Azure Kubernetes Service RBAC Cluster Admin'],
      ] as const) {
        new RoleGrant(this, id, {
          scope: this.aks.cluster.id,
          role,
          principalId: deployer,
          description: 'The apply identity rolls out the manifests (promotion pipeline, Rollout job)',
        });
      }
    }

    // The nodes pull images with the kubelet identity; nothing else gets a registry role.
    this.registry.grantPull(
      this,
      'kubelet-pulls-images',
      foundation.identities.aksKubelet.principalId,
      'AKS nodes (kubelet identity) pull workload images',
    );

    const targets: WorkloadTargets = { ...props.data.streams, cosmos: props.analytics.cosmos };
    const identities: Record<string, WorkloadIdentity> = {};
    for (const workload of config.workloads) {
      identities[workload.name] = new WorkloadIdentity(this, `workload-${workload.name}`, {
        workload,
        naming,
        location: config.location,
        resourceGroupName,
        oidcIssuerUrl: this.aks.cluster.oidcIssuerUrl,
        targets,
      });
    }
    this.workloadIdentities = identities;

    new TerraformOutput(this, 'aks_cluster_name', { value: this.aks.cluster.name, staticId: true });
    new TerraformOutput(this, 'aks_resource_group_name', {
      value: this.aks.cluster.resourceGroupName,
      staticId: true,
    });
    new TerraformOutput(this, 'acr_login_server', {
      value: this.registry.registry.loginServer,
      staticId: true,
    });
    new TerraformOutput(this, 'workload_client_ids', {
      description:
        'Client id of each workload identity, by workload name (for the service account annotations)',
      value: Object.fromEntries(
        Object.entries(identities).map(([name, identity]) => [name, identity.clientId]),
      ),
      staticId: true,
    });
  }
}
