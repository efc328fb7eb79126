import { AZURE_REGIONS, suggestRegions } from '../../naming/regions';
import { nameViolation } from '../../naming/rules';
import type { Problems } from '../problems';
import { asRecord, type ConfigRule } from './rule';

/** Cosmos DB autoscale: the smallest maximum it accepts, the step, and the largest without a support ticket. */
const AUTOSCALE_MIN = 1000;
const AUTOSCALE_STEP = 1000;
const AUTOSCALE_MAX = 1_000_000;
/** Default TTL: -1 (on, items expire only with their own ttl) or 1 second to 2^31 - 1. */
const TTL_MAX = 2_147_483_647;

/** A partition key path: `/field` or `/nested/field`, no trailing slash, no spaces. */
const PARTITION_KEY = /^(\/[^/\s]+)+$/;
/** An excluded indexing path: `/a/*`, `/a/?` or `/a/[]/?`, as Cosmos DB's indexing policy grammar allows. */
const INDEX_PATH = /^\/(.+\/)?(\*|\?)$/;

/** The serving store: capacity mode and autoscale, regions, backup, database and containers. */
export const cosmosRule: ConfigRule = (config, p) => {
  const cosmos = config.cosmos;
  if (
    !p.object(
      'cosmos',
      cosmos,
      ['capacityMode', 'consistencyLevel', 'backup', 'zoneRedundant', 'databaseName', 'containers'],
      ['autoscaleMaxThroughput', 'secondaryLocation'],
    )
  )
    return;

  const mode = cosmos.capacityMode;
  const modeOk = p.oneOf('cosmos.capacityMode', mode, ['serverless', 'provisioned']);
  p.oneOf('cosmos.consistencyLevel', cosmos.consistencyLevel, [
    'Session',
    'BoundedStaleness',
    'Strong',
    'ConsistentPrefix',
    'Eventual',
  ]);
  p.oneOf('cosmos.backup', cosmos.backup, ['Periodic', 'Continuous7Days', 'Continuous30Days']);
  if (modeOk) checkThroughput(p, mode, cosmos.autoscaleMaxThroughput);
  checkRegions(p, config.location, cosmos.zoneRedundant, cosmos.secondaryLocation, modeOk ? mode : undefined);

  if (p.string('cosmos.databaseName', cosmos.databaseName)) {
    const why = nameViolation('cosmosResource', cosmos.databaseName);
    if (why)
      p.add('cosmos.databaseName', cosmos.databaseName, why, 'use letters, digits, - or _, e.g. "serving"');
  }

  if (p.array('cosmos.containers', cosmos.containers)) {
    cosmos.containers.forEach((container, i) => {
      checkContainer(p, `cosmos.containers[${i}]`, container);
    });
    // A container without a valid name is reported above; a fresh symbol keeps it out of the duplicate check.
    p.unique('cosmos.containers', cosmos.containers, (c) => asRecord(c)?.name ?? Symbol(), 'container name');
  }
};

function checkThroughput(p: Problems, mode: 'serverless' | 'provisioned', max: unknown): void {
  const path = 'cosmos.autoscaleMaxThroughput';
  if (mode === 'serverless') {
    if (max !== undefined)
      p.add(
        path,
        max,
        'autoscale does not apply to a serverless account (it has no provisioned throughput)',
        "remove autoscaleMaxThroughput, or set capacityMode: 'provisioned'",
      );
    return;
  }
  if (max === undefined) {
    p.add(
      path,
      undefined,
      'a provisioned account needs its autoscale maximum',
      `set autoscaleMaxThroughput to a multiple of ${AUTOSCALE_STEP} from ${AUTOSCALE_MIN}, e.g. 4000`,
    );
    return;
  }
  if (!p.number(path, max, { integer: true })) return;
  if (max < AUTOSCALE_MIN) {
    p.add(
      path,
      max,
      `below the autoscale minimum of ${AUTOSCALE_MIN} RU/s`,
      `use ${AUTOSCALE_MIN} or more, in steps of ${AUTOSCALE_STEP}`,
    );
  } else if (max > AUTOSCALE_MAX) {
    p.add(path, max, `above ${AUTOSCALE_MAX} RU/s`, `use at most ${AUTOSCALE_MAX}`);
  } else if (max % AUTOSCALE_STEP !== 0) {
    p.add(
      path,
      max,
      `autoscale maximums go in steps of ${AUTOSCALE_STEP} RU/s`,
      `use ${Math.floor(max / AUTOSCALE_STEP) * AUTOSCALE_STEP} or ${Math.ceil(max / AUTOSCALE_STEP) * AUTOSCALE_STEP}`,
    );
  }
}

function checkRegions(
  p: Problems,
  location: unknown,
  zoneRedundant: unknown,
  secondary: unknown,
  mode: 'serverless' | 'provisioned' | undefined,
): void {
  const primary = typeof location === 'string' ? AZURE_REGIONS[location] : undefined;
  if (p.boolean('cosmos.zoneRedundant', zoneRedundant) && zoneRedundant && primary && !primary.zones) {
    p.add(
      'cosmos.zoneRedundant',
      zoneRedundant,
      `${location} has no availability zones`,
      'set zoneRedundant: false, or deploy to a region with zones',
    );
  }
  if (secondary === undefined) return;
  const path = 'cosmos.secondaryLocation';
  if (!p.string(path, secondary, undefined, "use an Azure region name, e.g. 'westeurope'")) return;
  const region = AZURE_REGIONS[secondary];
  if (!region) {
    p.add(
      path,
      secondary,
      'unknown Azure region',
      `use an Azure region name such as ${suggestRegions(secondary)
        .map((r) => `'${r}'`)
        .join(', ')} (see naming/regions.ts)`,
    );
  } else if (secondary === location) {
    p.add(
      path,
      secondary,
      'the second region is the same as the first (location)',
      'use another region (a paired region, e.g. westeurope for northeurope), or remove secondaryLocation',
    );
  } else if (mode === 'serverless') {
    p.add(
      path,
      secondary,
      'a serverless account runs in a single region',
      "remove secondaryLocation, or set capacityMode: 'provisioned'",
    );
  } else if (zoneRedundant === true && !region.zones) {
    p.add(
      path,
      secondary,
      `${secondary} has no availability zones, but cosmos.zoneRedundant is on`,
      'pick a second region with zones',
    );
  }
}

function checkContainer(p: Problems, path: string, container: unknown): void {
  if (!p.object(path, container, ['name', 'partitionKey'], ['ttlSeconds', 'excludedPaths'])) return;
  const name = container.name;
  if (p.string(`${path}.name`, name)) {
    const why = nameViolation('cosmosResource', name);
    if (why) p.add(`${path}.name`, name, why, 'use letters, digits, - or _, e.g. "features"');
  }

  const key = container.partitionKey;
  if (p.string(`${path}.partitionKey`, key) && !PARTITION_KEY.test(key)) {
    const suggestion = `/${key.replace(/^\/+|\/+$/g, '').replace(/\s+/g, '') || 'entityId'}`;
    p.add(
      `${path}.partitionKey`,
      key,
      'a partition key is a path that starts with / (no trailing /, no spaces)',
      `use e.g. "${suggestion}"`,
    );
  }

  const ttl = container.ttlSeconds;
  if (ttl !== undefined && p.number(`${path}.ttlSeconds`, ttl, { integer: true, min: -1, max: TTL_MAX })) {
    if (ttl === 0)
      p.add(
        `${path}.ttlSeconds`,
        ttl,
        'Cosmos DB does not accept a TTL of 0',
        'use -1 (on, no default expiry), a number of seconds, or leave it out (off)',
      );
  }

  const excluded = container.excludedPaths;
  if (excluded !== undefined && p.array(`${path}.excludedPaths`, excluded)) {
    excluded.forEach((item, j) => {
      const itemPath = `${path}.excludedPaths[${j}]`;
      if (!p.string(itemPath, item)) return;
      if (item === '/*') {
        p.add(
          itemPath,
          item,
          'excludes the whole document, but the kit indexes /* (every query would scan)',
          'exclude the sub-tree you never query, e.g. "/payload/*"',
        );
      } else if (!INDEX_PATH.test(item)) {
        p.add(
          itemPath,
          item,
          'not an indexing path',
          'start with / and end with /* (a sub-tree) or /? (one value), e.g. "/payload/*"',
        );
      }
    });
    p.unique(`${path}.excludedPaths`, excluded, (e) => e, 'excluded path');
  }
}
