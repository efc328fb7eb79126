import { commaList, forEachFlag } from './argv';

/** Command-line options of the synth entry point (`main.ts`). */
export interface SynthArgs {
  /** Environments to synthesize. @default - all */
  readonly envs: string[];
  /** `terraform output -json` of the compute stack, to fill workload identity ids into the manifests. */
  readonly outputs?: string;
  /** Synthesize only the `<env>-state` stacks that create the state storage. */
  readonly bootstrap: boolean;
}

export class UsageError extends Error {}

/** Parses `--env dev --env prod`, `--env dev,prod`, `--outputs file`. */
export function parseArgs(argv: readonly string[]): SynthArgs {
  const envs: string[] = [];
  let outputs: string | undefined;
  let bootstrap = process.env.LAKEHOUSE_BOOTSTRAP === '1';
  forEachFlag(
    argv,
    (flag, value, arg) => {
      switch (flag) {
        case '--env':
          envs.push(...commaList(value()));
          break;
        case '--bootstrap':
          bootstrap = true;
          break;
        case '--outputs':
          outputs = value();
          break;
        default:
          throw new UsageError(
            `unknown option ${JSON.stringify(arg)}. Fix: use --env <name>[,<name>], --outputs <file> or --bootstrap`,
          );
      }
    },
    (flag) => new UsageError(`${flag} needs a value. Fix: ${flag} <value>`),
  );
  return { envs, outputs, bootstrap };
}
