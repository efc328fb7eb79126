import { AZURE_REGIONS } from '../../naming/regions';
import type { ConfigRule } from './rule';

/**
 * The container registry. Private endpoints, a closed public endpoint and zone redundancy are Premium-only
 * features: a lower SKU would fail at apply time, so it fails here with the fix.
 */
export const registryRule: ConfigRule = (config, p) => {
  const registry = config.registry;
  if (!p.object('registry', registry, ['sku'], ['zoneRedundant'])) return;
  const skuOk = p.oneOf('registry.sku', registry.sku, ['Basic', 'Standard', 'Premium']);
  if (skuOk && registry.sku !== 'Premium' && config.network?.privateEndpoints === true)
    p.add(
      'registry.sku',
      registry.sku,
      'network.privateEndpoints is on, but only a Premium registry can have a private endpoint',
      "set registry.sku: 'Premium'",
    );
  if (registry.zoneRedundant === undefined || !p.boolean('registry.zoneRedundant', registry.zoneRedundant))
    return;
  if (registry.zoneRedundant && skuOk && registry.sku !== 'Premium')
    p.add(
      'registry.zoneRedundant',
      true,
      `zone redundancy needs a Premium registry, not ${registry.sku}`,
      "set registry.sku: 'Premium' or registry.zoneRedundant: false",
    );
  else if (registry.zoneRedundant && AZURE_REGIONS[config.location]?.zones === false)
    p.add(
      'registry.zoneRedundant',
      true,
      `region ${config.location} has no availability zones`,
      'set registry.zoneRedundant: false or deploy to a region with zones',
    );
};
