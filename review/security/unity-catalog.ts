import { all, get } from '../../policies/attrs';
import type { Attributes } from '../../policies/rule';
import type { ResourceChange } from '../model';
import type { Detected, Detector } from './detector';

/** Principals that mean everybody in the Databricks account or workspace. */
const EVERYONE = new Set(['account users', 'users']);

/** The securable a `databricks_grants` manages, e.g. `schema lakehouse_dev.gold`. */
const SECURABLES = [
  'catalog',
  'schema',
  'external_location',
  'storage_credential',
  'table',
  'volume',
  'metastore',
];

function securable(attrs: Attributes | undefined, describe: (v: unknown) => string): string {
  const key = SECURABLES.find((k) => get(attrs, k) !== undefined);
  return key ? `${key.replace('_', ' ')} ${describe(get(attrs, key))}` : 'a securable';
}

/** principal (lower case) → privileges, from the grant blocks. */
function privileges(attrs: Attributes | undefined): Map<string, { name: string; privileges: Set<string> }> {
  const found = new Map<string, { name: string; privileges: Set<string> }>();
  for (const block of all(attrs, 'grant')) {
    const principal = get(block, 'principal');
    if (typeof principal !== 'string') continue;
    const entry = found.get(principal.toLowerCase()) ?? { name: principal, privileges: new Set<string>() };
    for (const p of all(block, 'privileges')) if (typeof p === 'string') entry.privileges.add(p);
    found.set(principal.toLowerCase(), entry);
  }
  return found;
}

/**
 * Unity Catalog grants (`databricks_grants`, authoritative per securable): privileges given to a principal that
 * did not have them, loudest when the principal is everybody (`account users`, `users`). Removals are tightening.
 */
export const unityCatalogGrants: Detector = (c: ResourceChange, names) => {
  if (c.type !== 'databricks_grants' || c.action === 'delete') return [];
  const describe = (v: unknown) => names.describe(c.stack, v);
  const before = c.action === 'create' ? new Map() : privileges(c.before);
  const found: Detected[] = [];
  for (const [key, { name, privileges: after }] of privileges(c.after)) {
    const had: Set<string> = before.get(key)?.privileges ?? new Set<string>();
    const added = [...after].filter((p) => !had.has(p)).sort();
    if (added.length === 0) continue;
    const who = EVERYONE.has(key) ? `'${name}' (everyone in the account or workspace)` : `'${name}'`;
    const verb = had.size > 0 ? 'broadens the grants of' : 'grants';
    const what = had.size > 0 ? `${who}: adds ${added.join(', ')}` : `${added.join(', ')} to ${who}`;
    found.push(['access', `${verb} ${what} on ${securable(c.after, describe)}`]);
  }
  return found;
};
