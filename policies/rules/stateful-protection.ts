import { get } from '../attrs';
import { PROTECTED_TYPES } from '../resource-kinds';
import { isProduction, type TerraformRule } from '../rule';

/**
 * Types protected by `prevent_destroy` alone: the kit manages child or extension resources under them that
 * ordinary config changes add and remove, and a `CanNotDelete` lock covers everything under its scope (409
 * ScopeLocked on every such removal). See `protect(..., { noLockBecause })` and docs/deployers.md "Locks".
 * AKS also deletes node pools itself when it rotates one (`temporary_name_for_rotation`).
 */
const LOCK_EXEMPT = new Set([
  'azurerm_kubernetes_cluster', // node pools
  'azurerm_storage_account', // the lake: file systems, lifecycle policy, grants (the state account is locked anyway)
  'azurerm_eventhub_namespace', // hubs, consumer groups, schema groups, grants
  'azurerm_cosmosdb_account', // databases, containers, data-plane role assignments
  'azurerm_container_registry', // AcrPull grants
  'azurerm_synapse_workspace', // Spark pool, firewall rules, managed private endpoints
]);

/**
 * In production every stateful resource is protected twice (`stacks/constructs/protection.ts`):
 * `lifecycle.prevent_destroy` makes Terraform refuse a plan that destroys or replaces it, and a `CanNotDelete`
 * management lock makes Azure refuse a delete from any tool, where nothing kit-managed sits under it (LOCK_EXEMPT).
 */
export const statefulProtection: TerraformRule = {
  id: 'stateful-protection',
  title: 'Production protects stateful resources with prevent_destroy and a delete lock',
  level: 'error',
  environments: isProduction,
  resourceTypes: PROTECTED_TYPES,
  check(attrs, { resource, stack }) {
    const findings = [];
    if (get(attrs, 'lifecycle.prevent_destroy') !== true) {
      findings.push({
        message: 'Terraform would destroy or replace it without asking',
        fix: 'call protect(resource, config.protection) and keep protection.preventDestroy: true in the environment',
      });
    }
    if (LOCK_EXEMPT.has(resource.type)) return findings.length > 0 ? findings : 'compliant';
    const locked = stack
      .resourcesOf('azurerm_management_lock')
      .some(
        (lock) =>
          stack.refersTo(lock, 'scope', resource.address) &&
          ['CanNotDelete', 'ReadOnly'].includes(String(get(lock.attrs, 'lock_level'))),
      );
    if (!locked) {
      findings.push({
        message: 'no management lock stops a delete from the portal, the CLI or another tool',
        fix: 'call protect(resource, config.protection) and keep protection.managementLocks: true in the environment',
      });
    }
    return findings.length > 0 ? findings : 'compliant';
  },
};
