import { all, flag, get, setTo } from '../attrs';
import type { Finding, TerraformRule } from '../rule';

/** Where each service keeps its firewall's default action. */
const DEFAULT_ACTION: Readonly<Record<string, string>> = {
  azurerm_storage_account: 'network_rules.default_action',
  azurerm_key_vault: 'network_acls.default_action',
  azurerm_eventhub_namespace: 'network_rulesets.default_action',
  azurerm_container_registry: 'network_rule_set.default_action',
};

/**
 * A service whose public endpoint is on answers only the sources its firewall lists: the default action is
 * `Deny` (storage, Key Vault, Event Hubs, Premium registries), and a Cosmos DB account filters by subnet or IP.
 * Basic and Standard registries have no firewall (Entra ID tokens only); Synapse denies everything that no
 * firewall rule allows.
 */
export const networkDefaultDeny: TerraformRule = {
  id: 'network-default-deny',
  title: 'A public endpoint denies by default and allows listed sources only',
  level: 'error',
  resourceTypes: [...Object.keys(DEFAULT_ACTION), 'azurerm_cosmosdb_account'],
  check(attrs, { resource }) {
    if (flag(attrs, 'public_network_access_enabled', true) === false) return 'compliant';
    const findings: Finding[] = [];
    if (resource.type === 'azurerm_cosmosdb_account') {
      const filtered =
        flag(attrs, 'is_virtual_network_filter_enabled', false) === true ||
        all(attrs, 'ip_range_filter').length > 0;
      if (!filtered) {
        findings.push({
          message: 'the public endpoint accepts every network (no subnet or IP filter)',
          fix: `${setTo('is_virtual_network_filter_enabled', true)} with virtual_network_rule entries, or set ip_range_filter, or turn public network access off`,
        });
      }
      return findings.length > 0 ? findings : 'compliant';
    }
    if (resource.type === 'azurerm_container_registry' && get(attrs, 'sku') !== 'Premium') return 'compliant';
    const path = DEFAULT_ACTION[resource.type];
    const action = get(attrs, path);
    // The registry's default action defaults to Allow; the other blocks must be written to exist at all.
    if (action !== 'Deny') {
      findings.push({
        message: `the public endpoint allows every network (${path} = ${JSON.stringify(action ?? null)})`,
        fix: setTo(path, 'Deny'),
      });
    }
    return findings.length > 0 ? findings : 'compliant';
  },
};
