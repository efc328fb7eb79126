/**
 * Walks command-line flags, `--flag value` and `--flag=value` alike, for the kit's small CLIs (synth, review).
 * `value()` takes the flag's value; `missingValue` makes the error when there is none.
 */
export function forEachFlag(
  argv: readonly string[],
  handle: (flag: string, value: () => string, arg: string) => void,
  missingValue: (flag: string) => Error,
): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const split = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = split > 0 ? arg.slice(0, split) : arg;
    const inline = split > 0 ? arg.slice(split + 1) : undefined;
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw missingValue(flag);
      return v;
    };
    handle(flag, value, arg);
  }
}

/** `a,b , c` → `['a', 'b', 'c']`. */
export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}
