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
  /**
   * The identities the pipelines deploy with; the bootstrap (`<env>-state`) gives them their roles.
   * @default - none: an administrator grants the roles by hand (docs/deployers.md)
   */
  readonly deployers?: DeployersConfig;
  readonly network: NetworkConfig;
  readonly monitoring: MonitoringConfig;
  readonly keyVault: KeyVaultConfig;
  readonly lake: LakeConfig;
  readonly eventHubs: EventHubsConfig;
  readonly cosmos: CosmosConfig;
  readonly synapse: SynapseConfig;
  readonly databricks: DatabricksConfig;
  /** Unity Catalog, compute policies and the SQL warehouse inside the Databricks workspace (`<env>-lakehouse`). */
  readonly lakehouse: LakehouseConfig;
  readonly aks: AksConfig;
  readonly registry: RegistryConfig;
  readonly kubernetes: KubernetesConfig;
  /** The environment's own deployment agents (a Managed DevOps Pool on `network.subnets.agents`). */
  readonly agents: AgentsConfig;
  /** The workloads that run on AKS (identity on the Azure side, manifests on the Kubernetes side). */
  readonly workloads: readonly WorkloadConfig[];
  /** Alerts, who they reach, the budget and Microsoft Defender (the `<env>-operations` layer). */
  readonly operations: OperationsConfig;
}

export interface ProtectionConfig {
  /** `lifecycle.prevent_destroy` on every stateful resource. */
  readonly preventDestroy: boolean;
  /** A `CanNotDelete` management lock on every stateful resource. */
  readonly managementLocks: boolean;
}

/** An Entra ID identity that deploys: the service principal behind an Azure DevOps service connection. */
export interface DeployerIdentity {
  /**
   * Object id of its service principal (Enterprise application → Object ID, or the managed identity's
   * principal id), not the application (client) id.
   */
  readonly principalId: string;
}

export interface DeployersConfig {
  /** The identity of the `lakehouse-<env>` service connection: plans and applies. */
  readonly apply: DeployerIdentity;
  /**
   * The identity of the read-only `lakehouse-<env>-plan` service connection (pull-request and drift plans).
   * @default - none
   */
  readonly plan?: DeployerIdentity;
}

export interface BackendConfig {
  /** @default - derived: `rg-<project>-<env>-<region>-tfstate` (`Naming.stateResourceGroup()`) */
  readonly resourceGroupName?: string;
  /**
   * Globally unique in Azure. Set it only for an account that already exists.
   * @default - derived with the naming suffix: `st<project><env>tf<suffix>` (`Naming.stateStorageAccount()`)
   */
  readonly storageAccountName?: string;
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
  /**
   * Other VNets that must resolve the platform's private names (a hub, other agents' VNets): full VNet resource
   * ids, possibly in another subscription. Every private DNS zone the kit creates is linked to each of them, as it
   * is to the platform VNet (which holds the agents subnet). Peering alone gives no DNS resolution. @default []
   */
  readonly dnsLinkedVnetIds?: readonly string[];
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
  /**
   * The deployment agents (Managed DevOps Pool VMs), delegated to Microsoft.DevOpsInfrastructure/pools, leaving
   * through the NAT gateway (a static egress address). At least /28; size it for `agents.maximumConcurrency`.
   */
  readonly agents: string;
}

/**
 * The Managed DevOps Pool that runs this environment's Plan, Apply, Rollout and drift jobs from inside its VNet.
 * Its Azure resource name is also its Azure DevOps agent pool name (`Naming.agentPool()`). See docs/agents.md.
 */
export interface AgentsConfig {
  /** The Azure DevOps organization the pool serves, e.g. `https://dev.azure.com/contoso`. */
  readonly organizationUrl: string;
  /** The Azure DevOps projects that may use the pool (at least one), e.g. `['lakehouse']`. */
  readonly projects: readonly string[];
  /** Agents that may run at once (1–100); the pool scales to zero between jobs. */
  readonly maximumConcurrency: number;
  /** VM size of an agent. @default 'Standard_D2ads_v5' */
  readonly vmSize?: string;
  /**
   * Object id, in your tenant, of the `DevOpsInfrastructure` service principal (application id
   * 31687f79-5e43-4c1e-8c63-d9f4bff5cf8b): it gets Network Contributor on the VNet to join agents to the subnet.
   * `az ad sp show --id 31687f79-5e43-4c1e-8c63-d9f4bff5cf8b --query id -o tsv`
   */
  readonly devOpsInfrastructurePrincipalId: string;
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
  /**
   * The event domains this environment runs: each gets `<domain>-raw`, `-validated` and `-deadletter` hubs. What a
   * domain *is* (schema versions, compatibility, owners, consumers, SLA) is its data contract,
   * `contracts/<name>/contract.yaml`; an environment keeps only its sizing.
   */
  readonly domains: readonly EventDomainConfig[];
}

export interface EventDomainConfig {
  /** The domain's contract folder, `contracts/<name>/` (lower-case letters, digits and hyphens, e.g. `orders`). */
  readonly name: string;
  /** Partitions per hub (Standard: 1–32; Premium: 1–100). */
  readonly partitions: number;
  /** Message retention in hours (Standard: ≤ 168; Premium: ≤ 2160). */
  readonly retentionHours: number;
  /**
   * Capture of `<domain>-validated` into the lake's bronze file system, and of `<domain>-deadletter` into its
   * quarantine file system (the interval must not exceed the contract's latency SLA).
   */
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
  /**
   * Enhanced security and compliance: automatic cluster update and enhanced security monitoring (premium). The
   * compliance security profile stays off: once on it cannot be turned off without replacing the workspace.
   * @default false (prod: true, the prod policy pack requires it)
   */
  readonly enhancedSecurity?: boolean;
}

/**
 * The governed lakehouse inside the Databricks workspace (stacks/lakehouse, docs/lakehouse.md).
 */
export interface LakehouseConfig {
  /**
   * The Unity Catalog metastore (a GUID) to assign the workspace to; the deploying identity must be a Databricks
   * account admin for that. @default - the region's automatically provisioned metastore, which Azure assigns to a
   * new workspace by itself
   */
  readonly metastoreId?: string;
  /**
   * Entra ID groups by persona, by their display name as Databricks sees them (synced to the Databricks account by
   * automatic identity management or SCIM). Grants and policy permissions go to these groups only.
   */
  readonly groups: LakehouseGroups;
  readonly compute: LakehouseComputeConfig;
  readonly sqlWarehouse: SqlWarehouseConfig;
}

export interface LakehouseGroups {
  /** Write bronze, silver and gold; read raw files in landing and bronze; register models. */
  readonly dataEngineers: string;
  /** Read gold. */
  readonly analysts: string;
  /** The group that holds the model-serving workload's identity: reads the models schema. */
  readonly modelServing: string;
}

export interface LakehouseComputeConfig {
  /** Azure VM sizes clusters may use, e.g. `Standard_D4ds_v5`; the first is the default. */
  readonly nodeTypes: readonly string[];
  /** Databricks Runtime versions (13.3 or later, Unity Catalog), e.g. `15.4.x-scala2.12`; the first is the default. */
  readonly runtimeVersions: readonly string[];
  /** Most workers one cluster may scale to, 1–100. */
  readonly maxWorkers: number;
  /** Shared interactive clusters stop after this many idle minutes, 10–240. */
  readonly autoTerminationMinutes: number;
}

export type SqlWarehouseSize =
  | '2X-Small'
  | 'X-Small'
  | 'Small'
  | 'Medium'
  | 'Large'
  | 'X-Large'
  | '2X-Large'
  | '3X-Large'
  | '4X-Large';

export interface SqlWarehouseConfig {
  readonly size: SqlWarehouseSize;
  /** Serverless (where the region offers Databricks SQL serverless) or a classic pro warehouse in the VNet. */
  readonly serverless: boolean;
  /** Scale-out: 1–30 clusters of `size`. */
  readonly maxClusters: number;
  /** Idle minutes before it stops: serverless 1–1440 (5 or more advised), classic 10–1440. */
  readonly autoStopMinutes: number;
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
  /**
   * The workloads' capacity. With `perZone` (and several zones) the kit builds one pool per zone, each with
   * `minCount`..`maxCount` nodes, and the cluster autoscaler balances them (`balance-similar-node-groups`): a
   * drained pod finds a surge node in its own zone, and scale-out lands where the pending pod needs it.
   */
  readonly userPool: NodePoolConfig & {
    /** One node pool per zone (counts per zone). @default false - one pool over all zones (counts in total) */
    readonly perZone?: boolean;
  };
  /**
   * Encrypt the nodes' OS and temp disks and caches at the VM host (`EncryptionAtHost`). The subscription must
   * have the `Microsoft.Compute/EncryptionAtHost` feature registered (preflight checks it). @default false
   */
  readonly hostEncryption?: boolean;
  /**
   * Advanced Container Networking Services with security on (`network_profile.advanced_networking`, billed
   * per node): Cilium enforces FQDN rules, and the workloads reach Entra ID by name instead of every public
   * address on 443. Needs `networkPolicy: 'cilium'` and `network.privateEndpoints` (then Entra ID is the only
   * public destination). @default false
   */
  readonly containerNetworkSecurity?: boolean;
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
    readonly requests: WorkloadResourceQuantities;
    readonly limits: WorkloadResourceQuantities;
  };
  /** Start, stop and probe timings; they also decide how long a rollout may take. @default - see WorkloadTiming */
  readonly timing?: WorkloadTiming;
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

export interface WorkloadResourceQuantities {
  /** CPU quantity, e.g. `500m` or `2`. */
  readonly cpu: string;
  /** Memory quantity in whole MiB, e.g. `512Mi` or `2Gi`. */
  readonly memory: string;
  /**
   * Node-local disk the pod may use: the `/tmp` emptyDir (1 GiB at most), container logs and the writable
   * layer. Without a limit one pod can fill the node's disk and get every pod on it evicted. A limit must leave
   * room for `/tmp`: at least 1536Mi.
   * @default - requests '1Gi', limits '2Gi'
   */
  readonly ephemeralStorage?: string;
}

/** Seconds; each is an integer within its documented range (the config check refuses others). */
export interface WorkloadTiming {
  /** How long the container may take to start (models loading, spill replay): the startup probe's budget, 10–3600. @default 300 */
  readonly startupSeconds?: number;
  /** The preStop delay before SIGTERM, so Services and callers stop sending first, 0–60. @default 10 */
  readonly preStopDelaySeconds?: number;
  /** From SIGTERM to SIGKILL: commit offsets, flush the cache, 1–600. @default 60 */
  readonly shutdownSeconds?: number;
  /** The liveness probe's timeout, 3–5 (1 s restarts busy pods under a CPU limit). @default 3 */
  readonly livenessTimeoutSeconds?: number;
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

/**
 * Operations: who is told when something is wrong, at which thresholds, what the environment may cost and whether
 * Microsoft Defender watches it. See docs/operations.md.
 */
export interface OperationsConfig {
  /** The team: every alert of severity 2–4, and 0–1 too when there is no `onCall`. */
  readonly team: NotificationTargets;
  /** Paged for severity 0–1 alerts (prod). @default - severity 0–1 go to the team */
  readonly onCall?: NotificationTargets;
  /**
   * Send notifications. `false` keeps every alert wired and firing (visible in the portal) without telling anyone:
   * a quiet dev environment. @default true
   */
  readonly notify?: boolean;
  /** Alert thresholds; each one left out takes the default in `stacks/operations/thresholds.ts`. @default {} */
  readonly thresholds?: AlertThresholds;
  readonly budget: BudgetConfig;
  readonly defender: DefenderConfig;
}

/** Alert thresholds (the window of each alert is fixed in the alert catalogue, `stacks/operations/catalog.ts`). */
export interface AlertThresholds {
  /** Event Hubs server errors per 5 minutes. @default 10 */
  readonly eventHubsServerErrors?: number;
  /** Event Hubs throttled requests per 5 minutes. @default 10 */
  readonly eventHubsThrottledRequests?: number;
  /** Messages waiting to be captured into the lake, per 15 minutes. @default 1000 */
  readonly eventHubsCaptureBacklog?: number;
  /** Lake availability (%) below which it alerts, 90–100. @default 99.9 */
  readonly lakeAvailabilityPercent?: number;
  /** Lake average server latency (ms). @default 1000 */
  readonly lakeServerLatencyMs?: number;
  /** Lake requests refused for authorization per 15 minutes. @default 50 */
  readonly lakeAuthorizationFailures?: number;
  /** Cosmos DB requests throttled (429) per 5 minutes. @default 100 */
  readonly cosmosThrottledRequests?: number;
  /** Cosmos DB average server-side latency, direct mode (ms). @default 50 */
  readonly cosmosServerLatencyMs?: number;
  /** Cosmos DB normalized RU consumption (%) of the autoscale maximum, 50–100 (provisioned only). @default 90 */
  readonly cosmosNormalizedRuPercent?: number;
  /** Key Vault availability (%) below which it alerts, 90–100. @default 99.9 */
  readonly keyVaultAvailabilityPercent?: number;
  /** Key Vault requests denied (403) per 15 minutes. @default 10 */
  readonly keyVaultAccessDenied?: number;
  /** Persistent volume claim usage (%) above which it alerts, 50–99. @default 80 */
  readonly pvcUsagePercent?: number;
}

export interface BudgetConfig {
  /** Monthly amount, in the billing currency of the subscription. */
  readonly monthlyAmount: number;
  /** First month of the budget (`YYYY-MM-01`); changing it replaces the budget. @default '2026-01-01' */
  readonly startDate?: string;
}

export interface DefenderConfig {
  /**
   * Microsoft Defender on this environment's resources: the AKS Defender profile (runtime threat detection) and
   * Defender for Storage with malware scanning on upload on the lake. Prod: true.
   */
  readonly enabled: boolean;
  /**
   * This environment turns the subscription's Defender plans on (Containers, Storage, Key Vault, Cosmos DB). The plans
   * are per subscription, so at most one environment per subscription owns them; the others only use them.
   * Requires `enabled`. @default false
   */
  readonly ownsSubscriptionPlans?: boolean;
}
