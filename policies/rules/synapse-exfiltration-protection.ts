import { flag, setTo } from '../attrs';
import { type Finding, isProduction, type TerraformRule } from '../rule';

/**
 * Production Synapse runs in a managed virtual network with data exfiltration protection: Spark and pipelines
 * reach only approved private endpoints (the lake), not arbitrary internet destinations.
 */
export const synapseExfiltrationProtection: TerraformRule = {
  id: 'synapse-exfiltration-protection',
  title: 'Production Synapse uses a managed network with data exfiltration protection',
  level: 'error',
  environments: isProduction,
  resourceTypes: ['azurerm_synapse_workspace'],
  check(attrs) {
    const findings: Finding[] = [];
    if (flag(attrs, 'managed_virtual_network_enabled', false) !== true) {
      findings.push({
        message: 'Spark and pipelines run outside a managed virtual network',
        fix: setTo('managed_virtual_network_enabled', true),
      });
    }
    if (flag(attrs, 'data_exfiltration_protection_enabled', false) !== true) {
      findings.push({
        message: 'workloads can send data to any destination',
        fix: `${setTo('data_exfiltration_protection_enabled', true)} (synapse.dataExfiltrationProtection)`,
      });
    }
    return findings.length > 0 ? findings : 'compliant';
  },
};
