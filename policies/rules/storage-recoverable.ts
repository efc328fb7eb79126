import { get } from '../attrs';
import type { Finding, TerraformRule } from '../rule';

/**
 * Deleted blobs and containers can be brought back for a while (soft delete), so a mistaken `rm -r` on a file
 * system or a bad lifecycle rule is not final. A warning: a scratch account may not need it, the lake does.
 */
export const storageRecoverable: TerraformRule = {
  id: 'storage-recoverable',
  title: 'Storage keeps deleted blobs and containers recoverable (soft delete)',
  level: 'warning',
  resourceTypes: ['azurerm_storage_account'],
  check(attrs) {
    const findings: Finding[] = [];
    for (const [block, what] of [
      ['delete_retention_policy', 'deleted blobs'],
      ['container_delete_retention_policy', 'deleted containers'],
    ] as const) {
      if (get(attrs, `blob_properties.${block}`) === undefined) {
        findings.push({
          message: `${what} cannot be recovered`,
          fix: `set blob_properties.${block}.days (blobProperties.${block.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}.days), e.g. lake.softDeleteRetentionDays`,
        });
      }
    }
    return findings.length > 0 ? findings : 'compliant';
  },
};
