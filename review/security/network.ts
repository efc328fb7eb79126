import { all, flag, get } from '../../policies/attrs';
import { coveredBy, parseRange, rangeBetween } from '../../policies/ip-ranges';
import { FIREWALL_RANGE_LISTS as RANGE_LISTS } from '../../policies/resource-kinds';
import type { Attributes } from '../../policies/rule';
import { canonical } from '../force-new';
import type { Detected, Detector } from './detector';

/** Where each service lists the subnets its firewall lets through (ranges: FIREWALL_RANGE_LISTS). */
const SUBNET_LISTS: Readonly<Record<string, readonly string[]>> = {
  azurerm_storage_account: ['network_rules.virtual_network_subnet_ids'],
  azurerm_key_vault: ['network_acls.virtual_network_subnet_ids'],
  azurerm_eventhub_namespace: ['network_rulesets.virtual_network_rule.subnet_id'],
  azurerm_cosmosdb_account: ['virtual_network_rule.id'],
};

/** Firewall allow-lists that admit more (ranges not covered before, more subnets, a wider Synapse rule). */
export const firewall: Detector = (c, names) => {
  if (c.action === 'create' || c.action === 'delete') {
    if (c.type === 'azurerm_synapse_firewall_rule' && c.action === 'create') {
      return [
        [
          'firewall',
          `allows ${get(c.after, 'start_ip_address')}–${get(c.after, 'end_ip_address')} through the Synapse firewall`,
        ],
      ];
    }
    return [];
  }
  const found: Detected[] = [];
  for (const path of RANGE_LISTS[c.type] ?? []) {
    const before = all(c.before, path).map(String);
    const covered = before.map(parseRange).filter((r) => r !== undefined);
    const added = all(c.after, path)
      .map(String)
      .filter((text) => {
        const range = parseRange(text);
        return !before.includes(text) && (range === undefined || !coveredBy(range, covered));
      });
    if (added.length > 0) found.push(['firewall', `widens ${path}: allows ${added.join(', ')}`]);
    const aksOpened =
      c.type === 'azurerm_kubernetes_cluster' &&
      before.length > 0 &&
      all(c.after, path).length === 0 &&
      flag(c.after ?? {}, 'private_cluster_enabled', false) !== true;
    if (aksOpened)
      found.push([
        'firewall',
        'removes every authorized IP range: the API server accepts the whole internet',
      ]);
  }
  for (const path of SUBNET_LISTS[c.type] ?? []) {
    const before = all(c.before, path).map(canonical);
    const added = all(c.after, path).filter((s) => !before.includes(canonical(s)));
    if (added.length > 0) {
      found.push([
        'firewall',
        `allows more subnets (${path}): ${added.map((s) => names.describe(c.stack, s)).join(', ')}`,
      ]);
    }
  }
  if (c.type === 'azurerm_synapse_firewall_rule') {
    const range = (a?: Attributes) =>
      rangeBetween(String(get(a, 'start_ip_address')), String(get(a, 'end_ip_address')));
    const [before, after] = [range(c.before), range(c.after)];
    if (after && (!before || !coveredBy(after, [before]))) {
      found.push([
        'firewall',
        `allows ${get(c.after, 'start_ip_address')}–${get(c.after, 'end_ip_address')} through the Synapse firewall`,
      ]);
    }
  }
  return found;
};

function inboundAllow(rule: unknown): string | undefined {
  const is = (path: string, value: string) => String(get(rule, path)).toLowerCase() === value;
  if (!is('direction', 'inbound') || !is('access', 'allow')) return undefined;
  const sources = [get(rule, 'source_address_prefix'), ...all(rule, 'source_address_prefixes')].filter(
    (s) => s !== undefined,
  );
  const ports = [get(rule, 'destination_port_range'), ...all(rule, 'destination_port_ranges')].filter(
    (p) => p !== undefined,
  );
  return `allows inbound from ${sources.map(String).join(', ') || '*'} to port(s) ${ports.map(String).join(', ') || '*'} (rule ${String(get(rule, 'name') ?? '?')})`;
}

/** NSG rules (resources or inline) that allow more inbound traffic. */
export const nsgRules: Detector = (c) => {
  if (c.action === 'delete') return [];
  if (c.type === 'azurerm_network_security_rule') {
    const now = inboundAllow(c.after);
    return now && now !== inboundAllow(c.before) ? [['network-rules', now]] : [];
  }
  if (c.type !== 'azurerm_network_security_group') return [];
  const before = new Set(all(c.before, 'security_rule').map(inboundAllow));
  return all(c.after, 'security_rule')
    .map(inboundAllow)
    .filter((r): r is string => r !== undefined && !before.has(r))
    .map((r): Detected => ['network-rules', r]);
};
