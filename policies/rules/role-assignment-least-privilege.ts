import { get } from '../attrs';
import type { Finding, TerraformRule } from '../rule';

/** Roles that can change anything, including who has access: never granted by the kit. */
const PRIVILEGED_ROLES = new Set([
  'Owner',
  'Contributor',
  'User Access Administrator',
  'Role Based Access Control Administrator',
]);

/** A scope that is a whole subscription or management group. */
const BROAD_SCOPE = /^\/subscriptions\/[^/]+\/?$|^\/providers\/Microsoft\.Management\/managementGroups\//i;

/**
 * Role assignments grant a data-plane role on the narrowest resource that serves (one hub, one file system,
 * one registry), never a privileged role and never a whole subscription.
 */
export const roleAssignmentLeastPrivilege: TerraformRule = {
  id: 'role-assignment-least-privilege',
  title: 'Role assignments are narrow: no privileged roles, no subscription-wide scopes',
  level: 'error',
  resourceTypes: ['azurerm_role_assignment'],
  check(attrs) {
    const findings: Finding[] = [];
    const role = get(attrs, 'role_definition_name');
    if (typeof role === 'string' && PRIVILEGED_ROLES.has(role)) {
      findings.push({
        message: `grants ${role}, which can change any resource and who has access`,
        fix: 'grant the narrow built-in data role the identity needs (BUILT_IN_ROLES in stacks/constructs/role-assignment.ts)',
      });
    }
    const scope = get(attrs, 'scope');
    if (typeof scope === 'string' && BROAD_SCOPE.test(scope)) {
      findings.push({
        message: `is scoped to ${scope}`,
        fix: 'scope the assignment to the one resource the identity uses (its id)',
      });
    }
    return findings.length > 0 ? findings : 'compliant';
  },
};
