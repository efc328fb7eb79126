import { get } from '../policies/attrs';
import { builtInRoleId } from '../stacks/state/assigned-roles';
import { byWarning, type DataLossWarning, type ResourceChange, splitStackName } from './model';
import { ReferenceNames } from './references';
import type { Snapshot, SnapshotResource } from './snapshot';

/**
 * Attributes through which a resource sits *under* another in Azure's resource hierarchy: a child resource
 * (`storage_account_id`, `namespace_name`, azapi's `parent_id`) or an extension resource (`scope` of a role
 * assignment, `target_resource_id` of a diagnostic setting). A `CanNotDelete` lock on a resource covers all of
 * them: Azure refuses to delete any (409 ScopeLocked).
 */
const PARENT_ATTRIBUTES = [
  'scope',
  'target_resource_id',
  'parent_id',
  'resource_id',
  'storage_account_id',
  'storage_account_name',
  'storage_data_lake_gen2_filesystem_id',
  'namespace_id',
  'namespace_name',
  'eventhub_id',
  'eventhub_name',
  'account_name',
  'account_id',
  'database_name',
  'synapse_workspace_id',
  'container_registry_id',
  'container_registry_name',
  'key_vault_id',
  'kubernetes_cluster_id',
  'databricks_workspace_id',
  'workspace_id',
] as const;

/**
 * What may sit under a lock: the lock itself; diagnostic settings, which the code (never the config) creates
 * with their resource and changes in place (categories), so no ordinary change deletes one; and Key Vault secrets,
 * which Terraform writes and deletes through the vault's data plane (`https://<vault>.vault.azure.net/secrets`):
 * management locks apply to control-plane (ARM) operations only, so a locked vault does not refuse them; and the
 * operations layer's custom log table (deploy events) in the locked workspace, which the code (never the config)
 * creates with a fixed name; its columns change in place (only `name` and `workspace_id` force a new one, provider
 * v4.55.0), and removing it would delete its history, which the workspace lock is there to keep.
 */
export const ALLOWED_UNDER_LOCK: ReadonlySet<string> = new Set([
  'azurerm_management_lock',
  'azurerm_monitor_diagnostic_setting',
  'azurerm_key_vault_secret',
  'azurerm_log_analytics_workspace_table_custom_log',
]);

const ARM_PROVIDERS = /^(azurerm|azapi)_/;

/** The locks of one synth output and what sits under each locked resource. */
export class LockIndex {
  /** Construct path of a locked resource → the lock's construct path. */
  readonly locked = new Map<string, string>();
  /** Construct path → the construct paths of the resources it sits directly under. */
  private readonly parents = new Map<string, string[]>();
  /** Construct path → its resource. */
  readonly resources = new Map<string, { stack: string; resource: SnapshotResource }>();

  constructor(snapshot: Snapshot) {
    const names = new ReferenceNames(snapshot);
    for (const [stack, s] of snapshot.stacks) {
      for (const r of s.resources.values()) this.resources.set(r.path, { stack, resource: r });
    }
    for (const [stack, s] of snapshot.stacks) {
      for (const r of s.resources.values()) {
        const parents = new Set<string>();
        // Only Azure Resource Manager resources sit under a lock (a Databricks or Kubernetes object does not).
        if (!ARM_PROVIDERS.test(r.type)) continue;
        for (const key of PARENT_ATTRIBUTES) {
          const value = get(r.attrs, key);
          if (typeof value !== 'string' || !value.includes('${')) continue;
          const path = this.resourcePath(names.describe(stack, value));
          if (path && path !== r.path) parents.add(path);
        }
        this.parents.set(r.path, [...parents]);
        if (r.type === 'azurerm_management_lock' && get(r.attrs, 'lock_level') === 'CanNotDelete') {
          const target = [...parents][0];
          if (target) this.locked.set(target, r.path);
        }
      }
    }
  }

  /** `prod-data/lake/account.name` → `prod-data/lake/account` when that is a resource. */
  private resourcePath(described: string): string | undefined {
    if (this.resources.has(described)) return described;
    const dot = described.lastIndexOf('.');
    const head = dot > 0 ? described.slice(0, dot) : '';
    return this.resources.has(head) ? head : undefined;
  }

  /** The locked resources strictly above a resource (through any chain of parents). */
  lockedAbove(path: string): string[] {
    const found = new Set<string>();
    const seen = new Set<string>([path]);
    const queue = [...(this.parents.get(path) ?? [])];
    while (queue.length > 0) {
      const next = queue.shift() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      if (this.locked.has(next)) found.add(next);
      queue.push(...(this.parents.get(next) ?? []));
    }
    return [...found].sort();
  }

  /** Every kit-managed resource under a lock that a change could delete (what the lock placement avoids). */
  resourcesUnderLocks(): { path: string; type: string; locked: string[] }[] {
    return [...this.resources.values()]
      .filter(({ resource }) => !ALLOWED_UNDER_LOCK.has(resource.type))
      .map(({ resource }) => ({
        path: resource.path,
        type: resource.type,
        locked: this.lockedAbove(resource.path),
      }))
      .filter((r) => r.locked.length > 0);
  }
}

const VERB = { delete: 'is destroyed', replace: 'is replaced (destroyed, then created)' } as const;

/**
 * Changes Azure would refuse because a `CanNotDelete` lock that stays covers them: a destroyed or replaced
 * resource under a locked one (per the base, what exists). The lock placement (stacks/constructs/protection.ts)
 * means the kit's own changes never hit this; a new child of a locked resource in code would.
 */
export function lockRefusals(
  base: Snapshot,
  head: Snapshot,
  changes: readonly ResourceChange[],
): DataLossWarning[] {
  const before = new LockIndex(base);
  const after = new LockIndex(head);
  const warnings: DataLossWarning[] = [];
  for (const c of changes) {
    if (c.layer === 'kubernetes' || (c.action !== 'delete' && c.action !== 'replace')) continue;
    if (ALLOWED_UNDER_LOCK.has(c.type)) continue;
    const locks = before.lockedAbove(c.path).filter((locked) => after.locked.has(locked));
    if (locks.length === 0) continue;
    warnings.push({
      stack: c.stack,
      path: c.path,
      type: c.type,
      action: c.action,
      message: `${c.type} ${VERB[c.action]}: refused by Azure (409 ScopeLocked), the CanNotDelete lock on ${locks.join(', ')} covers everything under it. Fix: do not manage this resource under a locked one (protect(..., { noLockBecause }) on its parent, docs/deployers.md "Locks")`,
    });
  }
  return warnings.sort(byWarning);
}

/** The role definition id of an `azurerm_role_assignment` body, when it is known before apply. */
function roleIdOf(attrs: unknown): string | undefined {
  const name = get(attrs, 'role_definition_name');
  if (typeof name === 'string') return builtInRoleId(name) ?? `name:${name}`;
  const id = get(attrs, 'role_definition_id');
  if (typeof id !== 'string' || id.includes('${')) return undefined;
  return /([0-9a-fA-F-]{36})$/.exec(id)?.[1]?.toLowerCase();
}

/** Per environment, the role definitions the base's stacks assign: what the deployer's condition allows now. */
function assignedPerEnvironment(snapshot: Snapshot): Map<string, Set<string>> {
  const byEnv = new Map<string, Set<string>>();
  for (const [stack, s] of snapshot.stacks) {
    const { environment, layer } = splitStackName(stack);
    if (layer === 'state') continue; // the bootstrap's own assignments are made by an administrator
    const set = byEnv.get(environment) ?? new Set<string>();
    for (const r of s.resources.values()) {
      if (r.type !== 'azurerm_role_assignment') continue;
      const id = roleIdOf(r.attrs);
      if (id) set.add(id);
    }
    byEnv.set(environment, set);
  }
  return byEnv;
}

/**
 * Role assignments of a role the base's stacks assign nowhere in that environment: the apply identity's
 * condition (computed by the bootstrap from the stacks) does not allow it yet, so the apply would fail with
 * 403 until an administrator re-runs the bootstrap. Environments new in the head are bootstrapped anyway.
 */
export function roleConditionWarnings(base: Snapshot, changes: readonly ResourceChange[]): DataLossWarning[] {
  const allowed = assignedPerEnvironment(base);
  const warnings: DataLossWarning[] = [];
  const lockedBefore = new Set(
    [...base.stacks.values()]
      .filter((s) => [...s.resources.values()].some((r) => r.type === 'azurerm_management_lock'))
      .map((s) => splitStackName(s.name).environment),
  );
  for (const c of changes) {
    // The lock role is only created by the bootstrap of an environment that uses locks.
    if (
      c.type === 'azurerm_management_lock' &&
      c.action === 'create' &&
      c.layer !== 'state' &&
      allowed.has(c.environment) &&
      !lockedBefore.has(c.environment)
    ) {
      warnings.push({
        stack: c.stack,
        path: c.path,
        type: c.type,
        action: c.action,
        message: `the first management lock of ${c.environment}: the apply identity holds no lock role yet (the bootstrap creates it only where protection.managementLocks is on), so the apply fails with 403. Fix: before this change is applied, an administrator re-runs the bootstrap (npm run bootstrap -- --env ${c.environment}, then LAKEHOUSE_BOOTSTRAP=1 npx cdktf deploy ${c.environment}-state; docs/deployers.md)`,
      });
      continue;
    }
    if (c.type !== 'azurerm_role_assignment' || (c.action !== 'create' && c.action !== 'replace')) continue;
    if (c.layer === 'state') continue;
    const roles = allowed.get(c.environment);
    if (!roles) continue;
    const id = roleIdOf(c.after);
    if (!id || roles.has(id)) continue;
    const role = String(get(c.after, 'role_definition_name') ?? id);
    warnings.push({
      stack: c.stack,
      path: c.path,
      type: c.type,
      action: c.action,
      message: `assigns ${role}, which the apply identity's role-assignment condition does not allow yet (no stack of ${c.environment} assigned it before): the apply fails with 403. Fix: before this change is applied, an administrator re-runs the bootstrap (npm run bootstrap -- --env ${c.environment}, then LAKEHOUSE_BOOTSTRAP=1 npx cdktf deploy ${c.environment}-state; docs/deployers.md)`,
    });
  }
  return warnings.sort(byWarning);
}
