import type { ResourceChange, SecurityCategory } from '../model';
import type { ReferenceNames } from '../references';

/** Reads one change and says what it opens, grants or removes (loosening only: tightening is fine). */
export type Detector = (change: ResourceChange, names: ReferenceNames) => readonly Detected[];

export type Detected = readonly [SecurityCategory, string];

export const isCreateOrDelete = (c: ResourceChange) => c.action === 'create' || c.action === 'delete';
