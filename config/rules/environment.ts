import { AZURE_REGIONS, suggestRegions } from '../../naming/regions';
import { checkFirewallRanges } from './network';
import { asRecord, type ConfigRule, GUID } from './rule';

const TOP_LEVEL_REQUIRED = [
  'name',
  'location',
  'project',
  'tags',
  'protection',
  'network',
  'monitoring',
  'keyVault',
  'lake',
  'eventHubs',
  'cosmos',
  'synapse',
  'databricks',
  'lakehouse',
  'aks',
  'registry',
  'kubernetes',
  'agents',
  'workloads',
  'operations',
] as const;
const TOP_LEVEL_OPTIONAL = ['subscriptionId', 'tenantId', 'backend', 'deployers'] as const;

/** Top level: identity of the environment, region, tags, protection and state backend. */
export const environmentRule: ConfigRule = (config, p) => {
  if (!p.object('', config, TOP_LEVEL_REQUIRED, TOP_LEVEL_OPTIONAL)) return;

  const expectedName = p.file.replace(/^.*\//, '').replace(/\.ts$/, '');
  if (
    p.string(
      'name',
      config.name,
      /^[a-z][a-z0-9]{1,7}$/,
      'use 2–8 lower-case letters or digits, starting with a letter, e.g. "dev"',
    )
  ) {
    if (config.name !== expectedName) {
      p.add(
        'name',
        config.name,
        `does not match the file name ${expectedName}.ts`,
        `set name: '${expectedName}' or rename the file to ${config.name}.ts`,
      );
    }
  }
  if (p.string('location', config.location) && !AZURE_REGIONS[config.location]) {
    p.add(
      'location',
      config.location,
      'unknown Azure region',
      `use an Azure region name such as ${suggestRegions(config.location)
        .map((r) => `'${r}'`)
        .join(', ')} (see naming/regions.ts)`,
    );
  }
  p.string(
    'project',
    config.project,
    /^[a-z][a-z0-9]{1,9}$/,
    'use 2–10 lower-case letters or digits, starting with a letter, e.g. "lakehouse"',
  );
  if (config.subscriptionId !== undefined)
    p.string(
      'subscriptionId',
      config.subscriptionId,
      GUID,
      'use the subscription GUID, or leave it out and set ARM_SUBSCRIPTION_ID',
    );
  if (config.tenantId !== undefined)
    p.string('tenantId', config.tenantId, GUID, 'use the tenant GUID, or leave it out and set ARM_TENANT_ID');

  const tags = asRecord(config.tags);
  if (p.object('tags', config.tags, [], Object.keys(tags ?? {}))) {
    for (const [key, value] of Object.entries(config.tags)) {
      if (!/^[^<>%&\\?/]{1,512}$/.test(key))
        p.add(
          `tags.${key}`,
          key,
          'tag names cannot contain < > % & \\ ? / and are at most 512 characters',
          'rename the tag',
        );
      p.string(`tags.${key}`, value, /^.{0,256}$/, 'use a string of at most 256 characters');
    }
  }

  if (p.object('protection', config.protection, ['preventDestroy', 'managementLocks'])) {
    p.boolean('protection.preventDestroy', config.protection.preventDestroy);
    p.boolean('protection.managementLocks', config.protection.managementLocks);
  }

  if (
    config.backend !== undefined &&
    p.object(
      'backend',
      config.backend,
      [],
      [
        'resourceGroupName',
        'storageAccountName',
        'containerName',
        'subscriptionId',
        'tenantId',
        'allowedIpRanges',
      ],
    )
  ) {
    const b = config.backend;
    // Both names are derived when left out (naming/state-backend.ts); explicit ones are for existing accounts.
    if (b.resourceGroupName !== undefined)
      p.string(
        'backend.resourceGroupName',
        b.resourceGroupName,
        /^[-\w.()]{1,89}[-\w()]$/,
        'use a valid resource group name',
      );
    if (b.storageAccountName !== undefined)
      p.string(
        'backend.storageAccountName',
        b.storageAccountName,
        /^[a-z0-9]{3,24}$/,
        'use 3–24 lower-case letters and digits',
      );
    if (b.containerName !== undefined)
      p.string(
        'backend.containerName',
        b.containerName,
        /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/,
        'use 3–63 lower-case letters, digits and single hyphens',
      );
    if (b.subscriptionId !== undefined)
      p.string('backend.subscriptionId', b.subscriptionId, GUID, 'use the subscription GUID');
    if (b.tenantId !== undefined) p.string('backend.tenantId', b.tenantId, GUID, 'use the tenant GUID');
    if (b.allowedIpRanges !== undefined) checkFirewallRanges(p, 'backend.allowedIpRanges', b.allowedIpRanges);
  }
};
