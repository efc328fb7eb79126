import { all } from '../attrs';
import { MONITORED_TYPES } from '../resource-kinds';
import type { TerraformRule } from '../rule';

/**
 * Every monitored resource sends its logs and metrics to Log Analytics: a diagnostic setting in the same stack
 * targets it (for storage, the account or one of its services, e.g. `<account id>/blobServices/default`) and
 * enables at least one log or metric category.
 */
export const diagnosticsPresent: TerraformRule = {
  id: 'diagnostics-present',
  title: 'Every monitored resource has a diagnostic setting to Log Analytics',
  level: 'error',
  resourceTypes: MONITORED_TYPES,
  check(_attrs, { resource, stack }) {
    const settings = stack
      .resourcesOf('azurerm_monitor_diagnostic_setting')
      .filter((s) => stack.refersTo(s, 'target_resource_id', resource.address));
    if (settings.length === 0) {
      return [
        {
          message: 'no diagnostic setting sends its logs and metrics to Log Analytics',
          fix: 'add new Diagnostics(this, ..., { targetResourceId: <resource>.id, logAnalyticsWorkspaceId }) (stacks/constructs/diagnostics.ts)',
        },
      ];
    }
    const collects = settings.some(
      (s) => all(s.attrs, 'enabled_log').length > 0 || all(s.attrs, 'enabled_metric').length > 0,
    );
    return collects
      ? 'compliant'
      : [
          {
            message: 'its diagnostic setting collects nothing',
            fix: 'enable the allLogs category group or metrics',
          },
        ];
  },
};
