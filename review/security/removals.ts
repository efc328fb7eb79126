import { all, get } from '../../policies/attrs';
import type { Attributes } from '../../policies/rule';
import type { Detected, Detector } from './detector';

const SAS_RULES = ['azurerm_eventhub_namespace_authorization_rule', 'azurerm_eventhub_authorization_rule'];

function categories(attrs: Attributes | undefined): string[] {
  return [
    ...all(attrs, 'enabled_log.category_group'),
    ...all(attrs, 'enabled_log.category'),
    ...all(attrs, 'enabled_metric.category'),
  ].map(String);
}

/** Private endpoints, diagnostic settings, locks and prevent_destroy that go away; SAS policies that appear. */
export const removals: Detector = (c, names) => {
  const show = (a: Attributes | undefined, path: string) => names.describe(c.stack, get(a, path));
  if (c.type === 'azurerm_private_endpoint' && (c.action === 'delete' || c.action === 'replace')) {
    const target = show(c.before, 'private_service_connection.private_connection_resource_id');
    return [
      [
        'private-endpoint',
        c.action === 'delete' && !c.recreatedAs
          ? `removes the private endpoint of ${target}`
          : `re-creates the private endpoint of ${target} (private access drops during the apply)`,
      ],
    ];
  }
  if (c.type === 'azurerm_monitor_diagnostic_setting' && c.action !== 'create') {
    const target = show(c.before, 'target_resource_id');
    if (c.action === 'delete' && c.recreatedAs) return []; // the same setting, under a new logical id
    if (c.action === 'delete') {
      return [['diagnostics', `stops sending the logs and metrics of ${target} to Log Analytics`]];
    }
    const dropped = categories(c.before).filter((x) => !categories(c.after).includes(x));
    return dropped.length > 0
      ? [['diagnostics', `stops collecting ${dropped.join(', ')} for ${target}`]]
      : [];
  }
  if (c.type === 'azurerm_management_lock' && c.action === 'delete') {
    const lock = `the ${get(c.before, 'lock_level')} lock on ${show(c.before, 'scope')}`;
    return [
      ['protection', c.recreatedAs ? `re-creates ${lock} (unprotected during the apply)` : `removes ${lock}`],
    ];
  }
  const found: Detected[] = [];
  if (
    c.action === 'update' &&
    get(c.before, 'lifecycle.prevent_destroy') === true &&
    get(c.after, 'lifecycle.prevent_destroy') !== true
  ) {
    found.push(['protection', 'lifts lifecycle.prevent_destroy']);
  }
  if (SAS_RULES.includes(c.type) && c.action === 'create') {
    found.push(['local-auth', 'adds a SAS policy (shared keys that bypass Entra ID)']);
  }
  return found;
};
