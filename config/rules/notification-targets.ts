import type { Problems } from '../problems';
import { joinPath } from '../problems';

/** A plausible email address: one `@`, no spaces, a dot in the domain. Azure checks deliverability itself. */
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks a `NotificationTargets` value wherever it appears (an environment's alerting, a data contract's contacts):
 * emails that look like addresses, webhooks that are absolute `https://` URLs (Azure Monitor posts alerts with
 * their payload; plain http would send it in the clear). Records problems; returns whether the value is usable.
 */
export function checkNotificationTargets(p: Problems, path: string, value: unknown): boolean {
  if (!p.object(path, value, [], ['emails', 'webhooks'])) return false;
  const before = p.list.length;
  const emails = value.emails;
  if (
    emails !== undefined &&
    p.array(joinPath(path, 'emails'), emails, 'use a list of addresses, e.g. ["team@contoso.com"]')
  ) {
    emails.forEach((email, i) => {
      p.string(
        joinPath(joinPath(path, 'emails'), i),
        email,
        EMAIL,
        'write an email address such as "team@contoso.com"',
      );
    });
    p.unique(joinPath(path, 'emails'), emails, (e) => e, 'email address');
  }
  const webhooks = value.webhooks;
  if (webhooks !== undefined && p.array(joinPath(path, 'webhooks'), webhooks, 'use a list of https URLs')) {
    webhooks.forEach((url, i) => {
      const at = joinPath(joinPath(path, 'webhooks'), i);
      if (!p.string(at, url, undefined, 'write an https URL')) return;
      if (!isHttpsUrl(url))
        p.add(
          at,
          url,
          'not an absolute https URL',
          'use the https:// address of the webhook (Azure Monitor refuses nothing, but http would send alert payloads in the clear)',
        );
    });
    p.unique(joinPath(path, 'webhooks'), webhooks, (w) => w, 'webhook');
  }
  return p.list.length === before;
}

function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.hostname.length > 0;
  } catch {
    return false;
  }
}
