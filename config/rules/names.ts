import { derivedNames } from '../../naming/derived-names';
import { Naming } from '../../naming/names';
import { AZURE_REGIONS } from '../../naming/regions';
import type { ConfigRule } from './rule';

/** Every derived Azure name must satisfy Azure's rules for its kind (length, characters). */
export const namesRule: ConfigRule = (config, p) => {
  // Names derive from these three; if one is broken it is already reported, and deriving would only add noise.
  const nameable =
    typeof config.project === 'string' &&
    /^[a-z][a-z0-9]{1,9}$/.test(config.project) &&
    typeof config.name === 'string' &&
    /^[a-z][a-z0-9]{1,7}$/.test(config.name) &&
    typeof config.location === 'string' &&
    AZURE_REGIONS[config.location] !== undefined;
  if (!nameable) return;
  for (const derived of derivedNames(config)) {
    const why = Naming.violation(derived);
    if (why)
      p.add(derived.field, derived.name, why, `shorten or change ${derived.field} so the derived name fits`);
  }
};
