import { canonical } from './force-new';

/**
 * The attribute-level difference of one resource, as dot paths (`network_rules.ip_rules`, `enabled_log[1]`),
 * with sensitive values masked. Lists of scalars are compared whole (an added IP range reads better as one line).
 */
export interface AttributeChange {
  readonly path: string;
  /** Display value; absent when the attribute is not set on that side. */
  readonly before?: string;
  readonly after?: string;
}

/** Attribute names whose values are never shown. */
const SENSITIVE =
  /(password|secret|(^|_)key$|access_key|shared_key|master_key|private_key|connection_string|sas_|token|kube_config|kube_admin_config|client_certificate|custom_data)/i;

export const MASK = '(sensitive)';

/** Keys of the synthesized JSON that are not resource attributes. */
const NOT_ATTRIBUTES = new Set(['//', 'depends_on', 'provider']);

interface Leaf {
  /** For comparing. */
  readonly raw: string;
  /** For showing. */
  readonly shown: string;
}

function isScalarList(value: unknown): boolean {
  return Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object');
}

function lastName(path: string): string {
  return (path.split('.').pop() ?? '').replace(/\[\d+\]$/, '');
}

/** Flattens an attribute object into dot paths. */
export function flatten(
  value: unknown,
  path = '',
  out = new Map<string, Leaf>(),
  sensitive = false,
): Map<string, Leaf> {
  const masked = sensitive || (path !== '' && SENSITIVE.test(lastName(path)));
  if (value === undefined || value === null) return out;
  if (Array.isArray(value) && !isScalarList(value)) {
    value.forEach((item, i) => {
      flatten(item, `${path}[${i}]`, out, masked);
    });
  } else if (typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    for (const [key, v] of entries) {
      if (path === '' && NOT_ATTRIBUTES.has(key)) continue;
      flatten(v, path ? `${path}.${key}` : key, out, masked);
    }
  } else {
    const raw = typeof value === 'string' ? value : canonical(value);
    out.set(path, { raw, shown: masked ? MASK : display(raw) });
  }
  return out;
}

function display(text: string): string {
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

/**
 * The changed attribute paths between two attribute objects (either may be absent: create or destroy).
 * `sensitivePaths` are paths a plan marks sensitive (`after_sensitive`); their values are masked too.
 */
export function attributeChanges(
  before: unknown,
  after: unknown,
  sensitivePaths: ReadonlySet<string> = new Set(),
  show: (value: string) => string = (value) => value,
): AttributeChange[] {
  const b = flatten(before);
  const a = flatten(after);
  const hidden = (p: string) =>
    [...sensitivePaths].some((s) => p === s || p.startsWith(`${s}.`) || p.startsWith(`${s}[`));
  const shown = (leaf: Leaf | undefined, p: string) => {
    if (leaf === undefined) return undefined;
    if (hidden(p) || leaf.shown === MASK) return MASK;
    return leaf.raw.includes('${') ? display(show(leaf.raw)) : leaf.shown;
  };
  return [...new Set([...b.keys(), ...a.keys()])]
    .sort()
    .filter((p) => b.get(p)?.raw !== a.get(p)?.raw)
    .map((p) => {
      const before = shown(b.get(p), p);
      const after = shown(a.get(p), p);
      // A changed secret shows as changed, never as its value.
      return before === MASK && after === MASK
        ? { path: p, before: MASK, after: `${MASK}, changed` }
        : { path: p, before, after };
    });
}
