import {
  CosmosdbAccount,
  type CosmosdbAccountBackup,
  type CosmosdbAccountConsistencyPolicy,
} from '@cdktf/provider-azurerm/lib/cosmosdb-account';
import { CosmosdbSqlContainer } from '@cdktf/provider-azurerm/lib/cosmosdb-sql-container';
import { CosmosdbSqlDatabase } from '@cdktf/provider-azurerm/lib/cosmosdb-sql-database';
import { Construct } from 'constructs';
import type { CosmosConfig, CosmosRole, EnvironmentConfig } from '../../environments/schema';
import type { Naming } from '../../naming/names';
import { publicAllowList } from '../constructs/allow-list';
import { Diagnostics } from '../constructs/diagnostics';
import { PrivateEndpointFor } from '../constructs/private-endpoint';
import { protect } from '../constructs/protection';
import { CosmosDataGrant } from './cosmos-data-grant';

export interface ServingCosmosProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  readonly resourceGroupName: string;
  readonly logAnalyticsWorkspaceId: string;
  /**
   * The deployment agents' egress address (`FoundationStack.agentEgressIp`), let through the firewall while public
   * access is on (dev). @default - only `network.allowedIpRanges`
   */
  readonly agentEgressIp?: string;
  /** Subnets let through the firewall by their `Microsoft.AzureCosmosDB` service endpoint (AKS nodes). */
  readonly allowedSubnetIds: readonly string[];
  /**
   * A private endpoint (sub-resource `Sql`) in this subnet, registered in this zone; public network access off.
   * @default - public network access on, behind the firewall (`network.allowedIpRanges` and `allowedSubnetIds`)
   */
  readonly privateEndpoint?: { readonly subnetId: string; readonly dnsZoneId: string };
}

/**
 * The online serving store (features and predictions): a Cosmos DB NoSQL account that accepts Entra ID only
 * (no keys, no key-based metadata writes), TLS 1.2, behind a firewall or a private endpoint, with continuous
 * backup, zone redundancy and an optional failover region as the environment says; one database with the
 * configured containers.
 */
export class ServingCosmos extends Construct {
  readonly account: CosmosdbAccount;
  readonly database: CosmosdbSqlDatabase;
  /** By container name. */
  readonly containers: Readonly<Record<string, CosmosdbSqlContainer>>;

  constructor(scope: Construct, id: string, props: ServingCosmosProps) {
    super(scope, id);
    const { config, naming, resourceGroupName } = props;
    const cosmos = config.cosmos;
    const serverless = cosmos.capacityMode === 'serverless';

    this.account = new CosmosdbAccount(this, 'account', {
      name: naming.cosmosAccount(),
      location: config.location,
      resourceGroupName,
      offerType: 'Standard',
      kind: 'GlobalDocumentDB',
      // Entra ID only: the provider defaults leave account keys on and let key holders change the schema.
      localAuthenticationDisabled: true,
      accessKeyMetadataWritesEnabled: false,
      minimalTlsVersion: 'Tls12',
      publicNetworkAccessEnabled: !props.privateEndpoint,
      // The firewall: only the listed subnets and (while public) the allowed IP ranges; no Azure-wide bypass.
      isVirtualNetworkFilterEnabled: true,
      virtualNetworkRule: props.allowedSubnetIds.map((subnetId) => ({ id: subnetId })),
      ipRangeFilter: props.privateEndpoint
        ? []
        : publicAllowList(config.network.allowedIpRanges, props.agentEgressIp, 'address'),
      networkAclBypassForAzureServices: false,
      freeTierEnabled: false,
      analyticalStorageEnabled: false,
      multipleWriteLocationsEnabled: false,
      automaticFailoverEnabled: cosmos.secondaryLocation !== undefined,
      capabilities: serverless ? [{ name: 'EnableServerless' }] : undefined,
      consistencyPolicy: consistencyPolicy(cosmos),
      backup: backupPolicy(cosmos),
      geoLocation: [
        { location: config.location, failoverPriority: 0, zoneRedundant: cosmos.zoneRedundant },
        ...(cosmos.secondaryLocation
          ? [{ location: cosmos.secondaryLocation, failoverPriority: 1, zoneRedundant: cosmos.zoneRedundant }]
          : []),
      ],
    });
    protect(this.account, config.protection, {
      noLockBecause: 'the kit manages its databases, containers and data-plane role assignments',
    });

    this.database = new CosmosdbSqlDatabase(this, 'database', {
      name: cosmos.databaseName,
      resourceGroupName,
      accountName: this.account.name,
      // Provisioned: one autoscaling throughput shared by the containers. Serverless has no throughput to set.
      autoscaleSettings: serverless ? undefined : { maxThroughput: cosmos.autoscaleMaxThroughput },
    });

    const containers: Record<string, CosmosdbSqlContainer> = {};
    for (const container of cosmos.containers) {
      containers[container.name] = new CosmosdbSqlContainer(this, `container-${container.name}`, {
        name: container.name,
        resourceGroupName,
        accountName: this.account.name,
        databaseName: this.database.name,
        partitionKeyPaths: [container.partitionKey],
        partitionKeyKind: 'Hash',
        // Version 2 hashes keys longer than 100 bytes correctly (version 1 only hashes their first 100 bytes).
        partitionKeyVersion: 2,
        defaultTtl: container.ttlSeconds,
        indexingPolicy: {
          indexingMode: 'consistent',
          includedPath: [{ path: '/*' }],
          excludedPath: (container.excludedPaths ?? []).map((path) => ({ path })),
        },
      });
    }
    this.containers = containers;
    // Azure's lock on the account covers its databases and containers; Terraform needs telling for each.
    if (config.protection.preventDestroy) {
      for (const child of [this.database, ...Object.values(containers)]) {
        child.lifecycle = { ...child.lifecycle, preventDestroy: true };
      }
    }

    new Diagnostics(this, 'diagnostics', {
      targetResourceId: this.account.id,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      destinationType: 'Dedicated',
      // Cosmos DB has no `AllMetrics` category: its metric category is `Requests`.
      metricCategories: ['Requests'],
    });

    if (props.privateEndpoint) {
      new PrivateEndpointFor(this, 'private-endpoint', {
        name: naming.privateEndpoint(naming.cosmosAccount(), 'Sql'),
        resourceGroupName,
        location: config.location,
        subnetId: props.privateEndpoint.subnetId,
        targetResourceId: this.account.id,
        subresource: 'Sql',
        privateDnsZoneId: props.privateEndpoint.dnsZoneId,
      });
    }
  }

  /**
   * Grants an Entra ID identity a built-in data role on the database, or on one container when named.
   * The grant is created in `scope` (e.g. the compute stack, next to the workload's identity).
   */
  grantData(
    scope: Construct,
    id: string,
    principalId: string,
    role: CosmosRole,
    containerName?: string,
  ): CosmosDataGrant {
    if (containerName !== undefined && !this.containers[containerName]) {
      throw new Error(
        `Cosmos DB grant ${id}: no container '${containerName}'. Fix: use one of ${Object.keys(this.containers).join(', ')} (cosmos.containers).`,
      );
    }
    return new CosmosDataGrant(scope, id, {
      account: this.account,
      databaseName: this.database.name,
      containerName,
      principalId,
      role,
    });
  }
}

function consistencyPolicy(cosmos: CosmosConfig): CosmosdbAccountConsistencyPolicy {
  if (cosmos.consistencyLevel !== 'BoundedStaleness') return { consistencyLevel: cosmos.consistencyLevel };
  // Multi-region accounts need at least 300 s / 100000 writes of staleness; the same values serve one region.
  return { consistencyLevel: 'BoundedStaleness', maxIntervalInSeconds: 300, maxStalenessPrefix: 100000 };
}

function backupPolicy(cosmos: CosmosConfig): CosmosdbAccountBackup {
  if (cosmos.backup === 'Periodic') return { type: 'Periodic', storageRedundancy: 'Geo' };
  // Continuous: point-in-time restore to any second in the last 7 or 30 days.
  return { type: 'Continuous', tier: cosmos.backup };
}
