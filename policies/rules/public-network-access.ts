import { flag, setTo } from '../attrs';
import { PUBLIC_ACCESS_TYPES } from '../resource-kinds';
import { isProduction, type TerraformRule } from '../rule';

/**
 * In an environment that uses private endpoints (and always in production) no service answers on its public
 * endpoint: every one has `public_network_access_enabled = false` (the provider default is `true`).
 * Databricks only when the workspace uses front-end private link (`databricks.privateLink`).
 */
export const publicNetworkAccess: TerraformRule = {
  id: 'public-network-access',
  title: 'Public network access is off where the environment uses private endpoints',
  level: 'error',
  environments: (config) => config.network.privateEndpoints || isProduction(config),
  resourceTypes: PUBLIC_ACCESS_TYPES,
  check(attrs, { config, resource }) {
    if (resource.type === 'azurerm_databricks_workspace' && !config.databricks.privateLink)
      return 'compliant';
    const findings = [];
    if (flag(attrs, 'public_network_access_enabled', true) === true) {
      findings.push({
        message: `public network access is on in ${config.name}, which reaches services through private endpoints only`,
        fix: setTo('public_network_access_enabled', false),
      });
    }
    // Event Hubs repeats the switch in its network rule set; Azure wants both the same.
    if (
      resource.type === 'azurerm_eventhub_namespace' &&
      flag(attrs, 'network_rulesets.public_network_access_enabled', false) === true
    ) {
      findings.push({
        message: 'the network rule set still allows public network access',
        fix: setTo('network_rulesets.public_network_access_enabled', false),
      });
    }
    return findings.length > 0 ? findings : 'compliant';
  },
};
