import { formatIp, parseIp } from '../config/cidr';

/**
 * IPv4 ranges as firewalls, NSG rules and allow-lists write them: `203.0.113.7`, `203.0.113.0/24` (host bits
 * allowed, Azure accepts them here), `0.0.0.0/0`, `*`, `Internet`, `Any`.
 */
export interface IpRange {
  readonly start: number;
  readonly end: number;
}

/** Words that mean "any source" in NSG rules and service tags. */
const EVERYTHING = new Set(['*', 'any', 'internet', '0.0.0.0/0']);

/**
 * Firewall allow-lists wider than this prefix (more than 16.7 million addresses) count as open to the internet.
 * The same limit as `network.allowedIpRanges` in the config validation (`config/rules/network.ts`).
 */
export const WIDEST_ALLOWED_PREFIX = 8;

export function parseRange(text: string): IpRange | undefined {
  const trimmed = text.trim();
  if (EVERYTHING.has(trimmed.toLowerCase())) return { start: 0, end: 2 ** 32 - 1 };
  const [ip, prefixText] = trimmed.split('/');
  const address = parseIp(ip);
  if (address === undefined) return undefined;
  const prefix = prefixText === undefined ? 32 : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const start = Math.floor(address / size) * size;
  return { start, end: start + size - 1 };
}

/** A `start`–`end` pair (Synapse firewall rules). */
export function rangeBetween(start: string, end: string): IpRange | undefined {
  const a = parseIp(start);
  const b = parseIp(end);
  return a === undefined || b === undefined || a > b ? undefined : { start: a, end: b };
}

/** Whether the range holds more addresses than a `/8`. */
export function isTooWide(range: IpRange): boolean {
  return range.end - range.start + 1 > 2 ** (32 - WIDEST_ALLOWED_PREFIX);
}

/** Whether a written range means "everything" (`*`, `Internet`, `0.0.0.0/0`, `Any`). */
export function meansEverything(text: string): boolean {
  return EVERYTHING.has(text.trim().toLowerCase());
}

/** Whether every address of `inner` is in one of `outer`. */
export function coveredBy(inner: IpRange, outer: readonly IpRange[]): boolean {
  return outer.some((o) => o.start <= inner.start && inner.end <= o.end);
}

export function describeRange(range: IpRange): string {
  return range.start === range.end
    ? formatIp(range.start)
    : `${formatIp(range.start)}–${formatIp(range.end)}`;
}
