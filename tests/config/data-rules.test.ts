import { problemsAfter } from '../helpers/config';

/** Bad input in the lake and Event Hubs sections: one line each, with the file, the field, the value and the fix. */

describe('eventHubs: domains that would make invalid or clashing names', () => {
  test('upper case and underscore in a domain name', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.eventHubs.domains.push({ ...c.eventHubs.domains[0], name: 'Payments_v2' });
      }),
    ).toEqual([
      'environments/dev.ts: eventHubs.domains[2].name = "Payments_v2": does not match /^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$/. Fix: use 1–50 lower-case letters, digits and hyphens, starting and ending with a letter or digit, e.g. "orders"',
    ]);
  });

  test('a domain name longer than a schema group name may be', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.eventHubs.domains.push({ ...c.eventHubs.domains[0], name: 'p'.repeat(51) });
      }),
    ).toEqual([
      expect.stringMatching(
        /^environments\/dev\.ts: eventHubs\.domains\[2\]\.name = "p{51}": does not match/,
      ),
    ]);
  });

  test('a domain name ending in a hyphen', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.eventHubs.domains.push({ ...c.eventHubs.domains[0], name: 'payments-' });
      }),
    ).toEqual([expect.stringContaining('eventHubs.domains[2].name = "payments-": does not match')]);
  });

  test('a duplicate domain', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.eventHubs.domains.push({ ...c.eventHubs.domains[0] });
      }),
    ).toEqual([
      'environments/dev.ts: eventHubs.domains[2] = "orders": duplicate domain name (also at eventHubs.domains[0]). Fix: give each domain name a distinct value or remove one',
    ]);
  });

  test('a typo in a domain field is reported, not ignored', () => {
    expect(
      problemsAfter('dev', (c) => {
        (c.eventHubs.domains[0] as Record<string, unknown>).retentionDays = 1;
      }),
    ).toEqual([
      'environments/dev.ts: eventHubs.domains[0].retentionDays = 1: unknown field. Fix: remove it or use one of: name, partitions, retentionHours, capture',
    ]);
  });
});

describe('eventHubs: what the tier allows', () => {
  test('more partitions than Standard allows', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.eventHubs.domains[0].partitions = 33;
      }),
    ).toEqual([
      'environments/dev.ts: eventHubs.domains[0].partitions = 33: a Standard namespace allows at most 32 partitions per event hub. Fix: use 1 to 32, or eventHubs.sku Premium (up to 100)',
    ]);
  });

  test('more partitions than Premium allows (one line, not a second one for the namespace total)', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.eventHubs.domains[0].partitions = 101;
      }),
    ).toEqual([
      'environments/prod.ts: eventHubs.domains[0].partitions = 101: a Premium namespace allows at most 100 partitions per event hub. Fix: use 1 to 100',
    ]);
  });

  test('no partitions', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.eventHubs.domains[1].partitions = 0;
      }),
    ).toEqual([
      'environments/dev.ts: eventHubs.domains[1].partitions = 0: out of range of at least 1. Fix: use a value of at least 1',
    ]);
  });

  test('retention beyond Standard (7 days)', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.eventHubs.domains[0].retentionHours = 169;
      }),
    ).toEqual([
      'environments/dev.ts: eventHubs.domains[0].retentionHours = 169: a Standard namespace keeps events at most 168 hours (7 days). Fix: use 1 to 168, or eventHubs.sku Premium (up to 2160)',
    ]);
  });

  test('retention beyond Premium (90 days)', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.eventHubs.domains[1].retentionHours = 2161;
      }),
    ).toEqual([
      'environments/prod.ts: eventHubs.domains[1].retentionHours = 2161: a Premium namespace keeps events at most 2160 hours (90 days). Fix: use 1 to 2160',
    ]);
  });

  test('more hubs than a Standard namespace holds', () => {
    expect(
      problemsAfter('dev', (c) => {
        for (const name of ['payments', 'shipments'])
          c.eventHubs.domains.push({ ...c.eventHubs.domains[0], name });
      }),
    ).toEqual([
      'environments/dev.ts: eventHubs.domains = 4: 4 domains need 12 event hubs; a Standard namespace holds at most 10. Fix: use at most 3 domains, or eventHubs.sku Premium',
      // The repository has no contracts for these two (config/rules/contracts.ts).
      expect.stringContaining('eventHubs.domains[2].name = "payments": unknown domain'),
      expect.stringContaining('eventHubs.domains[3].name = "shipments": unknown domain'),
    ]);
  });

  test('more partitions over all hubs than one Premium processing unit holds', () => {
    expect(
      problemsAfter('prod', (c) => {
        for (const domain of c.eventHubs.domains) domain.partitions = 40;
      }),
    ).toEqual([
      'environments/prod.ts: eventHubs.domains = 240: the hubs of all domains have 240 partitions; a Premium namespace with 1 PU holds at most 200. Fix: use fewer partitions per domain or more processing units (eventHubs.capacity)',
    ]);
  });

  test('the same partitions fit two processing units', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.eventHubs.capacity = 2;
        for (const domain of c.eventHubs.domains) domain.partitions = 40;
      }),
    ).toEqual([]);
  });

  test('an unknown SKU', () => {
    expect(
      problemsAfter('dev', (c) => {
        (c.eventHubs as Record<string, unknown>).sku = 'Basic';
      }),
    ).toEqual([
      'environments/dev.ts: eventHubs.sku = "Basic": not an allowed value. Fix: use one of: "Standard", "Premium"',
    ]);
  });

  test('Premium processing units that do not exist', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.eventHubs.capacity = 3;
      }),
    ).toEqual([
      'environments/prod.ts: eventHubs.capacity = 3: Premium processing units come in 1, 2, 4, 8 or 16. Fix: use one of: 1, 2, 4, 8, 16',
    ]);
  });

  test('more Standard throughput units than allowed', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.eventHubs.capacity = 41;
      }),
    ).toEqual([
      'environments/dev.ts: eventHubs.capacity = 41: a Standard namespace has at most 40 throughput units. Fix: use 1 to 40',
    ]);
  });

  test('auto-inflate on Premium', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.eventHubs.autoInflateMaxThroughputUnits = 4;
      }),
    ).toEqual([
      'environments/prod.ts: eventHubs.autoInflateMaxThroughputUnits = 4: auto-inflate is a Standard feature; Premium scales by processing units. Fix: remove it and size eventHubs.capacity',
    ]);
  });

  test('auto-inflate below the base capacity', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.eventHubs.capacity = 4;
        c.eventHubs.autoInflateMaxThroughputUnits = 2;
      }),
    ).toEqual([
      'environments/dev.ts: eventHubs.autoInflateMaxThroughputUnits = 2: below eventHubs.capacity (4): auto-inflate can only add throughput units. Fix: use 4 to 40',
    ]);
  });
});

describe('eventHubs: capture and schema registry', () => {
  test('capture interval below 60 seconds', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.eventHubs.domains[0].capture.intervalSeconds = 30;
      }),
    ).toEqual([
      'environments/dev.ts: eventHubs.domains[0].capture.intervalSeconds = 30: out of range from 60 to 900. Fix: use a value from 60 to 900',
    ]);
  });

  test('capture interval above 900 seconds', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.eventHubs.domains[1].capture.intervalSeconds = 3600;
      }),
    ).toEqual([
      'environments/prod.ts: eventHubs.domains[1].capture.intervalSeconds = 3600: out of range from 60 to 900. Fix: use a value from 60 to 900',
    ]);
  });

  test('capture size window out of range', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.eventHubs.domains[0].capture.sizeLimitBytes = 1024;
      }),
    ).toEqual([
      'environments/dev.ts: eventHubs.domains[0].capture.sizeLimitBytes = 1024: out of range from 10485760 to 524288000. Fix: use a value from 10485760 to 524288000',
    ]);
  });

  test('capture settings missing', () => {
    expect(
      problemsAfter('dev', (c) => {
        delete (c.eventHubs.domains[0] as Record<string, unknown>).capture;
      }),
    ).toEqual([
      'environments/dev.ts: eventHubs.domains[0].capture = (missing): required field is missing. Fix: add eventHubs.domains[0].capture',
    ]);
  });

  test('a consumer group name Event Hubs refuses', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.workloads[0].access.consumerGroup = 'contract validator';
      }),
    ).toEqual([
      expect.stringMatching(
        /^environments\/dev\.ts: workloads\[0\]\.access\.consumerGroup = "contract validator": consumer group name "contract validator" breaks Azure's rule/,
      ),
    ]);
  });
});

describe('lake', () => {
  test('an unknown replication type', () => {
    expect(
      problemsAfter('dev', (c) => {
        (c.lake as Record<string, unknown>).replication = 'XRS';
      }),
    ).toEqual([
      'environments/dev.ts: lake.replication = "XRS": not an allowed value. Fix: use one of: "LRS", "ZRS", "GRS", "GZRS", "RAGRS", "RAGZRS"',
    ]);
  });

  test('zone-redundant storage in a region without availability zones', () => {
    expect(
      problemsAfter('test', (c) => {
        c.location = 'ukwest';
      }),
    ).toEqual([
      'environments/test.ts: lake.replication = "ZRS": zone-redundant storage needs availability zones, which ukwest does not have. Fix: use LRS or GRS (or RAGRS), or deploy to a region with availability zones',
    ]);
  });

  test.each([0, 366])('soft delete of %i days', (days) => {
    expect(
      problemsAfter('dev', (c) => {
        c.lake.softDeleteRetentionDays = days;
      }),
    ).toEqual([
      `environments/dev.ts: lake.softDeleteRetentionDays = ${days}: out of range from 1 to 365. Fix: use a value from 1 to 365`,
    ]);
  });

  test('negative lifecycle days', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.lake.lifecycle.bronzeToCoolAfterDays = -1;
      }),
    ).toEqual([
      'environments/dev.ts: lake.lifecycle.bronzeToCoolAfterDays = -1: out of range from 0 to 99999. Fix: use a value from 0 to 99999',
    ]);
  });

  test('fractional lifecycle days', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.lake.lifecycle.landingToCoolAfterDays = 7.5;
      }),
    ).toEqual([
      'environments/dev.ts: lake.lifecycle.landingToCoolAfterDays = 7.5: expected a whole number. Fix: use a whole number from 0 to 99999',
    ]);
  });

  test('landing files deleted before they would tier to cool', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.lake.lifecycle.landingDeleteAfterDays = 7;
      }),
    ).toEqual([
      'environments/dev.ts: lake.lifecycle.landingDeleteAfterDays = 7: must be more than landingToCoolAfterDays (7). Fix: use more than 7 days, or leave it out to keep landing files',
    ]);
  });

  test('a typo in a lifecycle field', () => {
    expect(
      problemsAfter('dev', (c) => {
        (c.lake.lifecycle as Record<string, unknown>).landingToColdAfterDays = 7;
      }),
    ).toEqual([
      'environments/dev.ts: lake.lifecycle.landingToColdAfterDays = 7: unknown field. Fix: remove it or use one of: landingToCoolAfterDays, bronzeToCoolAfterDays, landingDeleteAfterDays',
    ]);
  });
});
