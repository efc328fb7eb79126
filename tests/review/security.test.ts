import type { PolicyReportJson } from '../../policies/report';
import type { ResourceChange } from '../../review/model';
import { policyChanges, securityChanges } from '../../review/security';
import { change, ref } from './helpers';

const messages = (...changes: ResourceChange[]) =>
  securityChanges(changes).map((s) => `${s.category}: ${s.message}`);

describe('security-relevant changes', () => {
  test('role assignments added, removed, broadened; federated credentials', () => {
    const grant = {
      role_definition_name: 'Storage Blob Data Reader',
      scope: ref('azurerm_storage_container.bronze.id'),
      principal_id: ref('azurerm_user_assigned_identity.app.principal_id'),
    };
    expect(messages(change({ type: 'azurerm_role_assignment', action: 'create', after: grant }))).toEqual([
      'access: grants Storage Blob Data Reader on azurerm_storage_container.bronze to azurerm_user_assigned_identity.app.principal_id',
    ]);
    expect(messages(change({ type: 'azurerm_role_assignment', action: 'delete', before: grant }))).toEqual([
      'access: removes Storage Blob Data Reader on azurerm_storage_container.bronze from azurerm_user_assigned_identity.app.principal_id',
    ]);
    const broader = {
      ...grant,
      role_definition_name: 'Storage Blob Data Contributor',
      scope: ref('azurerm_storage_account.lake.id'),
    };
    expect(
      messages(change({ type: 'azurerm_role_assignment', action: 'replace', before: grant, after: broader })),
    ).toEqual([
      'access: broadens the scope of Storage Blob Data Contributor for azurerm_user_assigned_identity.app.principal_id from azurerm_storage_container.bronze to azurerm_storage_account.lake',
      'access: changes the role of azurerm_user_assigned_identity.app.principal_id from Storage Blob Data Reader to Storage Blob Data Contributor (broader)',
    ]);
    expect(
      messages(
        change({
          type: 'azurerm_federated_identity_credential',
          action: 'create',
          after: {
            subject: 'system:serviceaccount:serving:model-serving',
            issuer: ref('azurerm_kubernetes_cluster.aks.oidc_issuer_url'),
            parent_id: ref('azurerm_user_assigned_identity.app.id'),
          },
        }),
      ),
    ).toEqual([
      'access: lets system:serviceaccount:serving:model-serving (issuer azurerm_kubernetes_cluster.aks.oidc_issuer_url) sign in as azurerm_user_assigned_identity.app',
    ]);
  });

  test('public access and local auth switched on, provider defaults included; tightening is quiet', () => {
    const closed = { public_network_access_enabled: false, shared_access_key_enabled: false };
    expect(
      messages(change({ type: 'azurerm_storage_account', action: 'update', before: closed, after: {} })),
    ).toEqual([
      'local-auth: re-enables shared keys and account SAS (shared_access_key_enabled)',
      'public-access: turns public network access on (public_network_access_enabled)',
    ]);
    expect(
      messages(change({ type: 'azurerm_storage_account', action: 'update', before: {}, after: closed })),
    ).toEqual([]);
    expect(
      messages(
        change({
          type: 'azurerm_cosmosdb_account',
          action: 'update',
          before: { local_authentication_disabled: true, access_key_metadata_writes_enabled: false },
          after: {},
        }),
      ),
    ).toEqual([
      'local-auth: lets account keys change databases and containers again (access_key_metadata_writes_enabled)',
      'local-auth: re-enables account keys (local_authentication_disabled)',
    ]);
    expect(
      messages(
        change({
          type: 'azurerm_key_vault',
          action: 'update',
          before: { network_acls: { default_action: 'Deny' } },
          after: { network_acls: { default_action: 'Allow' } },
        }),
      ),
    ).toEqual([
      'firewall: lets every network through the firewall (default action Allow) (network_acls.default_action)',
    ]);
  });

  test('TLS lowered', () => {
    expect(
      messages(
        change({
          type: 'azurerm_eventhub_namespace',
          action: 'update',
          before: {},
          after: { minimum_tls_version: '1.1' },
        }),
      ),
    ).toEqual(['tls: lowers the minimum TLS version from 1.2 to 1.1 (minimum_tls_version)']);
  });

  test('firewall ranges widened (a range inside an allowed one is not), NSG rules opening inbound', () => {
    const before = {
      network_rules: {
        ip_rules: ['203.0.113.0/24'],
        virtual_network_subnet_ids: [ref('azurerm_subnet.aks.id')],
      },
    };
    const after = {
      network_rules: {
        ip_rules: ['203.0.113.7', '198.51.100.0/24'],
        virtual_network_subnet_ids: [ref('azurerm_subnet.aks.id'), ref('azurerm_subnet.other.id')],
      },
    };
    expect(messages(change({ type: 'azurerm_storage_account', action: 'update', before, after }))).toEqual([
      'firewall: allows more subnets (network_rules.virtual_network_subnet_ids): azurerm_subnet.other',
      'firewall: widens network_rules.ip_rules: allows 198.51.100.0/24',
    ]);
    expect(
      messages(
        change({
          type: 'azurerm_network_security_rule',
          action: 'create',
          after: {
            name: 'https',
            direction: 'Inbound',
            access: 'Allow',
            source_address_prefix: 'Internet',
            destination_port_range: '443',
          },
        }),
      ),
    ).toEqual(['network-rules: allows inbound from Internet to port(s) 443 (rule https)']);
    expect(
      messages(
        change({
          type: 'azurerm_synapse_firewall_rule',
          action: 'update',
          before: { start_ip_address: '203.0.113.0', end_ip_address: '203.0.113.255' },
          after: { start_ip_address: '203.0.0.0', end_ip_address: '203.0.255.255' },
        }),
      ),
    ).toEqual(['firewall: allows 203.0.0.0–203.0.255.255 through the Synapse firewall']);
  });

  test('private endpoints, diagnostics and locks removed; protection lifted', () => {
    expect(
      messages(
        change({
          type: 'azurerm_private_endpoint',
          action: 'delete',
          before: {
            private_service_connection: { private_connection_resource_id: ref('azurerm_key_vault.kv.id') },
          },
        }),
      ),
    ).toEqual(['private-endpoint: removes the private endpoint of azurerm_key_vault.kv']);
    const setting = {
      target_resource_id: ref('azurerm_key_vault.kv.id'),
      enabled_log: [{ category_group: 'allLogs' }],
      enabled_metric: [{ category: 'AllMetrics' }],
    };
    expect(
      messages(
        change({
          type: 'azurerm_monitor_diagnostic_setting',
          action: 'update',
          before: setting,
          after: { ...setting, enabled_log: [] },
        }),
      ),
    ).toEqual(['diagnostics: stops collecting allLogs for azurerm_key_vault.kv']);
    expect(
      messages(
        change({
          type: 'azurerm_monitor_diagnostic_setting',
          action: 'delete',
          before: setting,
          recreatedAs: 'dev-data/new/setting',
        }),
      ),
    ).toEqual([]);
    expect(
      messages(
        change({
          type: 'azurerm_management_lock',
          action: 'delete',
          before: { lock_level: 'CanNotDelete', scope: ref('azurerm_key_vault.kv.id') },
        }),
      ),
    ).toEqual(['protection: removes the CanNotDelete lock on azurerm_key_vault.kv']);
    expect(
      messages(
        change({
          type: 'azurerm_key_vault',
          action: 'update',
          before: { lifecycle: { prevent_destroy: true } },
          after: {},
        }),
      ),
    ).toEqual(['protection: lifts lifecycle.prevent_destroy']);
  });

  test('manifests: RBAC, NetworkPolicy removed, LoadBalancer, service account identity, security context loosened', () => {
    const k8s = (p: Partial<ResourceChange> & Pick<ResourceChange, 'type' | 'action'>) =>
      change({ stack: 'dev-k8s', layer: 'kubernetes', ...p });
    expect(
      messages(
        k8s({ type: 'ClusterRoleBinding', action: 'create', after: { metadata: { name: 'admins' } } }),
      ),
    ).toEqual(['kubernetes-rbac: adds cluster-wide ClusterRoleBinding admins']);
    expect(
      messages(
        k8s({ type: 'NetworkPolicy', action: 'delete', before: { metadata: { name: 'default-deny' } } }),
      ),
    ).toEqual(['network-policy: removes a NetworkPolicy: its pods accept the traffic it blocked']);
    expect(
      messages(
        k8s({
          type: 'Service',
          action: 'update',
          before: { spec: { type: 'ClusterIP' } },
          after: { spec: { type: 'LoadBalancer' } },
        }),
      ),
    ).toEqual(['exposure: exposes the service as LoadBalancer']);
    const account = (clientId: string) => ({
      metadata: { annotations: { 'azure.workload.identity/client-id': clientId } },
    });
    expect(
      messages(
        k8s({ type: 'ServiceAccount', action: 'update', before: account('aaaa'), after: account('bbbb') }),
      ),
    ).toEqual(['access: binds the service account to workload identity bbbb']);
    const pod = (readOnly: boolean) => ({
      kind: 'Deployment',
      spec: {
        template: {
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'app',
                image: 'app:1.0.0',
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: readOnly,
                  capabilities: { drop: ['ALL'] },
                },
              },
            ],
          },
        },
      },
    });
    expect(
      messages(k8s({ type: 'Deployment', action: 'update', before: pod(true), after: pod(false) })),
    ).toEqual([
      'security-context: k8s-read-only-root-filesystem: container app can write to its root file system',
    ]);
  });

  test('policy findings and suppressions new in the head', () => {
    const report = (extra: Partial<PolicyReportJson>): PolicyReportJson => ({
      version: 1,
      summary: { errors: 0, warnings: 0, suppressed: 0 },
      checked: [],
      rules: [],
      findings: [],
      suppressed: [],
      suppressions: [],
      ...extra,
    });
    const suppression = {
      rule: 'public-network-access',
      path: 'test-data/lake/account',
      reason: 'load test this week',
      stack: 'test-data',
      matched: 1,
    };
    expect(policyChanges(report({}), report({ suppressions: [suppression] }))).toEqual([
      {
        stack: 'test-data',
        path: 'test-data/lake/account',
        type: 'suppression',
        category: 'policy',
        message: 'new suppression of public-network-access: load test this week',
      },
    ]);
    expect(
      policyChanges(report({ suppressions: [suppression] }), report({ suppressions: [suppression] })),
    ).toEqual([]);
    expect(policyChanges(undefined, report({ suppressions: [suppression] }))).toEqual([]);
  });
});
