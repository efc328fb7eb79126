import type { EnvironmentConfig, WorkloadConfig } from '../environments/schema';
import { platformEndpoints } from '../naming/endpoints';
import type { Naming } from '../naming/names';
import { validatorContracts } from './validator-contracts';

/** What differs between workload kinds: their settings and the Azure ports they talk to. */
export interface WorkloadProfile {
  /** Environment variables of the workload's container. */
  readonly env: Readonly<Record<string, string>>;
  /** TCP ports the workload opens to Azure services (NetworkPolicy egress). */
  readonly azurePorts: readonly number[];
  /** A ClusterIP Service for the callers (model-serving). */
  readonly clusterService: boolean;
}

/** Event Hubs' Kafka endpoint (SASL_SSL with an Entra ID token). */
export const KAFKA_PORT = 9093;
/** HTTPS: schema registry, Cosmos DB (gateway mode), Entra ID token exchange. */
export const HTTPS_PORT = 443;

/**
 * The profile of one workload. Endpoints come from the naming module, so no Terraform output is needed; the
 * topics, schema groups and containers come from the workload's `access` (what it is granted is what it uses).
 */
export function workloadProfile(
  config: EnvironmentConfig,
  naming: Naming,
  workload: WorkloadConfig,
): WorkloadProfile {
  const endpoints = platformEndpoints(naming);
  const common = { PORT: String(workload.port), TMPDIR: '/tmp', LAKEHOUSE_ENVIRONMENT: config.name };
  const hubs = (role: 'receive' | 'send', suffix: string): string =>
    (workload.access.eventHubs ?? [])
      .filter((entry) => entry.role === role && entry.hub.endsWith(suffix))
      .map((entry) => entry.hub)
      .join(',');
  switch (workload.kind) {
    case 'contract-validator':
      return {
        env: {
          ...common,
          KAFKA_BOOTSTRAP_SERVERS: endpoints.kafkaBootstrap,
          KAFKA_CONSUMER_GROUP: workload.access.consumerGroup ?? workload.name,
          KAFKA_INPUT_TOPICS: hubs('receive', '-raw'),
          KAFKA_VALIDATED_TOPICS: hubs('send', '-validated'),
          KAFKA_DEADLETTER_TOPICS: hubs('send', '-deadletter'),
          SCHEMA_REGISTRY_URL: endpoints.schemaRegistry,
          // access.schemaGroups names domains; a Standard namespace keeps them all in one shared group.
          SCHEMA_GROUPS: [
            ...new Set(
              (workload.access.schemaGroups ?? []).map((d) => naming.schemaGroup(d, config.eventHubs.sku)),
            ),
          ].join(','),
          STATE_DIR: workload.storage.mountPath,
          // The contracts it enforces and the dead-letter routing, from contracts/ (charts/validator-contracts.ts).
          CONTRACTS: JSON.stringify(validatorContracts(config, naming, workload)),
        },
        azurePorts: [KAFKA_PORT, HTTPS_PORT],
        clusterService: false,
      };
    case 'model-serving': {
      const containers = (role: 'reader' | 'contributor'): string =>
        (workload.access.cosmosContainers ?? [])
          .filter((entry) => entry.role === role)
          .map((entry) => entry.container)
          .join(',');
      return {
        env: {
          ...common,
          COSMOS_ENDPOINT: endpoints.cosmos,
          COSMOS_DATABASE: config.cosmos.databaseName,
          COSMOS_READ_CONTAINERS: containers('reader'),
          COSMOS_WRITE_CONTAINERS: containers('contributor'),
          // Gateway mode talks HTTPS on 443 only; direct mode would need TCP 10250–20000 opened as well.
          COSMOS_CONNECTION_MODE: 'Gateway',
          MODEL_CACHE_DIR: workload.storage.mountPath,
        },
        azurePorts: [HTTPS_PORT],
        clusterService: true,
      };
    }
  }
}
