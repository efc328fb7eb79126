import type { TerraformStack } from 'cdktf';
import type { EnvironmentStacks } from '../../../app/build-app';
import { AGENTS_FIREWALL_RULE, publicAllowList } from '../../../stacks/constructs/allow-list';
import {
  buildEnvironment,
  environment,
  resourceAt,
  resourcesOf,
  type StackJson,
  synthStack,
} from '../../helpers/synth';
import { rendered } from '../analytics/analytics-synth';

/**
 * dev keeps public endpoints: every allow-list on the deploy path contains the deployment agents' egress IP, as a
 * reference to the NAT gateway's public IP (never a typed address). One test per service.
 */
const OFFICE = '203.0.113.0/24';
let stacks: EnvironmentStacks;
const json: Record<string, StackJson> = {};
beforeAll(() => {
  stacks = buildEnvironment(environment('dev')).stacks;
  for (const layer of ['foundation', 'data', 'analytics', 'compute'] as const)
    json[layer] = synthStack(stacks[layer] as TerraformStack);
});

/** The agents' egress IP as `stack`'s JSON refers to it. */
const egress = (stack: TerraformStack) => rendered(stack, stacks.foundation.agentEgressIp);
const REFERENCE = /^\$\{azurerm_public_ip\.network_nat-ip_[0-9A-F]{8}\.ip_address\}$/;

test('publicAllowList: the configured ranges, then the agents’ address in the service’s form', () => {
  expect(publicAllowList([OFFICE], '1.2.3.4')).toEqual([OFFICE, '1.2.3.4/32']);
  expect(publicAllowList([OFFICE], '1.2.3.4', 'address')).toEqual([OFFICE, '1.2.3.4']);
  expect(publicAllowList(undefined, undefined)).toEqual([]);
});

test('the address is a reference to the NAT public IP in every stack', () => {
  for (const layer of ['foundation', 'data', 'analytics', 'compute'] as const)
    expect(egress(stacks[layer] as TerraformStack)).toMatch(REFERENCE);
});

test('AKS: authorized IP ranges of the public API server (rollout’s kubectl)', () => {
  const cluster = resourceAt(json.compute, 'azurerm_kubernetes_cluster', 'aks/cluster');
  expect(cluster.api_server_access_profile).toEqual({
    authorized_ip_ranges: [OFFICE, `${egress(stacks.compute)}/32`],
  });
});

test('Synapse: a firewall rule for the agents (managed private endpoints go through the data plane)', () => {
  const rule = resourceAt(
    json.analytics,
    'azurerm_synapse_firewall_rule',
    'synapse/firewall-deployment-agents',
  );
  expect(rule).toMatchObject({
    name: AGENTS_FIREWALL_RULE,
    start_ip_address: egress(stacks.analytics),
    end_ip_address: egress(stacks.analytics),
  });
});

test('Key Vault: IP rule (the Synapse SQL admin secret is written through the data plane)', () => {
  const vault = resourceAt(json.foundation, 'azurerm_key_vault', 'key-vault/vault');
  expect((vault.network_acls as { ip_rules: string[] }).ip_rules).toEqual([
    OFFICE,
    `${egress(stacks.foundation)}/32`,
  ]);
});

test('storage (lake): the agents subnet, not the IP (storage IP rules ignore same-region clients)', () => {
  const account = resourceAt(json.data, 'azurerm_storage_account', 'lake/account');
  const rules = account.network_rules as { ip_rules: string[]; virtual_network_subnet_ids: string[] };
  expect(rules.virtual_network_subnet_ids).toContain(
    rendered(stacks.data, stacks.foundation.network.subnets.agents.id),
  );
  expect(rules.ip_rules).toEqual([OFFICE]);
  // …which works because the agents subnet has the Microsoft.Storage service endpoint.
  expect(resourceAt(json.foundation, 'azurerm_subnet', 'network/subnet-agents').service_endpoints).toEqual([
    'Microsoft.Storage',
  ]);
});

test('Event Hubs: namespace IP rule', () => {
  const namespace = resourcesOf(json.data, 'azurerm_eventhub_namespace')[0];
  const ruleset = (namespace.network_rulesets as { ip_rule: { ip_mask: string }[] }[])[0];
  expect(ruleset.ip_rule.map((r) => r.ip_mask)).toEqual([OFFICE, `${egress(stacks.data)}/32`]);
});

test('Cosmos DB: ipRangeFilter (a bare address, as Cosmos DB stores it)', () => {
  const account = resourceAt(json.analytics, 'azurerm_cosmosdb_account', 'cosmos/account');
  expect(account.ip_range_filter).toEqual([OFFICE, egress(stacks.analytics)]);
});

test('ACR: dev’s Standard registry has no network rules to add to (documented decision), nothing to open', () => {
  const registry = resourceAt(json.compute, 'azurerm_container_registry', 'registry/registry');
  expect(registry).toMatchObject({ sku: 'Standard', admin_enabled: false, anonymous_pull_enabled: false });
  expect(registry.network_rule_set).toBeUndefined();
  // A Premium public registry gets the address like the others: compute-stack.test.ts checks that variant.
});
