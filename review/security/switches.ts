import { flag, get } from '../../policies/attrs';
import { PUBLIC_ACCESS_TYPES } from '../../policies/resource-kinds';
import type { Attributes } from '../../policies/rule';
import type { SecurityCategory } from '../model';
import { type Detected, type Detector, isCreateOrDelete } from './detector';

/** An attribute whose change to `loose` opens something, with the provider default (azurerm 4.x docs). */
interface Switch {
  readonly types: readonly string[];
  readonly path: string;
  readonly loose: boolean | string;
  readonly fallback: boolean | string;
  readonly category: SecurityCategory;
  readonly message: string;
}

const ALLOW_ALL = 'lets every network through the firewall (default action Allow)';

const SWITCHES: readonly Switch[] = [
  // public access
  {
    types: PUBLIC_ACCESS_TYPES,
    path: 'public_network_access_enabled',
    loose: true,
    fallback: true,
    category: 'public-access',
    message: 'turns public network access on',
  },
  {
    types: ['azurerm_eventhub_namespace'],
    path: 'network_rulesets.public_network_access_enabled',
    loose: true,
    fallback: true,
    category: 'public-access',
    message: 'turns public network access on in the network rule set',
  },
  {
    types: ['azurerm_kubernetes_cluster'],
    path: 'private_cluster_enabled',
    loose: false,
    fallback: false,
    category: 'public-access',
    message: 'makes the API server public',
  },
  {
    types: ['azurerm_storage_account'],
    path: 'allow_nested_items_to_be_public',
    loose: true,
    fallback: true,
    category: 'public-access',
    message: 'allows public blob containers',
  },
  {
    types: ['azurerm_container_registry'],
    path: 'anonymous_pull_enabled',
    loose: true,
    fallback: false,
    category: 'public-access',
    message: 'allows anonymous image pulls',
  },
  {
    types: ['azurerm_synapse_workspace'],
    path: 'data_exfiltration_protection_enabled',
    loose: false,
    fallback: false,
    category: 'public-access',
    message: 'turns data exfiltration protection off',
  },
  // firewalls' default action
  {
    types: ['azurerm_cosmosdb_account'],
    path: 'is_virtual_network_filter_enabled',
    loose: false,
    fallback: false,
    category: 'firewall',
    message: 'turns the virtual network filter off',
  },
  {
    types: ['azurerm_storage_account'],
    path: 'network_rules.default_action',
    loose: 'Allow',
    fallback: 'Allow',
    category: 'firewall',
    message: ALLOW_ALL,
  },
  {
    types: ['azurerm_key_vault'],
    path: 'network_acls.default_action',
    loose: 'Allow',
    fallback: 'Allow',
    category: 'firewall',
    message: ALLOW_ALL,
  },
  {
    types: ['azurerm_eventhub_namespace'],
    path: 'network_rulesets.default_action',
    loose: 'Allow',
    fallback: 'Allow',
    category: 'firewall',
    message: ALLOW_ALL,
  },
  {
    types: ['azurerm_container_registry'],
    path: 'network_rule_set.default_action',
    loose: 'Allow',
    fallback: 'Allow',
    category: 'firewall',
    message: ALLOW_ALL,
  },
  // keys and local accounts
  {
    types: ['azurerm_storage_account'],
    path: 'shared_access_key_enabled',
    loose: true,
    fallback: true,
    category: 'local-auth',
    message: 're-enables shared keys and account SAS',
  },
  {
    types: ['azurerm_eventhub_namespace'],
    path: 'local_authentication_enabled',
    loose: true,
    fallback: true,
    category: 'local-auth',
    message: 're-enables SAS keys',
  },
  {
    types: ['azurerm_log_analytics_workspace'],
    path: 'local_authentication_enabled',
    loose: true,
    fallback: true,
    category: 'local-auth',
    message: 're-enables workspace keys',
  },
  {
    types: ['azurerm_cosmosdb_account'],
    path: 'local_authentication_disabled',
    loose: false,
    fallback: false,
    category: 'local-auth',
    message: 're-enables account keys',
  },
  {
    types: ['azurerm_cosmosdb_account'],
    path: 'access_key_metadata_writes_enabled',
    loose: true,
    fallback: true,
    category: 'local-auth',
    message: 'lets account keys change databases and containers again',
  },
  {
    types: ['azurerm_container_registry'],
    path: 'admin_enabled',
    loose: true,
    fallback: false,
    category: 'local-auth',
    message: 'turns the admin user on',
  },
  {
    types: ['azurerm_kubernetes_cluster'],
    path: 'local_account_disabled',
    loose: false,
    fallback: false,
    category: 'local-auth',
    message: 're-enables local cluster accounts',
  },
  {
    types: ['azurerm_synapse_workspace'],
    path: 'azuread_authentication_only',
    loose: false,
    fallback: false,
    category: 'local-auth',
    message: 'accepts SQL passwords again',
  },
  {
    types: ['azurerm_key_vault'],
    path: 'rbac_authorization_enabled',
    loose: false,
    fallback: false,
    category: 'local-auth',
    message: 'switches from Azure RBAC to access policies',
  },
  // transport
  {
    types: ['azurerm_storage_account'],
    path: 'https_traffic_only_enabled',
    loose: false,
    fallback: true,
    category: 'tls',
    message: 'accepts plain HTTP',
  },
];

function current(attrs: Attributes | undefined, path: string, fallback: boolean | string): unknown {
  return typeof fallback === 'boolean' ? flag(attrs ?? {}, path, fallback) : (get(attrs, path) ?? fallback);
}

/** Public access, firewall default actions, keys and local accounts switched to the looser value. */
export const switches: Detector = (c) => {
  if (isCreateOrDelete(c)) return [];
  return SWITCHES.filter((s) => s.types.includes(c.type))
    .filter(
      (s) =>
        current(c.before, s.path, s.fallback) !== s.loose && current(c.after, s.path, s.fallback) === s.loose,
    )
    .map((s): Detected => [s.category, `${s.message} (${s.path})`]);
};

const TLS_ORDER: Readonly<Record<string, readonly string[]>> = {
  min_tls_version: ['TLS1_0', 'TLS1_1', 'TLS1_2', 'TLS1_3'],
  minimum_tls_version: ['1.0', '1.1', '1.2', '1.3'],
  minimal_tls_version: ['Tls', 'Tls11', 'Tls12', 'Tls13'],
};
const TLS_DEFAULTS: Readonly<Record<string, string>> = {
  min_tls_version: 'TLS1_2',
  minimum_tls_version: '1.2',
  minimal_tls_version: 'Tls12',
};

/** A lower minimum TLS version. */
export const tls: Detector = (c) => {
  if (isCreateOrDelete(c)) return [];
  return Object.entries(TLS_ORDER).flatMap(([path, order]): Detected[] => {
    if (get(c.before, path) === undefined && get(c.after, path) === undefined) return [];
    const b = String(get(c.before, path) ?? TLS_DEFAULTS[path]);
    const a = String(get(c.after, path) ?? TLS_DEFAULTS[path]);
    return order.indexOf(a) < order.indexOf(b)
      ? [['tls', `lowers the minimum TLS version from ${b} to ${a} (${path})`]]
      : [];
  });
};
