import { loadEnvironments } from '../../config/load';
import { formatProblem } from '../../config/problems';
import { validateEnvironment } from '../../config/validate';
import type { EnvironmentConfig } from '../../environments/schema';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/**
 * The problem lines for a copy of a real environment changed by `change` (which may break types on purpose).
 * The copy is deep, so tests never leak changes into each other.
 */
export function problemsAfter(
  name: string,
  change: (config: Mutable<EnvironmentConfig> & Record<string, unknown>) => void,
): string[] {
  const copy = structuredClone(loadEnvironments({ only: [name] })[0]) as Mutable<EnvironmentConfig> &
    Record<string, unknown>;
  change(copy);
  return validateEnvironment(copy as EnvironmentConfig, `environments/${name}.ts`).map(formatProblem);
}
