import { problemsAfter } from '../helpers/config';

// Every problem is one line naming file, field, value and fix; the loader refuses to write anything when there is
// one (tests/e2e/synth.test.ts shows that for any config problem).

const HUB =
  '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub';

describe('network.subnets.agents', () => {
  test('outside the address space', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.network.subnets.agents = '10.99.6.0/27';
      }),
    ).toEqual([
      'environments/dev.ts: network.subnets.agents = "10.99.6.0/27": outside the address space 10.10.0.0/16. Fix: pick a subnet range inside network.addressSpace',
    ]);
  });

  test('overlapping another subnet', () => {
    expect(
      problemsAfter('test', (c) => {
        c.network.subnets.agents = '10.20.5.0/27';
      }),
    ).toEqual([
      'environments/test.ts: network.subnets.agents = "10.20.5.0/27": overlaps network.subnets.privateEndpoints (10.20.5.0/24). Fix: give every subnet its own range',
    ]);
  });

  test('smaller than /28', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.network.subnets.agents = '10.30.11.0/29';
      }),
    ).toEqual([
      'environments/prod.ts: network.subnets.agents = "10.30.11.0/29": too small: agents needs at least a /28. Fix: use a /28 or larger (a smaller prefix number)',
    ]);
  });

  test('missing', () => {
    expect(
      problemsAfter('dev', (c) => {
        delete (c.network.subnets as Record<string, unknown>).agents;
      }),
    ).toEqual([
      'environments/dev.ts: network.subnets.agents = (missing): required field is missing. Fix: add network.subnets.agents',
    ]);
  });
});

describe('network.dnsLinkedVnetIds', () => {
  test('valid VNet ids pass', () => {
    expect(
      problemsAfter('test', (c) => {
        (c.network as Record<string, unknown>).dnsLinkedVnetIds = [HUB];
      }),
    ).toEqual([]);
  });

  test('not a VNet id (a subnet id)', () => {
    expect(
      problemsAfter('test', (c) => {
        (c.network as Record<string, unknown>).dnsLinkedVnetIds = [`${HUB}/subnets/default`];
      }),
    ).toEqual([
      expect.stringMatching(
        /^environments\/test\.ts: network\.dnsLinkedVnetIds\[0\] = "\/subscriptions\/[^"]*: not a virtual network resource id\. Fix: use \/subscriptions\/<guid>\/resourceGroups\/<rg>\/providers\/Microsoft\.Network\/virtualNetworks\/<name>$/,
      ),
    ]);
  });

  test('a name instead of an id, and the same VNet twice (ids are case-insensitive): one line each', () => {
    expect(
      problemsAfter('prod', (c) => {
        (c.network as Record<string, unknown>).dnsLinkedVnetIds = [
          'vnet-hub',
          HUB,
          HUB.replace('rg-hub', 'RG-HUB'),
        ];
      }),
    ).toEqual([
      'environments/prod.ts: network.dnsLinkedVnetIds[0] = "vnet-hub": not a virtual network resource id. Fix: use /subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<name>',
      expect.stringMatching(
        /^environments\/prod\.ts: network\.dnsLinkedVnetIds\[2\] = "\/subscriptions\/[^"]*: listed twice\. Fix: list each VNet once$/,
      ),
    ]);
  });

  test('dev has no private DNS zones: a list there would do nothing', () => {
    expect(
      problemsAfter('dev', (c) => {
        (c.network as Record<string, unknown>).dnsLinkedVnetIds = [HUB];
      }),
    ).toEqual([
      expect.stringMatching(
        /^environments\/dev\.ts: network\.dnsLinkedVnetIds = .*: network\.privateEndpoints is off, so the kit creates no private DNS zones to link\. Fix: remove network\.dnsLinkedVnetIds, or turn network\.privateEndpoints on$/,
      ),
    ]);
  });
});

describe('agents', () => {
  test('organization URL, project list and concurrency', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.agents.organizationUrl = 'https://contoso.visualstudio.com/';
        c.agents.projects = [];
        c.agents.maximumConcurrency = 0;
      }),
    ).toEqual([
      expect.stringMatching(
        /^environments\/dev\.ts: agents\.organizationUrl = "https:\/\/contoso\.visualstudio\.com\/": does not match .*\. Fix: use the organization's URL without a trailing slash, e\.g\. 'https:\/\/dev\.azure\.com\/contoso'$/,
      ),
      'environments/dev.ts: agents.projects = []: the pool serves no project. Fix: list the project that holds the pipelines',
      'environments/dev.ts: agents.maximumConcurrency = 0: out of range from 1 to 100. Fix: use a value from 1 to 100',
    ]);
  });

  test('the DevOpsInfrastructure principal must be an object id', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.agents.devOpsInfrastructurePrincipalId = 'DevOpsInfrastructure';
      }),
    ).toEqual([
      expect.stringMatching(
        /^environments\/prod\.ts: agents\.devOpsInfrastructurePrincipalId = "DevOpsInfrastructure": does not match .*\. Fix: use the object id from `az ad sp show --id 31687f79-5e43-4c1e-8c63-d9f4bff5cf8b --query id -o tsv`$/,
      ),
    ]);
  });

  test('missing section', () => {
    expect(
      problemsAfter('dev', (c) => {
        delete (c as Record<string, unknown>).agents;
      }),
    ).toEqual(['environments/dev.ts: agents = (missing): required field is missing. Fix: add agents']);
  });
});

test('synapse.firewallRules may not take the deployment agents’ rule name', () => {
  expect(
    problemsAfter('dev', (c) => {
      c.synapse.firewallRules = [
        { name: 'deployment-agents', startIp: '198.51.100.1', endIp: '198.51.100.1' },
      ];
    }),
  ).toEqual([
    'environments/dev.ts: synapse.firewallRules[0].name = "deployment-agents": reserved: the kit adds this rule for the deployment agents. Fix: give the rule another name',
  ]);
});
