import { SecurityCenterStorageDefender } from '@cdktf/provider-azurerm/lib/security-center-storage-defender';
import { SecurityCenterSubscriptionPricing } from '@cdktf/provider-azurerm/lib/security-center-subscription-pricing';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../environments/schema';

/** Malware scanning cap per storage account and month (GB scanned): a cost ceiling, not a security setting. */
export const MALWARE_SCANNING_CAP_GB = 5000;

/**
 * The subscription plans an owning environment turns on. Only the extensions listed are on (azurerm switches every
 * other extension of the plan off), and they are listed exactly as Azure returns them, so a second plan is empty.
 *
 * Containers deliberately leaves out `ContainerSensor` (the plan's auto-provisioning of the Defender sensor): it
 * would add the sensor to every cluster of the subscription, including those of environments with Defender off,
 * and their stacks would then plan to remove it on every run. Each cluster gets the sensor from its own
 * `microsoft_defender` profile instead (compute layer), so exactly the environments with Defender on have it.
 */
export const DEFENDER_PLANS: readonly {
  readonly resourceType: string;
  readonly subplan?: string;
  readonly extensions: readonly { readonly name: string; readonly properties?: Record<string, string> }[];
}[] = [
  {
    resourceType: 'Containers',
    extensions: [
      { name: 'ContainerRegistriesVulnerabilityAssessments' },
      { name: 'AgentlessDiscoveryForKubernetes' },
    ],
  },
  {
    resourceType: 'StorageAccounts',
    subplan: 'DefenderForStorageV2',
    extensions: [
      {
        name: 'OnUploadMalwareScanning',
        properties: { CapGBPerMonthPerStorageAccount: String(MALWARE_SCANNING_CAP_GB) },
      },
      { name: 'SensitiveDataDiscovery' },
    ],
  },
  { resourceType: 'KeyVaults', subplan: 'PerKeyVault', extensions: [] },
  { resourceType: 'CosmosDbs', extensions: [] },
];

export interface EnvironmentDefenderProps {
  readonly config: EnvironmentConfig;
  /** The lake: Defender for Storage with malware scanning on upload (what lands in `landing` comes from outside). */
  readonly lakeAccountId: string;
}

/**
 * Microsoft Defender for the environment (only built when `operations.defender.enabled`).
 *
 * - The lake gets its own Defender for Storage settings (malware scanning on upload, sensitive data discovery),
 *   overriding the subscription's: per resource, so environments never touch each other's. Scanning covers every
 *   upload to the account; the landing file system, where external data arrives, is what it is for.
 * - The AKS Defender profile is on the cluster itself (compute layer, `microsoft_defender`).
 * - The subscription plans (Containers, Storage, Key Vault, Cosmos DB) only when the environment owns them
 *   (`ownsSubscriptionPlans`): one owner per subscription, checked across environments at config load.
 *   Destroying the owner's stack sets the plans back to Free for the whole subscription: move ownership first.
 *
 * Permissions: the apply identity's Contributor covers the plans and settings (`Microsoft.Security/pricings/write`,
 * `defenderforstoragesettings/write`); for malware scanning Defender assigns its scanner *Defender for Storage Data
 * Scanner* with the caller's rights, which the bootstrap's conditioned RBAC Administrator allows
 * (`ROLES_AZURE_ASSIGNS` in stacks/state/assigned-roles.ts).
 */
export class EnvironmentDefender extends Construct {
  readonly storage: SecurityCenterStorageDefender;
  readonly plans: readonly SecurityCenterSubscriptionPricing[];

  constructor(scope: Construct, id: string, props: EnvironmentDefenderProps) {
    super(scope, id);
    this.storage = new SecurityCenterStorageDefender(this, 'lake', {
      storageAccountId: props.lakeAccountId,
      overrideSubscriptionSettingsEnabled: true,
      malwareScanningOnUploadEnabled: true,
      malwareScanningOnUploadCapGbPerMonth: MALWARE_SCANNING_CAP_GB,
      sensitiveDataDiscoveryEnabled: true,
    });
    this.plans = props.config.operations.defender.ownsSubscriptionPlans
      ? DEFENDER_PLANS.map(
          (plan) =>
            new SecurityCenterSubscriptionPricing(this, `plan-${plan.resourceType}`, {
              resourceType: plan.resourceType,
              tier: 'Standard',
              subplan: plan.subplan,
              extension: plan.extensions.map((extension) => ({
                name: extension.name,
                additionalExtensionProperties: extension.properties,
              })),
            }),
        )
      : [];
  }
}
