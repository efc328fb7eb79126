import { Chart } from 'cdk8s';
import { KubeStorageClass } from 'cdk8s-plus-28/lib/imports/k8s';
import type { Construct } from 'constructs';
import type { StorageClassConfig } from '../environments/schema';

/** The Azure Disk CSI driver AKS installs (`storageProfile.diskDriverEnabled`). */
export const AZURE_DISK_PROVISIONER = 'disk.csi.azure.com';

export interface StorageChartProps {
  readonly storageClasses: readonly StorageClassConfig[];
}

/**
 * The StorageClasses of `config.kubernetes.storageClasses` (cluster-scoped, shared by the workloads).
 * `WaitForFirstConsumer` creates each disk in the zone its pod is scheduled to (zonal LRS disks would
 * otherwise be created in a random zone); expansion is allowed so a claim can grow in place.
 */
export class StorageChart extends Chart {
  readonly classes: Readonly<Record<string, KubeStorageClass>>;

  constructor(scope: Construct, id: string, props: StorageChartProps) {
    super(scope, id, {
      labels: { 'app.kubernetes.io/part-of': 'azure-lakehouse-kit', 'app.kubernetes.io/managed-by': 'cdk8s' },
    });
    const classes: Record<string, KubeStorageClass> = {};
    for (const storageClass of props.storageClasses) {
      classes[storageClass.name] = new KubeStorageClass(this, storageClass.name, {
        metadata: { name: storageClass.name },
        provisioner: AZURE_DISK_PROVISIONER,
        parameters: { skuName: storageClass.skuName },
        reclaimPolicy: storageClass.reclaimPolicy,
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
      });
    }
    this.classes = classes;
  }
}
