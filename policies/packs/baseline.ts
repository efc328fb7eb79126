import { aksApiServerAccess } from '../rules/aks-api-server-access';
import { aksClusterBaseline } from '../rules/aks-cluster-baseline';
import { anonymousAccessDisabled } from '../rules/anonymous-access-disabled';
import { databricksClusterAutoTermination } from '../rules/databricks-cluster-auto-termination';
import { databricksNoBroadGrants } from '../rules/databricks-no-broad-grants';
import { diagnosticsPresent } from '../rules/diagnostics-present';
import { firewallNoOpenRange } from '../rules/firewall-no-open-range';
import { keyVaultRecoverable } from '../rules/key-vault-recoverable';
import { localAuthDisabled } from '../rules/local-auth-disabled';
import { networkDefaultDeny } from '../rules/network-default-deny';
import { noSecretsInOutputs } from '../rules/no-secrets-in-outputs';
import { nsgNoOpenInbound } from '../rules/nsg-no-open-inbound';
import { privateEndpointsPresent } from '../rules/private-endpoints-present';
import { publicNetworkAccess } from '../rules/public-network-access';
import { roleAssignmentLeastPrivilege } from '../rules/role-assignment-least-privilege';
import { storageRecoverable } from '../rules/storage-recoverable';
import { tlsMinimum } from '../rules/tls-minimum';
import type { TerraformPack } from './pack';

/** What every environment's Terraform must satisfy; some rules only apply where private endpoints are used. */
export const baselinePack: TerraformPack = {
  name: 'baseline',
  description: 'Security and reliability settings every environment relies on',
  rules: [
    publicNetworkAccess,
    privateEndpointsPresent,
    networkDefaultDeny,
    firewallNoOpenRange,
    nsgNoOpenInbound,
    anonymousAccessDisabled,
    localAuthDisabled,
    tlsMinimum,
    diagnosticsPresent,
    keyVaultRecoverable,
    aksApiServerAccess,
    aksClusterBaseline,
    roleAssignmentLeastPrivilege,
    noSecretsInOutputs,
    storageRecoverable,
    databricksNoBroadGrants,
    databricksClusterAutoTermination,
  ],
};
