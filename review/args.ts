import { commaList, forEachFlag } from '../app/argv';

/** Command-line options of `npm run review`. */

export const FAIL_ON = ['destroy', 'replace', 'security', 'data-loss', 'breaking'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface ReviewArgs {
  /** A git ref or a `cdktf.out` folder. */
  readonly base?: string;
  /** A `cdktf.out` folder (or git ref). @default - the working tree, synthesized into a temporary folder */
  readonly head?: string;
  /** `terraform show -json` plans: files named `<stack>.json`, `<stack>=<file>`, or folders. */
  readonly plans: readonly string[];
  /** Environments for the difference report. */
  readonly envs: readonly string[];
  /** Limits the synth and the review to these environments. @default - all */
  readonly only: readonly string[];
  readonly format: 'md' | 'json';
  readonly failOn: readonly FailOn[];
  /** Where the Markdown is written. @default 'plan-review.md' (`environment-differences.md` with --envs) */
  readonly out?: string;
}

export class ReviewUsageError extends Error {}

export const USAGE = `usage: npm run review -- --base <git ref | cdktf.out folder> [--head <cdktf.out folder>] [--env <name>]
                      [--format md|json] [--fail-on destroy,replace,security,data-loss,breaking] [--out plan-review.md]
       npm run review -- --plan <stack>.json|<stack>=<file>|<folder> [--head <cdktf.out folder>] [...]
       npm run review -- --envs dev,prod`;

export function parseReviewArgs(argv: readonly string[]): ReviewArgs {
  const options: {
    base?: string;
    head?: string;
    plans: string[];
    envs: string[];
    only: string[];
    format: 'md' | 'json';
    failOn: FailOn[];
    out?: string;
  } = { plans: [], envs: [], only: [], format: 'md', failOn: [] };
  forEachFlag(
    argv,
    (flag, value, arg) => {
      switch (flag) {
        case '--base':
          options.base = value();
          break;
        case '--head':
          options.head = value();
          break;
        case '--plan':
          options.plans.push(value());
          break;
        case '--envs':
          options.envs.push(...commaList(value()));
          break;
        case '--env':
          options.only.push(...commaList(value()));
          break;
        case '--format': {
          const format = value();
          if (format !== 'md' && format !== 'json')
            throw new ReviewUsageError(`--format ${format}: use md or json.\n${USAGE}`);
          options.format = format;
          break;
        }
        case '--fail-on':
          for (const kind of commaList(value())) {
            if (!(FAIL_ON as readonly string[]).includes(kind)) {
              throw new ReviewUsageError(
                `--fail-on ${kind}: use one or more of ${FAIL_ON.join(', ')}.\n${USAGE}`,
              );
            }
            options.failOn.push(kind as FailOn);
          }
          break;
        case '--out':
          options.out = value();
          break;
        default:
          throw new ReviewUsageError(`unknown option ${JSON.stringify(arg)}.\n${USAGE}`);
      }
    },
    (flag) => new ReviewUsageError(`${flag} needs a value.\n${USAGE}`),
  );
  const modes = [
    options.base !== undefined || (options.head !== undefined && options.plans.length === 0),
    options.plans.length > 0,
    options.envs.length > 0,
  ].filter(Boolean).length;
  if (modes !== 1) throw new ReviewUsageError(`give one of --base, --plan or --envs.\n${USAGE}`);
  if (options.envs.length === 1)
    throw new ReviewUsageError(`--envs needs at least two environments, e.g. --envs dev,prod.\n${USAGE}`);
  return options;
}
