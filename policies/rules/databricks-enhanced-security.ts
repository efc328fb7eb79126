import { get } from '../attrs';
import { isProduction, type TerraformRule } from '../rule';

/**
 * Production Databricks workspaces run with enhanced security monitoring and automatic cluster update (the
 * enhanced security and compliance add-on of premium workspaces).
 */
export const databricksEnhancedSecurity: TerraformRule = {
  id: 'databricks-enhanced-security',
  title: 'Production Databricks workspaces have enhanced security monitoring and automatic cluster update',
  level: 'error',
  environments: isProduction,
  resourceTypes: ['azurerm_databricks_workspace'],
  check(attrs) {
    const missing = ['enhanced_security_monitoring_enabled', 'automatic_cluster_update_enabled'].filter(
      (key) => get(attrs, `enhanced_security_compliance.${key}`) !== true,
    );
    if (missing.length === 0) return 'compliant';
    return [
      {
        message: `enhanced security is incomplete: ${missing.map((m) => `enhanced_security_compliance.${m}`).join(', ')} not true`,
        fix: 'set databricks.enhancedSecurity: true in the environment file',
      },
    ];
  },
};
