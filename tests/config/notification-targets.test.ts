import { formatProblem, Problems } from '../../config/problems';
import { checkNotificationTargets } from '../../config/rules/notification-targets';

const check = (value: unknown) => {
  const p = new Problems('environments/dev.ts');
  const ok = checkNotificationTargets(p, 'alerts.team', value);
  return { ok, lines: p.list.map(formatProblem) };
};

test('emails and https webhooks pass', () => {
  expect(check({ emails: ['team@contoso.com'], webhooks: ['https://contoso.webhook.office.com/x'] })).toEqual(
    {
      ok: true,
      lines: [],
    },
  );
  expect(check({}).ok).toBe(true);
});

test('a bad email names the file, field, value and fix', () => {
  expect(check({ emails: ['team.contoso.com'] }).lines).toEqual([
    expect.stringMatching(
      /^environments\/dev\.ts: alerts\.team\.emails\[0\] = "team\.contoso\.com": .* Fix: write an email address/,
    ),
  ]);
});

test('a webhook without https is refused', () => {
  const { ok, lines } = check({ webhooks: ['http://hooks.contoso.com/x', 'not a url'] });
  expect(ok).toBe(false);
  expect(lines).toEqual([
    expect.stringContaining(
      'alerts.team.webhooks[0] = "http://hooks.contoso.com/x": not an absolute https URL',
    ),
    expect.stringContaining('alerts.team.webhooks[1] = "not a url": not an absolute https URL'),
  ]);
});

test('unknown fields and duplicates are reported', () => {
  expect(check({ sms: ['123'] }).lines).toEqual([
    expect.stringContaining('alerts.team.sms = ["123"]: unknown field'),
  ]);
  expect(check({ emails: ['a@b.co', 'a@b.co'] }).lines).toEqual([
    expect.stringContaining('duplicate email address'),
  ]);
});
