import { all, flag } from '../attrs';
import type { TerraformRule } from '../rule';

/**
 * The Kubernetes API server is private, or public behind an allow-list of specific ranges (the ranges
 * themselves are checked by `firewall-no-open-range`).
 */
export const aksApiServerAccess: TerraformRule = {
  id: 'aks-api-server-access',
  title: 'The AKS API server is private or restricted to authorized IP ranges',
  level: 'error',
  resourceTypes: ['azurerm_kubernetes_cluster'],
  check(attrs) {
    if (flag(attrs, 'private_cluster_enabled', false) === true) return 'compliant';
    if (all(attrs, 'api_server_access_profile.authorized_ip_ranges').length > 0) return 'compliant';
    return [
      {
        message: 'the API server is reachable from the whole internet',
        fix: 'set aks.apiServer to { privateCluster: true } or list authorizedIpRanges (api_server_access_profile.authorized_ip_ranges)',
      },
    ];
  },
};
