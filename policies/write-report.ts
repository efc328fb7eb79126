import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyReport } from './report';

export const POLICY_REPORT_JSON = 'policy-report.json';
export const POLICY_REPORT_MD = 'policy-report.md';

/** Writes `policy-report.json` and `policy-report.md` into a synth output folder. */
export function writePolicyReport(outdir: string, report: PolicyReport): void {
  writeFileSync(join(outdir, POLICY_REPORT_JSON), `${JSON.stringify(report.toJson(), null, 2)}\n`);
  writeFileSync(join(outdir, POLICY_REPORT_MD), report.toMarkdown());
}
