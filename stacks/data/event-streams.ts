import { Eventhub } from '@cdktf/provider-azurerm/lib/eventhub';
import { EventhubConsumerGroup } from '@cdktf/provider-azurerm/lib/eventhub-consumer-group';
import { EventhubNamespace } from '@cdktf/provider-azurerm/lib/eventhub-namespace';
import { EventhubNamespaceSchemaGroup } from '@cdktf/provider-azurerm/lib/eventhub-namespace-schema-group';
import type { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import { Construct } from 'constructs';
import { contractOf } from '../../config/contracts/load';
import { registryCompatibility } from '../../config/contracts/model';
import type { EnvironmentConfig, EventDomainConfig } from '../../environments/schema';
import type { Naming } from '../../naming/names';
import { publicAllowList } from '../constructs/allow-list';
import { Diagnostics } from '../constructs/diagnostics';
import { MovedBlock } from '../constructs/moved-block';
import { PrivateEndpointFor } from '../constructs/private-endpoint';
import { protect } from '../constructs/protection';
import { RoleGrant } from '../constructs/role-assignment';
import { type AzapiProvider, AzapiResource } from './azapi';
import { consumerGroups, contractHubs } from './contracts';

/** Where capture files go inside bronze and quarantine (Event Hubs requires every one of these fields). */
export const CAPTURE_ARCHIVE_NAME_FORMAT =
  '{Namespace}/{EventHub}/{PartitionId}/{Year}/{Month}/{Day}/{Hour}/{Minute}/{Second}';
/** The ARM API version of the capture-enabled hubs (the first stable one with capture identities). */
export const EVENT_HUB_API = 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01';

/** What later layers need of a hub: its name (Kafka topic) and its id (the scope of a role assignment). */
export interface StreamHub {
  readonly name: string;
  readonly id: string;
}

export interface EventStreamsProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  readonly resourceGroupName: string;
  readonly logAnalyticsWorkspaceId: string;
  /**
   * The deployment agents' egress address (`FoundationStack.agentEgressIp`), let through the firewall while public
   * access is on (dev). @default - only `network.allowedIpRanges`
   */
  readonly agentEgressIp?: string;
  /** Subnets (with the `Microsoft.EventHub` service endpoint) let through the firewall. */
  readonly allowedSubnetIds: readonly string[];
  /**
   * A private endpoint (sub-resource `namespace`) registered in the Service Bus zone; public network access off.
   * @default - no private endpoint; the public endpoint stays on behind the default-deny firewall
   */
  readonly privateEndpoint?: { readonly subnetId: string; readonly dnsZoneId: string };
  /**
   * Where capture writes: the lake account, its bronze file system (`-validated` hubs) and its quarantine file
   * system (`-deadletter` hubs: events that failed their contract outlive the hub's retention).
   */
  readonly capture: {
    readonly storageAccountId: string;
    readonly fileSystem: StorageContainer;
    readonly quarantine: StorageContainer;
  };
  /** For the capture-enabled hubs (see `azapi.ts`). */
  readonly azapi: AzapiProvider;
}

/**
 * The event streams and their data contracts: an Event Hubs namespace (Entra ID only, TLS 1.2, default-deny
 * firewall or private endpoint; Kafka endpoint on Standard and Premium) and, per event domain, the `-raw`,
 * `-validated` and `-deadletter` hubs, the consumer groups of their readers, an Avro schema group, and capture of
 * `-validated` into the lake's bronze file system and of `-deadletter` into its quarantine file system (events that
 * failed their contract, kept for replay), both with the namespace's managed identity. The schema groups' modes
 * come from the data contracts (`contracts/<domain>/`).
 *
 * Capture and the lake's lock-down:
 * - the lake has no shared keys, so capture cannot use its default (SAS) mode; it runs as the namespace's
 *   system-assigned identity, which holds `Storage Blob Data Contributor` on those two file systems only;
 * - Azure checks, when capture is switched on, that the *deploying* principal may write blobs in the lake
 *   account ("Linked access check failed for capture storage destination", a data-plane write check on the
 *   account): the foundation grants the apply identity (`deployers.apply`) Storage Blob Data Contributor on the
 *   data resource group, a run ahead (`deployer-capture-check`, docs/deployers.md);
 * - capture reaches the lake as a trusted Azure service (firewall bypass `AzureServices`), not through a private
 *   endpoint; with the lake's public network access off (private environments) Azure may refuse it.
 */
export class EventStreams extends Construct {
  readonly namespace: EventhubNamespace;
  /** By full hub name, e.g. `orders-validated`. */
  readonly hubs: Readonly<Record<string, StreamHub>>;
  /** By domain name; on Standard every domain maps to the one shared group. */
  readonly schemaGroups: Readonly<Record<string, EventhubNamespaceSchemaGroup>>;
  /** By `<hub>/<group>`, e.g. `orders-raw/contract-validator`. */
  readonly consumerGroups: Readonly<Record<string, EventhubConsumerGroup>>;
  /** `Storage Blob Data Contributor` for the namespace's identity on the bronze file system only. */
  readonly captureGrant: RoleGrant;
  /** The same on the quarantine file system, where `-deadletter` hubs are captured. */
  readonly quarantineGrant: RoleGrant;

  constructor(scope: Construct, id: string, props: EventStreamsProps) {
    super(scope, id);
    const { config, naming } = props;
    const isPrivate = props.privateEndpoint !== undefined;
    const { sku, capacity, autoInflateMaxThroughputUnits } = config.eventHubs;
    const autoInflate = sku === 'Standard' && autoInflateMaxThroughputUnits !== undefined;

    this.namespace = new EventhubNamespace(this, 'namespace', {
      name: naming.eventHubsNamespace(),
      resourceGroupName: props.resourceGroupName,
      location: config.location,
      sku,
      capacity,
      autoInflateEnabled: autoInflate,
      maximumThroughputUnits: autoInflate ? autoInflateMaxThroughputUnits : undefined,
      minimumTlsVersion: '1.2',
      // Entra ID only: no SAS keys, so no connection strings exist to leak.
      localAuthenticationEnabled: false,
      publicNetworkAccessEnabled: !isPrivate,
      // Capture authenticates to the lake as this identity.
      identity: { type: 'SystemAssigned' },
      networkRulesets: [
        {
          defaultAction: 'Deny',
          // azurerm requires the same value here as on the namespace.
          publicNetworkAccessEnabled: !isPrivate,
          trustedServiceAccessEnabled: true,
          ipRule: isPrivate
            ? []
            : publicAllowList(config.network.allowedIpRanges, props.agentEgressIp).map((ipMask) => ({
                ipMask,
                action: 'Allow',
              })),
          virtualNetworkRule: props.allowedSubnetIds.map((subnetId) => ({
            subnetId,
            ignoreMissingVirtualNetworkServiceEndpoint: false,
          })),
        },
      ],
    });
    protect(this.namespace, config.protection, {
      noLockBecause: 'the kit manages its hubs, consumer groups, schema groups and the grants on them',
    });
    new Diagnostics(this, 'diagnostics', {
      targetResourceId: this.namespace.id,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
    });
    if (props.privateEndpoint) {
      new PrivateEndpointFor(this, 'private-endpoint', {
        name: naming.privateEndpoint(naming.eventHubsNamespace(), 'namespace'),
        resourceGroupName: props.resourceGroupName,
        location: config.location,
        subnetId: props.privateEndpoint.subnetId,
        targetResourceId: this.namespace.id,
        subresource: 'namespace',
        privateDnsZoneId: props.privateEndpoint.dnsZoneId,
      });
    }

    // The narrowest scope Azure allows for blob data: the one file system capture writes to.
    this.captureGrant = new RoleGrant(this, 'capture-grant', {
      scope: props.capture.fileSystem.id,
      role: 'Storage Blob Data Contributor',
      principalId: this.namespace.identity.principalId,
      description: `Event Hubs capture of ${naming.eventHubsNamespace()} writes the -validated hubs into bronze.`,
    });
    this.quarantineGrant = new RoleGrant(this, 'quarantine-capture-grant', {
      scope: props.capture.quarantine.id,
      role: 'Storage Blob Data Contributor',
      principalId: this.namespace.identity.principalId,
      description: `Event Hubs capture of ${naming.eventHubsNamespace()} writes the -deadletter hubs into quarantine.`,
    });

    const hubs: Record<string, StreamHub> = {};
    /** Hub names read through Terraform, so that consumer groups wait for their hub. */
    const hubNameRefs: Record<string, string> = {};
    for (const hub of contractHubs(config, naming)) {
      if (hub.stage === 'validated' || hub.stage === 'deadletter') {
        const quarantine = hub.stage === 'deadletter';
        const captured = new AzapiResource(this, `hub-${hub.name}`, {
          provider: props.azapi,
          type: EVENT_HUB_API,
          name: hub.name,
          parentId: this.namespace.id,
          body: {
            properties: capturedHubProperties(hub.domain, {
              storageAccountId: props.capture.storageAccountId,
              fileSystem: quarantine ? props.capture.quarantine : props.capture.fileSystem,
            }),
          },
          // Capture checks its access to the destination when it is switched on.
          dependsOn: [(quarantine ? this.quarantineGrant : this.captureGrant).assignment],
        });
        if (quarantine) {
          // `-deadletter` hubs were azurerm_eventhub resources before they were captured: the moved block (azapi
          // 2.x takes state over from azurerm, Terraform >= 1.8) keeps the hub and the events in it instead of
          // destroying and re-creating it. On a fresh environment there is nothing to move and it does nothing.
          // MovedBlock rather than cdktf's moveFromId, which would need a terraform binary at synth.
          new MovedBlock(this, `moved-hub-${hub.name}`, {
            from: `azurerm_eventhub.${captured.friendlyUniqueId}`,
            to: `azapi_resource.${captured.friendlyUniqueId}`,
          });
        }
        hubs[hub.name] = { name: hub.name, id: captured.id };
        hubNameRefs[hub.name] = captured.nameOutput;
      } else {
        const plain = new Eventhub(this, `hub-${hub.name}`, {
          name: hub.name,
          namespaceId: this.namespace.id,
          partitionCount: hub.domain.partitions,
          // Hours, not the day-based message_retention: the config states retention in hours.
          retentionDescription: { cleanupPolicy: 'Delete', retentionTimeInHours: hub.domain.retentionHours },
        });
        hubs[hub.name] = plain;
        hubNameRefs[hub.name] = plain.name;
      }
    }
    this.hubs = hubs;

    // Standard allows one schema group per namespace: its domains share it (and, as the config rule checks, one
    // compatibility mode). Premium gives each domain its own group.
    const schemaGroups: Record<string, EventhubNamespaceSchemaGroup> = {};
    const groupsByName = new Map<string, EventhubNamespaceSchemaGroup>();
    for (const domain of config.eventHubs.domains) {
      const groupName = naming.schemaGroup(domain.name, config.eventHubs.sku);
      let group = groupsByName.get(groupName);
      if (!group) {
        group = new EventhubNamespaceSchemaGroup(this, `schema-group-${groupName}`, {
          name: groupName,
          namespaceId: this.namespace.id,
          schemaType: 'Avro',
          // The contract's mode; the registry has no Full, so a Full contract's group enforces Backward (and the
          // offline check in config/contracts enforces both directions before anything is registered).
          schemaCompatibility: registryCompatibility(contractOf(domain.name).compatibility),
        });
        groupsByName.set(groupName, group);
      }
      schemaGroups[domain.name] = group;
    }
    this.schemaGroups = schemaGroups;

    const groups: Record<string, EventhubConsumerGroup> = {};
    for (const spec of consumerGroups(config, naming)) {
      const hubName = hubNameRefs[spec.hub];
      if (hubName === undefined) {
        // The config rule reports unknown hubs; this guards a config that skipped validation.
        throw new Error(
          `consumer group ${spec.group}: no event hub named ${spec.hub} (validate the config first)`,
        );
      }
      groups[`${spec.hub}/${spec.group}`] = new EventhubConsumerGroup(
        this,
        `consumer-group-${spec.hub}-${spec.group}`,
        {
          name: spec.group,
          namespaceName: this.namespace.name,
          eventhubName: hubName,
          resourceGroupName: props.resourceGroupName,
          userMetadata: `readers: ${spec.readers.join(', ')}`,
        },
      );
    }
    this.consumerGroups = groups;
  }
}

/**
 * The ARM properties of a captured hub (`-validated` into bronze, `-deadletter` into quarantine): partitions and
 * retention as for `-raw`, plus capture into the given file system as the namespace's system-assigned identity (no
 * storage keys involved).
 */
export function capturedHubProperties(
  domain: EventDomainConfig,
  capture: { readonly storageAccountId: string; readonly fileSystem: StorageContainer },
): Record<string, unknown> {
  return {
    partitionCount: domain.partitions,
    retentionDescription: { cleanupPolicy: 'Delete', retentionTimeInHours: domain.retentionHours },
    captureDescription: {
      enabled: true,
      encoding: 'Avro',
      intervalInSeconds: domain.capture.intervalSeconds,
      sizeLimitInBytes: domain.capture.sizeLimitBytes,
      // No empty files when nothing arrived in a window.
      skipEmptyArchives: true,
      destination: {
        name: 'EventHubArchive.AzureBlockBlob',
        identity: { type: 'SystemAssigned' },
        properties: {
          storageAccountResourceId: capture.storageAccountId,
          blobContainer: capture.fileSystem.name,
          archiveNameFormat: CAPTURE_ARCHIVE_NAME_FORMAT,
        },
      },
    },
  };
}
