import { flag, setTo } from '../attrs';
import type { Attributes, Finding, TerraformRule } from '../rule';

/** An attribute that must have a value for a service to accept Entra ID tokens only, and its provider default. */
interface KeyAuthSwitch {
  readonly path: string;
  readonly wanted: boolean;
  readonly fallback: boolean;
  readonly what: string;
}

const SWITCHES: Readonly<Record<string, readonly KeyAuthSwitch[]>> = {
  azurerm_storage_account: [
    {
      path: 'shared_access_key_enabled',
      wanted: false,
      fallback: true,
      what: 'shared keys (and account SAS) are accepted',
    },
  ],
  azurerm_eventhub_namespace: [
    { path: 'local_authentication_enabled', wanted: false, fallback: true, what: 'SAS keys are accepted' },
  ],
  azurerm_cosmosdb_account: [
    {
      path: 'local_authentication_disabled',
      wanted: true,
      fallback: false,
      what: 'account keys are accepted',
    },
    {
      path: 'access_key_metadata_writes_enabled',
      wanted: false,
      fallback: true,
      what: 'account keys can change databases, containers and throughput',
    },
  ],
  azurerm_container_registry: [
    {
      path: 'admin_enabled',
      wanted: false,
      fallback: false,
      what: 'the admin user (a shared password) is on',
    },
  ],
  azurerm_kubernetes_cluster: [
    {
      path: 'local_account_disabled',
      wanted: true,
      fallback: false,
      what: 'local cluster accounts (static kubeconfig) work',
    },
  ],
  azurerm_synapse_workspace: [
    {
      path: 'azuread_authentication_only',
      wanted: true,
      fallback: false,
      what: 'SQL logins with passwords are accepted',
    },
  ],
  azurerm_key_vault: [
    {
      path: 'rbac_authorization_enabled',
      wanted: true,
      fallback: false,
      what: 'access policies (vault-local permissions) decide access instead of Azure RBAC',
    },
  ],
};

/** Resources that are shared-key credentials themselves. */
const KEY_RESOURCES: Readonly<Record<string, string>> = {
  azurerm_eventhub_namespace_authorization_rule: 'a namespace SAS policy (shared keys)',
  azurerm_eventhub_authorization_rule: 'an event hub SAS policy (shared keys)',
};

function logAnalytics(attrs: Attributes): Finding[] {
  // azurerm 4.x: `local_authentication_enabled` (default true); the deprecated `local_authentication_disabled` too.
  const disabled =
    flag(attrs, 'local_authentication_enabled', true) === false ||
    flag(attrs, 'local_authentication_disabled', false) === true;
  return disabled
    ? []
    : [
        {
          message: 'workspace keys are accepted for ingestion and queries',
          fix: setTo('local_authentication_enabled', false),
        },
      ];
}

/**
 * Entra ID only, everywhere: no shared keys, SAS policies, account keys, admin users, local accounts or SQL
 * passwords. Every identity is an Entra ID identity with a role assignment that a review can see.
 */
export const localAuthDisabled: TerraformRule = {
  id: 'local-auth-disabled',
  title:
    'Services accept Entra ID tokens only (no shared keys, SAS, account keys, local accounts or passwords)',
  level: 'error',
  resourceTypes: [...Object.keys(SWITCHES), ...Object.keys(KEY_RESOURCES), 'azurerm_log_analytics_workspace'],
  check(attrs, { resource }) {
    const key = KEY_RESOURCES[resource.type];
    if (key) {
      return [
        {
          message: `${key} hands out keys that bypass Entra ID and RBAC`,
          fix: 'remove it and grant the Azure Event Hubs Data Sender/Receiver role to the identity instead (RoleGrant)',
        },
      ];
    }
    const findings: Finding[] =
      resource.type === 'azurerm_log_analytics_workspace'
        ? logAnalytics(attrs)
        : SWITCHES[resource.type]
            .filter((s) => flag(attrs, s.path, s.fallback) === !s.wanted)
            .map((s) => ({ message: s.what, fix: setTo(s.path, s.wanted) }));
    // A generated password (a Terraform reference, e.g. random_password kept in Key Vault) is how the kit sets the
    // login azurerm needs; a password written into the code is not.
    const password = attrs.sql_administrator_login_password;
    if (
      resource.type === 'azurerm_synapse_workspace' &&
      password !== undefined &&
      !(typeof password === 'string' && /^\$\{[^}]+\}$/.test(password))
    ) {
      findings.push({
        message: 'a SQL administrator password is written into the code',
        fix: 'generate it (random_password) and keep it in Key Vault, or remove sql_administrator_login_password; administer through the Entra ID admin group (synapse.sqlAdminGroup)',
      });
    }
    return findings.length > 0 ? findings : 'compliant';
  },
};
