import { get } from '../policies/attrs';
import { STATEFUL_KINDS, STATEFUL_TYPES } from '../policies/resource-kinds';
import { byWarning, type DataLossWarning, type ResourceChange } from './model';

/** ARM types (of `azapi_resource`) that hold data, like their azurerm counterparts in STATEFUL_TYPES. */
const STATEFUL_ARM_TYPES = [
  'Microsoft.Storage/storageAccounts',
  'Microsoft.EventHub/namespaces',
  'Microsoft.DocumentDB/databaseAccounts',
  'Microsoft.Synapse/workspaces',
  'Microsoft.Databricks/workspaces',
  'Microsoft.KeyVault/vaults',
  'Microsoft.OperationalInsights/workspaces',
  'Microsoft.ContainerService/managedClusters',
  'Microsoft.ContainerRegistry/registries',
];

/** Whether a change touches something that holds data. */
export function isStateful(change: ResourceChange): boolean {
  // A namespace takes its volume claims with it.
  if (change.layer === 'kubernetes') return STATEFUL_KINDS.has(change.type) || change.type === 'Namespace';
  if (change.type === 'azapi_resource') {
    const armType = String(get(change.after ?? change.before, 'type') ?? '').split('@')[0];
    return STATEFUL_ARM_TYPES.some((t) => armType === t || armType.startsWith(`${t}/`));
  }
  return STATEFUL_TYPES.has(change.type);
}

const KUBERNETES_CONSEQUENCE: Readonly<Record<string, string>> = {
  PersistentVolumeClaim: 'the claim goes, and with reclaimPolicy Delete its disk and data with it',
  PersistentVolume: 'the volume object goes; with reclaimPolicy Delete the disk and its data too',
  StatefulSet: 'its pods go; their claims stay unless persistentVolumeClaimRetentionPolicy deletes them',
  StorageClass:
    'new claims fail until it exists again, and its reclaimPolicy decides whether disks outlive claims',
  Namespace:
    'everything in it goes, its volume claims too (disks outlive them only with reclaimPolicy Retain)',
};

function describe(change: ResourceChange): string {
  const name =
    get(change.before ?? change.after, 'name') ?? get(change.before ?? change.after, 'metadata.name');
  return typeof name === 'string' ? `${change.type} ${name}` : change.type;
}

/**
 * Data-loss warnings, shown first in the review: a stateful resource that is destroyed or replaced (Terraform
 * replaces by destroying first), including a renamed construct that Terraform destroys and creates again.
 */
export function dataLossWarnings(changes: readonly ResourceChange[]): DataLossWarning[] {
  return changes
    .filter((c) => (c.action === 'delete' || c.action === 'replace') && isStateful(c))
    .map((c) => {
      const why = c.reasons.length > 0 ? ` ${c.reasons[0]}.` : '';
      const consequence =
        c.layer === 'kubernetes'
          ? (KUBERNETES_CONSEQUENCE[c.type] ?? 'its data may be lost')
          : 'everything it holds is lost unless it is backed up or recoverable (soft delete)';
      const verb = c.action === 'delete' ? 'is destroyed' : 'is replaced (destroyed, then created)';
      return {
        stack: c.stack,
        path: c.path,
        type: c.type,
        action: c.action as 'delete' | 'replace',
        message: `${describe(c)} ${verb}: ${consequence}.${why}`,
      };
    })
    .sort(byWarning);
}
