import { createHash } from 'node:crypto';
import { regionOf } from './regions';
import { type NameKind, nameViolation } from './rules';

/** The Synapse firewall rule that admits the deployment agents (dev); config rules may not use the name. */
export const AGENTS_FIREWALL_RULE = 'deployment-agents';

/** The parts of an environment's config that names derive from. */
export interface NamingInput {
  readonly project: string;
  /** The environment name. */
  readonly name: string;
  readonly location: string;
}

/** A derived name with its kind, for validation and tests. */
export interface DerivedName {
  readonly kind: NameKind;
  readonly name: string;
}

/**
 * Every Azure resource name of an environment, derived from project, environment, region and purpose.
 *
 * Pattern: `<type>-<project>-<env>-<region>[-<purpose>]` (Cloud Adoption Framework abbreviations), and for the
 * kinds that must be unique across Azure, `<type><project><env><suffix>` where the suffix is 5 characters of a
 * hash of project, environment and region: same config, same names, always; another environment, another name.
 *
 * Names are a contract: changing a pattern here renames (replaces) resources in every environment.
 */
export class Naming {
  /** Deterministic 5-character suffix for globally unique names. */
  readonly suffix: string;
  private readonly base: string;
  private readonly compact: string;

  constructor(readonly input: NamingInput) {
    const digest = createHash('sha256').update(`${input.project}|${input.name}|${input.location}`).digest();
    this.suffix = (digest.readUInt32BE(0) % 36 ** 5).toString(36).padStart(5, '0');
    this.base = `${input.project}-${input.name}-${regionOf(input.location).short}`;
    this.compact = `${input.project}${input.name}`;
  }

  // --- state (the <env>-state bootstrap stack) ---------------------------------------------------------------
  /** The resource group of the environment's Terraform state account. */
  stateResourceGroup(): string {
    return `rg-${this.base}-tfstate`;
  }
  /**
   * The storage account that holds the environment's Terraform state: globally unique, so it carries the suffix
   * (another adopter's `project` gives another name), e.g. `stlakehouseprodtf1a2b3`.
   */
  stateStorageAccount(): string {
    return `st${this.compact}tf${this.suffix}`;
  }

  // --- foundation -------------------------------------------------------------------------------------------
  resourceGroup(purpose: string): string {
    return `rg-${this.base}-${purpose}`;
  }
  virtualNetwork(): string {
    return `vnet-${this.base}`;
  }
  subnet(purpose: string): string {
    return `snet-${purpose}`;
  }
  networkSecurityGroup(purpose: string): string {
    return `nsg-${this.base}-${purpose}`;
  }
  natGateway(): string {
    return `ng-${this.base}`;
  }
  /**
   * The environment's deployment agent pool (a Managed DevOps Pool): its Azure resource name is also the Azure
   * DevOps agent pool name that the pipelines' Plan, Apply, Rollout and drift jobs of this environment run on.
   */
  agentPool(): string {
    return `mdp-${this.base}`;
  }
  /** The dev center that Managed DevOps Pools require (it holds nothing else). */
  devCenter(): string {
    return `dc-${this.base}`;
  }
  /** The dev center project the environment's agent pool belongs to. */
  devCenterProject(): string {
    return `dcp-${this.base}`;
  }
  /** The agents' static egress address (the NAT gateway's public IP). */
  natGatewayPublicIp(): string {
    return `pip-${this.natGateway()}`;
  }
  /** An Azure Monitor action group, e.g. `ag-lakehouse-prod-neu-oncall` or `...-contract-orders`. */
  actionGroup(purpose: string): string {
    return `ag-${this.base}-${purpose}`;
  }
  /** An Azure Monitor alert rule, e.g. `alert-lakehouse-prod-neu-lake-availability`. */
  alert(purpose: string): string {
    return `alert-${this.base}-${purpose}`;
  }
  /** A Prometheus rule group (`node`, `pod`, `cluster`). */
  prometheusRuleGroup(purpose: string): string {
    return `prg-${this.base}-${purpose}`;
  }
  /** The Azure Monitor workspace that stores the cluster's Prometheus metrics. */
  monitorWorkspace(): string {
    return `amw-${this.base}`;
  }
  /** A data collection endpoint (Prometheus ingestion, the deploy events' Logs Ingestion API). */
  dataCollectionEndpoint(purpose: string): string {
    return `dce-${this.base}-${purpose}`;
  }
  /** The environment's monthly consumption budget. */
  budget(): string {
    return `budget-${this.base}`;
  }
  logAnalyticsWorkspace(): string {
    return `log-${this.base}`;
  }
  keyVault(): string {
    return `kv-${this.input.project}-${this.input.name}-${this.suffix}`;
  }
  managedIdentity(purpose: string): string {
    return `id-${this.base}-${purpose}`;
  }
  privateEndpoint(target: string, subresource: string): string {
    return `pe-${target}-${subresource.toLowerCase()}`;
  }

  // --- data -------------------------------------------------------------------------------------------------
  /** The data lake (ADLS Gen2). */
  storageAccount(): string {
    return `st${this.compact}${this.suffix}`;
  }
  eventHubsNamespace(): string {
    return `evhns-${this.input.project}-${this.input.name}-${this.suffix}`;
  }
  /** One hub of an event domain's data contract, e.g. `orders-validated` (also its Kafka topic). */
  eventHub(domain: string, stage: 'raw' | 'validated' | 'deadletter'): string {
    return `${domain}-${stage}`;
  }
  /**
   * The schema registry group that holds an event domain's schemas. A Standard namespace allows one schema group,
   * so there every domain shares `contracts`; Premium gives each domain its own.
   */
  schemaGroup(domain: string, sku: 'Standard' | 'Premium' = 'Premium'): string {
    return sku === 'Standard' ? 'contracts' : domain;
  }
  cosmosAccount(): string {
    return `cosmos-${this.input.project}-${this.input.name}-${this.suffix}`;
  }
  synapseWorkspace(): string {
    return `synw-${this.input.project}-${this.input.name}-${this.suffix}`;
  }
  /** Synapse creates and owns this group (managed virtual network, managed private endpoints). */
  synapseManagedResourceGroup(): string {
    return `rg-${this.base}-synapse-managed`;
  }
  /** The Spark pool inside the workspace (at most 15 letters and digits). */
  synapseSparkPool(): string {
    return 'sparkpool';
  }
  /** A private endpoint inside a service's managed virtual network (Synapse), to `target`'s `subresource`. */
  managedPrivateEndpoint(target: string, subresource: string): string {
    return `mpe-${target}-${subresource.toLowerCase()}`;
  }
  databricksWorkspace(): string {
    return `dbw-${this.base}`;
  }
  /** Databricks creates and owns this group; the name must not exist beforehand. */
  databricksManagedResourceGroup(): string {
    return `rg-${this.base}-databricks-managed`;
  }
  databricksAccessConnector(): string {
    return `dbac-${this.base}`;
  }

  // --- lakehouse (Unity Catalog names: lower-case letters, digits, underscores) --------------------------------
  // Storage credentials and external locations live in the region's metastore, which several environments
  // (and other teams) may share: their names carry project and environment so that they never collide.
  /** The environment's catalog, e.g. `lakehouse_dev`. */
  catalog(): string {
    return `${this.input.project}_${this.input.name}`;
  }
  /** The storage credential of the access connector. */
  storageCredential(): string {
    return `sc_${this.input.project}_${this.input.name}_lake`;
  }
  /** The external location of one lake file system (`unity-catalog` → `unity_catalog`). */
  externalLocation(fileSystem: string): string {
    return `el_${this.input.project}_${this.input.name}_${fileSystem.replace(/-/g, '_')}`;
  }
  /** A cluster policy (workspace object; any characters), e.g. `lakehouse-dev-jobs`. */
  clusterPolicy(persona: string): string {
    return `${this.input.project}-${this.input.name}-${persona}`;
  }
  sqlWarehouse(): string {
    return `${this.input.project}-${this.input.name}-sql`;
  }

  // --- compute ----------------------------------------------------------------------------------------------
  containerRegistry(): string {
    return `acr${this.compact}${this.suffix}`;
  }
  kubernetesCluster(): string {
    return `aks-${this.base}`;
  }
  /** The resource group AKS creates for its nodes. */
  kubernetesNodeResourceGroup(): string {
    return `rg-${this.base}-aks-nodes`;
  }
  /** The cluster's DNS prefix (its API server FQDN starts with it): the cluster name. */
  kubernetesDnsPrefix(): string {
    return this.kubernetesCluster();
  }
  /** An AKS node pool (at most 12 lower-case letters and digits); `purpose` is `system` or `workloads`. */
  nodePool(purpose: string): string {
    return purpose;
  }
  /** The name AKS gives the temporary pool while it rotates a pool (resize, zones); also ≤ 12 characters. */
  nodePoolRotation(purpose: string): string {
    return `${purpose.slice(0, 9)}tmp`;
  }
  /** A data collection rule, e.g. for Container Insights. */
  dataCollectionRule(purpose: string): string {
    return `dcr-${this.base}-${purpose}`;
  }
  /** The federated credential that lets a workload's Kubernetes service account use its managed identity. */
  federatedCredential(workload: string): string {
    return `${this.kubernetesCluster()}-${workload}`;
  }

  /** Checks a name against Azure's rules for its kind; returns the reason when it breaks them. */
  static violation(derived: DerivedName): string | undefined {
    return nameViolation(derived.kind, derived.name);
  }
}
