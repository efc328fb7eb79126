import type { ConfigRule } from './rule';

/** Log Analytics and Key Vault settings. */
export const monitoringRule: ConfigRule = (config, p) => {
  if (p.object('monitoring', config.monitoring, ['retentionDays'], ['dailyQuotaGb'])) {
    p.number('monitoring.retentionDays', config.monitoring.retentionDays, {
      min: 30,
      max: 730,
      integer: true,
    });
    const quota = config.monitoring.dailyQuotaGb;
    if (quota !== undefined && p.number('monitoring.dailyQuotaGb', quota) && quota !== -1 && quota <= 0) {
      p.add(
        'monitoring.dailyQuotaGb',
        quota,
        'must be -1 (no cap) or more than 0',
        'use -1 or a positive number of GB',
      );
    }
  }
  if (p.object('keyVault', config.keyVault, ['sku', 'softDeleteRetentionDays'])) {
    p.oneOf('keyVault.sku', config.keyVault.sku, ['standard', 'premium']);
    p.number('keyVault.softDeleteRetentionDays', config.keyVault.softDeleteRetentionDays, {
      min: 7,
      max: 90,
      integer: true,
    });
  }
};
