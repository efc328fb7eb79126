import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';
import type { TerraformResource } from 'cdktf';
import type { ProtectionConfig } from '../../environments/schema';

/** A resource that has an Azure resource id. */
export type AzureResource = TerraformResource & { readonly id: string };

/**
 * Guards a stateful resource against deletion, as the environment's `protection` says:
 * - `preventDestroy`: Terraform refuses any plan that destroys or replaces it;
 * - `managementLocks`: a `CanNotDelete` lock, so Azure refuses deletion from any tool, portal included.
 *
 * The lock is a child of the resource (`<resource path>/lock`), so it follows the resource's construct id.
 */
export function protect(resource: AzureResource, protection: ProtectionConfig): void {
  if (protection.preventDestroy) {
    resource.lifecycle = { ...resource.lifecycle, preventDestroy: true };
  }
  if (protection.managementLocks) {
    new ManagementLock(resource, 'lock', {
      name: 'do-not-delete',
      scope: resource.id,
      lockLevel: 'CanNotDelete',
      notes:
        'Stateful platform resource, protected by azure-lakehouse-kit (environments/<env>.ts protection).',
    });
  }
}
