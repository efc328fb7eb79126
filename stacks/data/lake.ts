import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import {
  StorageManagementPolicy,
  type StorageManagementPolicyRule,
} from '@cdktf/provider-azurerm/lib/storage-management-policy';
import { Construct } from 'constructs';
import type { EnvironmentConfig, LakeConfig } from '../../environments/schema';
import type { Naming } from '../../naming/names';
import { suppress } from '../../policies/suppressions';
import { Diagnostics } from '../constructs/diagnostics';
import { PrivateEndpointFor } from '../constructs/private-endpoint';
import { protect } from '../constructs/protection';
import { storageIpRules } from '../constructs/storage-ip-rules';

/**
 * The lake's file systems (ADLS Gen2 containers): the medallion layers, the Unity Catalog root (Databricks) and
 * the Synapse workspace's default file system. Event Hubs capture writes `-validated` hubs into `bronze` and
 * `-deadletter` hubs into `quarantine`: events that failed their contract, kept past the hub's retention for
 * inspection and replay (readable by no workload; the domain's owners get access when they need it).
 */
export const LAKE_FILE_SYSTEMS = [
  'landing',
  'bronze',
  'silver',
  'gold',
  'unity-catalog',
  'synapse',
  'quarantine',
] as const;
export type LakeFileSystem = (typeof LAKE_FILE_SYSTEMS)[number];

/** Storage accounts accept only these two metric categories (not `AllMetrics`). */
const STORAGE_METRICS = ['Capacity', 'Transaction'];

export interface DataLakeProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  readonly resourceGroupName: string;
  readonly logAnalyticsWorkspaceId: string;
  /** Subnets (with the `Microsoft.Storage` service endpoint) let through the firewall. */
  readonly allowedSubnetIds: readonly string[];
  /**
   * Azure resources let through the firewall by resource instance rule (with a data role of their own), e.g. the
   * Databricks access connector: Unity Catalog reaches the lake from Databricks' control plane and serverless
   * compute as that connector, from no network the firewall could list.
   * @default []
   */
  readonly trustedResourceIds?: readonly string[];
  /**
   * Private endpoints for `dfs` and `blob`, registered in these zones. When set, public network access is off.
   * @default - no private endpoints; the public endpoint stays on behind the default-deny firewall
   */
  readonly privateEndpoint?: {
    readonly subnetId: string;
    readonly dnsZoneIds: { readonly dfs: string; readonly blob: string };
  };
}

/**
 * The data lake: an ADLS Gen2 account (StorageV2 with hierarchical namespace) reachable with Entra ID only
 * (shared keys, SAS and local users off), over TLS 1.2, behind a default-deny firewall or only through private
 * endpoints; soft delete for blobs and file systems, double encryption, lifecycle tiering, and its logs and
 * metrics in Log Analytics.
 */
export class DataLake extends Construct {
  readonly account: StorageAccount;
  /** By file system name; each id is an ARM id (`.../blobServices/default/containers/<name>`), a role scope. */
  readonly fileSystems: Readonly<Record<LakeFileSystem, StorageContainer>>;

  constructor(scope: Construct, id: string, props: DataLakeProps) {
    super(scope, id);
    const { config, naming } = props;
    const isPrivate = props.privateEndpoint !== undefined;

    this.account = new StorageAccount(this, 'account', {
      name: naming.storageAccount(),
      resourceGroupName: props.resourceGroupName,
      location: config.location,
      accountKind: 'StorageV2',
      accountTier: 'Standard',
      accountReplicationType: config.lake.replication,
      accessTier: 'Hot',
      isHnsEnabled: true,
      httpsTrafficOnlyEnabled: true,
      minTlsVersion: 'TLS1_2',
      // Entra ID only: no account keys, so no SAS or connection strings can be made from them.
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      localUserEnabled: false,
      sftpEnabled: false,
      nfsv3Enabled: false,
      allowNestedItemsToBePublic: false,
      crossTenantReplicationEnabled: false,
      // Copies into the lake only from accounts of the same Entra ID tenant.
      allowedCopyScope: 'AAD',
      // Double encryption at rest; can only be chosen when the account is created.
      infrastructureEncryptionEnabled: true,
      // Event Hubs capture writes to the lake as a trusted Azure service, and Azure ignores the trusted-services
      // exception when public network access is Disabled. So the public endpoint stays "enabled from selected
      // networks" with nothing selected in private environments: the firewall denies every network, only trusted
      // services with an RBAC role (capture's namespace identity) pass; everything else uses the private endpoints.
      publicNetworkAccessEnabled: true,
      networkRules: {
        defaultAction: 'Deny',
        bypass: ['AzureServices'],
        ipRules: isPrivate ? [] : storageIpRules(config.network.allowedIpRanges ?? []),
        virtualNetworkSubnetIds: isPrivate ? [] : [...props.allowedSubnetIds],
        privateLinkAccess: (props.trustedResourceIds ?? []).map((endpointResourceId) => ({
          endpointResourceId,
        })),
      },
      blobProperties: {
        deleteRetentionPolicy: { days: config.lake.softDeleteRetentionDays },
        containerDeleteRetentionPolicy: { days: config.lake.softDeleteRetentionDays },
      },
    });
    protect(this.account, config.protection, {
      noLockBecause: 'the kit manages its file systems, lifecycle policy and the grants on them',
    });
    if (isPrivate) {
      suppress(
        this.account,
        'public-network-access',
        'Event Hubs capture reaches the lake as a trusted Azure service, which Azure refuses while public network access is Disabled; the firewall allows no IP range and no subnet, so only trusted services with a data role get through',
      );
    }

    const fileSystems: Partial<Record<LakeFileSystem, StorageContainer>> = {};
    for (const name of LAKE_FILE_SYSTEMS) {
      // Management plane (storage_account_id): works from outside the VNet when public network access is off.
      fileSystems[name] = new StorageContainer(this, `file-system-${name}`, {
        name,
        storageAccountId: this.account.id,
        containerAccessType: 'private',
      });
    }
    this.fileSystems = fileSystems as Record<LakeFileSystem, StorageContainer>;

    new StorageManagementPolicy(this, 'lifecycle', {
      storageAccountId: this.account.id,
      rule: lifecycleRules(config.lake.lifecycle),
    });

    // Metrics belong to the account; the blob service has the logs (reads, writes, deletes).
    new Diagnostics(this, 'diagnostics', {
      targetResourceId: this.account.id,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      logCategoryGroups: [],
      metricCategories: STORAGE_METRICS,
    });
    new Diagnostics(this, 'blob-diagnostics', {
      targetResourceId: `${this.account.id}/blobServices/default`,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      metrics: false,
    });

    if (props.privateEndpoint) {
      for (const subresource of ['dfs', 'blob'] as const) {
        new PrivateEndpointFor(this, `private-endpoint-${subresource}`, {
          name: naming.privateEndpoint(naming.storageAccount(), subresource),
          resourceGroupName: props.resourceGroupName,
          location: config.location,
          subnetId: props.privateEndpoint.subnetId,
          targetResourceId: this.account.id,
          subresource,
          privateDnsZoneId: props.privateEndpoint.dnsZoneIds[subresource],
        });
      }
    }
  }
}

/** Landing and bronze move to cool after N days without change; landing files may also expire. */
export function lifecycleRules(lifecycle: LakeConfig['lifecycle']): StorageManagementPolicyRule[] {
  return [
    {
      name: 'landing',
      enabled: true,
      filters: { blobTypes: ['blockBlob'], prefixMatch: ['landing/'] },
      actions: {
        baseBlob: {
          tierToCoolAfterDaysSinceModificationGreaterThan: lifecycle.landingToCoolAfterDays,
          deleteAfterDaysSinceModificationGreaterThan: lifecycle.landingDeleteAfterDays,
        },
      },
    },
    {
      name: 'bronze',
      enabled: true,
      filters: { blobTypes: ['blockBlob'], prefixMatch: ['bronze/'] },
      actions: {
        baseBlob: { tierToCoolAfterDaysSinceModificationGreaterThan: lifecycle.bronzeToCoolAfterDays },
      },
    },
  ];
}
