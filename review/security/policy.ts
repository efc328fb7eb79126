import type { PolicyReportJson } from '../../policies/report';
import type { SecurityChange } from '../model';

/** Policy findings and suppressions that are new in the head (when both synths wrote a policy report). */
export function policyChanges(base?: PolicyReportJson, head?: PolicyReportJson): SecurityChange[] {
  if (!base || !head) return [];
  const key = (f: { rule: string; path: string; message?: string; reason?: string }) =>
    `${f.rule}|${f.path}|${f.message ?? f.reason}`;
  const before = new Set([...base.findings, ...base.suppressions].map(key));
  const findings = head.findings
    .filter((f) => !before.has(key(f)))
    .map((f) => ({
      stack: f.stack,
      path: f.path,
      type: f.resourceType,
      category: 'policy' as const,
      message: `new policy ${f.level} [${f.rule}]: ${f.message}`,
    }));
  const suppressions = head.suppressions
    .filter((s) => !before.has(key(s)))
    .map((s) => ({
      stack: s.stack,
      path: s.path,
      type: 'suppression',
      category: 'policy' as const,
      message: `new suppression of ${s.rule}: ${s.reason}`,
    }));
  return [...findings, ...suppressions];
}
