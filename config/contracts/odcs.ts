import type { ErrorObject } from 'ajv';

/**
 * The Open Data Contract Standard's own JSON schema (v3.1.0, bitol-io/open-data-contract-standard,
 * `schema/odcs-json-schema-v3.1.0.json`, Apache-2.0, vendored as published: no npm package ships it), checked with
 * ajv. The kit's own rules (`load.ts`) come after: what the standard leaves open (roles, SLA units) the kit pins.
 *
 * The validator is ajv's standalone code for that schema, generated once (`scripts/generate-odcs-validator.mjs`;
 * a test keeps it in step with the schema and ajv): compiling the schema at every start costs ~150 ms of CPU.
 */

export interface OdcsError {
  /** `team.members[0].username`, from ajv's JSON pointer. */
  readonly path: string;
  readonly value: unknown;
  readonly message: string;
}

/** ajv's standalone validator: returns whether the document is valid and leaves the reasons in `errors`. */
interface StandaloneValidator {
  (document: unknown): boolean;
  errors?: ErrorObject[] | null;
}

let validator: StandaloneValidator | undefined;

function compile(): StandaloneValidator {
  validator ??= require('./odcs-validator.generated.js') as StandaloneValidator;
  return validator;
}

/** The document's problems against ODCS v3.1.0, one per failing field (the first reason of each). */
export function validateOdcs(document: unknown): OdcsError[] {
  const validate = compile();
  if (validate(document)) return [];
  const byPath = new Map<string, OdcsError>();
  for (const error of validate.errors ?? []) {
    // oneOf/anyOf report every branch; the branch errors below them say what is wrong.
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'if') continue;
    let path = pointerToPath(error.instancePath);
    let value = valueAt(document, error.instancePath);
    let message = error.message ?? 'invalid';
    if (error.keyword === 'additionalProperties') {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      path = joinKey(path, key);
      value = (value as Record<string, unknown>)[key];
      message = 'unknown field in ODCS v3.1.0';
    } else if (error.keyword === 'required') {
      path = joinKey(path, String((error.params as { missingProperty: string }).missingProperty));
      value = undefined;
      message = 'required by ODCS v3.1.0';
    } else if (error.keyword === 'enum') {
      message = `must be one of ${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)}`;
    }
    if (!byPath.has(path)) byPath.set(path, { path, value, message });
  }
  // A field that fails inside is not also reported as a whole (the other branch of a oneOf, e.g. the deprecated
  // list form of `team`): the deepest reasons are the useful ones.
  const paths = [...byPath.keys()];
  return [...byPath.values()].filter(
    (e) => !paths.some((p) => p !== e.path && (p.startsWith(`${e.path}.`) || p.startsWith(`${e.path}[`))),
  );
}

function joinKey(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : joinKey(path, part)), '');
}

function valueAt(document: unknown, pointer: string): unknown {
  let value: unknown = document;
  for (const part of pointer.split('/').slice(1)) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}
