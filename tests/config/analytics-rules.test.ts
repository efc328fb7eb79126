import { problemsAfter } from '../helpers/config';

/** Bad input in the Cosmos DB, Synapse and Databricks sections: one line each, with the field and the fix. */

describe('cosmos', () => {
  test('partition key that does not start with /', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.cosmos.containers[0].partitionKey = 'entityId';
      }),
    ).toEqual([
      'environments/dev.ts: cosmos.containers[0].partitionKey = "entityId": a partition key is a path that starts with / (no trailing /, no spaces). Fix: use e.g. "/entityId"',
    ]);
  });

  test('autoscale maximum below the minimum', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.cosmos.autoscaleMaxThroughput = 400;
      }),
    ).toEqual([
      'environments/prod.ts: cosmos.autoscaleMaxThroughput = 400: below the autoscale minimum of 1000 RU/s. Fix: use 1000 or more, in steps of 1000',
    ]);
  });

  test('autoscale maximum that is not a multiple of 1000', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.cosmos.autoscaleMaxThroughput = 4500;
      }),
    ).toEqual([
      'environments/prod.ts: cosmos.autoscaleMaxThroughput = 4500: autoscale maximums go in steps of 1000 RU/s. Fix: use 4000 or 5000',
    ]);
  });

  test('provisioned without an autoscale maximum', () => {
    expect(
      problemsAfter('prod', (c) => {
        delete c.cosmos.autoscaleMaxThroughput;
      }),
    ).toEqual([
      'environments/prod.ts: cosmos.autoscaleMaxThroughput = (missing): a provisioned account needs its autoscale maximum. Fix: set autoscaleMaxThroughput to a multiple of 1000 from 1000, e.g. 4000',
    ]);
  });

  test('autoscale on a serverless account', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.cosmos.autoscaleMaxThroughput = 4000;
      }),
    ).toEqual([
      "environments/dev.ts: cosmos.autoscaleMaxThroughput = 4000: autoscale does not apply to a serverless account (it has no provisioned throughput). Fix: remove autoscaleMaxThroughput, or set capacityMode: 'provisioned'",
    ]);
  });

  test('second region equal to the first', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.cosmos.secondaryLocation = 'northeurope';
      }),
    ).toEqual([
      'environments/prod.ts: cosmos.secondaryLocation = "northeurope": the second region is the same as the first (location). Fix: use another region (a paired region, e.g. westeurope for northeurope), or remove secondaryLocation',
    ]);
  });

  test('unknown second region, with suggestions', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.cosmos.secondaryLocation = 'west-europe';
      }),
    ).toEqual([
      expect.stringMatching(
        /^environments\/prod\.ts: cosmos\.secondaryLocation = "west-europe": unknown Azure region\. Fix: use an Azure region name such as 'westeurope'/,
      ),
    ]);
  });

  test('second region on a serverless account', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.cosmos.secondaryLocation = 'northeurope';
      }),
    ).toEqual([
      'environments/dev.ts: cosmos.secondaryLocation = "northeurope": a serverless account runs in a single region. Fix: remove secondaryLocation, or set capacityMode: \'provisioned\'',
    ]);
  });

  test('zone redundancy in a region without zones', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.cosmos.secondaryLocation = 'ukwest';
      }),
    ).toEqual([
      'environments/prod.ts: cosmos.secondaryLocation = "ukwest": ukwest has no availability zones, but cosmos.zoneRedundant is on. Fix: pick a second region with zones',
    ]);
  });

  test('duplicate containers', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.cosmos.containers.push({ name: 'features', partitionKey: '/entityId' });
      }),
    ).toEqual([
      'environments/dev.ts: cosmos.containers[2] = "features": duplicate container name (also at cosmos.containers[0]). Fix: give each container name a distinct value or remove one',
    ]);
  });

  test('TTL of 0 and an excluded path that is not a path', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.cosmos.containers[0].ttlSeconds = 0;
        c.cosmos.containers[1].excludedPaths = ['payload'];
      }),
    ).toEqual([
      'environments/dev.ts: cosmos.containers[0].ttlSeconds = 0: Cosmos DB does not accept a TTL of 0. Fix: use -1 (on, no default expiry), a number of seconds, or leave it out (off)',
      'environments/dev.ts: cosmos.containers[1].excludedPaths[0] = "payload": not an indexing path. Fix: start with / and end with /* (a sub-tree) or /? (one value), e.g. "/payload/*"',
    ]);
  });

  test('container name Cosmos DB refuses', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.cosmos.containers.push({ name: 'feature store', partitionKey: '/entityId' });
      }),
    ).toEqual([
      expect.stringMatching(
        /^environments\/dev\.ts: cosmos\.containers\[2\]\.name = "feature store": Cosmos DB database or container name .* no \/ \\ # \? or spaces\. Fix:/,
      ),
    ]);
  });
});

describe('synapse', () => {
  test('invalid admin group object id', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.synapse.sqlAdminGroup.objectId = 'sg-lakehouse-synapse-admins-dev';
      }),
    ).toEqual([
      expect.stringMatching(
        /^environments\/dev\.ts: synapse\.sqlAdminGroup\.objectId = "sg-lakehouse-synapse-admins-dev": does not match .*\. Fix: use the object id \(a GUID\) of the Entra ID group/,
      ),
    ]);
  });

  test('firewall rule covering the whole internet', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.synapse.firewallRules = [{ name: 'all', startIp: '0.0.0.0', endIp: '255.255.255.255' }];
      }),
    ).toEqual([
      'environments/dev.ts: synapse.firewallRules[0] = {"startIp":"0.0.0.0","endIp":"255.255.255.255"}: opens the workspace to the whole internet. Fix: list only the public ranges that need access (e.g. an office /24)',
    ]);
  });

  test('firewall rule allowing all Azure services', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.synapse.firewallRules = [{ name: 'azure', startIp: '0.0.0.0', endIp: '0.0.0.0' }];
      }),
    ).toEqual([expect.stringContaining('0.0.0.0 lets in every Azure service of every tenant')]);
  });

  test('firewall rule with start after end, and one too wide', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.synapse.firewallRules = [
          { name: 'office', startIp: '203.0.113.255', endIp: '203.0.113.0' },
          { name: 'wide', startIp: '20.0.0.0', endIp: '40.0.0.0' },
        ];
      }),
    ).toEqual([
      'environments/dev.ts: synapse.firewallRules[0] = {"startIp":"203.0.113.255","endIp":"203.0.113.0"}: startIp is after endIp. Fix: swap them: startIp \'203.0.113.0\', endIp \'203.0.113.255\'',
      expect.stringContaining(
        'synapse.firewallRules[1] = {"startIp":"20.0.0.0","endIp":"40.0.0.0"}: too wide',
      ),
    ]);
  });

  test('invalid IP address', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.synapse.firewallRules = [{ name: 'office', startIp: '203.0.113', endIp: '203.0.113.255' }];
      }),
    ).toEqual([
      'environments/dev.ts: synapse.firewallRules[0].startIp = "203.0.113": not a valid IPv4 address. Fix: write a.b.c.d with octets 0–255, e.g. \'203.0.113.0\'',
    ]);
  });

  test('firewall rules when public access is off', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.synapse.firewallRules = [{ name: 'office', startIp: '203.0.113.0', endIp: '203.0.113.255' }];
      }),
    ).toEqual([
      'environments/prod.ts: synapse.firewallRules = ["office"]: firewall rules have no effect: network.privateEndpoints turns public network access off. Fix: remove the rules (use firewallRules: []) and reach the workspace through its private endpoints',
    ]);
  });

  test('Spark pool node counts out of range and in the wrong order', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.synapse.sparkPool = { ...c.synapse.sparkPool, minNodes: 2, maxNodes: 201 } as never;
      }),
    ).toEqual([
      'environments/dev.ts: synapse.sparkPool.minNodes = 2: out of range from 3 to 200. Fix: use a value from 3 to 200',
      'environments/dev.ts: synapse.sparkPool.maxNodes = 201: out of range from 3 to 200. Fix: use a value from 3 to 200',
    ]);
    expect(
      problemsAfter('dev', (c) => {
        c.synapse.sparkPool = { ...c.synapse.sparkPool, minNodes: 10, maxNodes: 5 } as never;
      }),
    ).toEqual([
      'environments/dev.ts: synapse.sparkPool = {"minNodes":10,"maxNodes":5}: minNodes is greater than maxNodes. Fix: make minNodes ≤ maxNodes',
    ]);
  });

  test('Spark pool auto-pause out of range and unknown Spark version', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.synapse.sparkPool = { ...c.synapse.sparkPool, autoPauseMinutes: 2, sparkVersion: '2.4' } as never;
      }),
    ).toEqual([
      'environments/dev.ts: synapse.sparkPool.autoPauseMinutes = 2: out of range from 5 to 10080. Fix: use a value from 5 to 10080',
      'environments/dev.ts: synapse.sparkPool.sparkVersion = "2.4": not an allowed value. Fix: use one of: "3.4", "3.5"',
    ]);
  });
});

describe('databricks', () => {
  test('subnet missing', () => {
    expect(
      problemsAfter('dev', (c) => {
        delete (c.network.subnets as Record<string, unknown>).databricksContainer;
      }),
    ).toEqual([
      'environments/dev.ts: network.subnets.databricksContainer = (missing): required field is missing. Fix: add network.subnets.databricksContainer',
    ]);
  });

  test('subnet smaller than /26', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.network.subnets.databricksContainer = '10.30.9.0/27';
      }),
    ).toEqual([
      'environments/prod.ts: network.subnets.databricksContainer = "10.30.9.0/27": too small: databricksContainer needs at least a /26. Fix: use a /26 or larger (a smaller prefix number)',
    ]);
  });

  test('private link without private endpoints', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.databricks.privateLink = true;
      }),
    ).toEqual([
      'environments/dev.ts: databricks.privateLink = true: private link needs a private endpoint and its DNS zone, but network.privateEndpoints is false. Fix: set network.privateEndpoints: true, or databricks.privateLink: false',
    ]);
  });

  test('unknown field', () => {
    expect(
      problemsAfter('dev', (c) => {
        (c.databricks as Record<string, unknown>).sku = 'standard';
      }),
    ).toEqual([
      'environments/dev.ts: databricks.sku = "standard": unknown field. Fix: remove it or use one of: privateLink, infrastructureEncryption, enhancedSecurity',
    ]);
  });
});
