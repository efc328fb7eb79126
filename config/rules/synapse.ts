import { AGENTS_FIREWALL_RULE } from '../../naming/names';
import { formatIp, parseIp } from '../cidr';
import type { Problems } from '../problems';
import { asRecord, type ConfigRule, GUID } from './rule';

/** Spark pool limits (azurerm and the Synapse API). */
const SPARK_NODES = { min: 3, max: 200 } as const;
const AUTO_PAUSE_MINUTES = { min: 5, max: 10080 } as const;
const SPARK_VERSIONS = ['3.4', '3.5'] as const;
const NODE_SIZES = ['Small', 'Medium', 'Large', 'XLarge', 'XXLarge'] as const;
/** The widest firewall rule accepted: as wide as a /8, like `network.allowedIpRanges`. */
const MAX_RULE_ADDRESSES = 2 ** 24;
const FIREWALL_RULE_NAME = /^[a-zA-Z0-9][-\w.]{0,127}$/;

/** Synapse: Entra-only admin group, exfiltration protection, firewall rules and the optional Spark pool. */
export const synapseRule: ConfigRule = (config, p) => {
  const synapse = config.synapse;
  if (
    !p.object(
      'synapse',
      synapse,
      ['sqlAdminGroup', 'dataExfiltrationProtection'],
      ['firewallRules', 'sparkPool'],
    )
  )
    return;

  const admin = synapse.sqlAdminGroup;
  if (p.object('synapse.sqlAdminGroup', admin, ['name', 'objectId'])) {
    p.string(
      'synapse.sqlAdminGroup.name',
      admin.name,
      /^\S(.{0,126}\S)?$/,
      'use the Entra ID group display name (1–128 characters), e.g. "sg-lakehouse-synapse-admins-dev"',
    );
    p.string(
      'synapse.sqlAdminGroup.objectId',
      admin.objectId,
      GUID,
      'use the object id (a GUID) of the Entra ID group: az ad group show --group <name> --query id',
    );
  }
  p.boolean('synapse.dataExfiltrationProtection', synapse.dataExfiltrationProtection);

  const privateOnly = config.network?.privateEndpoints === true;
  if (synapse.firewallRules !== undefined && p.array('synapse.firewallRules', synapse.firewallRules)) {
    if (privateOnly && synapse.firewallRules.length > 0) {
      p.add(
        'synapse.firewallRules',
        synapse.firewallRules.map((r) => asRecord(r)?.name ?? r),
        'firewall rules have no effect: network.privateEndpoints turns public network access off',
        'remove the rules (use firewallRules: []) and reach the workspace through its private endpoints',
      );
    } else {
      synapse.firewallRules.forEach((rule, i) => {
        checkFirewallRule(p, `synapse.firewallRules[${i}]`, rule);
        if (asRecord(rule)?.name === AGENTS_FIREWALL_RULE)
          p.add(
            `synapse.firewallRules[${i}].name`,
            AGENTS_FIREWALL_RULE,
            'reserved: the kit adds this rule for the deployment agents',
            'give the rule another name',
          );
      });
      const rules = synapse.firewallRules;
      p.unique('synapse.firewallRules', rules, (r) => asRecord(r)?.name ?? Symbol(), 'firewall rule name');
    }
  }

  if (synapse.sparkPool !== undefined) checkSparkPool(p, synapse.sparkPool);
};

function checkFirewallRule(p: Problems, path: string, rule: unknown): void {
  if (!p.object(path, rule, ['name', 'startIp', 'endIp'])) return;
  p.string(
    `${path}.name`,
    rule.name,
    FIREWALL_RULE_NAME,
    'use up to 128 letters, digits, - _ ., starting with a letter or digit, e.g. "office"',
  );
  const start = readIp(p, `${path}.startIp`, rule.startIp);
  const end = readIp(p, `${path}.endIp`, rule.endIp);
  if (start === undefined || end === undefined) return;
  const range = { startIp: rule.startIp, endIp: rule.endIp };
  if (start > end) {
    p.add(
      path,
      range,
      'startIp is after endIp',
      `swap them: startIp '${rule.endIp}', endIp '${rule.startIp}'`,
    );
  } else if (start === 0 && end === 2 ** 32 - 1) {
    p.add(
      path,
      range,
      'opens the workspace to the whole internet',
      'list only the public ranges that need access (e.g. an office /24)',
    );
  } else if (start === 0 && end === 0) {
    p.add(
      path,
      range,
      '0.0.0.0 lets in every Azure service of every tenant',
      'remove it: the workspace reaches the lake through managed private endpoints',
    );
  } else if (end - start + 1 > MAX_RULE_ADDRESSES) {
    p.add(
      path,
      range,
      `too wide for a firewall rule (${end - start + 1} addresses, more than a /8)`,
      `list the specific public ranges that need access, e.g. '${formatIp(start)}'–'${formatIp(Math.min(end, start + 255))}'`,
    );
  }
}

function readIp(p: Problems, path: string, value: unknown): number | undefined {
  if (!p.string(path, value, undefined, "use an IPv4 address, e.g. '203.0.113.0'")) return undefined;
  const ip = parseIp(value);
  if (ip === undefined)
    p.add(path, value, 'not a valid IPv4 address', "write a.b.c.d with octets 0–255, e.g. '203.0.113.0'");
  return ip;
}

function checkSparkPool(p: Problems, pool: unknown): void {
  const path = 'synapse.sparkPool';
  if (!p.object(path, pool, ['nodeSize', 'minNodes', 'maxNodes', 'autoPauseMinutes', 'sparkVersion'])) return;
  p.oneOf(`${path}.nodeSize`, pool.nodeSize, NODE_SIZES);
  const minOk = p.number(`${path}.minNodes`, pool.minNodes, { ...SPARK_NODES, integer: true });
  const maxOk = p.number(`${path}.maxNodes`, pool.maxNodes, { ...SPARK_NODES, integer: true });
  if (minOk && maxOk) p.order(path, pool.minNodes as number, pool.maxNodes as number, 'minNodes', 'maxNodes');
  p.number(`${path}.autoPauseMinutes`, pool.autoPauseMinutes, { ...AUTO_PAUSE_MINUTES, integer: true });
  p.oneOf(`${path}.sparkVersion`, pool.sparkVersion, SPARK_VERSIONS);
}
