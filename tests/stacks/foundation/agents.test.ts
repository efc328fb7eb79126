import type { TerraformResource } from 'cdktf';
import type { EnvironmentConfig } from '../../../environments/schema';
import { Naming } from '../../../naming/names';
import { PRIVATE_DNS_ZONE_KEYS } from '../../../naming/private-dns-zones';
import { suppressionsOn } from '../../../policies/suppressions';
import { DATA_PLANE_TYPES, HOSTED_BOOTSTRAP_LAYER } from '../../../stacks/foundation/agents';
import type { FoundationStack } from '../../../stacks/foundation/foundation-stack';
import { linkName } from '../../../stacks/foundation/private-dns';
import {
  buildEnvironment,
  ENVIRONMENT_NAMES,
  environment,
  resourceAt,
  resourcesOf,
  type StackJson,
  synthStack,
} from '../../helpers/synth';
import { rendered } from '../analytics/analytics-synth';

interface Synthed {
  readonly config: EnvironmentConfig;
  readonly stack: FoundationStack;
  readonly json: StackJson;
}

function synthFoundation(config: EnvironmentConfig): Synthed {
  const stack = buildEnvironment(config).stacks.foundation as FoundationStack;
  return { config, stack, json: synthStack(stack) };
}

const ref = (resource: TerraformResource, attribute = 'id') =>
  `\${${resource.terraformResourceType}.${resource.friendlyUniqueId}.${attribute}}`;

/** A hub VNet and another agents' VNet, in other subscriptions, that must resolve test's private names. */
const LINKED = [
  '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub',
  '/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/rg-ci/providers/Microsoft.Network/virtualNetworks/vnet-agents',
];

const envs: Record<string, Synthed> = {};
beforeAll(() => {
  for (const name of ENVIRONMENT_NAMES) envs[name] = synthFoundation(environment(name));
  const test = environment('test');
  envs.linked = synthFoundation({ ...test, network: { ...test.network, dnsLinkedVnetIds: LINKED } });
});

describe.each(ENVIRONMENT_NAMES)('%s: deployment agents', (name) => {
  test('the agents subnet: from config, delegated to Managed DevOps Pools, behind the NAT gateway', () => {
    const { config, stack, json } = envs[name];
    const subnet = resourceAt(json, 'azurerm_subnet', 'network/subnet-agents');
    expect(subnet).toMatchObject({
      name: 'snet-agents',
      address_prefixes: [config.network.subnets.agents],
      default_outbound_access_enabled: false,
      delegation: [
        {
          name: 'devops-pools',
          service_delegation: {
            name: 'Microsoft.DevOpsInfrastructure/pools',
            actions: ['Microsoft.Network/virtualNetworks/subnets/join/action'],
          },
        },
      ],
      // Only storage through a service endpoint (same-region IP rules do not apply there); the rest of dev's
      // firewalls see the NAT address.
      service_endpoints: ['Microsoft.Storage'],
    });
    const nat = resourceAt(json, 'azurerm_subnet_nat_gateway_association', 'network/nat-association-agents');
    expect(nat).toEqual(
      expect.objectContaining({
        subnet_id: ref(stack.network.subnets.agents),
        nat_gateway_id: expect.stringMatching(/^\$\{azurerm_nat_gateway\.network_nat_[0-9A-F]{8}\.id\}$/),
      }),
    );
  });

  test('a static egress address: the NAT gateway’s Standard public IP, exposed by reference', () => {
    const { config, stack, json } = envs[name];
    const ip = resourceAt(json, 'azurerm_public_ip', 'network/nat-ip');
    expect(ip).toMatchObject({
      name: new Naming(config).natGatewayPublicIp(),
      allocation_method: 'Static',
      sku: 'Standard',
    });
    expect(
      resourceAt(json, 'azurerm_nat_gateway_public_ip_association', 'network/nat-ip-association'),
    ).toMatchObject({ public_ip_address_id: ref(stack.network.natPublicIp) });
    // What every dev allow-list is given: a reference to this address, never a typed one.
    expect(rendered(stack, stack.agentEgressIp)).toBe(ref(stack.network.natPublicIp, 'ip_address'));
  });

  test('the Managed DevOps Pool: named Naming.agentPool(), on the agents subnet, serving the configured projects', () => {
    const { config, stack, json } = envs[name];
    const pools = resourcesOf(json, 'azapi_resource');
    expect(pools).toHaveLength(1);
    expect(pools[0]).toMatchObject({
      type: 'Microsoft.DevOpsInfrastructure/pools@2025-01-21',
      name: new Naming(config).agentPool(),
      parent_id: ref(stack.resourceGroups.platform),
      location: config.location,
      body: {
        properties: {
          devCenterProjectResourceId: ref(stack.agents.project),
          maximumConcurrency: config.agents.maximumConcurrency,
          organizationProfile: {
            kind: 'AzureDevOps',
            organizations: [
              {
                url: config.agents.organizationUrl,
                projects: [...config.agents.projects],
                parallelism: config.agents.maximumConcurrency,
              },
            ],
          },
          agentProfile: { kind: 'Stateless' },
          fabricProfile: {
            kind: 'Vmss',
            sku: { name: 'Standard_D2ads_v5' },
            networkProfile: { subnetId: ref(stack.network.subnets.agents) },
          },
        },
      },
    });
    expect(stack.agents.poolName).toBe(`mdp-lakehouse-${name}-${name === 'prod' ? 'neu' : 'weu'}`);
    expect(resourceAt(json, 'azurerm_dev_center_project', 'agents/project').dev_center_id).toBe(
      ref(stack.agents.devCenter),
    );
  });

  test('the DevOpsInfrastructure service principal may join VMs to the VNet, before the pool is created', () => {
    const { config, stack, json } = envs[name];
    const grant = resourceAt(
      json,
      'azurerm_role_assignment',
      'agents/devops-infrastructure-network/assignment',
    );
    expect(grant).toMatchObject({
      scope: ref(stack.network.virtualNetwork),
      role_definition_name: 'Network Contributor',
      principal_id: config.agents.devOpsInfrastructurePrincipalId,
      principal_type: 'ServicePrincipal',
    });
    const pool = resourcesOf(json, 'azapi_resource')[0];
    expect(pool.depends_on).toEqual([
      expect.stringMatching(/^azurerm_role_assignment\.agents_devops-infrastructure-network/),
    ]);
    expect(pool.retry).toMatchObject({ error_message_regex: [expect.stringContaining('authoriz')] });
  });
});

describe('the order that creates the pool before it is needed', () => {
  test.each(ENVIRONMENT_NAMES)(
    '%s: the foundation (which creates the pool) needs no data plane, so hosted agents can apply it first',
    (name) => {
      const types = Object.keys(envs[name].json.resource ?? {});
      expect(types).toContain('azapi_resource');
      expect(types.filter((t) => DATA_PLANE_TYPES.includes(t) || t.startsWith('kubernetes_'))).toEqual([]);
      expect(envs[name].stack.node.id).toBe(`${name}-${HOSTED_BOOTSTRAP_LAYER}`);
    },
  );
});

describe('private DNS for every VNet that must resolve private names', () => {
  test.each(['test', 'prod'])(
    '%s: every owned zone is linked to the platform VNet (which holds the agents)',
    (name) => {
      const { stack, json } = envs[name];
      const links = resourcesOf(json, 'azurerm_private_dns_zone_virtual_network_link');
      expect(links).toHaveLength(PRIVATE_DNS_ZONE_KEYS.length);
      for (const link of links) expect(link.virtual_network_id).toBe(ref(stack.network.virtualNetwork));
    },
  );

  test('network.dnsLinkedVnetIds: every owned zone is linked to each listed VNet too, once', () => {
    const { stack, json } = envs.linked;
    const links = resourcesOf(json, 'azurerm_private_dns_zone_virtual_network_link');
    expect(links).toHaveLength(PRIVATE_DNS_ZONE_KEYS.length * 3);
    for (const key of PRIVATE_DNS_ZONE_KEYS) {
      const zone = stack.node.findAll().find((c) => c.node.path.endsWith(`private-dns/zone-${key}`));
      const ofZone = links.filter((l) => l.private_dns_zone_name === ref(zone as TerraformResource, 'name'));
      expect(ofZone.map((l) => l.virtual_network_id).sort()).toEqual(
        [ref(stack.network.virtualNetwork), ...LINKED].sort(),
      );
      for (const id of LINKED)
        expect(ofZone.find((l) => l.virtual_network_id === id)).toMatchObject({
          name: linkName(id),
          registration_enabled: false,
        });
    }
    expect(linkName(LINKED[0])).toMatch(/^link-vnet-hub-[0-9a-f]{8}$/);
    expect(linkName(LINKED[0])).not.toBe(linkName(LINKED[0].replace('rg-hub', 'rg-other')));
  });

  test('dev has no private DNS zones, so nothing to link', () => {
    expect(resourcesOf(envs.dev.json, 'azurerm_private_dns_zone_virtual_network_link')).toEqual([]);
  });
});

describe('prod egress and zones', () => {
  test('prod: the zonal NAT gateway is a reviewed zone-redundancy exception with its reason', () => {
    const nat = envs.prod.stack.network.node.findChild('nat');
    expect(suppressionsOn(nat)).toEqual([
      {
        rule: 'zone-redundancy',
        reason: expect.stringMatching(
          /^Zonal by necessity: azurerm 4\.55 offers only the zonal Standard NAT SKU/,
        ),
      },
    ]);
    expect(resourceAt(envs.prod.json, 'azurerm_nat_gateway', 'network/nat')).toMatchObject({
      sku_name: 'Standard',
    });
  });

  test.each(['dev', 'test'])('%s: no exception (the rule applies to production only)', (name) => {
    expect(suppressionsOn(envs[name].stack.network.node.findChild('nat'))).toEqual([]);
  });
});
