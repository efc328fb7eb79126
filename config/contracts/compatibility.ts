import { Type } from 'avsc';
import type { Compatibility } from './model';

/**
 * Schema evolution checked with a real Avro implementation (avsc's schema resolution, the Avro specification's
 * reader/writer rules), never a hand-written field comparison.
 *
 * - Backward: the new schema, as reader, resolves data written with each older version.
 * - Forward: each older version, as reader, resolves data written with the new schema.
 * - Full: both. None: nothing.
 *
 * Checked against every older version (transitively), not only the previous one: a consumer may still hold any
 * of them, and the lake keeps data of all of them.
 */

export type Direction = 'backward' | 'forward';

export interface Incompatibility {
  /** The new version. */
  readonly version: number;
  /** The older version it does not resolve against. */
  readonly against: number;
  /** backward: the new schema cannot read old data; forward: old schemas cannot read new data. */
  readonly direction: Direction;
  /** avsc's reason, e.g. `cannot read "int" as "string"`. */
  readonly reason: string;
}

/** Parses an Avro schema; throws with avsc's message when it is not one. */
export function parseAvro(schema: unknown): Type {
  return Type.forSchema(schema as Parameters<typeof Type.forSchema>[0]);
}

/** Why `reader` cannot read data written with `writer`, or undefined when it can. */
export function resolutionError(reader: Type, writer: Type): string | undefined {
  try {
    reader.createResolver(writer);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function directionsOf(mode: Compatibility): readonly Direction[] {
  switch (mode) {
    case 'Backward':
      return ['backward'];
    case 'Forward':
      return ['forward'];
    case 'Full':
      return ['backward', 'forward'];
    case 'None':
      return [];
  }
}

/**
 * Every incompatibility of the versions (in order, version numbers given) under a mode. `versions[i]` is checked
 * against `versions[0..i-1]`; `from` skips versions before it as new ones (a review checks only the added ones).
 */
export function incompatibilities(
  versions: readonly { readonly version: number; readonly schema: unknown }[],
  mode: Compatibility,
  from = 0,
): Incompatibility[] {
  const directions = directionsOf(mode);
  if (directions.length === 0) return [];
  const types = versions.map((v) => parseAvro(v.schema));
  const found: Incompatibility[] = [];
  for (let i = Math.max(from, 1); i < versions.length; i++) {
    for (let j = 0; j < i; j++) {
      for (const direction of directions) {
        const reason =
          direction === 'backward'
            ? resolutionError(types[i], types[j])
            : resolutionError(types[j], types[i]);
        if (reason !== undefined)
          found.push({ version: versions[i].version, against: versions[j].version, direction, reason });
      }
    }
  }
  return found;
}

export function describeIncompatibility(i: Incompatibility): string {
  return i.direction === 'backward'
    ? `v${i.version} cannot read data written with v${i.against} (${i.reason})`
    : `v${i.against} cannot read data written with v${i.version} (${i.reason})`;
}
