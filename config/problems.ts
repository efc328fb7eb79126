/**
 * Collects configuration problems so that a run reports all of them at once, one line each:
 *
 *   environments/prod.ts: network.subnets.aks = "10.30.0.0/33": not a valid IPv4 CIDR. Fix: write a.b.c.d/n with n from 0 to 32, e.g. "10.30.0.0/21".
 *
 * The small typed readers (`string`, `number`, `oneOf`, ...) record a problem and return false for a
 * value of the wrong type, so rule code reads as a list of expectations and never throws.
 */

export interface ConfigProblem {
  /** The environment file, relative to the project root, e.g. `environments/dev.ts`. */
  readonly file: string;
  /** Field path, e.g. `eventHubs.domains[1].partitions`. */
  readonly path: string;
  readonly value: unknown;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/** Thrown when the configuration has problems; `main.ts` prints `problems` without a stack trace. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`${problems.length} configuration problem(s):\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function formatProblem(problem: ConfigProblem): string {
  const where = problem.path ? `${problem.file}: ${problem.path}` : problem.file;
  return `${where} = ${showValue(problem.value)}: ${problem.message}. Fix: ${problem.fix}`;
}

export function showValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  if (typeof value === 'function') return '(function)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

export class Problems {
  private readonly found: ConfigProblem[] = [];

  constructor(readonly file: string) {}

  get list(): readonly ConfigProblem[] {
    return this.found;
  }

  /** Records a problem; a field that already has one is not reported twice (one line per problem). */
  add(path: string, value: unknown, message: string, fix: string): void {
    if (this.found.some((problem) => problem.path === path)) return;
    this.found.push({ file: this.file, path, value, message, fix });
  }

  /** A plain object with exactly the allowed keys (required ones present, no unknown ones). */
  object(
    path: string,
    value: unknown,
    required: readonly string[],
    optional: readonly string[] = [],
  ): value is Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.add(
        path,
        value,
        'expected an object',
        `set ${path || 'the default export'} to an object with ${required.join(', ') || 'its fields'}`,
      );
      return false;
    }
    const record = value as Record<string, unknown>;
    for (const key of required) {
      if (record[key] === undefined)
        this.add(joinPath(path, key), undefined, 'required field is missing', `add ${joinPath(path, key)}`);
    }
    const known = new Set([...required, ...optional]);
    for (const key of Object.keys(record)) {
      if (!known.has(key)) {
        this.add(
          joinPath(path, key),
          record[key],
          'unknown field',
          `remove it or use one of: ${[...known].join(', ')}`,
        );
      }
    }
    return true;
  }

  array(path: string, value: unknown, fix = 'use a list, e.g. [ ... ]'): value is readonly unknown[] {
    if (!Array.isArray(value)) {
      this.add(path, value, 'expected a list', fix);
      return false;
    }
    return true;
  }

  string(path: string, value: unknown, pattern?: RegExp, fix = 'use a string'): value is string {
    if (typeof value !== 'string') {
      this.add(path, value, 'expected a string', fix);
      return false;
    }
    if (pattern && !pattern.test(value)) {
      this.add(path, value, `does not match ${pattern}`, fix);
      return false;
    }
    return true;
  }

  boolean(path: string, value: unknown): value is boolean {
    if (typeof value !== 'boolean') {
      this.add(path, value, 'expected true or false', 'use a boolean without quotes');
      return false;
    }
    return true;
  }

  number(path: string, value: unknown, rule: NumberRule = {}): value is number {
    const range = describeRange(rule);
    if (typeof value !== 'number' || Number.isNaN(value)) {
      this.add(path, value, 'expected a number', `use a number${range} without quotes`);
      return false;
    }
    if (rule.integer && !Number.isInteger(value)) {
      this.add(path, value, 'expected a whole number', `use a whole number${range}`);
      return false;
    }
    if ((rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max)) {
      this.add(path, value, `out of range${range}`, `use a value${range}`);
      return false;
    }
    return true;
  }

  oneOf<T extends string | number>(path: string, value: unknown, allowed: readonly T[]): value is T {
    if (!allowed.includes(value as T)) {
      this.add(
        path,
        value,
        'not an allowed value',
        `use one of: ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
      );
      return false;
    }
    return true;
  }

  /** min ≤ max for a pair of numbers already checked for type. */
  order(path: string, min: number, max: number, minName: string, maxName: string): void {
    if (min > max) {
      this.add(
        path,
        { [minName]: min, [maxName]: max },
        `${minName} is greater than ${maxName}`,
        `make ${minName} ≤ ${maxName}`,
      );
    }
  }

  /** Each item's key appears once. */
  unique<T>(path: string, items: readonly T[], key: (item: T) => unknown, what: string): void {
    const seen = new Map<unknown, number>();
    items.forEach((item, index) => {
      const k = key(item);
      const first = seen.get(k);
      if (first !== undefined) {
        this.add(
          joinPath(path, index),
          k,
          `duplicate ${what} (also at ${joinPath(path, first)})`,
          `give each ${what} a distinct value or remove one`,
        );
      } else {
        seen.set(k, index);
      }
    });
  }
}

function describeRange(rule: NumberRule): string {
  if (rule.min !== undefined && rule.max !== undefined) return ` from ${rule.min} to ${rule.max}`;
  if (rule.min !== undefined) return ` of at least ${rule.min}`;
  if (rule.max !== undefined) return ` of at most ${rule.max}`;
  return '';
}
