import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Construct } from 'constructs';

/**
 * The built-in Azure roles the kit grants, by name. Data-plane roles only, narrow ones first: a role that is not
 * listed here cannot be granted through `RoleGrant`, so a review sees every role the platform uses in one place.
 */
export const BUILT_IN_ROLES = [
  'Storage Blob Data Reader',
  'Storage Blob Data Contributor',
  'Azure Event Hubs Data Receiver',
  'Azure Event Hubs Data Sender',
  'Schema Registry Reader (Preview)',
  'Schema Registry Contributor (Preview)',
  'Key Vault Secrets User',
  'Key Vault Crypto Service Encryption User',
  'AcrPull',
  'Network Contributor',
  'Private DNS Zone Contributor',
  'Managed Identity Operator',
  'Monitoring Metrics Publisher',
] as const;

export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

export interface RoleGrantProps {
  /** The narrowest resource id that serves: one hub, one file system, one registry. */
  readonly scope: string;
  readonly role: BuiltInRole;
  /** Object id of an Entra ID identity (managed identity or group). */
  readonly principalId: string;
  /** @default 'ServicePrincipal' (managed identities) */
  readonly principalType?: 'ServicePrincipal' | 'Group' | 'User';
  /** Why the grant exists; shown in the Azure portal. */
  readonly description: string;
}

/** One Azure RBAC role assignment to an Entra ID identity. */
export class RoleGrant extends Construct {
  readonly assignment: RoleAssignment;

  constructor(scope: Construct, id: string, props: RoleGrantProps) {
    super(scope, id);
    this.assignment = new RoleAssignment(this, 'assignment', {
      scope: props.scope,
      roleDefinitionName: props.role,
      principalId: props.principalId,
      // Set explicitly so that a just-created managed identity does not fail the Graph lookup (replication lag).
      principalType: props.principalType ?? 'ServicePrincipal',
      description: props.description,
    });
  }
}
