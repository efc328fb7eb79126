import { problemsAfter } from '../helpers/config';

describe('valid environments', () => {
  test.each(['dev', 'test', 'prod'])('%s has no problems', (name) => {
    expect(problemsAfter(name, () => {})).toEqual([]);
  });
});

describe('each bad input gives one line with file, field, value and fix', () => {
  test('wrong type', () => {
    expect(
      problemsAfter('dev', (c) => {
        (c.monitoring as Record<string, unknown>).retentionDays = '30';
      }),
    ).toEqual([
      'environments/dev.ts: monitoring.retentionDays = "30": expected a number. Fix: use a number from 30 to 730 without quotes',
    ]);
  });

  test('unknown region, with suggestions', () => {
    const lines = problemsAfter('dev', (c) => {
      c.location = 'westeurop';
    });
    expect(lines).toEqual([
      expect.stringMatching(
        /^environments\/dev\.ts: location = "westeurop": unknown Azure region\. Fix: use an Azure region name such as 'westeurope'/,
      ),
    ]);
  });

  test('invalid CIDR', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.network.subnets.aks = '10.10.0.300/22';
      }),
    ).toEqual([
      expect.stringContaining(
        'environments/dev.ts: network.subnets.aks = "10.10.0.300/22": not a valid IPv4 CIDR. Fix:',
      ),
    ]);
  });

  test('CIDR with host bits set suggests the network address', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.network.subnets.privateEndpoints = '10.10.5.7/24';
      }),
    ).toEqual([
      'environments/dev.ts: network.subnets.privateEndpoints = "10.10.5.7/24": host bits are set. Fix: use the network address \'10.10.5.0/24\'',
    ]);
  });

  test('overlapping subnets', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.network.subnets.privateEndpoints = '10.10.4.0/24';
      }),
    ).toEqual([
      'environments/dev.ts: network.subnets.privateEndpoints = "10.10.4.0/24": overlaps network.subnets.databricksHost (10.10.4.0/26). Fix: give every subnet its own range',
    ]);
  });

  test('subnet outside the address space', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.network.subnets.aks = '10.99.0.0/22';
      }),
    ).toEqual([
      'environments/dev.ts: network.subnets.aks = "10.99.0.0/22": outside the address space 10.10.0.0/16. Fix: pick a subnet range inside network.addressSpace',
    ]);
  });

  test('Databricks subnet smaller than /26', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.network.subnets.databricksHost = '10.10.4.0/27';
      }),
    ).toEqual([
      'environments/dev.ts: network.subnets.databricksHost = "10.10.4.0/27": too small: databricksHost needs at least a /26. Fix: use a /26 or larger (a smaller prefix number)',
    ]);
  });

  test('derived name that breaks Azure rules', () => {
    const lines = problemsAfter('dev', (c) => {
      c.project = 'lakehouse1';
      c.name = 'staging1';
    });
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^environments\/dev\.ts: name = "staging1": does not match the file name dev\.ts/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /project\/name = "kv-lakehouse1-staging1-\w{5}": Key Vault name .* is 28 characters; Azure allows 3–24\. Fix: shorten or change project\/name/,
      ),
    );
  });

  test('unknown SKU', () => {
    expect(
      problemsAfter('dev', (c) => {
        (c.keyVault as Record<string, unknown>).sku = 'gold';
      }),
    ).toEqual([
      'environments/dev.ts: keyVault.sku = "gold": not an allowed value. Fix: use one of: "standard", "premium"',
    ]);
  });

  test('unknown field (a typo) is reported, not ignored', () => {
    expect(
      problemsAfter('dev', (c) => {
        (c.monitoring as Record<string, unknown>).retentionDay = 30;
      }),
    ).toEqual([
      'environments/dev.ts: monitoring.retentionDay = 30: unknown field. Fix: remove it or use one of: retentionDays, dailyQuotaGb',
    ]);
  });

  test('missing required field', () => {
    expect(
      problemsAfter('dev', (c) => {
        delete (c as Record<string, unknown>).location;
      }),
    ).toEqual(['environments/dev.ts: location = (missing): required field is missing. Fix: add location']);
  });
});
