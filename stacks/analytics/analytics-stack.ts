import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
import type { Construct } from 'constructs';
import { RandomProvider } from '../constructs/random-password';
import { TimeProvider } from '../constructs/time-sleep';
import { AzapiProvider } from '../data/azapi';
import { contractHubs, DATABRICKS_CONSUMER_GROUP } from '../data/contracts';
import type { FoundationStack } from '../foundation/foundation-stack';
import { LayerStack, type LayerStackProps } from '../layer-stack';
import { ServingCosmos } from './cosmos';
import { LakehouseDatabricks } from './databricks';
import { AnalyticsSynapse, SYNAPSE_FILE_SYSTEM } from './synapse';

/** A resource this layer only needs the ARM id of. */
interface HasId {
  readonly id: string;
}

/**
 * What this layer uses from `<env>-data` (the `DataStack` has these fields): the lake account and its file
 * systems, and the event hubs with their consumer groups (keyed `<hub>/<group>`).
 */
export interface AnalyticsDataInputs {
  readonly lake: {
    readonly account: HasId;
    readonly fileSystems: Readonly<Record<string, HasId>>;
  };
  readonly streams: {
    readonly hubs: Readonly<Record<string, HasId>>;
    readonly consumerGroups: Readonly<Record<string, unknown>>;
  };
}

export interface AnalyticsStackProps extends LayerStackProps {
  readonly foundation: FoundationStack;
  readonly data: AnalyticsDataInputs;
}

/**
 * `<env>-analytics`: the serving store (Cosmos DB), the SQL/Spark workspace on the lake (Synapse) and the
 * lakehouse engine (Databricks), all in the `data` resource group, behind private endpoints where the environment
 * uses them, with their identities granted narrow data roles on the lake and the event hubs.
 */
export class AnalyticsStack extends LayerStack {
  readonly cosmos: ServingCosmos;
  readonly synapse: AnalyticsSynapse;
  readonly databricks: LakehouseDatabricks;

  constructor(scope: Construct, props: AnalyticsStackProps) {
    super(scope, 'analytics', props);
    const { config, naming } = this;
    const { foundation, data } = props;
    const network = foundation.network;
    const zones = foundation.privateDnsZoneIds;
    const peSubnetId = network.subnets.privateEndpoints.id;
    const common = {
      config,
      naming,
      resourceGroupName: foundation.resourceGroups.data.name,
      logAnalyticsWorkspaceId: foundation.logAnalyticsWorkspaceId,
    };

    this.cosmos = new ServingCosmos(this, 'cosmos', {
      ...common,
      allowedSubnetIds: [network.subnets.aks.id],
      agentEgressIp: foundation.agentEgressIp,
      privateEndpoint: zones ? { subnetId: peSubnetId, dnsZoneId: zones.cosmosSql } : undefined,
    });

    this.synapse = new AnalyticsSynapse(this, 'synapse', {
      ...common,
      tenantId: foundation.tenantId,
      keyVaultId: foundation.keyVault.vault.id,
      agentEgressIp: zones ? undefined : foundation.agentEgressIp,
      providers: {
        azapi: new AzapiProvider(this, 'azapi', {
          subscriptionId: config.subscriptionId,
          tenantId: config.tenantId,
        }),
        random: new RandomProvider(this, 'random'),
        time: new TimeProvider(this, 'time'),
      },
      lakeAccountId: data.lake.account.id,
      fileSystemId: fileSystem(data, SYNAPSE_FILE_SYSTEM).id,
      privateEndpoint: zones
        ? { subnetId: peSubnetId, sqlDnsZoneId: zones.synapseSql, devDnsZoneId: zones.synapseDev }
        : undefined,
    });

    this.databricks = new LakehouseDatabricks(this, 'databricks', {
      ...common,
      vnet: {
        virtualNetworkId: network.virtualNetwork.id,
        hostSubnetName: network.subnets.databricksHost.name,
        containerSubnetName: network.subnets.databricksContainer.name,
        hostNsgAssociationId: nsgAssociationId(foundation, 'databricks-host'),
        containerNsgAssociationId: nsgAssociationId(foundation, 'databricks-container'),
      },
      fileSystemIds: Object.fromEntries(
        Object.entries(data.lake.fileSystems).map(([name, fs]) => [name, fs.id]),
      ),
      validatedHubIds: validatedHubIds(this, data),
      privateEndpoint:
        zones && config.databricks.privateLink
          ? {
              subnetId: peSubnetId,
              dnsZoneId: zones.databricks,
              storageDnsZoneIds: { blob: zones.blob, dfs: zones.dfs },
            }
          : undefined,
    });
  }
}

function fileSystem(data: AnalyticsDataInputs, name: string): HasId {
  const found = data.lake.fileSystems[name];
  if (!found) throw new Error(`AnalyticsStack: the data layer has no '${name}' lake file system.`);
  return found;
}

/** Every domain's `-validated` hub, which the data layer gives a `databricks` consumer group. */
function validatedHubIds(stack: AnalyticsStack, data: AnalyticsDataInputs): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const { name: hub, stage } of contractHubs(stack.config, stack.naming)) {
    if (stage !== 'validated') continue;
    const found = data.streams.hubs[hub];
    if (!found || data.streams.consumerGroups[`${hub}/${DATABRICKS_CONSUMER_GROUP}`] === undefined) {
      throw new Error(
        `AnalyticsStack: the data layer has no hub '${hub}' with consumer group '${DATABRICKS_CONSUMER_GROUP}'.`,
      );
    }
    ids[hub] = found.id;
  }
  return ids;
}

/**
 * The NSG association of a foundation subnet. Databricks takes the association ids (not the NSG ids) so that it
 * is created only once the NSG is in place; the foundation names them `nsg-association-<purpose>`.
 */
function nsgAssociationId(foundation: FoundationStack, purpose: string): string {
  const association = foundation.network.node.tryFindChild(`nsg-association-${purpose}`);
  if (!(association instanceof SubnetNetworkSecurityGroupAssociation)) {
    throw new Error(`AnalyticsStack: the foundation network has no NSG association for subnet '${purpose}'.`);
  }
  return association.id;
}
