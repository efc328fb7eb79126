import type { StorageClassConfig } from '../../environments/schema';
import { type ConfigRule, DNS_LABEL } from './rule';

export const STORAGE_SKUS: readonly StorageClassConfig['skuName'][] = [
  'StandardSSD_LRS',
  'StandardSSD_ZRS',
  'Premium_LRS',
  'Premium_ZRS',
];

/**
 * StorageClasses AKS creates and reconciles itself: a kit class with one of these names would be overwritten
 * by the add-on (or fight with it). Source: learn.microsoft.com "Use the Azure Disk CSI driver in AKS".
 */
const AKS_BUILT_IN_CLASSES = [
  'default',
  'managed',
  'managed-csi',
  'managed-csi-premium',
  'managed-premium',
  'azurefile',
  'azurefile-csi',
  'azurefile-csi-premium',
  'azurefile-premium',
  'azureblob-fuse-premium',
  'azureblob-nfs-premium',
];

/** `kubernetes`: the StorageClasses the kit defines for the workloads' volume claims. */
export const kubernetesRule: ConfigRule = (config, p) => {
  if (!p.object('kubernetes', config.kubernetes, ['storageClasses'])) return;
  const classes = config.kubernetes.storageClasses;
  if (!p.array('kubernetes.storageClasses', classes, "use a list, e.g. [{ name: 'lakehouse-ssd', ... }]"))
    return;
  if (classes.length === 0)
    p.add(
      'kubernetes.storageClasses',
      [],
      'the workloads need at least one StorageClass for their volume claims',
      "add one, e.g. { name: 'lakehouse-ssd', skuName: 'StandardSSD_LRS', reclaimPolicy: 'Delete' }",
    );
  const zones = Array.isArray(config.aks?.zones) ? config.aks.zones.length : 0;
  const protectedEnvironment = config.protection?.preventDestroy === true;

  classes.forEach((storageClass, i) => {
    const path = `kubernetes.storageClasses[${i}]`;
    if (!p.object(path, storageClass, ['name', 'skuName', 'reclaimPolicy'])) return;
    if (
      p.string(
        `${path}.name`,
        storageClass.name,
        DNS_LABEL,
        "use a DNS label: lower-case letters, digits and '-', at most 63 characters, e.g. 'lakehouse-ssd'",
      ) &&
      AKS_BUILT_IN_CLASSES.includes(storageClass.name)
    ) {
      p.add(
        `${path}.name`,
        storageClass.name,
        'AKS already defines a StorageClass with this name and reconciles it',
        "pick a name of the kit's own, e.g. 'lakehouse-ssd'",
      );
    }
    if (p.oneOf(`${path}.skuName`, storageClass.skuName, STORAGE_SKUS) && zones > 1) {
      if (!storageClass.skuName.endsWith('_ZRS'))
        p.add(
          `${path}.skuName`,
          storageClass.skuName,
          `the cluster spreads pods over ${zones} zones, but an LRS disk lives in one zone and pins its pod there`,
          `use the zone-redundant ${storageClass.skuName.replace('_LRS', '_ZRS')}`,
        );
    }
    if (
      p.oneOf(`${path}.reclaimPolicy`, storageClass.reclaimPolicy, ['Retain', 'Delete']) &&
      protectedEnvironment &&
      storageClass.reclaimPolicy !== 'Retain'
    ) {
      p.add(
        `${path}.reclaimPolicy`,
        storageClass.reclaimPolicy,
        'protection.preventDestroy is on, but Delete destroys the disk with its claim',
        "use 'Retain'",
      );
    }
  });
  p.unique(
    'kubernetes.storageClasses',
    classes,
    (storageClass) => (storageClass as StorageClassConfig | undefined)?.name,
    'StorageClass name',
  );
};
