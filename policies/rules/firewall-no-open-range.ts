import { all, get } from '../attrs';
import { describeRange, isTooWide, parseRange, rangeBetween, WIDEST_ALLOWED_PREFIX } from '../ip-ranges';
import { FIREWALL_RANGE_LISTS as RANGE_LISTS } from '../resource-kinds';
import type { Finding, TerraformRule } from '../rule';

const fixLine = `list the specific public ranges that need access (a /${WIDEST_ALLOWED_PREFIX} or narrower) in network.allowedIpRanges`;

/**
 * No allow-list opens a service to the internet: no `0.0.0.0/0`, `*` or range wider than a /8 in any firewall,
 * and none of the "all of Azure" shortcuts (Cosmos `0.0.0.0`, Synapse `0.0.0.0`–`0.0.0.0`), which let in every
 * tenant's workloads.
 */
export const firewallNoOpenRange: TerraformRule = {
  id: 'firewall-no-open-range',
  title: 'Firewall allow-lists name specific ranges, never the whole internet or all of Azure',
  level: 'error',
  resourceTypes: [...Object.keys(RANGE_LISTS), 'azurerm_synapse_firewall_rule'],
  check(attrs, { resource }) {
    const findings: Finding[] = [];
    if (resource.type === 'azurerm_synapse_firewall_rule') {
      const start = String(get(attrs, 'start_ip_address'));
      const end = String(get(attrs, 'end_ip_address'));
      const range = rangeBetween(start, end);
      if (start === '0.0.0.0' && end === '0.0.0.0') {
        findings.push({ message: 'the rule lets in every Azure service of every tenant', fix: fixLine });
      } else if (range && isTooWide(range)) {
        findings.push({
          message: `the rule allows ${describeRange(range)}, wider than a /${WIDEST_ALLOWED_PREFIX}`,
          fix: fixLine,
        });
      }
      return findings.length > 0 ? findings : 'compliant';
    }
    for (const path of RANGE_LISTS[resource.type]) {
      for (const value of all(attrs, path)) {
        if (typeof value !== 'string' || value.includes('${')) continue;
        if (resource.type === 'azurerm_cosmosdb_account' && value.trim() === '0.0.0.0') {
          findings.push({
            message: `${path} contains 0.0.0.0, which lets in every Azure datacenter`,
            fix: fixLine,
          });
          continue;
        }
        const range = parseRange(value);
        if (range && isTooWide(range)) {
          findings.push({
            message: `${path} allows ${value}, wider than a /${WIDEST_ALLOWED_PREFIX}`,
            fix: fixLine,
          });
        }
      }
    }
    return findings.length > 0 ? findings : 'compliant';
  },
};
