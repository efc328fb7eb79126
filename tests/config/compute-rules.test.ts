import { problemsAfter } from '../helpers/config';

/** Bad input for the compute layer (aks, registry): each gives exactly one line with field, value and fix. */
describe('aks: node pools', () => {
  test('minCount greater than maxCount', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.aks.systemPool.minCount = 3;
        c.aks.systemPool.maxCount = 2;
      }),
    ).toEqual([
      'environments/dev.ts: aks.systemPool = {"minCount":3,"maxCount":2}: minCount is greater than maxCount. Fix: make minCount ≤ maxCount',
    ]);
  });

  test('the system pool needs at least one node', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.aks.systemPool.minCount = 0;
      }),
    ).toEqual([
      'environments/dev.ts: aks.systemPool.minCount = 0: out of range from 1 to 1000. Fix: use a value from 1 to 1000',
    ]);
  });

  test('the user pool may scale to zero but not be capped at zero', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.aks.userPool.minCount = 0;
      }),
    ).toEqual([]);
    expect(
      problemsAfter('dev', (c) => {
        c.aks.userPool.maxCount = 0;
      }),
    ).toEqual([
      'environments/dev.ts: aks.userPool.maxCount = 0: out of range from 1 to 1000. Fix: use a value from 1 to 1000',
    ]);
  });

  test('a count that is not a whole number', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.aks.userPool.maxCount = 2.5;
      }),
    ).toEqual([
      'environments/dev.ts: aks.userPool.maxCount = 2.5: expected a whole number. Fix: use a whole number from 1 to 1000',
    ]);
  });

  test('a VM size that is not an Azure size name', () => {
    for (const vmSize of ['D4s_v5', 'standard_d4s_v5', 'Standard D4s v5']) {
      expect(
        problemsAfter('dev', (c) => {
          c.aks.userPool.vmSize = vmSize;
        }),
      ).toEqual([
        expect.stringMatching(
          new RegExp(
            `^environments/dev\\.ts: aks\\.userPool\\.vmSize = "${vmSize}": does not match .*\\. Fix: use an Azure VM size name as Azure spells it, e\\.g\\. 'Standard_D4s_v5'$`,
          ),
        ),
      ]);
    }
  });

  test.each([
    'Standard_D4s_v5',
    'Standard_E16-4ds_v5',
    'Standard_NC24ads_A100_v4',
    'Standard_B2ms',
    'Standard_DS2_v2',
  ])('%s is a valid VM size', (vmSize) => {
    expect(
      problemsAfter('dev', (c) => {
        c.aks.systemPool.vmSize = vmSize;
      }),
    ).toEqual([]);
  });

  test('fewer nodes than zones', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.aks.userPool.perZone = undefined;
        c.aks.userPool.minCount = 2;
      }),
    ).toEqual([
      'environments/prod.ts: aks.userPool.minCount = 2: fewer nodes than zones (3): some zones would have no node, so zone spreading fails. Fix: use a minCount of at least 3',
    ]);
  });
});

describe('aks: one user pool per zone, host encryption', () => {
  test('per zone, the counts are per pool: one node per zone is enough', () => {
    expect(problemsAfter('prod', (c) => (c.aks.userPool.minCount = 1))).toEqual([]);
  });

  test('one pool per zone without zones', () => {
    expect(problemsAfter('dev', (c) => (c.aks.userPool.perZone = true))).toEqual([
      "environments/dev.ts: aks.userPool.perZone = true: one pool per zone needs several zones, but aks.zones has 0. Fix: remove perZone, or set aks.zones: ['1', '2', '3']",
    ]);
  });

  test('perZone and hostEncryption are booleans', () => {
    expect(
      problemsAfter('dev', (c) => {
        (c.aks.userPool as Record<string, unknown>).perZone = 'yes';
        (c.aks as Record<string, unknown>).hostEncryption = 'true';
      }),
    ).toEqual([
      'environments/dev.ts: aks.userPool.perZone = "yes": expected true or false. Fix: use a boolean without quotes',
      'environments/dev.ts: aks.hostEncryption = "true": expected true or false. Fix: use a boolean without quotes',
    ]);
  });
});

describe('aks: containerNetworkSecurity (ACNS, FQDN filtering)', () => {
  test('without the Cilium data plane', () => {
    expect(problemsAfter('prod', (c) => (c.aks.networkPolicy = 'azure'))).toEqual([
      'environments/prod.ts: aks.containerNetworkSecurity = true: Advanced Container Networking Services security needs the Cilium data plane, but aks.networkPolicy is "azure". Fix: set aks.networkPolicy: \'cilium\', or remove containerNetworkSecurity',
    ]);
  });

  test('without private endpoints', () => {
    expect(problemsAfter('dev', (c) => (c.aks.containerNetworkSecurity = true))).toEqual([
      'environments/dev.ts: aks.containerNetworkSecurity = true: without private endpoints the workloads reach every Azure service on public addresses, which the kit filters by port, not by name. Fix: set network.privateEndpoints: true, or remove containerNetworkSecurity',
    ]);
  });
});

describe('aks: zones', () => {
  test('zones in a region without availability zones', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.location = 'ukwest';
        c.aks.zones = ['1'];
      }),
    ).toEqual([
      'environments/dev.ts: aks.zones = ["1"]: region ukwest has no availability zones. Fix: set aks.zones: [] or deploy to a region with zones (see naming/regions.ts)',
    ]);
  });

  test('a zone that does not exist', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.aks.zones = ['1', '2', '4'];
      }),
    ).toEqual([
      'environments/prod.ts: aks.zones[2] = "4": not an allowed value. Fix: use one of: "1", "2", "3"',
    ]);
  });
});

describe('aks: API server', () => {
  test('an invalid authorized range', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.aks.apiServer = { privateCluster: false, authorizedIpRanges: ['203.0.113.0/33'] };
      }),
    ).toEqual([
      'environments/dev.ts: aks.apiServer.authorizedIpRanges[0] = "203.0.113.0/33": not a valid, network-aligned IPv4 CIDR. Fix: write a.b.c.d/n, e.g. \'203.0.113.0/24\'',
    ]);
  });

  test('an authorized range that opens the API server to the internet', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.aks.apiServer = { privateCluster: false, authorizedIpRanges: ['0.0.0.0/0'] };
      }),
    ).toEqual([
      'environments/dev.ts: aks.apiServer.authorizedIpRanges[0] = "0.0.0.0/0": too wide for an API server allow-list (wider than a /16). Fix: list the specific public ranges of your administrators and agents',
    ]);
  });

  test('an empty allow-list, which Azure reads as "everyone"', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.aks.apiServer = { privateCluster: false, authorizedIpRanges: [] };
      }),
    ).toEqual([
      'environments/dev.ts: aks.apiServer.authorizedIpRanges = []: an empty list leaves the public API server open to the whole internet. Fix: list the public ranges that administer the cluster, or use { privateCluster: true }',
    ]);
  });

  test('a private range in the allow-list', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.aks.apiServer = { privateCluster: false, authorizedIpRanges: ['10.1.0.0/24'] };
      }),
    ).toEqual([
      'environments/dev.ts: aks.apiServer.authorizedIpRanges[0] = "10.1.0.0/24": a private range never reaches the public API server endpoint. Fix: use the public egress ranges of your administrators, or a private cluster',
    ]);
  });

  test('a private cluster with authorized ranges', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.aks.apiServer = { privateCluster: true, authorizedIpRanges: ['203.0.113.0/24'] } as never;
      }),
    ).toEqual([
      'environments/prod.ts: aks.apiServer.authorizedIpRanges = ["203.0.113.0/24"]: a private cluster has no public endpoint to restrict. Fix: remove authorizedIpRanges, or set privateCluster: false to keep a public endpoint with these ranges',
    ]);
  });

  test('a public cluster without authorized ranges', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.aks.apiServer = { privateCluster: false } as never;
      }),
    ).toEqual([
      'environments/prod.ts: aks.apiServer.authorizedIpRanges = (missing): a public API server needs authorized IP ranges. Fix: list the public ranges that administer the cluster, or use { privateCluster: true }',
    ]);
  });
});

describe('aks: identity and upgrades', () => {
  test('an admin group given by name instead of object id', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.aks.adminGroupObjectIds = ['sg-aks-admins'];
      }),
    ).toEqual([
      expect.stringMatching(
        /^environments\/dev\.ts: aks\.adminGroupObjectIds\[0\] = "sg-aks-admins": does not match .*\. Fix: use the group object id, a GUID such as .* \(not the group name\)$/,
      ),
    ]);
  });

  test('no admin group while local accounts are disabled', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.aks.adminGroupObjectIds = [];
      }),
    ).toEqual([
      'environments/dev.ts: aks.adminGroupObjectIds = []: local accounts are disabled, so without an admin group nobody can administer the cluster. Fix: add the object id of the Entra ID group of the cluster administrators',
    ]);
  });

  test('maintenance window hours out of range', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.aks.maintenanceWindow.startHour = 24;
        c.aks.maintenanceWindow.durationHours = 2;
      }),
    ).toEqual([
      'environments/dev.ts: aks.maintenanceWindow.startHour = 24: out of range from 0 to 23. Fix: use a value from 0 to 23',
      'environments/dev.ts: aks.maintenanceWindow.durationHours = 2: out of range from 4 to 24. Fix: use a value from 4 to 24',
    ]);
  });

  test("the 'node-image' channel with another node OS channel", () => {
    expect(
      problemsAfter('test', (c) => {
        c.aks.upgradeChannel = 'node-image';
      }),
    ).toEqual([
      "environments/test.ts: aks.nodeOsUpgradeChannel = \"SecurityPatch\": upgradeChannel 'node-image' requires nodeOsUpgradeChannel 'NodeImage'. Fix: set nodeOsUpgradeChannel: 'NodeImage', or pick another upgradeChannel such as 'patch'",
    ]);
  });

  test('a Kubernetes version with a v prefix', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.aks.kubernetesVersion = 'v1.30';
      }),
    ).toEqual([expect.stringContaining('aks.kubernetesVersion = "v1.30": does not match')]);
  });
});

describe('aks: pod and service ranges', () => {
  test('the default ranges clash with a VNet that covers them', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.network.addressSpace = ['10.0.0.0/8'];
      }),
    ).toEqual([
      'environments/dev.ts: aks.podCidr = "10.244.0.0/16": overlaps the VNet address space 10.0.0.0/8 (this is the AKS default). Fix: set aks.podCidr to a private range outside network.addressSpace',
      'environments/dev.ts: aks.serviceCidr = "10.0.0.0/16": overlaps the VNet address space 10.0.0.0/8 (this is the AKS default). Fix: set aks.serviceCidr to a private range outside network.addressSpace',
    ]);
  });

  test('a service range inside the VNet', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.aks.serviceCidr = '10.10.0.0/16';
      }),
    ).toEqual([
      'environments/dev.ts: aks.serviceCidr = "10.10.0.0/16": overlaps the VNet address space 10.10.0.0/16. Fix: set aks.serviceCidr to a private range outside network.addressSpace',
    ]);
  });

  test('a service range of /12 or wider', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.aks.serviceCidr = '172.16.0.0/12';
      }),
    ).toEqual([
      'environments/dev.ts: aks.serviceCidr = "172.16.0.0/12": AKS needs a service range smaller than a /12. Fix: use a /13 or smaller range (a /16 is plenty)',
    ]);
  });

  test('a pod range too small for the node pools at full scale', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.aks.podCidr = '10.244.0.0/22';
      }),
    ).toEqual([
      'environments/prod.ts: aks.podCidr = "10.244.0.0/22": room for 4 nodes (a /24 each), but the node pools scale to 17. Fix: use a larger range (a smaller prefix number), e.g. a /19',
    ]);
  });
});

describe('registry', () => {
  test('private endpoints with a registry that is not Premium', () => {
    expect(
      problemsAfter('test', (c) => {
        c.registry.sku = 'Standard';
      }),
    ).toEqual([
      'environments/test.ts: registry.sku = "Standard": network.privateEndpoints is on, but only a Premium registry can have a private endpoint. Fix: set registry.sku: \'Premium\'',
    ]);
  });

  test('zone redundancy without Premium', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.registry.zoneRedundant = true;
      }),
    ).toEqual([
      "environments/dev.ts: registry.zoneRedundant = true: zone redundancy needs a Premium registry, not Standard. Fix: set registry.sku: 'Premium' or registry.zoneRedundant: false",
    ]);
  });

  test('an unknown SKU', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.registry.sku = 'Classic' as never;
      }),
    ).toEqual([
      'environments/dev.ts: registry.sku = "Classic": not an allowed value. Fix: use one of: "Basic", "Standard", "Premium"',
    ]);
  });
});
