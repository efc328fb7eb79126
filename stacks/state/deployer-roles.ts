/**
 * The built-in roles the bootstrap gives the deployers (ids from Microsoft's "Azure built-in roles" reference;
 * the same in every tenant).
 */
export const DEPLOYER_ROLE_IDS = {
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  'Role Based Access Control Administrator': 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
  'Storage Blob Data Contributor': 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  'Storage Blob Data Reader': '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
} as const;

/** What a custom role needs to create and remove management locks (no built-in role short of Owner has it). */
export const LOCK_ACTIONS = [
  'Microsoft.Authorization/locks/read',
  'Microsoft.Authorization/locks/write',
  'Microsoft.Authorization/locks/delete',
] as const;

/**
 * The ABAC condition (version 2.0) on the apply identity's *Role Based Access Control Administrator* assignment:
 * it may create and delete role assignments of exactly these role definitions, nothing else (in particular not
 * Owner, User Access Administrator or RBAC Administrator itself). Written as Microsoft's "Constrain roles"
 * example: one clause for roleAssignments/write (the role in the request) and one for roleAssignments/delete
 * (the role of the existing assignment).
 */
export function constrainRolesCondition(roleIds: readonly string[]): string {
  if (roleIds.length === 0)
    throw new Error(
      'constrainRolesCondition: no role definition ids. Fix: pass the roles the stacks assign (an empty condition would allow none, and an empty set is not valid syntax)',
    );
  const ids = [...new Set(roleIds.map((id) => id.toLowerCase()))].sort().join(', ');
  // One line: Azure stores the condition as sent and the provider replaces the assignment on any difference.
  const clause = (action: 'write' | 'delete', source: 'Request' | 'Resource') =>
    `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/${action}'})) OR ` +
    `(@${source}[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${ids}}))`;
  return `${clause('write', 'Request')} AND ${clause('delete', 'Resource')}`;
}

/** The role definition ids a condition allows (the inverse of constrainRolesCondition, for the review). */
export function rolesAllowedBy(condition: string): string[] {
  const match = /GuidEquals \{([^}]*)\}/.exec(condition);
  return match ? match[1].split(',').map((id) => id.trim().toLowerCase()) : [];
}
