import { all, get } from '../attrs';
import { meansEverything } from '../ip-ranges';
import type { Attributes, Finding, TerraformRule } from '../rule';

/** Whether one NSG rule (a resource or an inline `security_rule`) allows inbound traffic from anywhere. */
function opensInbound(rule: Attributes): string | undefined {
  if (String(get(rule, 'direction')).toLowerCase() !== 'inbound') return undefined;
  if (String(get(rule, 'access')).toLowerCase() !== 'allow') return undefined;
  const sources = [get(rule, 'source_address_prefix'), ...all(rule, 'source_address_prefixes')].filter(
    (s): s is string => typeof s === 'string',
  );
  const open = sources.find(meansEverything);
  if (open === undefined) return undefined;
  const ports = [get(rule, 'destination_port_range'), ...all(rule, 'destination_port_ranges')].filter(
    (p) => p !== undefined,
  );
  return `rule ${JSON.stringify(get(rule, 'name') ?? '')} allows inbound from ${open} to port(s) ${ports.join(', ') || '*'}`;
}

/**
 * No network security group rule lets the internet in. The kit's NSGs carry no inbound allow rules of their own
 * (Databricks manages the ones it needs on its delegated subnets); traffic reaches services through private
 * endpoints or service firewalls.
 */
export const nsgNoOpenInbound: TerraformRule = {
  id: 'nsg-no-open-inbound',
  title: 'No network security group rule allows inbound traffic from the internet',
  level: 'error',
  resourceTypes: ['azurerm_network_security_rule', 'azurerm_network_security_group'],
  check(attrs, { resource }) {
    const rules =
      resource.type === 'azurerm_network_security_rule'
        ? [attrs]
        : (all(attrs, 'security_rule') as Attributes[]);
    const findings: Finding[] = rules.flatMap((rule) => {
      const open = opensInbound(rule);
      return open
        ? [{ message: open, fix: 'allow only the specific source ranges or service tags that need access' }]
        : [];
    });
    return findings.length > 0 ? findings : 'compliant';
  },
};
