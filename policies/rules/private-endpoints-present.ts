import { all, get } from '../attrs';
import { PRIVATE_LINK_SUBRESOURCES } from '../resource-kinds';
import { isProduction, type TerraformRule } from '../rule';

/**
 * In an environment that uses private endpoints, every private-link service has one per sub-resource it serves
 * (a data lake both `blob` and `dfs`; Synapse `Sql`, `SqlOnDemand` and `Dev`), in the same stack as the service.
 * Databricks only when the workspace uses front-end private link.
 */
export const privateEndpointsPresent: TerraformRule = {
  id: 'private-endpoints-present',
  title: 'Every private-link service has its private endpoints where the environment uses them',
  level: 'error',
  environments: (config) => config.network.privateEndpoints || isProduction(config),
  resourceTypes: Object.keys(PRIVATE_LINK_SUBRESOURCES),
  check(attrs, { config, resource, stack }) {
    if (resource.type === 'azurerm_databricks_workspace' && !config.databricks.privateLink)
      return 'compliant';
    const needed = [...PRIVATE_LINK_SUBRESOURCES[resource.type]];
    if (resource.type === 'azurerm_storage_account' && get(attrs, 'is_hns_enabled') === true)
      needed.push('dfs');
    const present = new Set(
      stack
        .resourcesOf('azurerm_private_endpoint')
        .filter((pe) =>
          stack.refersTo(pe, 'private_service_connection.private_connection_resource_id', resource.address),
        )
        .flatMap((pe) => all(pe.attrs, 'private_service_connection.subresource_names'))
        .map(String),
    );
    const missing = needed.filter((s) => !present.has(s));
    if (missing.length === 0) return 'compliant';
    return [
      {
        message: `no private endpoint for sub-resource(s) ${missing.join(', ')}`,
        fix: `add a PrivateEndpointFor (stacks/constructs/private-endpoint.ts) per missing sub-resource: ${missing.map((s) => `subresource: '${s}'`).join(', ')}`,
      },
    ];
  },
};
