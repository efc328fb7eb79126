import { isProduction } from '../rule';
import { databricksEnhancedSecurity } from '../rules/databricks-enhanced-security';
import { statefulProtection } from '../rules/stateful-protection';
import { synapseExfiltrationProtection } from '../rules/synapse-exfiltration-protection';
import { zoneRedundancy } from '../rules/zone-redundancy';
import type { TerraformPack } from './pack';

/** The stricter rules for production (`prod`, `prod-*`), on top of the baseline. */
export const prodPack: TerraformPack = {
  name: 'prod',
  description: 'Production: protected against deletion, zone-redundant, no data exfiltration',
  environments: isProduction,
  rules: [statefulProtection, zoneRedundancy, synapseExfiltrationProtection, databricksEnhancedSecurity],
};
