import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';
import type { TerraformResource } from 'cdktf';
import type { ProtectionConfig } from '../../environments/schema';

/** A resource that has an Azure resource id. */
export type AzureResource = TerraformResource & { readonly id: string };

export interface ProtectOptions {
  /**
   * Why this resource gets no management lock even when the environment asks for locks: the kit manages child
   * or extension resources under it (file systems, hubs, consumer groups, containers, role assignments, node
   * pools). A `CanNotDelete` lock covers everything under its scope, so removing any of those, an ordinary
   * config change, would fail with 409 ScopeLocked (terraform-provider-azurerm#11770). `prevent_destroy` still
   * guards the resource itself. See docs/deployers.md "Locks".
   * @default - none: the resource is locked when `protection.managementLocks` is on
   */
  readonly noLockBecause?: string;
}

/**
 * Guards a stateful resource against deletion, as the environment's `protection` says:
 * - `preventDestroy`: Terraform refuses any plan that destroys or replaces it;
 * - `managementLocks`: a `CanNotDelete` lock, so Azure refuses deletion from any tool, portal included, on the
 *   resources under which the kit manages nothing that a config change can remove (`noLockBecause` for the
 *   others). The apply identity creates and removes the locks through the bootstrap's lock-only custom role.
 *
 * The lock is a child of the resource (`<resource path>/lock`), so it follows the resource's construct id.
 */
export function protect(
  resource: AzureResource,
  protection: ProtectionConfig,
  options: ProtectOptions = {},
): void {
  if (protection.preventDestroy) {
    resource.lifecycle = { ...resource.lifecycle, preventDestroy: true };
  }
  if (protection.managementLocks && !options.noLockBecause) {
    new ManagementLock(resource, 'lock', {
      name: 'do-not-delete',
      scope: resource.id,
      lockLevel: 'CanNotDelete',
      notes:
        'Stateful platform resource, protected by azure-lakehouse-kit (environments/<env>.ts protection).',
    });
  }
}
