/**
 * The shape of one environment's configuration.
 *
 * Every file `environments/<name>.ts` (other than this one and files starting with `_`) default-exports
 * one `EnvironmentConfig` as plain data. The loader (`src/config/load.ts`) discovers the files, the
 * validator (`src/config/validate.ts`) checks them at run time with a message per problem, and the
 * naming module (`src/naming`) derives every Azure name from them. Nothing else registers an environment.
 *
 * Plain data on purpose: `{ ...dev, name: 'qa' }` is a valid environment file.
 */

/** Built-in Azure role names the kit grants; the validator refuses anything else. */
export type EventHubRole = 'receive' | 'send';
export type CosmosRole = 'reader' | 'contributor';

export interface EnvironmentConfig {
  /** Short environment name used in stack and resource names; must equal the file name (`dev` for `dev.ts`). */
  readonly name: string;
  /** Azure region, e.g. `westeurope` (see `naming/regions.ts`). */
  readonly location: string;
  /** Short project code (2–8 lower-case letters or digits) that starts every resource name. */
  readonly project: string;
  /**
   * Subscription to deploy into.
   * @default - read from `ARM_SUBSCRIPTION_ID` at plan time (azurerm 4.x requires one of the two)
   */
  readonly subscriptionId?: string;
  /** Entra ID tenant. @default - read from `ARM_TENANT_ID` */
  readonly tenantId?: string;
  /** Tags put on every resource, merged with `project`, `environment` and `managed-by`. */
  readonly tags: Readonly<Record<string, string>>;
  readonly protection: ProtectionConfig;
  /** Remote state. @default - local state files, so `npm run synth` works offline */
  readonly backend?: BackendConfig;
  readonly network: NetworkConfig;
  readonly monitoring: MonitoringConfig;
  readonly keyVault: KeyVaultConfig;
  readonly lake: LakeConfig;
  readonly eventHubs: EventHubsConfig;
  readonly cosmos: CosmosConfig;
  readonly synapse: SynapseConfig;
  readonly databricks: DatabricksConfig;
  readonly aks: AksConfig;
  readonly registry: RegistryConfig;
  readonly kubernetes: KubernetesConfig;
  /** The workloads that run on AKS (identity on the Azure side, manifests on the Kubernetes side). */
  readonly workloads: readonly WorkloadConfig[];
}

export interface ProtectionConfig {
  /** `lifecycle.prevent_destroy` on every stateful resource. */
  readonly preventDestroy: boolean;
  /** A `CanNotDelete` management lock on every stateful resource. */
  readonly managementLocks: boolean;
}

export interface BackendConfig {
  readonly resourceGroupName: string;
  readonly storageAccountName: string;
  /** @default 'tfstate' */
  readonly containerName?: string;
  /** Subscription of the state account. @default - the provider's subscription */
  readonly subscriptionId?: string;
  readonly tenantId?: string;
  /**
   * Public ranges (CIDR) that may reach the state account, e.g. your self-hosted agents' outbound addresses; the
   * firewall then denies everything else. @default - reachable from any network, Entra ID sign-in only (what
   * Microsoft-hosted agents, whose addresses change, need)
   */
  readonly allowedIpRanges?: readonly string[];
}

/**
 * Who an alert reaches: the platform's action groups (operations) and each data contract's owners and consumers
 * use the same shape, so one construct (`stacks/constructs/action-group.ts`) builds both.
 */
export interface NotificationTargets {
  /** Email addresses, e.g. `data-platform@contoso.com`. @default [] */
  readonly emails?: readonly string[];
  /**
   * HTTPS webhook URLs: on-call tools, Teams or Slack incoming webhooks (they receive the common alert schema).
   * @default []
   */
  readonly webhooks?: readonly string[];
}

/** Every private-link DNS zone the platform uses, keyed by service. */
export type PrivateDnsZoneKey =
  | 'blob'
  | 'dfs'
  | 'vault'
  | 'servicebus'
  | 'cosmosSql'
  | 'synapseSql'
  | 'synapseDev'
  | 'databricks'
  | 'acr'
  | 'aks';

export interface NetworkConfig {
  /** VNet address space, e.g. `['10.10.0.0/16']`. */
  readonly addressSpace: readonly string[];
  readonly subnets: SubnetsConfig;
  /**
   * Put services behind private endpoints and turn their public network access off.
   * Prod: always true.
   */
  readonly privateEndpoints: boolean;
  /**
   * Public IP ranges (CIDR) allowed through service firewalls when public access is on (dev), e.g. an office.
   * @default []
   */
  readonly allowedIpRanges?: readonly string[];
  /**
   * Bring-your-own private DNS zones (hub-and-spoke): full resource ids, possibly in another subscription.
   * A zone listed here is used as is and not created. @default {}
   */
  readonly privateDnsZoneIds?: Readonly<Partial<Record<PrivateDnsZoneKey, string>>>;
}

export interface SubnetsConfig {
  /** AKS nodes (Azure CNI overlay: pods do not use VNet addresses). */
  readonly aks: string;
  /** Databricks host (public) subnet, delegated to Microsoft.Databricks/workspaces; at least /26. */
  readonly databricksHost: string;
  /** Databricks container (private) subnet, delegated; at least /26. */
  readonly databricksContainer: string;
  /** Private endpoints for every private-link service. */
  readonly privateEndpoints: string;
}

export interface MonitoringConfig {
  /** Log Analytics retention, 30–730 days. */
  readonly retentionDays: number;
  /** Daily ingestion cap in GB; -1 for none. @default -1 */
  readonly dailyQuotaGb?: number;
}

export interface KeyVaultConfig {
  readonly sku: 'standard' | 'premium';
  /** 7–90 days. */
  readonly softDeleteRetentionDays: number;
}

export type StorageReplication = 'LRS' | 'ZRS' | 'GRS' | 'GZRS' | 'RAGRS' | 'RAGZRS';

export interface LakeConfig {
  readonly replication: StorageReplication;
  /** Blob and container soft delete, 1–365 days. */
  readonly softDeleteRetentionDays: number;
  /** Lifecycle: days after last modification before tiering to cool. */
  readonly lifecycle: {
    readonly landingToCoolAfterDays: number;
    readonly bronzeToCoolAfterDays: number;
    /** Delete landing files after N days. @default - never */
    readonly landingDeleteAfterDays?: number;
  };
}

export type EventHubsSku = 'Standard' | 'Premium';

export interface EventHubsConfig {
  readonly sku: EventHubsSku;
  /** Throughput units (Standard, 1–40) or processing units (Premium: 1, 2, 4, 8, 16). */
  readonly capacity: number;
  /** Standard only: auto-inflate up to this many throughput units. @default - off */
  readonly autoInflateMaxThroughputUnits?: number;
  /** The event domains: each gets `<domain>-raw`, `-validated` and `-deadletter` hubs. */
  readonly domains: readonly EventDomainConfig[];
}

export type SchemaCompatibility = 'None' | 'Backward' | 'Forward';

export interface EventDomainConfig {
  /** Lower-case letters, digits and hyphens, e.g. `orders`. */
  readonly name: string;
  /** Partitions per hub (Standard: 1–32; Premium: 1–100). */
  readonly partitions: number;
  /** Message retention in hours (Standard: ≤ 168; Premium: ≤ 2160). */
  readonly retentionHours: number;
  readonly schemaCompatibility: SchemaCompatibility;
  /** Capture of `<domain>-validated` into the lake's bronze file system. */
  readonly capture: {
    /** 60–900 seconds. */
    readonly intervalSeconds: number;
    /** 10485760–524288000 bytes. */
    readonly sizeLimitBytes: number;
  };
}

export interface CosmosConfig {
  /** `serverless` (dev) or `provisioned` with autoscale (prod). */
  readonly capacityMode: 'serverless' | 'provisioned';
  /** Autoscale max RU/s for the database (provisioned only), 1000–1000000 in steps of 1000. */
  readonly autoscaleMaxThroughput?: number;
  readonly consistencyLevel: 'Session' | 'BoundedStaleness' | 'Strong' | 'ConsistentPrefix' | 'Eventual';
  readonly backup: 'Periodic' | 'Continuous7Days' | 'Continuous30Days';
  readonly zoneRedundant: boolean;
  /** Second region with automatic failover. @default - single region */
  readonly secondaryLocation?: string;
  readonly databaseName: string;
  readonly containers: readonly CosmosContainerConfig[];
}

export interface CosmosContainerConfig {
  readonly name: string;
  /** Must start with `/`, e.g. `/customerId`. */
  readonly partitionKey: string;
  /** Default TTL in seconds; -1 means on without a default. @default - off */
  readonly ttlSeconds?: number;
  /** Paths excluded from indexing, e.g. `/payload/*`. @default [] */
  readonly excludedPaths?: readonly string[];
}

export interface SynapseConfig {
  /** The Entra ID group that administers the workspace (no SQL password anywhere). */
  readonly sqlAdminGroup: { readonly name: string; readonly objectId: string };
  readonly dataExfiltrationProtection: boolean;
  /** Firewall rules, only when public access is on. Never the whole internet. @default [] */
  readonly firewallRules?: readonly {
    readonly name: string;
    readonly startIp: string;
    readonly endIp: string;
  }[];
  /** An auto-pausing Spark pool. @default - none */
  readonly sparkPool?: {
    readonly nodeSize: 'Small' | 'Medium' | 'Large' | 'XLarge' | 'XXLarge';
    /** 3–200 */
    readonly minNodes: number;
    /** 3–200, ≥ minNodes */
    readonly maxNodes: number;
    /** 5–10080 minutes */
    readonly autoPauseMinutes: number;
    readonly sparkVersion: string;
  };
}

export interface DatabricksConfig {
  /** Front-end private link (UI/API) through a private endpoint; back-end traffic stays on VNet injection. */
  readonly privateLink: boolean;
  readonly infrastructureEncryption: boolean;
}

export interface NodePoolConfig {
  readonly vmSize: string;
  readonly minCount: number;
  readonly maxCount: number;
}

export interface AksConfig {
  /** @default - the region's default version */
  readonly kubernetesVersion?: string;
  readonly sku: 'Free' | 'Standard' | 'Premium';
  readonly systemPool: NodePoolConfig;
  readonly userPool: NodePoolConfig;
  /** Availability zones for node pools, e.g. `['1','2','3']`. @default [] */
  readonly zones?: readonly string[];
  readonly networkPolicy: 'azure' | 'calico' | 'cilium';
  /**
   * Azure CNI overlay: the range pods get addresses from (not a VNet range; each node takes a /24 of it).
   * Must not overlap the VNet or the service CIDR. @default '10.244.0.0/16'
   */
  readonly podCidr?: string;
  /** Kubernetes services; the cluster DNS gets its `.10` address. Must not overlap the VNet. @default '10.0.0.0/16' */
  readonly serviceCidr?: string;
  /** API server: private cluster, or public with authorized IP ranges. */
  readonly apiServer:
    | { readonly privateCluster: true }
    | { readonly privateCluster: false; readonly authorizedIpRanges: readonly string[] };
  /** Entra ID groups that get cluster admin through Azure RBAC. */
  readonly adminGroupObjectIds: readonly string[];
  readonly upgradeChannel: 'patch' | 'rapid' | 'stable' | 'node-image' | 'none';
  readonly nodeOsUpgradeChannel: 'NodeImage' | 'SecurityPatch' | 'Unmanaged' | 'None';
  /** Weekly maintenance window (UTC). */
  readonly maintenanceWindow: {
    readonly dayOfWeek: 'Monday' | 'Tuesday' | 'Wednesday' | 'Thursday' | 'Friday' | 'Saturday' | 'Sunday';
    readonly startHour: number;
    readonly durationHours: number;
  };
}

export interface RegistryConfig {
  /** Premium is required for private endpoints (and for zone redundancy). */
  readonly sku: 'Basic' | 'Standard' | 'Premium';
  /** Spread the registry over the region's availability zones (Premium only). @default false */
  readonly zoneRedundant?: boolean;
}

export interface KubernetesConfig {
  /** StorageClasses the kit defines; workloads refer to them by name. */
  readonly storageClasses: readonly StorageClassConfig[];
}

export interface StorageClassConfig {
  readonly name: string;
  /** Azure Disk SKU: `StandardSSD_LRS`, `StandardSSD_ZRS`, `Premium_LRS`, `Premium_ZRS`. */
  readonly skuName: 'StandardSSD_LRS' | 'StandardSSD_ZRS' | 'Premium_LRS' | 'Premium_ZRS';
  readonly reclaimPolicy: 'Retain' | 'Delete';
}

export type WorkloadKind = 'contract-validator' | 'model-serving';

export interface WorkloadConfig {
  /** DNS label, e.g. `contract-validator`. */
  readonly name: string;
  readonly kind: WorkloadKind;
  /** DNS label. */
  readonly namespace: string;
  /** DNS label. */
  readonly serviceAccount: string;
  /**
   * Pinned by tag or digest, never `latest`. Without a registry (`contract-validator:1.4.2`) it is pulled from the
   * environment's own container registry, the only one the cluster may pull from (AcrPull for its kubelet).
   */
  readonly image: string;
  readonly replicas: number;
  /** Horizontal autoscaling (model-serving). @default - fixed replicas */
  readonly autoscaling?: {
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly targetCpuPercent: number;
  };
  readonly resources: {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly cpu: string; readonly memory: string };
  };
  /** One PVC per replica. */
  readonly storage: { readonly size: string; readonly storageClass: string; readonly mountPath: string };
  /** Port the workload listens on (probes, Service). */
  readonly port: number;
  /**
   * Namespaces whose pods may call the workload on `port` (NetworkPolicy ingress). DNS labels.
   * @default [] - no ingress at all (kubelet probes still reach the pod)
   */
  readonly callers?: readonly string[];
  /** What the workload may touch: each entry becomes one narrowly scoped role assignment. */
  readonly access: WorkloadAccess;
}

export interface WorkloadAccess {
  /** Hubs by full name (`orders-raw`) with the data role. @default [] */
  readonly eventHubs?: readonly { readonly hub: string; readonly role: EventHubRole }[];
  /** Schema groups (one per domain) it reads. @default [] */
  readonly schemaGroups?: readonly string[];
  /** Cosmos containers by name with the data role. @default [] */
  readonly cosmosContainers?: readonly { readonly container: string; readonly role: CosmosRole }[];
  /** Consumer group the workload reads with, on every hub it receives from. @default - none */
  readonly consumerGroup?: string;
}
