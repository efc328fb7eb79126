import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { SecurityCenterStorageDefender } from '@cdktf/provider-azurerm/lib/security-center-storage-defender';
import { SecurityCenterSubscriptionPricing } from '@cdktf/provider-azurerm/lib/security-center-subscription-pricing';
import { Token } from 'cdktf';
import type { IConstruct } from 'constructs';
import { BUILT_IN_ROLE_IDS, type BuiltInRole } from '../constructs/role-assignment';

/** A role definition that the stacks assign somewhere, with the construct paths that assign it. */
export interface AssignedRole {
  /** The role definition id's GUID, lower case (the same for a built-in role in every tenant). */
  readonly id: string;
  /** The built-in role's name, when the assignment names it. */
  readonly name?: string;
  /** Construct paths of the assignments, for messages. */
  readonly paths: readonly string[];
}

const GUID_AT_END = /([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

/** The GUID of a built-in role, by name, or undefined for a name the kit does not know. */
export function builtInRoleId(name: string): string | undefined {
  return (BUILT_IN_ROLE_IDS as Readonly<Record<string, string>>)[name as BuiltInRole];
}

/**
 * Roles that Azure assigns on the deployer's behalf, with the deployer's own rights, when a resource is created:
 * turning on Defender for Storage's malware scanning or sensitive data discovery (per account, or with the
 * subscription plan's extensions) makes Defender assign *Defender for Storage Data Scanner* to its scanner on the
 * storage accounts, and the request fails unless the caller may assign that role ("Required permissions for
 * enabling Defender for Storage", action sets 1 and 2). The deployer's condition must allow them too.
 */
export const ROLES_AZURE_ASSIGNS: readonly {
  readonly name: string;
  readonly id: string;
  readonly when: (c: IConstruct) => boolean;
}[] = [
  {
    name: 'Defender for Storage Data Scanner',
    id: '1e7ca9b1-60d1-4db8-a914-f2ca1ff27c40',
    when: (c) =>
      c instanceof SecurityCenterStorageDefender ||
      (c instanceof SecurityCenterSubscriptionPricing && c.resourceTypeInput === 'StorageAccounts'),
  },
];

/**
 * Every Azure RBAC role definition that `azurerm_role_assignment`s under the given constructs (an environment's
 * stacks) assign, sorted by id. This is what the apply identity must be allowed to assign and remove, and only that.
 *
 * Throws when an assignment's role cannot be known before apply: a role name without its id in
 * BUILT_IN_ROLE_IDS, or a role definition id that is a reference (e.g. to a custom role the stacks create) —
 * the deployer's condition could not list it, so the apply would be refused.
 */
export function assignedRoles(scopes: readonly IConstruct[]): AssignedRole[] {
  const byId = new Map<string, { name?: string; paths: string[] }>();
  for (const scope of scopes) {
    for (const construct of scope.node.findAll()) {
      for (const implied of ROLES_AZURE_ASSIGNS) {
        if (!implied.when(construct)) continue;
        const entry = byId.get(implied.id) ?? { name: implied.name, paths: [] };
        entry.paths.push(construct.node.path);
        byId.set(implied.id, entry);
      }
      if (!(construct instanceof RoleAssignment)) continue;
      const path = construct.node.path;
      const name = construct.roleDefinitionNameInput;
      const definition = construct.roleDefinitionIdInput;
      let id: string | undefined;
      if (name !== undefined) {
        id = builtInRoleId(name);
        if (!id)
          throw new Error(
            `${path}: role '${name}' has no role definition id in BUILT_IN_ROLE_IDS (stacks/constructs/role-assignment.ts). Fix: add its GUID from Microsoft's "Azure built-in roles" reference, so the deployers' condition can allow it`,
          );
      } else if (definition !== undefined && !Token.isUnresolved(definition)) {
        id = GUID_AT_END.exec(definition)?.[1];
      }
      if (!id)
        throw new Error(
          `${path}: its role definition is only known after apply (${String(definition)}). Fix: assign a built-in role by name (RoleGrant), so the deployers' condition can list it`,
        );
      const key = id.toLowerCase();
      const entry = byId.get(key) ?? { name, paths: [] };
      entry.paths.push(path);
      byId.set(key, entry);
    }
  }
  return [...byId.entries()]
    .map(([id, { name, paths }]) => ({ id, name, paths: paths.sort() }))
    .sort((a, b) => a.id.localeCompare(b.id));
}
