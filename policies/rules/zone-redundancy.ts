import { all, get, setTo } from '../attrs';
import { type Finding, isProduction, type TerraformRule } from '../rule';

const ZONE_REDUNDANT_STORAGE = ['ZRS', 'GZRS', 'RAGZRS'];

/**
 * Production survives the loss of an availability zone: zone-redundant storage, a zone-redundant Cosmos DB
 * write region, AKS node pools spread over zones and a zone-redundant Premium registry. A single-zone node pool
 * is spread too when it is one of a set of pools per zone: same cluster and VM size, together in 2+ zones. NAT
 * gateways are flagged as zonal; the kit's one is a reviewed exception (see `stacks/foundation/network.ts`).
 */
export const zoneRedundancy: TerraformRule = {
  id: 'zone-redundancy',
  title: 'Production data and compute are zone-redundant',
  level: 'error',
  environments: isProduction,
  resourceTypes: [
    'azurerm_storage_account',
    'azurerm_cosmosdb_account',
    'azurerm_kubernetes_cluster',
    'azurerm_kubernetes_cluster_node_pool',
    'azurerm_container_registry',
    'azurerm_nat_gateway',
  ],
  check(attrs, { resource, stack }) {
    const findings: Finding[] = [];
    switch (resource.type) {
      case 'azurerm_storage_account': {
        const replication = get(attrs, 'account_replication_type');
        if (typeof replication === 'string' && !ZONE_REDUNDANT_STORAGE.includes(replication)) {
          findings.push({
            message: `replication ${replication} keeps the data in one zone`,
            fix: `${setTo('account_replication_type', 'GZRS')} (lake.replication)`,
          });
        }
        break;
      }
      case 'azurerm_cosmosdb_account': {
        const writeRegion = all(attrs, 'geo_location').find((g) => get(g, 'failover_priority') === 0);
        if (writeRegion !== undefined && get(writeRegion, 'zone_redundant') !== true) {
          findings.push({
            message: 'the write region is not zone-redundant',
            fix: 'set geo_location[failover_priority = 0].zone_redundant to true (cosmos.zoneRedundant)',
          });
        }
        break;
      }
      case 'azurerm_kubernetes_cluster':
      case 'azurerm_kubernetes_cluster_node_pool': {
        const path = resource.type === 'azurerm_kubernetes_cluster' ? 'default_node_pool.zones' : 'zones';
        const perZoneSet =
          resource.type === 'azurerm_kubernetes_cluster_node_pool' &&
          zonesOfSimilarPools(attrs, stack.resourcesOf(resource.type)).size >= 2;
        if (all(attrs, path).length < 2 && !perZoneSet) {
          findings.push({
            message: 'the node pool sits in one zone',
            fix: `set ${path} to ['1', '2', '3'] (aks.zones)`,
          });
        }
        break;
      }
      case 'azurerm_nat_gateway':
        // A Standard NAT gateway lives in one zone (or in none, which Azure places in one): every subnet behind
        // it loses its outbound path when that zone fails.
        findings.push({
          message:
            'a Standard NAT gateway is zonal: a zone outage cuts off the egress of every subnet behind it',
          fix: 'one NAT gateway per zone with the subnets split by zone, or the zone-redundant StandardV2 SKU where the provider offers it',
        });
        break;
      default:
        if (get(attrs, 'sku') === 'Premium' && get(attrs, 'zone_redundancy_enabled') !== true) {
          findings.push({
            message: 'the registry is not zone-redundant',
            fix: `${setTo('zone_redundancy_enabled', true)} (registry.zoneRedundant)`,
          });
        }
    }
    return findings.length > 0 ? findings : 'compliant';
  },
};

/** The zones of the node pools like this one (same cluster, VM size and mode): one pool per zone, balanced. */
function zonesOfSimilarPools(
  attrs: Readonly<Record<string, unknown>>,
  pools: readonly { readonly attrs: Readonly<Record<string, unknown>> }[],
): Set<unknown> {
  const key = (a: Readonly<Record<string, unknown>>) =>
    JSON.stringify([get(a, 'kubernetes_cluster_id'), get(a, 'vm_size'), get(a, 'mode')]);
  return new Set(
    pools.filter((pool) => key(pool.attrs) === key(attrs)).flatMap((pool) => all(pool.attrs, 'zones')),
  );
}
