/**
 * Azure's naming rules for every kind of resource the kit names.
 * Source: learn.microsoft.com "Naming rules and restrictions for Azure resources".
 * `global: true` kinds must be unique across all of Azure (they become DNS names), so the naming module adds
 * a deterministic suffix to them.
 */
export interface NameRule {
  /** Human name used in error messages. */
  readonly title: string;
  readonly min: number;
  readonly max: number;
  readonly pattern: RegExp;
  /** What the pattern means, for error messages. */
  readonly chars: string;
  readonly global: boolean;
}

const rule = (
  title: string,
  min: number,
  max: number,
  pattern: RegExp,
  chars: string,
  global = false,
): NameRule => ({
  title,
  min,
  max,
  pattern,
  chars,
  global,
});

const ALNUM_HYPHEN = /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/;

export const NAME_RULES = {
  resourceGroup: rule(
    'resource group',
    1,
    90,
    /^[-\w.()]*[-\w()]$/,
    'letters, digits, - _ . ( ), not ending in .',
  ),
  virtualNetwork: rule(
    'virtual network',
    2,
    64,
    /^[a-zA-Z0-9][-\w.]*\w$/,
    'letters, digits, - _ ., starting alphanumeric, ending with a letter, digit or _',
  ),
  subnet: rule('subnet', 1, 80, /^[a-zA-Z0-9]([-\w.]*\w)?$/, 'letters, digits, - _ ., starting alphanumeric'),
  networkSecurityGroup: rule(
    'network security group',
    1,
    80,
    /^[a-zA-Z0-9]([-\w.]*\w)?$/,
    'letters, digits, - _ .',
  ),
  logAnalyticsWorkspace: rule(
    'Log Analytics workspace',
    4,
    63,
    ALNUM_HYPHEN,
    'letters, digits and hyphens, alphanumeric at both ends',
  ),
  keyVault: rule(
    'Key Vault',
    3,
    24,
    /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]*[a-zA-Z0-9]$/,
    'letters, digits and single hyphens, starting with a letter',
    true,
  ),
  storageAccount: rule('storage account', 3, 24, /^[a-z0-9]+$/, 'lower-case letters and digits only', true),
  storageFileSystem: rule(
    'ADLS file system',
    3,
    63,
    /^[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$/,
    'lower-case letters, digits and single hyphens',
  ),
  eventHubsNamespace: rule(
    'Event Hubs namespace',
    6,
    50,
    /^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]$(?<!-sb|-mgmt)/,
    'letters, digits, hyphens; starts with a letter; not ending in -sb or -mgmt',
    true,
  ),
  eventHub: rule(
    'event hub',
    1,
    256,
    /^[a-zA-Z0-9]([-\w.]*[a-zA-Z0-9])?$/,
    'letters, digits, - _ ., alphanumeric at both ends',
  ),
  consumerGroup: rule(
    'consumer group',
    1,
    50,
    /^[a-zA-Z0-9]([-\w.]*[a-zA-Z0-9])?$/,
    'letters, digits, - _ ., alphanumeric at both ends',
  ),
  schemaGroup: rule('schema group', 1, 50, /^[a-zA-Z0-9]([-\w.]*[a-zA-Z0-9])?$/, 'letters, digits, - _ .'),
  cosmosAccount: rule(
    'Cosmos DB account',
    3,
    44,
    /^[a-z0-9][a-z0-9-]*$/,
    'lower-case letters, digits and hyphens',
    true,
  ),
  cosmosResource: rule('Cosmos DB database or container', 1, 255, /^[^/\\#?\s]+$/, 'no / \\ # ? or spaces'),
  synapseWorkspace: rule(
    'Synapse workspace',
    1,
    50,
    /^(?!.*-ondemand)[a-z0-9]([a-z0-9-]*[a-z0-9])?$/,
    'lower-case letters, digits, hyphens; not containing -ondemand',
    true,
  ),
  synapseSparkPool: rule(
    'Synapse Spark pool',
    1,
    15,
    /^[a-zA-Z][a-zA-Z0-9]*$/,
    'letters and digits, starting with a letter',
  ),
  databricksWorkspace: rule('Databricks workspace', 3, 64, /^[a-zA-Z0-9][-\w]*$/, 'letters, digits, - _'),
  containerRegistry: rule('container registry', 5, 50, /^[a-zA-Z0-9]+$/, 'letters and digits only', true),
  kubernetesCluster: rule(
    'AKS cluster',
    1,
    63,
    /^[a-zA-Z0-9][-\w]*[a-zA-Z0-9]$/,
    'letters, digits, - _, alphanumeric at both ends',
  ),
  nodePool: rule(
    'AKS node pool',
    1,
    12,
    /^[a-z][a-z0-9]*$/,
    'lower-case letters and digits, starting with a letter',
  ),
  managedIdentity: rule('managed identity', 3, 128, /^[a-zA-Z0-9][-\w]*$/, 'letters, digits, - _'),
  privateEndpoint: rule('private endpoint', 2, 64, /^[a-zA-Z0-9][-\w.]*\w$/, 'letters, digits, - _ .'),
  devCenter: rule(
    'dev center or project',
    3,
    26,
    /^[a-zA-Z0-9][a-zA-Z0-9-]*$/,
    'letters, digits and hyphens, starting alphanumeric',
  ),
  devOpsPool: rule(
    'Managed DevOps Pool',
    3,
    44,
    /^[a-zA-Z0-9][a-zA-Z0-9-.]*$/,
    'letters, digits, hyphens and dots, starting alphanumeric',
  ),
  generic: rule('resource', 1, 80, /^[a-zA-Z0-9][-\w.]*[a-zA-Z0-9_]$/, 'letters, digits, - _ .'),
} as const satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

/** Why `name` breaks the rule for `kind`, or undefined when it is valid. */
export function nameViolation(kind: NameKind, name: string): string | undefined {
  const rule: NameRule = NAME_RULES[kind];
  if (name.length < rule.min || name.length > rule.max) {
    return `${rule.title} name "${name}" is ${name.length} characters; Azure allows ${rule.min}–${rule.max}`;
  }
  if (!rule.pattern.test(name)) return `${rule.title} name "${name}" breaks Azure's rule: ${rule.chars}`;
  return undefined;
}
