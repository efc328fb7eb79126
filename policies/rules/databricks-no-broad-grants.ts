import { all, get } from '../attrs';
import type { Finding, TerraformRule } from '../rule';

/** Principals that mean every user of the Databricks account (`account users`) or of the workspace (`users`). */
const BROAD_PRINCIPALS = new Set(['account users', 'users']);

/** The one schema everybody may read, when a team decides so: the curated, business-level `gold`. */
const OPEN_SCHEMA = 'gold';

/**
 * Unity Catalog grants name persona groups, never everybody: a grant to `account users` or `users` is refused on
 * anything but the gold schema (a catalog grant would reach every schema, an external location every file).
 */
export const databricksNoBroadGrants: TerraformRule = {
  id: 'databricks-no-broad-grants',
  title: 'Unity Catalog grants go to persona groups; `account users` / `users` only on the gold schema',
  level: 'error',
  resourceTypes: ['databricks_grants', 'databricks_grant'],
  check(attrs, { resource, stack }) {
    const principals = [...all(attrs, 'grant.principal'), get(attrs, 'principal')].filter(
      (p): p is string => typeof p === 'string' && BROAD_PRINCIPALS.has(p.trim().toLowerCase()),
    );
    if (principals.length === 0) return 'compliant';
    const schema = get(attrs, 'schema');
    const onGold =
      typeof schema === 'string' &&
      (schema.split('.').pop() === OPEN_SCHEMA ||
        stack
          .resourcesOf('databricks_schema')
          .some(
            (s) => get(s.attrs, 'name') === OPEN_SCHEMA && stack.refersTo(resource, 'schema', s.address),
          ));
    if (onGold) return 'compliant';
    const securable = [
      'catalog',
      'schema',
      'external_location',
      'storage_credential',
      'table',
      'volume',
      'metastore',
    ]
      .filter((key) => get(attrs, key) !== undefined)
      .join(', ');
    return [...new Set(principals)].map(
      (principal): Finding => ({
        message: `grants to '${principal}' (everyone) on a ${securable || 'securable'} other than the gold schema`,
        fix: 'grant to the persona group instead (lakehouse.groups in the environment file; stacks/lakehouse/medallion.ts)',
      }),
    );
  },
};
