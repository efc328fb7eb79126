import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { contractOf } from '../../config/contracts/load';
import { RoleGrant } from '../constructs/role-assignment';
import type { FoundationStack } from '../foundation/foundation-stack';
import { LayerStack, type LayerStackProps } from '../layer-stack';
import { AzapiProvider } from './azapi';
import { ContractAlerts } from './contract-alerts';
import { EventStreams } from './event-streams';
import { DataLake, LAKE_FILE_SYSTEMS } from './lake';

export interface DataStackProps extends LayerStackProps {
  readonly foundation: FoundationStack;
}

/**
 * `<env>-data`: the lake (ADLS Gen2, medallion file systems) and the event streams with their data contracts
 * (Event Hubs), in the foundation's data resource group, network and private DNS zones.
 *
 * No keys, connection strings or SAS anywhere: both services accept Entra ID only, and the outputs are names and
 * ids. Workload identities get their roles on single hubs and schema groups in the compute layer, which owns them.
 */
export class DataStack extends LayerStack {
  readonly lake: DataLake;
  readonly streams: EventStreams;
  /** Per domain: the SLA alerts of its data contract and their action group. */
  readonly contractAlerts: Readonly<Record<string, ContractAlerts>>;

  constructor(scope: Construct, props: DataStackProps) {
    super(scope, 'data', props);
    const { config, naming } = this;
    const { foundation } = props;
    const subnets = foundation.network.subnets;
    const zones = foundation.privateDnsZoneIds;
    const resourceGroupName = foundation.resourceGroups.data.name;
    // AKS (the contract validator, model serving) and both Databricks subnets reach the lake and the streams.
    const allowedSubnetIds = [subnets.aks.id, subnets.databricksHost.id, subnets.databricksContainer.id];

    this.lake = new DataLake(this, 'lake', {
      config,
      naming,
      resourceGroupName,
      logAnalyticsWorkspaceId: foundation.logAnalyticsWorkspaceId,
      // Plus the deployment agents, by subnet: storage IP rules do not apply to same-region clients, so the NAT
      // address would silently not match (the agents subnet has the Microsoft.Storage service endpoint for this).
      allowedSubnetIds: [...allowedSubnetIds, subnets.agents.id],
      // The analytics layer's Databricks access connector (same resource group, name from the naming module): a
      // resource instance rule may name a resource that does not exist yet, so the lake needs nothing from later
      // layers. Unity Catalog's external locations (<env>-lakehouse) validate their access through it.
      trustedResourceIds: [
        `${foundation.resourceGroups.data.id}/providers/Microsoft.Databricks/accessConnectors/${naming.databricksAccessConnector()}`,
      ],
      privateEndpoint: zones
        ? { subnetId: subnets.privateEndpoints.id, dnsZoneIds: { dfs: zones.dfs, blob: zones.blob } }
        : undefined,
    });

    this.streams = new EventStreams(this, 'streams', {
      config,
      naming,
      resourceGroupName,
      logAnalyticsWorkspaceId: foundation.logAnalyticsWorkspaceId,
      allowedSubnetIds,
      agentEgressIp: foundation.agentEgressIp,
      privateEndpoint: zones
        ? { subnetId: subnets.privateEndpoints.id, dnsZoneId: zones.servicebus }
        : undefined,
      capture: {
        storageAccountId: this.lake.account.id,
        fileSystem: this.lake.fileSystems.bronze,
        quarantine: this.lake.fileSystems.quarantine,
      },
      azapi: new AzapiProvider(this, 'azapi', {
        subscriptionId: config.subscriptionId,
        tenantId: config.tenantId,
      }),
    });

    const contractAlerts: Record<string, ContractAlerts> = {};
    for (const domain of config.eventHubs.domains) {
      contractAlerts[domain.name] = new ContractAlerts(this, `contract-alerts-${domain.name}`, {
        contract: contractOf(domain.name),
        naming,
        resourceGroupName,
        namespaceId: this.streams.namespace.id,
        // A broken contract in prod pages; elsewhere it informs.
        severity: config.protection.preventDestroy ? 1 : 3,
      });
    }
    this.contractAlerts = contractAlerts;

    // The pipeline registers the contracts' schema versions in this namespace's registry (Rollout job,
    // pipelines/scripts/register-schemas.js, data plane): the apply identity may write schemas in the kit's schema
    // groups, and only there. Granted with the groups, a job before the first registration runs, under no lock.
    const deployer = config.deployers?.apply.principalId;
    if (deployer) {
      // Domains may share a group (Standard allows one): one grant per group, Azure refuses duplicates.
      for (const schemaGroup of new Set(Object.values(this.streams.schemaGroups))) {
        new RoleGrant(this, `deployer-schema-registration-${schemaGroup.node.id}`, {
          scope: schemaGroup.id,
          role: 'Schema Registry Contributor (Preview)',
          principalId: deployer,
          description:
            "The apply identity registers the data contracts' schema versions (promotion pipeline)",
        });
      }
    }

    // Names and ids for pipelines and charts; never keys or connection strings.
    const output = (id: string, value: unknown, description: string) =>
      new TerraformOutput(this, id, { value, description });
    output('lake_account_name', this.lake.account.name, 'The data lake (ADLS Gen2) storage account.');
    output('lake_account_id', this.lake.account.id, 'ARM id of the data lake storage account.');
    output('lake_dfs_endpoint', this.lake.account.primaryDfsEndpoint, 'The lake DFS endpoint (abfss).');
    output('lake_file_systems', [...LAKE_FILE_SYSTEMS], 'The lake file systems (containers).');
    output('event_hubs_namespace_name', this.streams.namespace.name, 'The Event Hubs namespace.');
    output('event_hubs_namespace_id', this.streams.namespace.id, 'ARM id of the Event Hubs namespace.');
    output('event_hub_names', Object.keys(this.streams.hubs), 'Every event hub (Kafka topic).');
    output('schema_group_names', Object.keys(this.streams.schemaGroups), 'Schema groups, one per domain.');
  }
}
