import { CosmosdbSqlRoleAssignment } from '@cdktf/provider-azurerm/lib/cosmosdb-sql-role-assignment';
import { Construct } from 'constructs';
import type { CosmosRole } from '../../environments/schema';

/**
 * Cosmos DB's built-in data-plane roles (NoSQL API), by the kit's role name. These are Cosmos DB role
 * definitions, not Azure RBAC roles: Azure RBAC roles such as "Cosmos DB Account Reader" never grant data access.
 */
export const COSMOS_DATA_ROLE_IDS: Readonly<Record<CosmosRole, string>> = {
  /** Cosmos DB Built-in Data Reader: read items, run queries, read the change feed. */
  reader: '00000000-0000-0000-0000-000000000001',
  /** Cosmos DB Built-in Data Contributor: reader plus create, replace, upsert and delete items. */
  contributor: '00000000-0000-0000-0000-000000000002',
};

/** The parts of the Cosmos DB account a grant needs (an `azurerm_cosmosdb_account` has them). */
export interface CosmosAccountRef {
  readonly id: string;
  readonly name: string;
  readonly resourceGroupName: string;
}

export interface CosmosDataGrantProps {
  readonly account: CosmosAccountRef;
  readonly databaseName: string;
  /**
   * Narrow the grant to one container.
   * @default - the whole database
   */
  readonly containerName?: string;
  /** Object id of the Entra ID identity (a managed identity's principal id). */
  readonly principalId: string;
  readonly role: CosmosRole;
}

/**
 * One Entra ID data-plane role assignment on a Cosmos DB database or container. With local (key) auth off,
 * this is the only way in: each identity gets the narrowest scope and the smallest built-in role it needs.
 */
export class CosmosDataGrant extends Construct {
  readonly assignment: CosmosdbSqlRoleAssignment;
  /** The data-plane scope, `<account id>/dbs/<database>[/colls/<container>]`. */
  readonly scope: string;

  constructor(scope: Construct, id: string, props: CosmosDataGrantProps) {
    super(scope, id);
    const database = `${props.account.id}/dbs/${props.databaseName}`;
    this.scope = props.containerName ? `${database}/colls/${props.containerName}` : database;
    this.assignment = new CosmosdbSqlRoleAssignment(this, 'assignment', {
      resourceGroupName: props.account.resourceGroupName,
      accountName: props.account.name,
      roleDefinitionId: `${props.account.id}/sqlRoleDefinitions/${COSMOS_DATA_ROLE_IDS[props.role]}`,
      principalId: props.principalId,
      scope: this.scope,
    });
  }
}
