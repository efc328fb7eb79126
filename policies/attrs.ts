import type { Attributes, Finding } from './rule';

/**
 * Reading synthesized attributes the same way whatever produced them. cdktf writes a block that can occur once
 * as an object (`network_acls: {...}`) and a repeatable block as a list; `terraform show -json` writes every
 * block as a list. `get` and `all` accept both, so rules do not care.
 */

/** The value at a dot path (`network_acls.default_action`); a one-element list is looked through. */
export function get(attrs: unknown, path: string): unknown {
  let value: unknown = attrs;
  for (const key of path.split('.')) {
    if (Array.isArray(value)) value = value.length === 1 ? value[0] : undefined;
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value ?? undefined;
}

/** Every value at a dot path, through every element of every list on the way (`ip_rule.ip_mask`). */
export function all(attrs: unknown, path: string): unknown[] {
  let values: unknown[] = [attrs];
  for (const key of path.split('.')) {
    values = values
      .flatMap((v) => (Array.isArray(v) ? v : [v]))
      .filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object')
      .map((v) => v[key])
      .filter((v) => v !== undefined && v !== null);
  }
  return values.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

/** The boolean at a path, or `fallback` (the provider's documented default) when it is not set. */
export function flag(attrs: Attributes, path: string, fallback: boolean): boolean | 'unknown' {
  const value = get(attrs, path);
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  return 'unknown'; // a reference or expression: decided at apply time
}

/** `snake_case` → `camelCase`: the cdktf property name of a Terraform attribute. */
export function camel(attribute: string): string {
  return attribute.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** "set `a.b_c` (`a.bC`) to X": the fix line, with the cdktf property name for the code. */
export function setTo(path: string, value: unknown): string {
  const cdktf = path.split('.').map(camel).join('.');
  const shown = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  return cdktf === path ? `set ${path} to ${shown}` : `set ${path} (${cdktf}) to ${shown}`;
}

/** A finding for an attribute that must have a given value. */
export function expect(
  attrs: Attributes,
  path: string,
  wanted: boolean | string,
  fallback: unknown,
  message: string,
): Finding | undefined {
  const value = get(attrs, path) ?? fallback;
  if (value === wanted) return undefined;
  if (typeof value === 'string' && value.includes('${')) return undefined; // an expression: not decidable here
  return { message: `${message} (${path} = ${JSON.stringify(value)})`, fix: setTo(path, wanted) };
}

/** Terraform interpolation that refers to `address` (`${azurerm_key_vault.kv_1234.id}`, `.../blobServices/default`). */
export function mentions(value: unknown, address: string): boolean {
  if (typeof value === 'string') return value.includes(`\${${address}.`) || value.includes(`\${${address}}`);
  if (Array.isArray(value)) return value.some((v) => mentions(v, address));
  if (value !== null && typeof value === 'object')
    return Object.values(value).some((v) => mentions(v, address));
  return false;
}

/** Whether a value is a Terraform expression (only known at plan or apply time). */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}
