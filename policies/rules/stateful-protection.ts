import { get } from '../attrs';
import { PROTECTED_TYPES } from '../resource-kinds';
import { isProduction, type TerraformRule } from '../rule';

/**
 * Types protected by `prevent_destroy` alone. A `CanNotDelete` lock on an AKS cluster also blocks deleting its
 * node pools, which AKS does itself when it rotates a pool (resize, zone change, `temporary_name_for_rotation`).
 */
const LOCK_EXEMPT = new Set(['azurerm_kubernetes_cluster']);

/**
 * In production every stateful resource is protected twice (`stacks/constructs/protection.ts`):
 * `lifecycle.prevent_destroy` makes Terraform refuse a plan that destroys or replaces it, and a `CanNotDelete`
 * management lock makes Azure refuse a delete from any tool (except AKS clusters, see LOCK_EXEMPT).
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
