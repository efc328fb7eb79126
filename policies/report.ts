import type { DeclaredSuppression, EvaluationResult, PolicyFinding, SuppressedFinding } from './evaluate';
import type { PolicyPack } from './packs/pack';
import type { Level } from './rule';

/** `policy error [rule] path (type): message. Fix: fix` — the line a failed synth prints per error. */
export function formatFinding(finding: PolicyFinding): string {
  return `policy ${finding.level} [${finding.rule}] ${finding.path} (${finding.resourceType}): ${finding.message}. Fix: ${finding.fix}`;
}

/** Error findings end the synth; `main.ts` prints `errors` one line each and writes nothing. */
export class PolicyError extends Error {
  constructor(readonly errors: readonly PolicyFinding[]) {
    super(`${errors.length} policy error(s):\n${errors.map(formatFinding).join('\n')}`);
    this.name = 'PolicyError';
  }
}

export interface ReportedSuppression extends DeclaredSuppression {
  readonly stack: string;
  /** How many findings it suppressed (0: stale, remove it). */
  readonly matched: number;
}

/** `cdktf.out/policy-report.json` */
export interface PolicyReportJson {
  readonly version: 1;
  readonly summary: { readonly errors: number; readonly warnings: number; readonly suppressed: number };
  /** The stacks (and `<env>-k8s` manifest sets) that were checked. */
  readonly checked: readonly string[];
  readonly rules: readonly { id: string; title: string; level: Level; packs: string[] }[];
  readonly findings: readonly PolicyFinding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly suppressions: readonly ReportedSuppression[];
}

const byFinding = (a: PolicyFinding, b: PolicyFinding) =>
  a.path.localeCompare(b.path) || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message);

/** Collects the results of every stack and manifest set of a synth; renders them as JSON and Markdown. */
export class PolicyReport {
  private readonly results = new Map<string, EvaluationResult>();

  constructor(private readonly packs: readonly PolicyPack<{ id: string; title: string; level: Level }>[]) {}

  /** Records one stack's result (a later result for the same stack replaces the earlier one). */
  add(stack: string, result: EvaluationResult): void {
    this.results.set(stack, result);
  }

  get findings(): PolicyFinding[] {
    return [...this.results.values()].flatMap((r) => r.findings).sort(byFinding);
  }

  get errors(): PolicyFinding[] {
    return this.findings.filter((f) => f.level === 'error');
  }

  get warnings(): PolicyFinding[] {
    return this.findings.filter((f) => f.level === 'warning');
  }

  get suppressed(): SuppressedFinding[] {
    return [...this.results.values()].flatMap((r) => r.suppressed).sort(byFinding);
  }

  toJson(): PolicyReportJson {
    const suppressed = this.suppressed;
    const suppressions = [...this.results.entries()]
      .flatMap(([stack, r]) =>
        r.suppressions.map((s) => ({
          ...s,
          stack,
          matched: r.suppressed.filter((f) => f.suppressedAt === s.path && f.rule === s.rule).length,
        })),
      )
      .sort((a, b) => a.path.localeCompare(b.path) || a.rule.localeCompare(b.rule));
    const packsOf = new Map<string, string[]>();
    const rules = new Map<string, { id: string; title: string; level: Level }>();
    for (const pack of this.packs) {
      for (const rule of pack.rules) {
        rules.set(rule.id, { id: rule.id, title: rule.title, level: rule.level });
        packsOf.set(rule.id, [...(packsOf.get(rule.id) ?? []), pack.name]);
      }
    }
    return {
      version: 1,
      summary: { errors: this.errors.length, warnings: this.warnings.length, suppressed: suppressed.length },
      checked: [...this.results.keys()].sort(),
      rules: [...rules.values()]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((r) => ({ ...r, packs: packsOf.get(r.id) ?? [] })),
      findings: this.findings,
      suppressed,
      suppressions,
    };
  }

  toMarkdown(): string {
    return renderPolicyMarkdown(this.toJson());
  }
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function findingTable(findings: readonly PolicyFinding[]): string[] {
  return [
    '| Rule | Resource | Problem | Fix |',
    '| --- | --- | --- | --- |',
    ...findings.map((f) => `| \`${f.rule}\` | \`${cell(f.path)}\` | ${cell(f.message)} | ${cell(f.fix)} |`),
  ];
}

/** The Markdown rendering of a report (`cdktf.out/policy-report.md`), deterministic for the same input. */
export function renderPolicyMarkdown(report: PolicyReportJson): string {
  const { summary } = report;
  const errors = report.findings.filter((f) => f.level === 'error');
  const warnings = report.findings.filter((f) => f.level === 'warning');
  const lines = [
    '# Policy report',
    '',
    `${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.suppressed} suppressed finding(s) in ${report.checked.length} checked stack(s) and manifest set(s).`,
    '',
  ];
  if (errors.length > 0) lines.push('## Errors', '', ...findingTable(errors), '');
  if (warnings.length > 0) lines.push('## Warnings', '', ...findingTable(warnings), '');
  if (report.findings.length === 0) lines.push('No findings.', '');
  if (report.suppressions.length > 0) {
    lines.push(
      '## Suppressions',
      '',
      '| Rule | Declared on | Reason | Findings suppressed |',
      '| --- | --- | --- | ---: |',
      ...report.suppressions.map(
        (s) =>
          `| \`${s.rule}\` | \`${cell(s.path)}\` | ${cell(s.reason)} | ${s.matched === 0 ? '0 (stale: remove it)' : s.matched} |`,
      ),
      '',
    );
  }
  if (report.suppressed.length > 0) {
    lines.push(
      '<details><summary>Suppressed findings</summary>',
      '',
      '| Rule | Resource | Problem | Reason |',
      '| --- | --- | --- | --- |',
      ...report.suppressed.map(
        (f) => `| \`${f.rule}\` | \`${cell(f.path)}\` | ${cell(f.message)} | ${cell(f.reason)} |`,
      ),
      '',
      '</details>',
      '',
    );
  }
  lines.push(
    `<details><summary>${report.rules.length} rules checked</summary>`,
    '',
    '| Rule | Level | Packs | What it asks for |',
    '| --- | --- | --- | --- |',
    ...report.rules.map((r) => `| \`${r.id}\` | ${r.level} | ${r.packs.join(', ')} | ${cell(r.title)} |`),
    '',
    '</details>',
    '',
    `Checked: ${report.checked.join(', ') || '(nothing)'}`,
    '',
  );
  return lines.join('\n');
}
