import { flag, get, setTo } from '../attrs';
import type { Finding, TerraformRule } from '../rule';

/**
 * What the charts rely on in the cluster: Kubernetes RBAC through Entra ID (Azure RBAC), and a network policy
 * engine, without which the charts' NetworkPolicies are silently ignored.
 */
export const aksClusterBaseline: TerraformRule = {
  id: 'aks-cluster-baseline',
  title: 'AKS enforces Entra ID RBAC and network policies',
  level: 'error',
  resourceTypes: ['azurerm_kubernetes_cluster'],
  check(attrs) {
    const findings: Finding[] = [];
    if (flag(attrs, 'role_based_access_control_enabled', true) === false) {
      findings.push({
        message: 'Kubernetes RBAC is off',
        fix: setTo('role_based_access_control_enabled', true),
      });
    }
    if (flag(attrs, 'azure_active_directory_role_based_access_control.azure_rbac_enabled', false) !== true) {
      findings.push({
        message: 'cluster access is not authorized through Azure RBAC (Entra ID)',
        fix: setTo('azure_active_directory_role_based_access_control.azure_rbac_enabled', true),
      });
    }
    if (get(attrs, 'network_profile.network_policy') === undefined) {
      findings.push({
        message: 'no network policy engine: NetworkPolicy objects have no effect',
        fix: `${setTo('network_profile.network_policy', 'cilium')} (aks.networkPolicy)`,
      });
    }
    return findings.length > 0 ? findings : 'compliant';
  },
};
