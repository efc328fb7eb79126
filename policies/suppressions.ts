import type { IConstruct } from 'constructs';
import { RULE_IDS } from './packs';

/**
 * Explicit, reviewed exceptions to a rule, in the style of cdk-nag's `NagSuppressions`: one construct (and the
 * resources under it), one rule id, and a reason a reviewer can judge. There is no pack-wide or rule-wide switch.
 *
 *   suppress(this.workspace, 'public-network-access', 'Front-end private link only: the UI stays public behind IP access lists');
 *
 * Kubernetes objects carry theirs as an annotation `policies.azure-lakehouse-kit/<rule id>: <reason>`.
 */

/** The metadata type suppressions are stored under on the construct node. */
export const SUPPRESSION_METADATA = 'azure-lakehouse-kit:policy-suppression';
/** The annotation prefix for Kubernetes objects. */
export const SUPPRESSION_ANNOTATION_PREFIX = 'policies.azure-lakehouse-kit/';
export const MIN_REASON_LENGTH = 10;

export interface Suppression {
  readonly rule: string;
  readonly reason: string;
}

/** A suppression that names no rule or gives no real reason; the synth stops with its message. */
export class SuppressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SuppressionError';
  }
}

/** The problem with a suppression, or undefined when it is acceptable. */
export function suppressionProblem(path: string, rule: unknown, reason: unknown): string | undefined {
  if (typeof rule !== 'string' || !RULE_IDS.has(rule)) {
    return `policy suppression on ${path}: unknown rule ${JSON.stringify(rule)}. Fix: use one of: ${[...RULE_IDS].sort().join(', ')}`;
  }
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text.length < MIN_REASON_LENGTH) {
    return (
      `policy suppression on ${path}: rule ${rule} needs a reason of at least ${MIN_REASON_LENGTH} characters, got ${JSON.stringify(reason ?? '')}. ` +
      `Fix: say why the rule does not apply to this resource, e.g. suppress(resource, '${rule}', 'Databricks manages these rules on its delegated subnets')`
    );
  }
  return undefined;
}

/** Suppresses `rule` on `scope` and every resource under it. Throws `SuppressionError` without a real reason. */
export function suppress(scope: IConstruct, rule: string, reason: string): void {
  const problem = suppressionProblem(scope.node.path, rule, reason);
  if (problem) throw new SuppressionError(problem);
  scope.node.addMetadata(SUPPRESSION_METADATA, { rule, reason: reason.trim() } satisfies Suppression);
}

/** The suppressions declared on one construct (not its parents). */
export function suppressionsOn(construct: IConstruct): Suppression[] {
  return construct.node.metadata
    .filter((entry) => entry.type === SUPPRESSION_METADATA)
    .map((entry) => entry.data as Suppression);
}

/** Whether a suppression declared at `scopePath` covers a resource at `path`. */
export function covers(scopePath: string, path: string): boolean {
  return path === scopePath || path.startsWith(`${scopePath}/`);
}
