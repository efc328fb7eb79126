import { byWarning, type ResourceChange, type SecurityChange } from '../model';
import { ReferenceNames } from '../references';
import { access } from './access';
import type { Detector } from './detector';
import { kubernetes } from './kubernetes';
import { firewall, nsgRules } from './network';
import { removals } from './removals';
import { switches, tls } from './switches';
import { unityCatalogGrants } from './unity-catalog';

export { policyChanges } from './policy';

/**
 * Security-relevant changes: what a reviewer must look at even when the plan is small. Each detector reads one
 * change (before and after attributes) and names what it opens, grants or removes.
 */
const DETECTORS: readonly Detector[] = [
  access,
  unityCatalogGrants,
  switches,
  tls,
  firewall,
  nsgRules,
  removals,
  kubernetes,
];

export function securityChanges(
  changes: readonly ResourceChange[],
  names: ReferenceNames = new ReferenceNames(),
): SecurityChange[] {
  return changes
    .flatMap((c) =>
      DETECTORS.flatMap((detect) => detect(c, names)).map(([category, message]) => ({
        stack: c.stack,
        path: c.path,
        type: c.type,
        category,
        message,
      })),
    )
    .sort(byWarning);
}
