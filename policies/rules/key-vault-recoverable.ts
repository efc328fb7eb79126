import { flag, get, setTo } from '../attrs';
import type { Finding, TerraformRule } from '../rule';

/** A deleted vault and its secrets and keys can be recovered: purge protection on, soft delete kept. */
export const keyVaultRecoverable: TerraformRule = {
  id: 'key-vault-recoverable',
  title: 'Key Vaults have purge protection and soft delete',
  level: 'error',
  resourceTypes: ['azurerm_key_vault'],
  check(attrs) {
    const findings: Finding[] = [];
    if (flag(attrs, 'purge_protection_enabled', false) !== true) {
      findings.push({
        message: 'a deleted vault (and every key it encrypts with) can be purged at once',
        fix: setTo('purge_protection_enabled', true),
      });
    }
    const days = get(attrs, 'soft_delete_retention_days');
    if (typeof days === 'number' && days < 7) {
      findings.push({
        message: `soft delete keeps deleted items ${days} days`,
        fix: setTo('soft_delete_retention_days', 7),
      });
    }
    return findings.length > 0 ? findings : 'compliant';
  },
};
