import type { EnvironmentConfig } from '../../environments/schema';
import type { Problems } from '../problems';

/**
 * A config rule checks one section of an environment and records problems; it never throws.
 * The config may be malformed (it is only type-checked by `tsc`, not at synth time), so a rule checks the
 * type of anything it reads through `Problems` before it uses it.
 */
export type ConfigRule = (config: EnvironmentConfig, problems: Problems) => void;

/** Treats a possibly malformed value as a record, or undefined when it is not one. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** A Kubernetes DNS label (RFC 1123). */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
