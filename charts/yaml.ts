/**
 * A small YAML writer for Kubernetes objects (plain JSON data: objects, arrays, strings, numbers, booleans).
 *
 * Why not the `yaml` package cdk8s uses: its first stringify of a synth costs about 250 ms (it is general
 * purpose: anchors, comments, schemas), a sixth of the whole synth budget; this writer needs about 1 ms.
 * Strings are written plain only when no YAML 1.1 or 1.2 parser can read them as anything but that string;
 * every other string is double-quoted with JSON escapes, which YAML's double-quoted style accepts.
 * The tests parse the output with the `yaml` package and compare it with the objects.
 */

/** Plain (unquoted) only: starts with a letter or `/`, then letters, digits and `_ . / -`. */
const PLAIN = /^[A-Za-z/][A-Za-z0-9_./-]*$/;
/** Words YAML 1.1 reads as booleans or null. */
const RESERVED = /^(y|n|yes|no|on|off|true|false|null)$/i;

/** Several documents, separated by `---`. */
export function toYamlDocuments(documents: readonly unknown[]): string {
  return documents.map((document) => toYaml(document)).join('---\n');
}

/** One document, ending with a newline. */
export function toYaml(value: unknown): string {
  if (isScalar(value) || isEmpty(value)) return `${scalar(value)}\n`;
  const lines: string[] = [];
  if (Array.isArray(value)) writeList(value, '', lines);
  else writeMap(value as Record<string, unknown>, '', lines);
  return `${lines.join('\n')}\n`;
}

/** `first` replaces the indent of the first line: "- " when the map is an item of a list. */
function writeMap(map: Record<string, unknown>, indent: string, lines: string[], first = indent): void {
  let prefix = first;
  for (const [key, item] of Object.entries(map)) {
    if (item === undefined) continue;
    if (isScalar(item) || isEmpty(item)) lines.push(`${prefix}${scalar(key)}: ${scalar(item)}`);
    else {
      lines.push(`${prefix}${scalar(key)}:`);
      if (Array.isArray(item)) writeList(item, `${indent}  `, lines);
      else writeMap(item as Record<string, unknown>, `${indent}  `, lines);
    }
    prefix = indent;
  }
}

function writeList(list: readonly unknown[], indent: string, lines: string[]): void {
  for (const item of list) {
    if (isScalar(item) || isEmpty(item)) lines.push(`${indent}- ${scalar(item)}`);
    else if (Array.isArray(item)) {
      lines.push(`${indent}-`);
      writeList(item, `${indent}  `, lines);
    } else writeMap(item as Record<string, unknown>, `${indent}  `, lines, `${indent}- `);
  }
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => v === undefined);
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a Kubernetes value`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = String(value);
  return PLAIN.test(text) && !RESERVED.test(text) ? text : JSON.stringify(text);
}
