import { FederatedIdentityCredential } from '@cdktf/provider-azurerm/lib/federated-identity-credential';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { Construct } from 'constructs';
import type { EventHubRole, WorkloadConfig } from '../../environments/schema';
import type { Naming } from '../../naming/names';
import { type CosmosAccountRef, CosmosDataGrant } from '../analytics/cosmos-data-grant';
import { type BuiltInRole, RoleGrant } from '../constructs/role-assignment';

/** The audience Entra ID expects in a Kubernetes service account token it exchanges (workload identity). */
export const WORKLOAD_IDENTITY_AUDIENCE = 'api://AzureADTokenExchange';

/** The `sub` claim of a Kubernetes service account token: what the federated credential trusts. */
export function serviceAccountSubject(namespace: string, serviceAccount: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

/** The data-plane role each Event Hubs access level maps to. */
export const EVENT_HUB_ROLES: Readonly<Record<EventHubRole, BuiltInRole>> = {
  receive: 'Azure Event Hubs Data Receiver',
  send: 'Azure Event Hubs Data Sender',
};
export const SCHEMA_GROUP_ROLE: BuiltInRole = 'Schema Registry Reader (Preview)';

/** A resource that can be a role assignment scope. */
export interface Scopeable {
  readonly id: string;
}

/** What workloads may be granted access to: the data and analytics layers' resources, by config name. */
export interface WorkloadTargets {
  /** Event hubs by full name (`orders-raw`). */
  readonly hubs: Readonly<Record<string, Scopeable>>;
  /** Schema groups by event domain. */
  readonly schemaGroups: Readonly<Record<string, Scopeable>>;
  readonly cosmos: {
    readonly account: CosmosAccountRef;
    readonly database: { readonly name: string };
    /** Containers by name. */
    readonly containers: Readonly<Record<string, { readonly name: string }>>;
  };
}

export interface WorkloadIdentityProps {
  readonly workload: WorkloadConfig;
  readonly naming: Naming;
  readonly location: string;
  readonly resourceGroupName: string;
  /** The cluster's OIDC issuer: Entra ID accepts tokens it signed for the workload's service account. */
  readonly oidcIssuerUrl: string;
  readonly targets: WorkloadTargets;
}

/**
 * One workload's Entra ID identity: a user-assigned managed identity that exactly one Kubernetes service
 * account (`workload.namespace`/`workload.serviceAccount`) of one cluster may use, and one role assignment per
 * entry of `workload.access`, each on the single hub, schema group or Cosmos container it names. Nothing is
 * granted at namespace, account or resource group scope.
 */
export class WorkloadIdentity extends Construct {
  readonly identity: UserAssignedIdentity;
  readonly federatedCredential: FederatedIdentityCredential;
  /** The service account the identity trusts, as `system:serviceaccount:<namespace>:<name>`. */
  readonly subject: string;
  /** Azure RBAC grants (Event Hubs, schema registry). */
  readonly roleGrants: readonly RoleGrant[];
  /** Cosmos DB data-plane grants. */
  readonly cosmosGrants: readonly CosmosDataGrant[];

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    const { workload, naming, targets } = props;
    this.subject = serviceAccountSubject(workload.namespace, workload.serviceAccount);

    this.identity = new UserAssignedIdentity(this, 'identity', {
      name: naming.managedIdentity(workload.name),
      location: props.location,
      resourceGroupName: props.resourceGroupName,
    });
    this.federatedCredential = new FederatedIdentityCredential(this, 'federated-credential', {
      name: naming.federatedCredential(workload.name),
      resourceGroupName: props.resourceGroupName,
      parentId: this.identity.id,
      issuer: props.oidcIssuerUrl,
      subject: this.subject,
      audience: [WORKLOAD_IDENTITY_AUDIENCE],
    });

    const principalId = this.identity.principalId;
    const access = workload.access;
    const roleGrants: RoleGrant[] = [];
    for (const { hub, role } of access.eventHubs ?? []) {
      roleGrants.push(
        new RoleGrant(this, `event-hub-${hub}-${role}`, {
          scope: lookup(targets.hubs, hub, 'event hub', workload).id,
          role: EVENT_HUB_ROLES[role],
          principalId,
          description: `${workload.name} ${role}s on ${hub}`,
        }),
      );
    }
    // Domains may share a schema group (Standard namespaces have one): one grant per group, since Azure refuses a
    // second identical role assignment.
    const domainsByGroup = new Map<Scopeable, string[]>();
    for (const domain of access.schemaGroups ?? []) {
      const group = lookup(targets.schemaGroups, domain, 'schema group', workload);
      domainsByGroup.set(group, [...(domainsByGroup.get(group) ?? []), domain]);
    }
    for (const [group, domains] of domainsByGroup) {
      roleGrants.push(
        // Named after the group's first domain: the same id as when each domain had its own group.
        new RoleGrant(this, `schema-group-${domains[0]}`, {
          scope: group.id,
          role: SCHEMA_GROUP_ROLE,
          principalId,
          description: `${workload.name} reads the ${domains.join(', ')} schemas`,
        }),
      );
    }
    this.roleGrants = roleGrants;

    this.cosmosGrants = (access.cosmosContainers ?? []).map(
      ({ container, role }) =>
        new CosmosDataGrant(this, `cosmos-${container}-${role}`, {
          account: targets.cosmos.account,
          databaseName: targets.cosmos.database.name,
          containerName: lookup(targets.cosmos.containers, container, 'Cosmos DB container', workload).name,
          principalId,
          role,
        }),
    );
  }

  /** The client id the workload's service account carries (`azure.workload.identity/client-id`). */
  get clientId(): string {
    return this.identity.clientId;
  }
}

function lookup<T>(
  items: Readonly<Record<string, T>>,
  key: string,
  what: string,
  workload: WorkloadConfig,
): T {
  const item = items[key];
  if (item === undefined) {
    // The workloads config rule reports this first; this guards direct construct use.
    throw new Error(
      `workload ${workload.name} asks for ${what} '${key}', which the environment does not define ` +
        `(known: ${Object.keys(items).join(', ') || 'none'})`,
    );
  }
  return item;
}
