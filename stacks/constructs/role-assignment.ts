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
  'Key Vault Secrets Officer',
  'Key Vault Crypto Service Encryption User',
  'AcrPull',
  'Network Contributor',
  'Private DNS Zone Contributor',
  'Managed Identity Operator',
  'Monitoring Metrics Publisher',
  'Azure Kubernetes Service Cluster User Role',
  'Azure Kubernetes Service RBAC Cluster Admin',
] as const;

export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

/**
 * The role definition id (GUID) of each built-in role in BUILT_IN_ROLES, the same in every Azure tenant
 * (checked against Microsoft's "Azure built-in roles" reference). The deployers' role-assignment condition
 * (`stacks/state/deployers.ts`) is written in these ids: a role added above without its id fails type-checking.
 */
export const BUILT_IN_ROLE_IDS: Readonly<Record<BuiltInRole, string>> = {
  'Storage Blob Data Reader': '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
  'Storage Blob Data Contributor': 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  'Azure Event Hubs Data Receiver': 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde',
  'Azure Event Hubs Data Sender': '2b629674-e913-4c01-ae53-ef4638d8f975',
  'Schema Registry Reader (Preview)': '2c56ea50-c6b3-40a6-83c0-9d98858bc7d2',
  'Schema Registry Contributor (Preview)': '5dffeca3-4936-4216-b2bc-10343a5abb25',
  'Key Vault Secrets User': '4633458b-17de-408a-b874-0445c86b69e6',
  'Key Vault Secrets Officer': 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
  'Key Vault Crypto Service Encryption User': 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
  AcrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
  'Network Contributor': '4d97b98b-1d4f-4787-a291-c67834d212e7',
  'Private DNS Zone Contributor': 'b12aa53e-6015-4669-85d0-8515ebb3ae7f',
  'Managed Identity Operator': 'f1a07417-d97a-45cb-824c-7a7467783830',
  'Monitoring Metrics Publisher': '3913510d-42f4-4e42-8a64-420c390055eb',
  'Azure Kubernetes Service Cluster User Role': '4abbcc35-e782-43d8-92c5-2d3f1bd2253f',
  'Azure Kubernetes Service RBAC Cluster Admin': 'b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b',
};

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
