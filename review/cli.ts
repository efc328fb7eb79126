/**
 * `npm run review`: the offline plan review of a change (see docs/policy-and-review.md).
 *
 *   npm run review -- --base origin/main                  # the working tree against main
 *   npm run review -- --base old/cdktf.out --head cdktf.out --fail-on destroy,security
 *   npm run review -- --plan plans/                       # terraform show -json output, one file per stack
 *   npm run review -- --envs dev,prod                     # what differs between two environments
 *
 * Prints the review, writes it to plan-review.md, and exits 0; 1 when --fail-on names a kind of change that is
 * present; 2 when the input is wrong (bad option, unknown ref, failed synth).
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadEnvironments } from '../config/load';
import { ConfigError, formatProblem } from '../config/problems';
import { type FailOn, parseReviewArgs, type ReviewArgs, ReviewUsageError } from './args';
import {
  contractFilesAtRef,
  contractFilesInOutput,
  contractFilesInTree,
  hasBreakingContractChange,
  reviewContracts,
} from './contracts';
import { renderEnvironmentDifferences } from './env-diff';
import { ReviewInputError } from './errors';
import type { Review } from './model';
import { readPlans } from './plan';
import { renderJson, renderMarkdown } from './render';
import { onlyEnvironments, reviewPlans, reviewSnapshots } from './review';
import { loadSnapshot } from './snapshot';
import { snapshotOf, synthesizeFolder } from './sources';

const ROOT = resolve(__dirname, '..');

/** Which of the `--fail-on` kinds the review contains. */
export function failures(review: Review, failOn: readonly FailOn[]): FailOn[] {
  const present: Record<FailOn, boolean> = {
    destroy: review.changes.some((c) => c.action === 'delete'),
    replace: review.changes.some((c) => c.action === 'replace'),
    security: review.security.length > 0,
    'data-loss': review.dataLoss.length > 0,
    // A breaking data contract change: an incompatible or edited schema version, a removed domain, a weaker mode.
    breaking: hasBreakingContractChange(review.contracts),
  };
  return failOn.filter((kind) => present[kind]);
}

async function buildReview(args: ReviewArgs): Promise<Review> {
  if (args.plans.length > 0) {
    const paths = new Map<string, string>();
    if (args.head) {
      for (const stack of loadSnapshot(resolve(args.head), args.head).stacks.values()) {
        for (const r of stack.resources.values()) paths.set(r.address, r.path);
      }
    }
    return reviewPlans(readPlans(args.plans), args.plans.join(', '), paths);
  }
  const [base, head, baseContracts, headContracts] = await Promise.all([
    snapshotOf(args.base as string, ROOT, args.only),
    args.head ? snapshotOf(args.head, ROOT, args.only) : synthesizeFolder(ROOT, args.only),
    contractFilesOf(args.base as string),
    args.head ? contractFilesOf(args.head) : contractFilesInTree(ROOT),
  ]);
  const review = reviewSnapshots(onlyEnvironments(base, args.only), onlyEnvironments(head, args.only));
  return {
    ...review,
    contracts: headContracts
      ? reviewContracts(baseContracts, headContracts)
      : { changes: [], problems: [], note: 'the head has no contracts to review' },
  };
}

/** The contract files of a `--base`/`--head`: a synth output folder's copy, or a git revision's. */
async function contractFilesOf(spec: string) {
  const folder = resolve(spec);
  if (existsSync(folder) && statSync(folder).isDirectory()) return contractFilesInOutput(folder);
  return contractFilesAtRef(ROOT, spec);
}

export async function main(argv: readonly string[]): Promise<number> {
  const args = parseReviewArgs(argv);
  if (args.envs.length > 0) {
    const text = renderEnvironmentDifferences(loadEnvironments({ only: args.envs }));
    process.stdout.write(text);
    writeFileSync(args.out ?? 'environment-differences.md', text);
    return 0;
  }
  const review = await buildReview(args);
  const markdown = renderMarkdown(review);
  const out = args.out ?? 'plan-review.md';
  writeFileSync(out, markdown);
  process.stdout.write(args.format === 'json' ? renderJson(review) : markdown);
  const failed = failures(review, args.failOn);
  if (failed.length > 0) {
    process.stderr.write(
      `review: ${failed.join(', ')} present (--fail-on ${args.failOn.join(',')}); see ${out}\n`,
    );
    return 1;
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof ReviewUsageError || error instanceof ReviewInputError) {
        process.stderr.write(`${error.message}\n`);
      } else if (error instanceof ConfigError) {
        for (const problem of error.problems) process.stderr.write(`${formatProblem(problem)}\n`);
      } else {
        throw error;
      }
      process.exitCode = 2;
    },
  );
}
