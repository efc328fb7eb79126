import { all, get } from '../../policies/attrs';
import type { Attributes } from '../../policies/rule';
import { canonical } from '../force-new';
import type { ResourceChange } from '../model';
import type { ReferenceNames } from '../references';
import type { Detected, Detector } from './detector';

/** How broad a scope is: a smaller number is broader (an ARM id counts its path segments the same way). */
const SCOPE_BREADTH: Readonly<Record<string, number>> = {
  azurerm_resource_group: 4,
  azurerm_storage_account: 8,
  azurerm_eventhub_namespace: 8,
  azurerm_cosmosdb_account: 8,
  azurerm_key_vault: 8,
  azurerm_container_registry: 8,
  azurerm_synapse_workspace: 8,
  azurerm_kubernetes_cluster: 8,
  azurerm_user_assigned_identity: 8,
  azurerm_virtual_network: 8,
  azurerm_private_dns_zone: 8,
  azurerm_cosmosdb_sql_database: 10,
  azurerm_storage_container: 12,
  azurerm_eventhub: 10,
  azapi_resource: 10,
  azurerm_eventhub_namespace_schema_group: 10,
  azurerm_cosmosdb_sql_container: 12,
  azurerm_subnet: 10,
};

function breadth(stack: string, scope: unknown, names: ReferenceNames): number | undefined {
  if (typeof scope === 'string' && scope.startsWith('/')) return scope.split('/').filter(Boolean).length;
  const type = names.referencedType(stack, scope);
  if (type) return SCOPE_BREADTH[type];
  // An interpolated ARM path (`${account.id}/dbs/x/colls/y`): the account plus the segments after it.
  if (typeof scope === 'string' && scope.startsWith('${')) {
    const [head, ...rest] = scope.split('}/');
    const base = names.referencedType(stack, `${head}}`);
    if (base && SCOPE_BREADTH[base] !== undefined)
      return SCOPE_BREADTH[base] + rest.join('/').split('/').length;
  }
  return undefined;
}

/** Rough power of a role: readers < users, senders, receivers < contributors < owners and administrators. */
function rolePower(role: string): number {
  if (/Owner|Administrator/.test(role)) return 4;
  if (/Contributor/.test(role)) return 3;
  if (/Reader/.test(role)) return 1;
  return 2;
}

/** Role assignments by type: where each keeps its role, scope and principal. */
const ASSIGNMENTS: Readonly<Record<string, { role: string; scope: string; principal: string }>> = {
  azurerm_role_assignment: { role: 'role_definition_name', scope: 'scope', principal: 'principal_id' },
  azurerm_cosmosdb_sql_role_assignment: {
    role: 'role_definition_id',
    scope: 'scope',
    principal: 'principal_id',
  },
  azurerm_synapse_role_assignment: {
    role: 'role_name',
    scope: 'synapse_workspace_id',
    principal: 'principal_id',
  },
};

function assignment(c: ResourceChange, names: ReferenceNames): Detected[] {
  const fields = ASSIGNMENTS[c.type];
  const show = (a: Attributes | undefined, path: string) =>
    names.describe(c.stack, get(a, path) ?? get(a, 'role_definition_id'));
  const role = (a?: Attributes) => show(a, fields.role);
  const scope = (a?: Attributes) => show(a, fields.scope);
  const principal = (a?: Attributes) => show(a, fields.principal);
  // A grant re-created under a new logical id is listed once, on its create.
  if (c.action === 'delete' && c.recreatedAs) return [];
  if (c.action === 'create') {
    const again = c.recreates
      ? ' again (re-created under a new logical id: briefly absent during the apply)'
      : '';
    return [['access', `grants ${role(c.after)} on ${scope(c.after)} to ${principal(c.after)}${again}`]];
  }
  if (c.action === 'delete') {
    return [['access', `removes ${role(c.before)} on ${scope(c.before)} from ${principal(c.before)}`]];
  }
  const found: Detected[] = [];
  const changed = (path: string) => canonical(get(c.before, path)) !== canonical(get(c.after, path));
  if (changed(fields.role)) {
    const broader = rolePower(role(c.after)) > rolePower(role(c.before)) ? ' (broader)' : '';
    found.push([
      'access',
      `changes the role of ${principal(c.after)} from ${role(c.before)} to ${role(c.after)}${broader}`,
    ]);
  }
  if (changed(fields.scope)) {
    const b = breadth(c.stack, get(c.before, fields.scope), names);
    const a = breadth(c.stack, get(c.after, fields.scope), names);
    const how = b !== undefined && a !== undefined && a < b ? 'broadens' : 'moves';
    found.push([
      'access',
      `${how} the scope of ${role(c.after)} for ${principal(c.after)} from ${scope(c.before)} to ${scope(c.after)}`,
    ]);
  }
  if (changed(fields.principal)) {
    found.push([
      'access',
      `gives ${role(c.after)} on ${scope(c.after)} to ${principal(c.after)} instead of ${principal(c.before)}`,
    ]);
  }
  return found;
}

/**
 * Who may do what: role assignments added, removed, broadened (a stronger role, a parent scope) or moved;
 * federated credentials (which Kubernetes service account signs in as which identity); cluster admin groups.
 */
export const access: Detector = (c, names) => {
  if (ASSIGNMENTS[c.type]) return assignment(c, names);
  const show = (a: Attributes | undefined, path: string) => names.describe(c.stack, get(a, path));
  if (c.type === 'azurerm_federated_identity_credential' && c.action !== 'delete') {
    const same = (path: string) => canonical(get(c.before, path)) === canonical(get(c.after, path));
    if (c.action === 'create' || !same('subject') || !same('issuer') || !same('parent_id')) {
      return [
        [
          'access',
          `lets ${show(c.after, 'subject')} (issuer ${show(c.after, 'issuer')}) sign in as ${show(c.after, 'parent_id')}`,
        ],
      ];
    }
  }
  if (c.type === 'azurerm_key_vault_access_policy' && c.action !== 'delete') {
    return [
      [
        'access',
        `${c.action === 'create' ? 'adds' : 'changes'} a key vault access policy for ${show(c.after, 'object_id')}`,
      ],
    ];
  }
  if (c.type === 'azurerm_kubernetes_cluster' && c.action !== 'create' && c.action !== 'delete') {
    const path = 'azure_active_directory_role_based_access_control.admin_group_object_ids';
    const before = all(c.before, path).map(canonical);
    const added = all(c.after, path).filter((g) => !before.includes(canonical(g)));
    if (added.length > 0) {
      return [
        ['access', `adds cluster admin group(s) ${added.map((g) => names.describe(c.stack, g)).join(', ')}`],
      ];
    }
  }
  return [];
};
