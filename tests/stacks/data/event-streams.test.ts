import { contractOf } from '../../../config/contracts/load';
import { Naming } from '../../../naming/names';
import { CAPTURE_ARCHIVE_NAME_FORMAT, EVENT_HUB_API } from '../../../stacks/data/event-streams';
import { ENVIRONMENT_NAMES, resourceAt, resourcesOf } from '../../helpers/synth';
import { byPath, type DataUnderTest, foreignRef, refTo, synthDataStacks } from './data-json';

let envs: Record<string, DataUnderTest>;
beforeAll(() => {
  envs = synthDataStacks();
});

const namespace = (name: string) =>
  resourceAt(envs[name].json, 'azurerm_eventhub_namespace', 'streams/namespace');
const namespaceRef = (name: string, attribute: string) =>
  refTo(envs[name].json, 'azurerm_eventhub_namespace', 'streams/namespace', attribute);

describe.each(ENVIRONMENT_NAMES)('%s-data event streams', (name) => {
  test('namespace: tier from config, Entra ID only, TLS 1.2, system-assigned identity', () => {
    const { config } = envs[name];
    expect(namespace(name)).toMatchObject({
      name: new Naming(config).eventHubsNamespace(),
      sku: config.eventHubs.sku,
      capacity: config.eventHubs.capacity,
      auto_inflate_enabled: false,
      minimum_tls_version: '1.2',
      local_authentication_enabled: false,
      identity: { type: 'SystemAssigned' },
      resource_group_name: expect.stringMatching(foreignRef('azurerm_resource_group', 'rg-data', 'name')),
    });
  });

  test('namespace firewall: default deny, trusted services, subnets; office IPs and the agents’ egress only when public', () => {
    const { config } = envs[name];
    const isPrivate = config.network.privateEndpoints;
    expect(namespace(name).public_network_access_enabled).toBe(!isPrivate);
    expect(namespace(name).network_rulesets).toEqual([
      {
        default_action: 'Deny',
        public_network_access_enabled: !isPrivate,
        trusted_service_access_enabled: true,
        // dev: the office and the deployment agents' egress IP, by reference to the NAT gateway's public IP.
        ip_rule: isPrivate
          ? []
          : [
              ...(config.network.allowedIpRanges ?? []).map((ip_mask) => ({ ip_mask, action: 'Allow' })),
              {
                ip_mask: expect.stringMatching(
                  /^\$\{azurerm_public_ip\.network_nat-ip_[0-9A-F]{8}\.ip_address\}\/32$/,
                ),
                action: 'Allow',
              },
            ],
        virtual_network_rule: ['aks', 'databricks-host', 'databricks-container'].map((purpose) => ({
          subnet_id: expect.stringMatching(foreignRef('azurerm_subnet', `network_subnet-${purpose}`, 'id')),
          ignore_missing_virtual_network_service_endpoint: false,
        })),
      },
    ]);
  });

  test('per domain: -raw hubs with partitions and retention (hours) from config', () => {
    const { config } = envs[name];
    const hubs = byPath(envs[name].json, 'azurerm_eventhub');
    expect(Object.keys(hubs).sort()).toEqual(
      config.eventHubs.domains.map((d) => `streams/hub-${d.name}-raw`).sort(),
    );
    for (const domain of config.eventHubs.domains) {
      for (const stage of ['raw']) {
        const hub = hubs[`streams/hub-${domain.name}-${stage}`];
        expect(hub).toEqual({
          name: `${domain.name}-${stage}`,
          namespace_id: namespaceRef(name, 'id'),
          partition_count: domain.partitions,
          retention_description: { cleanup_policy: 'Delete', retention_time_in_hours: domain.retentionHours },
          '//': expect.anything(),
        });
      }
    }
  });

  test.each([
    ['validated', 'bronze', 'capture-grant'],
    ['deadletter', 'quarantine', 'quarantine-capture-grant'],
  ])(
    'per domain: -%s is captured into the %s file system of this lake, as the namespace identity',
    (stage, fileSystem, grantId) => {
      const { json, config } = envs[name];
      const captured = byPath(json, 'azapi_resource');
      expect(Object.keys(captured).sort()).toEqual(
        config.eventHubs.domains
          .flatMap((d) => [`streams/hub-${d.name}-validated`, `streams/hub-${d.name}-deadletter`])
          .sort(),
      );
      const grant = refTo(json, 'azurerm_role_assignment', `streams/${grantId}/assignment`, 'id').replace(
        /^\$\{(.*)\.id\}$/,
        '$1',
      );
      for (const domain of config.eventHubs.domains) {
        expect(captured[`streams/hub-${domain.name}-${stage}`]).toEqual({
          type: EVENT_HUB_API,
          name: `${domain.name}-${stage}`,
          parent_id: namespaceRef(name, 'id'),
          provider: 'azapi',
          depends_on: [grant],
          body: {
            properties: {
              partitionCount: domain.partitions,
              retentionDescription: { cleanupPolicy: 'Delete', retentionTimeInHours: domain.retentionHours },
              captureDescription: {
                enabled: true,
                encoding: 'Avro',
                intervalInSeconds: domain.capture.intervalSeconds,
                sizeLimitInBytes: domain.capture.sizeLimitBytes,
                skipEmptyArchives: true,
                destination: {
                  name: 'EventHubArchive.AzureBlockBlob',
                  identity: { type: 'SystemAssigned' },
                  properties: {
                    storageAccountResourceId: refTo(json, 'azurerm_storage_account', 'lake/account', 'id'),
                    blobContainer: refTo(
                      json,
                      'azurerm_storage_container',
                      `lake/file-system-${fileSystem}`,
                      'name',
                    ),
                    archiveNameFormat: CAPTURE_ARCHIVE_NAME_FORMAT,
                  },
                },
              },
            },
          },
          '//': expect.anything(),
        });
      }
    },
  );

  test.each([
    ['capture-grant', 'bronze'],
    ['quarantine-capture-grant', 'quarantine'],
  ])('%s: the namespace identity, Storage Blob Data Contributor, on %s only', (grantId, fileSystem) => {
    const { json } = envs[name];
    expect(resourceAt(json, 'azurerm_role_assignment', `streams/${grantId}/assignment`)).toMatchObject({
      scope: refTo(json, 'azurerm_storage_container', `lake/file-system-${fileSystem}`, 'id'),
      role_definition_name: 'Storage Blob Data Contributor',
      principal_id: namespaceRef(name, 'identity[0].principal_id'),
      principal_type: 'ServicePrincipal',
    });
  });

  test('-deadletter hubs keep their state: a moved block from the azurerm_eventhub they were', () => {
    const { json, config } = envs[name];
    const moved = (json as { moved?: { from: string; to: string }[] }).moved ?? [];
    const keys = Object.entries(json.resource?.azapi_resource ?? {})
      .filter(([, body]) => (body.name as string).endsWith('-deadletter'))
      .map(([key]) => key);
    expect(keys).toHaveLength(config.eventHubs.domains.length);
    expect(moved).toEqual(
      expect.arrayContaining(
        keys.map((key) => ({ from: `azurerm_eventhub.${key}`, to: `azapi_resource.${key}` })),
      ),
    );
  });

  test('consumer groups: each receiving workload on its hubs, databricks on every -validated hub', () => {
    const { config, json } = envs[name];
    const expected = new Set<string>();
    for (const workload of config.workloads) {
      for (const entry of workload.access.eventHubs ?? []) {
        if (entry.role === 'receive' && workload.access.consumerGroup)
          expected.add(`${entry.hub}/${workload.access.consumerGroup}`);
      }
    }
    for (const domain of config.eventHubs.domains) expected.add(`${domain.name}-validated/databricks`);

    const groups = resourcesOf(json, 'azurerm_eventhub_consumer_group');
    const hubRefs = new Map<string, string>();
    for (const hub of Object.keys(envs[name].stacks.data.streams.hubs)) {
      const type = hub.endsWith('-raw') ? 'azurerm_eventhub' : 'azapi_resource';
      hubRefs.set(refTo(json, type, `streams/hub-${hub}`, 'name'), hub);
    }
    expect(new Set(groups.map((g) => `${hubRefs.get(g.eventhub_name as string)}/${g.name}`))).toEqual(
      expected,
    );
    expect(groups).toHaveLength(expected.size);
    for (const group of groups) {
      expect(group.namespace_name).toBe(namespaceRef(name, 'name'));
    }
    expect(Object.keys(envs[name].stacks.data.streams.consumerGroups).sort()).toEqual([...expected].sort());
  });

  test('schema groups: one per domain on Premium, one shared `contracts` group on Standard; Avro', () => {
    const { config, json } = envs[name];
    const groups = byPath(json, 'azurerm_eventhub_namespace_schema_group');
    const premium = config.eventHubs.sku === 'Premium';
    expect(Object.keys(groups)).toHaveLength(premium ? config.eventHubs.domains.length : 1);
    for (const domain of config.eventHubs.domains) {
      const groupName = premium ? domain.name : 'contracts';
      expect(envs[name].stacks.data.streams.schemaGroups[domain.name]).toBeDefined();
      expect(groups[`streams/schema-group-${groupName}`]).toMatchObject({
        name: groupName,
        namespace_id: namespaceRef(name, 'id'),
        schema_type: 'Avro',
        schema_compatibility: contractOf(domain.name).compatibility, // Backward in the repo's contracts
      });
    }
  });

  test('diagnostics, protection and (when private) the namespace private endpoint', () => {
    const { config, json } = envs[name];
    expect(byPath(json, 'azurerm_monitor_diagnostic_setting')['streams/diagnostics/setting']).toMatchObject({
      target_resource_id: namespaceRef(name, 'id'),
      enabled_log: [{ category_group: 'allLogs' }],
      enabled_metric: [{ category: 'AllMetrics' }],
    });
    expect(namespace(name).lifecycle).toEqual(
      config.protection.preventDestroy ? { prevent_destroy: true } : undefined,
    );
    // Never locked: hubs, consumer groups and grants under it come and go with the config.
    expect(byPath(json, 'azurerm_management_lock')['streams/namespace/lock']).toBeUndefined();
    const endpoint = byPath(json, 'azurerm_private_endpoint')['streams/private-endpoint/endpoint'];
    if (!config.network.privateEndpoints) {
      expect(endpoint).toBeUndefined();
      return;
    }
    expect(endpoint).toMatchObject({
      private_service_connection: {
        private_connection_resource_id: namespaceRef(name, 'id'),
        subresource_names: ['namespace'],
        is_manual_connection: false,
      },
      private_dns_zone_group: {
        private_dns_zone_ids: [
          expect.stringMatching(foreignRef('azurerm_private_dns_zone', 'private-dns_zone-servicebus', 'id')),
        ],
      },
    });
  });
});

test('dev: Standard with two domains gives exactly these hubs and consumer groups', () => {
  const streams = envs.dev.stacks.data.streams;
  expect(Object.keys(streams.hubs)).toEqual([
    'orders-raw',
    'orders-validated',
    'orders-deadletter',
    'telemetry-raw',
    'telemetry-validated',
    'telemetry-deadletter',
  ]);
  expect(Object.keys(streams.consumerGroups)).toEqual([
    'orders-raw/contract-validator',
    'telemetry-raw/contract-validator',
    'orders-validated/databricks',
    'telemetry-validated/databricks',
  ]);
  expect(Object.keys(streams.schemaGroups)).toEqual(['orders', 'telemetry']);
});

test('prod: Premium, private, 8 partitions and 7 days per hub', () => {
  expect(namespace('prod')).toMatchObject({ sku: 'Premium', public_network_access_enabled: false });
  for (const hub of resourcesOf(envs.prod.json, 'azurerm_eventhub')) {
    expect(hub).toMatchObject({
      partition_count: 8,
      retention_description: { retention_time_in_hours: 168 },
    });
  }
});
