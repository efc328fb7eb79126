import { shortName } from '../../../stacks/operations/action-groups';
import { platformAlerts, routeOf } from '../../../stacks/operations/catalog';
import { serviceHealthLocations } from '../../../stacks/operations/service-health-regions';
import { renderOperationsSummary } from '../../../stacks/operations/summary';
import { environment } from '../../helpers/synth';

test('prod: the on-call page first, a Mermaid picture, every alert with its threshold and who is told', () => {
  const page = renderOperationsSummary(environment('prod'));
  expect(page.startsWith('# Operations: prod\n')).toBe(true);
  expect(page).toContain(
    '| `ag-lakehouse-prod-neu-oncall` (oncall-prod) | Sev0–1 (page) | webhook events.pagerduty.com | enabled |',
  );
  expect(page).toContain('```mermaid\nflowchart LR\n');
  expect(page).toContain('  lake -->|Sev1| oncall');
  expect(page).toContain('  budget --> team');
  expect(page).toMatch(
    /\| `alert-lakehouse-prod-neu-lake-availability` \| metric `Microsoft\.Storage\/storageAccounts` Availability \(Average\) \| < 99\.9 \| PT15M \/ PT5M \| Sev1 → oncall \|/,
  );
  expect(page).toContain('StatusCode in (429)');
  for (const alert of platformAlerts(environment('prod')))
    expect(page).toContain(`alert-lakehouse-prod-neu-${alert.id}`);
  expect(page).toContain('| `prg-lakehouse-prod-neu-node` | KubeNodeNotReady |');
  expect(page).toContain('- 100 % of the forecast for the month');
  expect(page).toContain('**owns the Defender plans**');
  // Webhook URLs carry their credential: only the host is shown.
  expect(page).not.toContain('/integration/lakehouse-prod/enqueue');
  expect(page).not.toContain('webhookb2');
});

test('dev: quiet, no on-call group, Defender off', () => {
  const page = renderOperationsSummary(environment('dev'));
  expect(page).toContain('**Quiet environment** (`operations.notify: false`)');
  expect(page).toContain(
    '| `ag-lakehouse-dev-weu-team` (team-dev) | Sev0–4, budget | data-platform@contoso.com | disabled (quiet) |',
  );
  expect(page).not.toContain('oncall');
  expect(page).toContain('Off for this environment');
  expect(page).toContain('| `operations.thresholds.pvcUsagePercent` | 80 (default) |');
});

test('severity routing: 0–1 page the on-call group only where there is one', () => {
  expect([0, 1, 2, 3, 4].map((s) => routeOf(s as 0, true))).toEqual([
    'oncall',
    'oncall',
    'team',
    'team',
    'team',
  ]);
  expect([0, 1, 2].map((s) => routeOf(s as 0, false))).toEqual(['team', 'team', 'team']);
});

test('short names stay within 12 characters', () => {
  expect(shortName('oncall', 'prod')).toBe('oncall-prod');
  expect(shortName('oncall', 'prodeu12')).toBe('oncall-prode');
  expect(shortName('team', 'abcdefgh')).toBe('team-abcdefg');
});

test('Service Health locations: display names plus Global; an unknown region is refused with the fix', () => {
  expect(serviceHealthLocations(['northeurope', 'westeurope'])).toEqual([
    'North Europe',
    'West Europe',
    'Global',
  ]);
  expect(() => serviceHealthLocations(['marsnorth'])).toThrow(
    "Service Health: no display name for region 'marsnorth'. Fix: add it to stacks/operations/service-health-regions.ts",
  );
});
