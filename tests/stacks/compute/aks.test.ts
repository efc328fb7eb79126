import { AKS_LOG_CATEGORIES, dnsServiceIp } from '../../../stacks/compute/aks';
import { ENVIRONMENT_NAMES, resourceAt, resourcesOf, type StackJson } from '../../helpers/synth';
import { ref, synthCompute } from './synth-compute';

const stacks: Record<string, StackJson> = {};
beforeAll(() => {
  for (const name of ENVIRONMENT_NAMES) stacks[name] = synthCompute(name);
});
const cluster = (name: string) => resourceAt(stacks[name], 'azurerm_kubernetes_cluster', 'aks/cluster');
const userPools = (name: string) =>
  Object.values(resourcesOf(stacks[name], 'azurerm_kubernetes_cluster_node_pool')) as Record<
    string,
    unknown
  >[];

/** What each environment must get, written out (not read from the config) so that a config change shows here. */
const EXPECTED = {
  dev: {
    name: 'aks-lakehouse-dev-weu',
    sku: 'Free',
    system: { vm_size: 'Standard_D2s_v5', min_count: 1, max_count: 2 },
    user: { vm_size: 'Standard_D4s_v5', min_count: 1, max_count: 3 },
    userPools: [{ id: 'aks/user-pool', name: 'workloads', rotation: 'workloadstmp', zones: undefined }],
    hostEncryption: false,
    zones: undefined,
    upgrade: 'rapid',
    nodeOs: 'NodeImage',
    window: { day_of_week: 'Tuesday', start_time: '02:00', duration: 4 },
    private: false,
  },
  test: {
    name: 'aks-lakehouse-test-weu',
    sku: 'Standard',
    system: { vm_size: 'Standard_D2s_v5', min_count: 1, max_count: 2 },
    user: { vm_size: 'Standard_D4s_v5', min_count: 1, max_count: 3 },
    userPools: [{ id: 'aks/user-pool', name: 'workloads', rotation: 'workloadstmp', zones: undefined }],
    hostEncryption: false,
    zones: undefined,
    upgrade: 'patch',
    nodeOs: 'SecurityPatch',
    window: { day_of_week: 'Tuesday', start_time: '02:00', duration: 4 },
    private: true,
  },
  prod: {
    name: 'aks-lakehouse-prod-neu',
    sku: 'Standard',
    system: { vm_size: 'Standard_D4s_v5', min_count: 3, max_count: 5 },
    // Per zone: 1–4 nodes in each of the three pools.
    user: { vm_size: 'Standard_D8s_v5', min_count: 1, max_count: 4 },
    userPools: ['1', '2', '3'].map((zone) => ({
      id: `aks/user-pool-zone-${zone}`,
      name: `workz${zone}`,
      rotation: `workz${zone}tmp`,
      zones: [zone],
    })),
    hostEncryption: true,
    zones: ['1', '2', '3'],
    upgrade: 'patch',
    nodeOs: 'SecurityPatch',
    window: { day_of_week: 'Sunday', start_time: '01:00', duration: 4 },
    private: true,
  },
} as const;

describe.each(ENVIRONMENT_NAMES)('%s-compute: AKS', (name) => {
  const expected = EXPECTED[name];

  test('names, tier and node resource group', () => {
    expect(cluster(name)).toMatchObject({
      name: expected.name,
      dns_prefix: expected.name,
      sku_tier: expected.sku,
      node_resource_group: `rg-${expected.name.slice(4)}-aks-nodes`,
      resource_group_name: ref('azurerm_resource_group', 'rg-compute', 'name'),
    });
  });

  test('system pool: critical add-ons only, autoscaling, zones, on the AKS subnet', () => {
    const pool = cluster(name).default_node_pool as Record<string, unknown>;
    expect(pool).toEqual({
      name: 'system',
      temporary_name_for_rotation: 'systemtmp',
      only_critical_addons_enabled: true,
      auto_scaling_enabled: true,
      ...expected.system,
      node_count: expected.system.min_count,
      ...(expected.zones ? { zones: [...expected.zones] } : {}),
      vnet_subnet_id: expect.stringMatching(ref('azurerm_subnet', 'network_subnet-aks', 'id')),
      os_sku: 'AzureLinux',
      node_public_ip_enabled: false,
      host_encryption_enabled: expected.hostEncryption,
      upgrade_settings: { max_surge: '33%' },
    });
  });

  test('user pools: mode User, autoscaling, on the AKS subnet; one per zone in prod', () => {
    const pools = expected.userPools.map((p) =>
      resourceAt(stacks[name], 'azurerm_kubernetes_cluster_node_pool', p.id),
    );
    expect(userPools(name)).toHaveLength(expected.userPools.length);
    pools.forEach((pool, i) => {
      const want = expected.userPools[i];
      expect(pool).toMatchObject({
        name: want.name,
        temporary_name_for_rotation: want.rotation,
        mode: 'User',
        auto_scaling_enabled: true,
        ...expected.user,
        node_count: expected.user.min_count,
        kubernetes_cluster_id: ref('azurerm_kubernetes_cluster', 'aks_cluster', 'id'),
        vnet_subnet_id: ref('azurerm_subnet', 'network_subnet-aks', 'id'),
        os_type: 'Linux',
        node_public_ip_enabled: false,
        host_encryption_enabled: expected.hostEncryption,
        // A third of the pool's nodes surge: a drained pod's replacement node is in its own zone.
        upgrade_settings: { max_surge: '33%' },
        lifecycle: { ignore_changes: ['node_count'] },
      });
      expect(pool.zones).toEqual(want.zones);
      expect(pool.only_critical_addons_enabled).toBeUndefined();
    });
    // Rotation names must not collide when AKS rotates several pools at once.
    const names = pools.flatMap((p) => [p.name, p.temporary_name_for_rotation]);
    expect(new Set(names).size).toBe(names.length);
  });

  test('the autoscaler balances similar pools (the zone pools) and may remove nodes with scratch emptyDirs', () => {
    expect(cluster(name).auto_scaler_profile).toEqual({
      balance_similar_node_groups: true,
      skip_nodes_with_local_storage: false,
    });
  });

  test('Azure CNI overlay with Cilium as policy engine and data plane', () => {
    expect(cluster(name).network_profile).toEqual({
      network_plugin: 'azure',
      network_plugin_mode: 'overlay',
      network_policy: 'cilium',
      network_data_plane: 'cilium',
      pod_cidr: '10.244.0.0/16',
      service_cidr: '10.0.0.0/16',
      dns_service_ip: '10.0.0.10',
      load_balancer_sku: 'standard',
      outbound_type: 'loadBalancer',
      // test and prod: ACNS security, so Cilium enforces the workloads' FQDN policy for Entra ID.
      ...(name === 'dev' ? {} : { advanced_networking: { security_enabled: true } }),
    });
  });

  test('Entra ID only: Azure RBAC, admin groups, local accounts off, workload identity', () => {
    const aks = cluster(name);
    expect(aks).toMatchObject({
      local_account_disabled: true,
      role_based_access_control_enabled: true,
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      azure_active_directory_role_based_access_control: {
        azure_rbac_enabled: true,
        admin_group_object_ids: [
          name === 'prod' ? '55555555-5555-4555-8555-555555555555' : '22222222-2222-4222-8222-222222222222',
        ],
      },
    });
    expect(aks.identity).toEqual({
      type: 'UserAssigned',
      identity_ids: [
        expect.stringMatching(ref('azurerm_user_assigned_identity', 'identity-aks-control-plane', 'id')),
      ],
    });
    expect(aks.kubelet_identity).toEqual({
      client_id: expect.stringMatching(
        ref('azurerm_user_assigned_identity', 'identity-aks-kubelet', 'client_id'),
      ),
      object_id: expect.stringMatching(
        ref('azurerm_user_assigned_identity', 'identity-aks-kubelet', 'principal_id'),
      ),
      user_assigned_identity_id: expect.stringMatching(
        ref('azurerm_user_assigned_identity', 'identity-aks-kubelet', 'id'),
      ),
    });
  });

  const agentEgressCidr = new RegExp(
    `${ref('azurerm_public_ip', 'network_nat-ip', 'ip_address').source.slice(0, -1)}/32$`,
  );
  test('API server: private in the foundation zone, or public behind the authorized ranges', () => {
    const aks = cluster(name);
    if (expected.private) {
      expect(aks).toMatchObject({
        private_cluster_enabled: true,
        private_cluster_public_fqdn_enabled: false,
        private_dns_zone_id: ref('azurerm_private_dns_zone', 'private-dns_zone-aks', 'id'),
      });
      expect(aks.api_server_access_profile).toBeUndefined();
    } else {
      expect(aks.private_cluster_enabled).toBe(false);
      expect(aks.private_dns_zone_id).toBeUndefined();
      // The office and the deployment agents (rollout's kubectl), by reference to the NAT gateway's public IP.
      expect(aks.api_server_access_profile).toEqual({
        authorized_ip_ranges: ['203.0.113.0/24', expect.stringMatching(agentEgressCidr)],
      });
    }
  });

  test('add-ons: Container Insights with managed identity, Azure Policy, Key Vault CSI with rotation, disk CSI', () => {
    expect(cluster(name)).toMatchObject({
      oms_agent: {
        log_analytics_workspace_id: ref('azurerm_log_analytics_workspace', 'log-analytics_workspace', 'id'),
        msi_auth_for_monitoring_enabled: true,
      },
      azure_policy_enabled: true,
      key_vault_secrets_provider: { secret_rotation_enabled: true, secret_rotation_interval: '2m' },
      storage_profile: {
        disk_driver_enabled: true,
        file_driver_enabled: false,
        blob_driver_enabled: false,
        snapshot_controller_enabled: true,
      },
      image_cleaner_enabled: true,
      image_cleaner_interval_hours: 48,
    });
    expect(cluster(name).http_application_routing_enabled).toBeUndefined();
  });

  test('Container Insights: a data collection rule to Log Analytics, associated with the cluster', () => {
    const rule = resourceAt(
      stacks[name],
      'azurerm_monitor_data_collection_rule',
      'aks/container-insights/rule',
    );
    expect(rule).toMatchObject({
      name: `dcr-${expected.name.slice(4)}-container-insights`,
      kind: 'Linux',
      destinations: {
        log_analytics: [
          {
            name: 'log-analytics',
            workspace_resource_id: ref('azurerm_log_analytics_workspace', 'log-analytics_workspace', 'id'),
          },
        ],
      },
      data_flow: [
        { streams: ['Microsoft-ContainerInsights-Group-Default'], destinations: ['log-analytics'] },
      ],
    });
    expect(
      resourceAt(
        stacks[name],
        'azurerm_monitor_data_collection_rule_association',
        'aks/container-insights/association',
      ),
    ).toMatchObject({
      target_resource_id: ref('azurerm_kubernetes_cluster', 'aks_cluster', 'id'),
      data_collection_rule_id: ref(
        'azurerm_monitor_data_collection_rule',
        'aks_container-insights_rule',
        'id',
      ),
    });
  });

  test('upgrades: automatic channels inside the weekly maintenance window (UTC)', () => {
    const window = {
      frequency: 'Weekly',
      interval: 1,
      utc_offset: '+00:00',
      ...expected.window,
    };
    expect(cluster(name)).toMatchObject({
      automatic_upgrade_channel: expected.upgrade,
      node_os_upgrade_channel: expected.nodeOs,
      maintenance_window_auto_upgrade: window,
      maintenance_window_node_os: window,
    });
  });

  test("the control plane identity's grants are not here: the foundation creates them a run earlier", () => {
    const grants = resourcesOf(stacks[name], 'azurerm_role_assignment').filter((grant) =>
      String(grant.principal_id).includes('identity-aks-control-plane'),
    );
    expect(grants).toEqual([]);
    expect(cluster(name).depends_on).toBeUndefined();
  });

  test('control plane diagnostics to resource-specific tables', () => {
    const setting = resourceAt(stacks[name], 'azurerm_monitor_diagnostic_setting', 'aks/diagnostics/setting');
    expect(setting).toMatchObject({
      target_resource_id: ref('azurerm_kubernetes_cluster', 'aks_cluster', 'id'),
      log_analytics_destination_type: 'Dedicated',
      enabled_log: AKS_LOG_CATEGORIES.map((category) => ({ category })),
      enabled_metric: [{ category: 'AllMetrics' }],
    });
    expect(AKS_LOG_CATEGORIES).toContain('kube-audit-admin');
  });

  test('protection: prod cannot be destroyed by Terraform; the autoscaler owns the node count', () => {
    expect(cluster(name).lifecycle).toEqual({
      ignore_changes: ['default_node_pool[0].node_count'],
      ...(name === 'prod' ? { prevent_destroy: true } : {}),
    });
  });
});

describe('AKS from config', () => {
  // One synth with several changes from dev: each synth of a whole environment costs a few hundred ms.
  let variant: StackJson;
  beforeAll(() => {
    variant = synthCompute('dev', (config) => ({
      ...config,
      aks: {
        ...config.aks,
        networkPolicy: 'azure',
        serviceCidr: '172.20.0.0/16',
        podCidr: '192.168.0.0/16',
        upgradeChannel: 'none',
        nodeOsUpgradeChannel: 'Unmanaged',
        apiServer: { privateCluster: true },
      },
    }));
  });
  const aks = () => resourceAt(variant, 'azurerm_kubernetes_cluster', 'aks/cluster');

  test('azure network policy runs on the azure data plane; custom ranges move the DNS service address', () => {
    expect(aks().network_profile).toMatchObject({
      network_policy: 'azure',
      network_data_plane: 'azure',
      pod_cidr: '192.168.0.0/16',
      service_cidr: '172.20.0.0/16',
      dns_service_ip: '172.20.0.10',
    });
  });

  test('no upgrade channel: no auto-upgrade window; unmanaged node OS: no node OS window', () => {
    expect(aks().automatic_upgrade_channel).toBeUndefined();
    expect(aks().maintenance_window_auto_upgrade).toBeUndefined();
    expect(aks().maintenance_window_node_os).toBeUndefined();
    expect(aks().node_os_upgrade_channel).toBe('Unmanaged');
  });

  test('a private cluster without private endpoints lets AKS manage its DNS zone', () => {
    expect(aks()).toMatchObject({ private_cluster_enabled: true, private_dns_zone_id: 'System' });
    expect(aks().api_server_access_profile).toBeUndefined();
  });

  test.each([
    ['10.0.0.0/16', '10.0.0.10'],
    ['172.20.0.0/16', '172.20.0.10'],
    ['192.168.255.0/24', '192.168.255.10'],
  ])('DNS service address of %s is %s', (cidr, ip) => {
    expect(dnsServiceIp(cidr)).toBe(ip);
  });
});
