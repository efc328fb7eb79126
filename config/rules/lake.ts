import { AZURE_REGIONS } from '../../naming/regions';
import type { ConfigRule } from './rule';

const REPLICATIONS = ['LRS', 'ZRS', 'GRS', 'GZRS', 'RAGRS', 'RAGZRS'] as const;
/** Replication types that spread copies over availability zones: the region must have them. */
const ZONAL = new Set<string>(['ZRS', 'GZRS', 'RAGZRS']);
/** Lifecycle day counts Azure accepts (`daysAfterModificationGreaterThan`). */
const LIFECYCLE_DAYS = { min: 0, max: 99999, integer: true } as const;

/** The data lake: replication, soft delete and the lifecycle of the landing and bronze file systems. */
export const lakeRule: ConfigRule = (config, p) => {
  const lake = config.lake;
  if (!p.object('lake', lake, ['replication', 'softDeleteRetentionDays', 'lifecycle'])) return;

  if (
    p.oneOf('lake.replication', lake.replication, REPLICATIONS) &&
    ZONAL.has(lake.replication) &&
    AZURE_REGIONS[config.location]?.zones === false
  ) {
    p.add(
      'lake.replication',
      lake.replication,
      `zone-redundant storage needs availability zones, which ${config.location} does not have`,
      'use LRS or GRS (or RAGRS), or deploy to a region with availability zones',
    );
  }
  p.number('lake.softDeleteRetentionDays', lake.softDeleteRetentionDays, { min: 1, max: 365, integer: true });

  const lifecycle = lake.lifecycle;
  if (
    !p.object(
      'lake.lifecycle',
      lifecycle,
      ['landingToCoolAfterDays', 'bronzeToCoolAfterDays'],
      ['landingDeleteAfterDays'],
    )
  )
    return;
  const toCool = p.number(
    'lake.lifecycle.landingToCoolAfterDays',
    lifecycle.landingToCoolAfterDays,
    LIFECYCLE_DAYS,
  );
  p.number('lake.lifecycle.bronzeToCoolAfterDays', lifecycle.bronzeToCoolAfterDays, LIFECYCLE_DAYS);
  const deleteAfter = lifecycle.landingDeleteAfterDays;
  if (
    deleteAfter !== undefined &&
    p.number('lake.lifecycle.landingDeleteAfterDays', deleteAfter, { ...LIFECYCLE_DAYS, min: 1 }) &&
    toCool &&
    deleteAfter <= lifecycle.landingToCoolAfterDays
  ) {
    // When both match, lifecycle management runs the cheaper action (delete): the tiering would never happen.
    p.add(
      'lake.lifecycle.landingDeleteAfterDays',
      deleteAfter,
      `must be more than landingToCoolAfterDays (${lifecycle.landingToCoolAfterDays})`,
      `use more than ${lifecycle.landingToCoolAfterDays} days, or leave it out to keep landing files`,
    );
  }
};
