import type { EnvironmentConfig } from '../environments/schema';

/**
 * `npm run review -- --envs dev,prod`: every configuration setting where the environments differ, side by
 * side, grouped by section. What promoting a change from dev to prod really means, read from the config itself.
 */

/** Flattens a config into setting paths; lists of named items are keyed by name (`eventHubs.domains[orders].partitions`). */
export function settings(value: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    const named = value.every(
      (v) => v !== null && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string',
    );
    if (named && value.length > 0) {
      for (const item of value) settings(item, `${path}[${(item as { name: string }).name}]`, out);
    } else {
      out.set(path, JSON.stringify(value));
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) settings(v, path ? `${path}.${key}` : key, out);
  } else if (value !== undefined) {
    out.set(path, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return out;
}

export interface SettingDifference {
  readonly section: string;
  readonly setting: string;
  /** One value per environment, in the order asked for; undefined when the environment does not set it. */
  readonly values: readonly (string | undefined)[];
}

export function environmentDifferences(configs: readonly EnvironmentConfig[]): SettingDifference[] {
  const flat = configs.map((c) => settings(c));
  const paths = [...new Set(flat.flatMap((f) => [...f.keys()]))].sort();
  return paths
    .filter((p) => p !== 'name')
    .map((p) => ({ section: p.split(/[.[]/)[0], setting: p, values: flat.map((f) => f.get(p)) }))
    .filter((d) => new Set(d.values).size > 1);
}

function cell(value: string | undefined): string {
  return value === undefined
    ? '—'
    : `<code>${value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\|/g, '&#124;')}</code>`;
}

export function renderEnvironmentDifferences(configs: readonly EnvironmentConfig[]): string {
  const names = configs.map((c) => c.name);
  const differences = environmentDifferences(configs);
  const lines = [`# Environment differences: ${names.join(' vs ')}`, ''];
  if (differences.length === 0) {
    lines.push('No setting differs.', '');
    return lines.join('\n');
  }
  lines.push(`${differences.length} setting(s) differ; — means not set (the default applies).`, '');
  for (const section of [...new Set(differences.map((d) => d.section))]) {
    lines.push(
      `## ${section}`,
      '',
      `| Setting | ${names.join(' | ')} |`,
      `| --- |${names.map(() => ' --- |').join('')}`,
    );
    for (const d of differences.filter((x) => x.section === section)) {
      lines.push(`| ${cell(d.setting)} | ${d.values.map(cell).join(' | ')} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
